namespace Hoshi.Domain.Accounts;

/// <summary>What a person does for one organization. One person can belong to several organizations.</summary>
public enum MembershipRole
{
    /// <summary>Manages the organization's members, invitations, tokens and settings.</summary>
    OrgAdmin,

    /// <summary>Works on the organization's assessments and portfolio.</summary>
    Member,

    /// <summary>An officer of a body (registration, accreditation, scheme owner): decides and registers.</summary>
    Officer,

    /// <summary>An assessor of an evaluation body or verification provider.</summary>
    Assessor,

    /// <summary>Leads an evaluation team.</summary>
    LeadAssessor,
}

public static class MembershipRoles
{
    /// <summary>People who judge or register must use two-factor sign-in.</summary>
    public static bool RequiresTwoFactor(this MembershipRole role) => role switch
    {
        MembershipRole.Officer or MembershipRole.Assessor or MembershipRole.LeadAssessor => true,
        MembershipRole.OrgAdmin or MembershipRole.Member => false,
    };
}
