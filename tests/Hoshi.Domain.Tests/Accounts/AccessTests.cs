using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Tests.Accounts;

public sealed class AccessTests
{
    private static readonly Guid Own = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Foreign = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Owner = Guid.Parse("00000000-0000-0000-0000-000000000003");

    private static Actor Person(MembershipRole role, OrganizationRole[] organizationRoles, bool twoFactor = false, bool expert = false, Guid? organization = null) =>
        new(Guid.NewGuid(), [new MembershipGrant(organization ?? Own, role, organizationRoles)], expert, twoFactor);

    private static readonly Operation[] AdminOperations =
        [Operation.EditOrganization, Operation.ManageMembers, Operation.ManageApiTokens, Operation.ViewOrganizationAudit];

    [Theory]
    [InlineData(MembershipRole.OrgAdmin, OrganizationRole.Applicant, true)]
    [InlineData(MembershipRole.Member, OrganizationRole.Applicant, true)]
    [InlineData(MembershipRole.Member, OrganizationRole.Buyer, false)]
    [InlineData(MembershipRole.Officer, OrganizationRole.Applicant, false)]
    public void Applicants_people_work_on_their_own_assessments(MembershipRole role, OrganizationRole organizationRole, bool allowed)
    {
        var person = Person(role, [organizationRole], twoFactor: true);
        Assert.Equal(allowed, Access.May(person, Operation.WorkOnAssessments, Own));
        Assert.False(Access.May(person, Operation.WorkOnAssessments, Foreign));
    }

    [Theory]
    [InlineData(MembershipRole.OrgAdmin, OrganizationRole.Buyer, true)]
    [InlineData(MembershipRole.Member, OrganizationRole.Buyer, true)]
    [InlineData(MembershipRole.Member, OrganizationRole.Applicant, false)]
    [InlineData(MembershipRole.Officer, OrganizationRole.Buyer, false)]
    public void Buyers_people_keep_their_own_supplier_portfolio(MembershipRole role, OrganizationRole organizationRole, bool allowed)
    {
        var person = Person(role, [organizationRole], twoFactor: true);
        Assert.Equal(allowed, Access.May(person, Operation.ManageSuppliers, Own));
        Assert.False(Access.May(person, Operation.ManageSuppliers, Foreign));
        Assert.Equal(allowed, Access.May(person, Operation.ViewSuppliers, Own));
        Assert.False(Access.May(person, Operation.ViewSuppliers, Foreign));
    }

    [Theory]
    [InlineData(MembershipRole.OrgAdmin, true, true)]
    [InlineData(MembershipRole.Member, true, false)]
    [InlineData(MembershipRole.Officer, false, false)]
    public void Suppliers_people_answer_buyers_and_their_administrators_disclose(MembershipRole role, bool respond, bool disclose)
    {
        var person = Person(role, [OrganizationRole.Applicant], twoFactor: true);
        Assert.Equal((respond, disclose), (Access.May(person, Operation.RespondToBuyers, Own), Access.May(person, Operation.ManageDisclosure, Own)));
        Assert.False(Access.May(person, Operation.RespondToBuyers, Foreign));
        Assert.False(Access.May(person, Operation.ManageDisclosure, Foreign));
    }

    [Fact]
    public void Supplier_tokens_read_with_suppliers_read_and_write_with_suppliers_write_in_their_own_organization_only()
    {
        var reader = new TokenGrant(Guid.NewGuid(), Own, new HashSet<ApiScope> { ApiScope.SuppliersRead });
        var writer = new TokenGrant(Guid.NewGuid(), Own, new HashSet<ApiScope> { ApiScope.SuppliersWrite });
        Assert.True(TokenAccess.May(reader, Operation.ViewSuppliers, Own));
        Assert.False(TokenAccess.May(reader, Operation.ManageSuppliers, Own));
        Assert.True(TokenAccess.May(writer, Operation.ManageSuppliers, Own));
        Assert.False(TokenAccess.May(writer, Operation.ManageSuppliers, Foreign));
        Assert.False(TokenAccess.May(writer, Operation.RespondToBuyers, Own));
        Assert.Equal(["suppliers:read", "suppliers:write"], new[] { ApiScope.SuppliersRead, ApiScope.SuppliersWrite }.Select(s => s.Name()));
    }

    private static readonly Operation[] SchemeOperations =
        [Operation.GrantBodyRoles, Operation.ViewAllOrganizations, Operation.ViewAllAudit];

