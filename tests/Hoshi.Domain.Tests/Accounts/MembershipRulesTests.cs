using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Tests.Accounts;

public sealed class MembershipRulesTests
{
    private static readonly Guid Ann = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Ben = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly OrganizationRole[] Supplier = [OrganizationRole.Applicant];
    private static readonly OrganizationRole[] Body = [OrganizationRole.EvaluationBody];

    [Fact]
    public void The_last_administrator_can_neither_leave_nor_step_down()
    {
        (Guid, MembershipRole)[] members = [(Ann, MembershipRole.OrgAdmin), (Ben, MembershipRole.Member)];
        Assert.Equal(MembershipChangeProblem.LastAdministrator, MembershipRules.CheckRemoval(members, Ann, MembershipRole.OrgAdmin));
        Assert.Equal(MembershipChangeProblem.LastAdministrator, MembershipRules.CheckChange(members, Ann, MembershipRole.OrgAdmin, MembershipRole.Member, Supplier));
        Assert.Equal(MembershipChangeProblem.None, MembershipRules.CheckRemoval(members, Ben, MembershipRole.Member));
    }

    [Fact]
    public void With_a_second_administrator_either_may_go()
    {
        (Guid, MembershipRole)[] members = [(Ann, MembershipRole.OrgAdmin), (Ben, MembershipRole.OrgAdmin)];
        Assert.Equal(MembershipChangeProblem.None, MembershipRules.CheckRemoval(members, Ann, MembershipRole.OrgAdmin));
        Assert.Equal(MembershipChangeProblem.None, MembershipRules.CheckChange(members, Ben, MembershipRole.OrgAdmin, MembershipRole.Member, Supplier));
    }

    [Fact]
    public void A_body_role_is_given_only_in_a_body()
    {
        (Guid, MembershipRole)[] members = [(Ann, MembershipRole.OrgAdmin), (Ben, MembershipRole.Member)];
        Assert.Equal(MembershipChangeProblem.RoleNotOffered, MembershipRules.CheckChange(members, Ben, MembershipRole.Member, MembershipRole.Assessor, Supplier));
        Assert.Equal(MembershipChangeProblem.None, MembershipRules.CheckChange(members, Ben, MembershipRole.Member, MembershipRole.Assessor, Body));
    }

    [Fact]
    public void Unknown_and_unchanged_memberships_are_named()
    {
        (Guid, MembershipRole)[] members = [(Ann, MembershipRole.OrgAdmin), (Ben, MembershipRole.Member)];
        Assert.Equal(MembershipChangeProblem.NotFound, MembershipRules.CheckRemoval(members, Ben, MembershipRole.OrgAdmin));
        Assert.Equal(MembershipChangeProblem.NotFound, MembershipRules.CheckChange(members, Ben, MembershipRole.Officer, MembershipRole.Member, Supplier));
        Assert.Equal(MembershipChangeProblem.AlreadyHeld, MembershipRules.CheckChange(members, Ben, MembershipRole.Member, MembershipRole.Member, Supplier));
    }
}
