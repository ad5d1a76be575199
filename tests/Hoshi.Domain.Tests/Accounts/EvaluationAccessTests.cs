using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Tests.Accounts;

public sealed class EvaluationAccessTests
{
    private static readonly Guid Body = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid OtherBody = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    private static Actor Person(MembershipRole role, OrganizationRole organizationRole, bool twoFactor = true, Guid? organization = null, Guid? user = null) =>
        new(user ?? Guid.NewGuid(), [new MembershipGrant(organization ?? Body, role, [organizationRole])], false, twoFactor);

    [Theory]
    [InlineData(MembershipRole.Officer, true)]
    [InlineData(MembershipRole.OrgAdmin, true)]
    [InlineData(MembershipRole.Member, false)]
    [InlineData(MembershipRole.Assessor, false)]
    [InlineData(MembershipRole.LeadAssessor, false)]
    public void Officers_and_administrators_of_an_accreditation_body_accredit(MembershipRole role, bool allowed)
    {
        Assert.Equal(allowed, AccreditationAccess.MayAccredit(Person(role, OrganizationRole.AccreditationBody), Body));
        Assert.False(AccreditationAccess.MayAccredit(Person(role, OrganizationRole.AccreditationBody), OtherBody));
        Assert.False(AccreditationAccess.MayAccredit(Person(role, OrganizationRole.AccreditationBody, twoFactor: false), Body));
        Assert.False(AccreditationAccess.MayAccredit(Person(role, OrganizationRole.EvaluationBody), Body));
    }

    [Theory]
    [InlineData(MembershipRole.Officer, true)]
    [InlineData(MembershipRole.OrgAdmin, true)]
    [InlineData(MembershipRole.LeadAssessor, true)]
    [InlineData(MembershipRole.Assessor, false)]
    [InlineData(MembershipRole.Member, false)]
    public void The_body_manages_its_evaluations_through_officers_administrators_and_lead_assessors(MembershipRole role, bool allowed)
    {
        Assert.Equal(allowed, EvaluationAccess.MayManage(Person(role, OrganizationRole.EvaluationBody), Body));
        Assert.False(EvaluationAccess.MayManage(Person(role, OrganizationRole.EvaluationBody), OtherBody));
        Assert.False(EvaluationAccess.MayManage(Person(role, OrganizationRole.EvaluationBody, twoFactor: false), Body));
        Assert.False(EvaluationAccess.MayManage(Person(role, OrganizationRole.Applicant), Body));
    }

    [Fact]
    public void Only_the_appointed_team_judges_and_only_the_lead_decides()
    {
        var lead = Guid.NewGuid();
        var assessor = Guid.NewGuid();
        var leadPerson = Person(MembershipRole.LeadAssessor, OrganizationRole.EvaluationBody, user: lead);
        var assessorPerson = Person(MembershipRole.Assessor, OrganizationRole.EvaluationBody, user: assessor);
        var colleague = Person(MembershipRole.LeadAssessor, OrganizationRole.EvaluationBody);
        Assert.True(EvaluationAccess.MayJudge(leadPerson, Body, lead, [assessor]));
        Assert.True(EvaluationAccess.MayJudge(assessorPerson, Body, lead, [assessor]));
        Assert.False(EvaluationAccess.MayJudge(colleague, Body, lead, [assessor]));
        Assert.True(EvaluationAccess.MayDecide(leadPerson, Body, lead));
        Assert.False(EvaluationAccess.MayDecide(assessorPerson, Body, lead));

        // Someone who left the body, or signed in without the second factor, does nothing.
        Assert.False(EvaluationAccess.MayJudge(Person(MembershipRole.Assessor, OrganizationRole.EvaluationBody, organization: OtherBody, user: assessor), Body, lead, [assessor]));
        Assert.False(EvaluationAccess.MayDecide(Person(MembershipRole.LeadAssessor, OrganizationRole.EvaluationBody, twoFactor: false, user: lead), Body, lead));
    }

    [Theory]
    [InlineData(MembershipRole.LeadAssessor, true, true, true)]
    [InlineData(MembershipRole.LeadAssessor, true, false, true)]
    [InlineData(MembershipRole.Assessor, true, false, true)]
    [InlineData(MembershipRole.Assessor, true, true, false)]
    [InlineData(MembershipRole.Officer, true, false, false)]
    [InlineData(MembershipRole.LeadAssessor, false, true, false)]
    [InlineData(MembershipRole.Assessor, false, false, false)]
    public void Only_assessors_with_two_factor_on_are_appointed(MembershipRole role, bool twoFactor, bool lead, bool allowed) =>
        Assert.Equal(allowed, EvaluationAccess.MayBeAppointed(role, twoFactor, lead));

    [Theory]
    [InlineData(MembershipRole.Assessor, OrganizationRole.VerificationProvider, true, true)]
    [InlineData(MembershipRole.LeadAssessor, OrganizationRole.VerificationProvider, true, true)]
    [InlineData(MembershipRole.Officer, OrganizationRole.VerificationProvider, true, true)]
    [InlineData(MembershipRole.Member, OrganizationRole.VerificationProvider, true, false)]
    [InlineData(MembershipRole.Assessor, OrganizationRole.EvaluationBody, true, false)]
    [InlineData(MembershipRole.Assessor, OrganizationRole.VerificationProvider, false, false)]
    public void A_separate_providers_people_verify(MembershipRole role, OrganizationRole organizationRole, bool twoFactor, bool allowed)
    {
        Assert.Equal(allowed, EvaluationAccess.MayVerify(Person(role, organizationRole, twoFactor), Body));
        Assert.False(EvaluationAccess.MayVerify(Person(role, organizationRole, twoFactor), OtherBody));
    }
}
