namespace Hoshi.Domain.Organizations;

/// <summary>The parts an organization plays in the scheme. One organization can hold several.</summary>
public enum OrganizationRole
{
    /// <summary>取得希望組織: a supplier seeking a star.</summary>
    Applicant,

    /// <summary>発注元: a buying company that asks its suppliers for a level.</summary>
    Buyer,

    /// <summary>評価機関: performs ★4 third-party evaluations.</summary>
    EvaluationBody,

    /// <summary>技術検証事業者: performs technical verification.</summary>
    VerificationProvider,

    /// <summary>登録機関: registers ★3 results.</summary>
    RegistrationBody,

    /// <summary>認定機関: accredits evaluation bodies and verification providers; registers ★4 results.</summary>
    AccreditationBody,

    /// <summary>制度オーナー (IPA under METI): maintains the catalog, watches adoption.</summary>
    SchemeOwner,
}

/// <summary>Who may give an organization a role.</summary>
public static class OrganizationRoles
{
    /// <summary>Applicant and buyer are declared by the organization itself; every body's role is granted by the scheme owner.</summary>
    public static bool IsSelfDeclared(this OrganizationRole role) => role switch
    {
        OrganizationRole.Applicant or OrganizationRole.Buyer => true,
        OrganizationRole.EvaluationBody or OrganizationRole.VerificationProvider or OrganizationRole.RegistrationBody
            or OrganizationRole.AccreditationBody or OrganizationRole.SchemeOwner => false,
    };

    /// <summary>
    /// May someone give <paramref name="role"/> to an organization? An administrator of that
    /// organization may declare the self-declared roles; only a scheme-owner administrator grants a body's role.
    /// </summary>
    public static bool MayGrant(OrganizationRole role, bool actorAdministersTheOrganization, bool actorIsSchemeOwnerAdmin) =>
        actorIsSchemeOwnerAdmin || (role.IsSelfDeclared() && actorAdministersTheOrganization);
}