    [Fact]
    public void An_admin_of_a_supplier_runs_its_own_organization_and_nothing_else()
    {
        var admin = Person(MembershipRole.OrgAdmin, [OrganizationRole.Applicant]);
        Assert.False(admin.RequiresTwoFactor);
        Assert.True(Access.May(admin, Operation.ViewOrganization, Own));
        foreach (var operation in AdminOperations)
        {
            Assert.True(Access.May(admin, operation, Own), operation.ToString());
            Assert.False(Access.May(admin, operation, Foreign), operation.ToString());
        }

        Assert.False(Access.May(admin, Operation.ViewOrganization, Foreign));
        foreach (var operation in SchemeOperations)
        {
            Assert.False(Access.May(admin, operation), operation.ToString());
        }
    }

    [Fact]
    public void A_member_sees_its_organization_but_does_not_administer_it()
    {
        var member = Person(MembershipRole.Member, [OrganizationRole.Buyer]);
        Assert.True(Access.May(member, Operation.ViewOrganization, Own));
        foreach (var operation in AdminOperations)
        {
            Assert.False(Access.May(member, operation, Own), operation.ToString());
        }
    }

    [Fact]
    public void Nothing_is_allowed_without_an_organization()
    {
        var admin = Person(MembershipRole.OrgAdmin, [OrganizationRole.Applicant]);
        foreach (var operation in Enum.GetValues<Operation>().Except(SchemeOperations))
        {
            Assert.False(Access.May(admin, operation, null), operation.ToString());
        }

        Assert.True(Access.May(admin, Operation.WorkOnAssessments, Own));
    }

    [Theory]
    [InlineData(MembershipRole.Officer, OrganizationRole.RegistrationBody)]
    [InlineData(MembershipRole.Officer, OrganizationRole.AccreditationBody)]
    [InlineData(MembershipRole.Assessor, OrganizationRole.EvaluationBody)]
    [InlineData(MembershipRole.LeadAssessor, OrganizationRole.EvaluationBody)]
    [InlineData(MembershipRole.Assessor, OrganizationRole.VerificationProvider)]
    [InlineData(MembershipRole.OrgAdmin, OrganizationRole.SchemeOwner)]
    [InlineData(MembershipRole.Member, OrganizationRole.EvaluationBody)]
    [InlineData(MembershipRole.Officer, OrganizationRole.Applicant)]
    public void Judges_and_bodies_people_need_a_second_factor_for_everything(MembershipRole role, OrganizationRole organizationRole)
    {
        var without = Person(role, [organizationRole], twoFactor: false);
        Assert.True(without.RequiresTwoFactor);
        Assert.True(without.MissingTwoFactor);
        foreach (var operation in Enum.GetValues<Operation>())
        {
            Assert.False(Access.May(without, operation, Own), operation.ToString());
        }

        var with = Person(role, [organizationRole], twoFactor: true);
        Assert.False(with.MissingTwoFactor);
        Assert.True(Access.May(with, Operation.ViewOrganization, Own));
    }

    [Fact]
    public void An_expert_needs_a_second_factor_even_in_a_supplier()
    {
        var expert = Person(MembershipRole.OrgAdmin, [OrganizationRole.Applicant], expert: true);
        Assert.True(expert.MissingTwoFactor);
        Assert.False(Access.May(expert, Operation.ViewOrganization, Own));
        Assert.True(Access.May(expert with { TwoFactorSession = true }, Operation.ViewOrganization, Own));
    }

    [Theory]
    [InlineData(MembershipRole.OrgAdmin, true)]
    [InlineData(MembershipRole.Officer, true)]
    [InlineData(MembershipRole.Member, false)]
    [InlineData(MembershipRole.Assessor, false)]
    public void Scheme_owner_admins_see_everything_and_grant_body_roles(MembershipRole role, bool isAdmin)
    {
        var person = Person(role, [OrganizationRole.SchemeOwner], twoFactor: true, organization: Owner);
        Assert.Equal(isAdmin, person.IsSchemeOwnerAdmin);
        foreach (var operation in SchemeOperations)
        {
            Assert.Equal(isAdmin, Access.May(person, operation));
        }

        Assert.Equal(isAdmin, Access.May(person, Operation.ViewOrganization, Foreign));
        // Seeing a foreign organization is not administering it.
        foreach (var operation in AdminOperations)
        {
            Assert.False(Access.May(person, operation, Foreign), operation.ToString());
        }
    }

