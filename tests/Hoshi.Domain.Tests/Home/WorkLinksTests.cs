using Hoshi.Domain.Accounts;
using Hoshi.Domain.Home;
using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Tests.Home;

public sealed class WorkLinksTests
{
    private static readonly Guid Org = Guid.NewGuid();

    private static IReadOnlyList<WorkLink> LinksOf(MembershipRole role, OrganizationRole[] roles, bool expert = false, bool twoFactor = true) =>
        [.. WorkLinks.For(new Actor(Guid.NewGuid(), [new MembershipGrant(Org, role, roles)], expert, twoFactor)).Select(l => l.Link)];

    [Fact]
    public void An_applicant_sees_only_its_rounds_no_body_links()
    {
        Assert.Equal([WorkLink.Rounds], LinksOf(MembershipRole.OrgAdmin, [OrganizationRole.Applicant], twoFactor: false));
        Assert.Equal([WorkLink.Rounds, WorkLink.Reviews], LinksOf(MembershipRole.Member, [OrganizationRole.Applicant], expert: true));
    }

    [Fact]
    public void A_buyer_that_also_applies_sees_rounds_and_suppliers()
    {
        var links = WorkLinks.For(new Actor(Guid.NewGuid(), [new MembershipGrant(Org, MembershipRole.OrgAdmin, [OrganizationRole.Buyer, OrganizationRole.Applicant])], false, false));
        Assert.Equal([(WorkLink.Rounds, (Guid?)Org), (WorkLink.Suppliers, Org)], links);
        Assert.Equal($"/organizations/{Org}/suppliers", WorkLinks.Path(WorkLink.Suppliers, Org));
    }

    [Theory]
    [InlineData(OrganizationRole.EvaluationBody, MembershipRole.LeadAssessor, new[] { WorkLink.Evaluations })]
    [InlineData(OrganizationRole.VerificationProvider, MembershipRole.Assessor, new[] { WorkLink.Evaluations })]
    [InlineData(OrganizationRole.RegistrationBody, MembershipRole.Officer, new[] { WorkLink.Registrations })]
    [InlineData(OrganizationRole.AccreditationBody, MembershipRole.Officer, new[] { WorkLink.Evaluations, WorkLink.Accreditations })]
    [InlineData(OrganizationRole.SchemeOwner, MembershipRole.Officer, new[] { WorkLink.Experts, WorkLink.Operations })]
    public void Each_body_sees_the_links_of_its_work(OrganizationRole role, MembershipRole membership, WorkLink[] expected) =>
        Assert.Equal(expected, LinksOf(membership, [role]));

    [Fact]
    public void Without_a_second_factor_no_officer_link_is_offered()
    {
        Assert.Empty(LinksOf(MembershipRole.Officer, [OrganizationRole.RegistrationBody], twoFactor: false));
        Assert.Empty(LinksOf(MembershipRole.Officer, [OrganizationRole.SchemeOwner], twoFactor: false));
    }

    [Fact]
    public void Every_link_has_a_path()
    {
        foreach (var link in Enum.GetValues<WorkLink>())
        {
            Assert.StartsWith("/", WorkLinks.Path(link, Org), StringComparison.Ordinal);
        }
    }
}
