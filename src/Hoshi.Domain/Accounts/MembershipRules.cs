namespace Hoshi.Domain.Accounts;

/// <summary>Why a change of memberships is refused.</summary>
public enum MembershipChangeProblem
{
    None,

    /// <summary>The organization would be left without an administrator.</summary>
    LastAdministrator,

    /// <summary>The role does not exist in this kind of organization.</summary>
    RoleNotOffered,

    /// <summary>There is no such membership.</summary>
    NotFound,

    /// <summary>The person already holds that role there.</summary>
    AlreadyHeld,
}

/// <summary>Rules on changing who belongs to an organization and as what.</summary>
public static class MembershipRules
{
    /// <summary>Changes the role of one membership (person, role) in an organization.</summary>
    public static MembershipChangeProblem CheckChange(
        IReadOnlyCollection<(Guid UserId, MembershipRole Role)> memberships, Guid userId, MembershipRole from, MembershipRole to,
        IReadOnlyCollection<Organizations.OrganizationRole> organizationRoles)
    {
        if (!memberships.Contains((userId, from)))
        {
            return MembershipChangeProblem.NotFound;
        }

        if (from == to || memberships.Contains((userId, to)))
        {
            return MembershipChangeProblem.AlreadyHeld;
        }

        if (!InvitationRules.MayInviteAs(to, organizationRoles))
        {
            return MembershipChangeProblem.RoleNotOffered;
        }

        var after = memberships.Where(m => m != (userId, from)).Append((UserId: userId, Role: to));
        return after.Any(m => m.Role == MembershipRole.OrgAdmin) ? MembershipChangeProblem.None : MembershipChangeProblem.LastAdministrator;
    }

    /// <summary>Removes one membership (person, role) from an organization.</summary>
    public static MembershipChangeProblem CheckRemoval(IReadOnlyCollection<(Guid UserId, MembershipRole Role)> memberships, Guid userId, MembershipRole role)
    {
        if (!memberships.Contains((userId, role)))
        {
            return MembershipChangeProblem.NotFound;
        }

        return memberships.Any(m => m != (userId, role) && m.Role == MembershipRole.OrgAdmin)
            ? MembershipChangeProblem.None
            : MembershipChangeProblem.LastAdministrator;
    }
}