    [Fact]
    public void An_officer_of_another_body_is_not_a_scheme_owner_admin()
    {
        var registrar = Person(MembershipRole.Officer, [OrganizationRole.RegistrationBody], twoFactor: true);
        Assert.False(registrar.IsSchemeOwnerAdmin);
        Assert.False(Access.May(registrar, Operation.ViewAllAudit));
    }

    [Fact]
    public void Several_memberships_each_count_for_their_own_organization()
    {
        var person = new Actor(Guid.NewGuid(),
            [new(Own, MembershipRole.Member, [OrganizationRole.Applicant]), new(Foreign, MembershipRole.OrgAdmin, [OrganizationRole.Buyer])],
            IsExpert: false, TwoFactorSession: false);
        Assert.False(Access.May(person, Operation.ManageMembers, Own));
        Assert.True(Access.May(person, Operation.ManageMembers, Foreign));
        Assert.True(Access.MaySee(person, Own));
        Assert.Equal(MembershipRole.OrgAdmin, person.MembershipIn(Foreign)!.Role);
    }
}

public sealed class TokenAccessTests
{
    private static readonly Guid Own = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Foreign = Guid.Parse("00000000-0000-0000-0000-000000000002");

    [Fact]
    public void A_token_does_what_its_scopes_say_in_its_own_organization_only()
    {
        var token = new TokenGrant(Guid.NewGuid(), Own, new HashSet<ApiScope> { ApiScope.OrganizationRead });
        Assert.True(TokenAccess.May(token, Operation.ViewOrganization, Own));
        Assert.False(TokenAccess.May(token, Operation.ViewOrganizationAudit, Own));
        Assert.False(TokenAccess.May(token, Operation.ViewOrganization, Foreign));
        Assert.False(TokenAccess.May(token, Operation.ViewOrganization, null));
        Assert.True(TokenAccess.MaySee(token, Own));
        Assert.False(TokenAccess.MaySee(token, Foreign));
    }

    [Fact]
    public void No_scope_lets_a_token_change_anything_but_the_supplier_portfolio_or_act_for_the_scheme()
    {
        var token = new TokenGrant(Guid.NewGuid(), Own, new HashSet<ApiScope>(ApiScopes.All));
        foreach (var operation in Enum.GetValues<Operation>())
        {
            var allowed = operation is Operation.ViewOrganization or Operation.ViewOrganizationAudit or Operation.ViewSuppliers or Operation.ManageSuppliers;
            Assert.Equal(allowed, TokenAccess.May(token, operation, Own));
        }
    }
}

public sealed class ReviewAccessTests
{
    [Fact]
    public void Only_the_asked_expert_with_two_factor_reviews()
    {
        var expert = new Actor(Guid.NewGuid(), [], IsExpert: true, TwoFactorSession: true);
        Assert.True(ReviewAccess.MayReview(expert, expert.UserId));
        Assert.False(ReviewAccess.MayReview(expert, Guid.NewGuid()));
        Assert.False(ReviewAccess.MayReview(expert, null));
        Assert.False(ReviewAccess.MayReview(expert with { TwoFactorSession = false }, expert.UserId));
        Assert.False(ReviewAccess.MayReview(expert with { IsExpert = false }, expert.UserId));
    }
}

public sealed class RegistrationAccessTests
{
    private static readonly Guid Body = Guid.NewGuid();

    [Theory]
    [InlineData(MembershipRole.Officer, OrganizationRole.RegistrationBody, true, true)]
    [InlineData(MembershipRole.OrgAdmin, OrganizationRole.RegistrationBody, true, true)]
    [InlineData(MembershipRole.Member, OrganizationRole.RegistrationBody, true, false)]
    [InlineData(MembershipRole.Officer, OrganizationRole.AccreditationBody, true, false)]
    [InlineData(MembershipRole.Officer, OrganizationRole.RegistrationBody, false, false)]
    public void Officers_of_the_chosen_registration_body_register(MembershipRole role, OrganizationRole organizationRole, bool twoFactor, bool allowed)
    {
        var actor = new Actor(Guid.NewGuid(), [new MembershipGrant(Body, role, [organizationRole])], false, twoFactor);
        Assert.Equal(allowed, RegistrationAccess.MayRegister(actor, Body));
        Assert.False(RegistrationAccess.MayRegister(actor, Guid.NewGuid()));
        Assert.False(RegistrationAccess.MayRegister(actor, null));
    }
}
