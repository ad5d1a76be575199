namespace Hoshi.Domain.Accounts;

public enum InvitationState
{
    Open,
    Accepted,
    Expired,
    Revoked,
}

/// <summary>Rules on invitations to join an organization: valid for seven days, used once.</summary>
public static class InvitationRules
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public static InvitationState StateAt(DateTimeOffset expiresAt, DateTimeOffset? acceptedAt, DateTimeOffset? revokedAt, DateTimeOffset now) =>
        acceptedAt is not null ? InvitationState.Accepted
        : revokedAt is not null ? InvitationState.Revoked
        : now >= expiresAt ? InvitationState.Expired
        : InvitationState.Open;

    /// <summary>
    /// Which roles an administrator may invite to. Body roles (officer, assessor, lead assessor)
    /// only make sense in an organization that is a body.
    /// </summary>
    public static bool MayInviteAs(MembershipRole role, IReadOnlyCollection<Organizations.OrganizationRole> organizationRoles) => role switch
    {
        MembershipRole.OrgAdmin or MembershipRole.Member => true,
        MembershipRole.Officer => organizationRoles.Any(r => r is Organizations.OrganizationRole.RegistrationBody
            or Organizations.OrganizationRole.AccreditationBody or Organizations.OrganizationRole.SchemeOwner),
        MembershipRole.Assessor or MembershipRole.LeadAssessor => organizationRoles.Any(r => r is Organizations.OrganizationRole.EvaluationBody
            or Organizations.OrganizationRole.VerificationProvider),
        _ => false,
    };
}
