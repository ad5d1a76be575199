using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Accounts;

/// <summary>What someone wants to do to an organization or to the scheme as a whole.</summary>
public enum Operation
{
    /// <summary>See the organization's page, members and roles.</summary>
    ViewOrganization,

    /// <summary>Change the organization's details or declare its own roles (applicant, buyer).</summary>
    EditOrganization,

    /// <summary>Invite people and change or remove memberships.</summary>
    ManageMembers,

    /// <summary>Issue and revoke the organization's API tokens.</summary>
    ManageApiTokens,

    /// <summary>Read the organization's audit trail.</summary>
    ViewOrganizationAudit,

    /// <summary>Grant a body's role (evaluation body, registration body …) to any organization.</summary>
    GrantBodyRoles,

    /// <summary>List and open every organization.</summary>
    ViewAllOrganizations,

    /// <summary>Read the whole audit trail.</summary>
    ViewAllAudit,

    /// <summary>Start self-assessments and answer their scope and sheet (people of an applicant).</summary>
    WorkOnAssessments,

    /// <summary>Keep the organization's supplier portfolio and decide the levels it requires (people of a buyer).</summary>
    ManageSuppliers,

    /// <summary>See the supplier portfolio and each supplier's status (people of a buyer; tokens with suppliers:read).</summary>
    ViewSuppliers,

    /// <summary>Answer buyers' requests for a level (the organization's administrators and members).</summary>
    RespondToBuyers,

    /// <summary>Grant and revoke buyers' access to the details of the organization's results (its administrators).</summary>
    ManageDisclosure,

    /// <summary>Verify, refuse or suspend experts' qualifications (the scheme owner's officers).</summary>
    VerifyExperts,
}

/// <summary>One membership as authorization sees it: the role and what the organization is.</summary>
public sealed record MembershipGrant(Guid OrganizationId, MembershipRole Role, IReadOnlyCollection<OrganizationRole> OrganizationRoles)
{
    /// <summary>Judging roles, and everyone working for a body, sign in with a second factor.</summary>
    public bool RequiresTwoFactor => Role.RequiresTwoFactor() || OrganizationRoles.Any(r => !r.IsSelfDeclared());

    public bool IsAdministrator => Role is MembershipRole.OrgAdmin;
}

/// <summary>
/// A signed-in person: memberships, whether they registered as an expert, and whether this
/// session was opened with a second factor.
/// </summary>
public sealed record Actor(Guid UserId, IReadOnlyList<MembershipGrant> Memberships, bool IsExpert, bool TwoFactorSession)
{
    /// <summary>Experts, judges and every body's people must use two-factor sign-in.</summary>
    public bool RequiresTwoFactor => IsExpert || Memberships.Any(m => m.RequiresTwoFactor);

    /// <summary>
    /// Two-factor is required but this session was opened without it: nothing is allowed until
    /// the person enrols an authenticator (or signs in again with a code).
    /// </summary>
    public bool MissingTwoFactor => RequiresTwoFactor && !TwoFactorSession;

    /// <summary>An administrator or officer of the scheme owner, signed in with a second factor.</summary>
    public bool IsSchemeOwnerAdmin => !MissingTwoFactor && Memberships.Any(m =>
        m.OrganizationRoles.Contains(OrganizationRole.SchemeOwner) && m.Role is MembershipRole.OrgAdmin or MembershipRole.Officer);

    public MembershipGrant? MembershipIn(Guid organizationId) =>
        Memberships.Where(m => m.OrganizationId == organizationId).OrderBy(m => m.Role).FirstOrDefault();

    public bool Administers(Guid organizationId) => Memberships.Any(m => m.OrganizationId == organizationId && m.IsAdministrator);

    public bool BelongsTo(Guid organizationId) => Memberships.Any(m => m.OrganizationId == organizationId);
}

/// <summary>The one place that answers "may this person do this to this organization".</summary>
public static class Access
{
    public static bool May(Actor actor, Operation operation, Guid? organizationId = null)
    {
        if (actor.MissingTwoFactor)
        {
            return false;
        }

        return operation switch
        {
            Operation.ViewOrganization => organizationId is { } id && (actor.BelongsTo(id) || actor.IsSchemeOwnerAdmin),
            Operation.EditOrganization or Operation.ManageMembers or Operation.ManageApiTokens or Operation.ViewOrganizationAudit =>
                organizationId is { } id && actor.Administers(id),
            Operation.GrantBodyRoles or Operation.ViewAllOrganizations or Operation.ViewAllAudit or Operation.VerifyExperts => actor.IsSchemeOwnerAdmin,
            Operation.WorkOnAssessments => organizationId is { } id && actor.Memberships.Any(m =>
                m.OrganizationId == id && m.Role is MembershipRole.OrgAdmin or MembershipRole.Member
                && m.OrganizationRoles.Contains(OrganizationRole.Applicant)),
            Operation.ManageSuppliers or Operation.ViewSuppliers => organizationId is { } id && actor.Memberships.Any(m =>
                m.OrganizationId == id && m.Role is MembershipRole.OrgAdmin or MembershipRole.Member
                && m.OrganizationRoles.Contains(OrganizationRole.Buyer)),
            Operation.RespondToBuyers => organizationId is { } id && actor.Memberships.Any(m =>
                m.OrganizationId == id && m.Role is MembershipRole.OrgAdmin or MembershipRole.Member),
            Operation.ManageDisclosure => organizationId is { } id && actor.Administers(id),
            _ => false,
        };
    }

    /// <summary>
    /// A foreign organization is answered as "not found" rather than "forbidden", so that its
    /// existence is not disclosed to people who may not even see it.
    /// </summary>
    public static bool MaySee(Actor actor, Guid organizationId) => May(actor, Operation.ViewOrganization, organizationId);
}

/// <summary>An API token as authorization sees it: one organization, some scopes.</summary>
public sealed record TokenGrant(Guid TokenId, Guid OrganizationId, IReadOnlySet<ApiScope> Scopes);

/// <summary>What machines may do with a token: only in the token's organization, only within its scopes (reading, and keeping the supplier portfolio).</summary>
public static class TokenAccess
{
    /// <summary>The scope an operation needs from a token, or null when no token may do it.</summary>
    public static ApiScope? ScopeFor(Operation operation) => operation switch
    {
        Operation.ViewOrganization => ApiScope.OrganizationRead,
        Operation.ViewOrganizationAudit => ApiScope.AuditRead,
        Operation.ViewSuppliers => ApiScope.SuppliersRead,
        Operation.ManageSuppliers => ApiScope.SuppliersWrite,
        _ => null,
    };

    public static bool May(TokenGrant token, Operation operation, Guid? organizationId) =>
        organizationId == token.OrganizationId && ScopeFor(operation) is { } scope && token.Scopes.Contains(scope);

    /// <summary>A token sees its own organization (with any scope) and nothing else.</summary>
    public static bool MaySee(TokenGrant token, Guid organizationId) => token.OrganizationId == organizationId;
}

/// <summary>Who may work on a self-assessment round besides its applicant's people.</summary>
public static class ReviewAccess
{
    /// <summary>The expert the applicant asked, registered as an expert and signed in with a second factor.</summary>
    public static bool MayReview(Actor actor, Guid? expertUserId) =>
        expertUserId == actor.UserId && actor.IsExpert && !actor.MissingTwoFactor;
}

/// <summary>Who acts for a registration body on a submitted result.</summary>
public static class RegistrationAccess
{
    /// <summary>An officer (or administrator) of that registration body, signed in with a second factor.</summary>
    public static bool MayRegister(Actor actor, Guid? registrationBodyId) =>
        registrationBodyId is { } body && !actor.MissingTwoFactor && actor.Memberships.Any(m =>
            m.OrganizationId == body && m.Role is MembershipRole.Officer or MembershipRole.OrgAdmin
            && m.OrganizationRoles.Contains(OrganizationRole.RegistrationBody));
}

/// <summary>Who acts for an accreditation body: accrediting, surveillance, registering ★4 results.</summary>
public static class AccreditationAccess
{
    /// <summary>The accreditation bodies the person acts for: as officer or administrator, signed in with a second factor.</summary>
    public static IReadOnlyList<Guid> BodiesOf(Actor actor) => actor.MissingTwoFactor
        ? []
        : [.. actor.Memberships.Where(m => m.Role is MembershipRole.Officer or MembershipRole.OrgAdmin && m.OrganizationRoles.Contains(OrganizationRole.AccreditationBody))
            .Select(m => m.OrganizationId).Distinct()];

    public static bool MayAccredit(Actor actor, Guid accreditationBodyId) => BodiesOf(actor).Contains(accreditationBodyId);
}

/// <summary>Who acts on a ★4 evaluation for the evaluation body.</summary>
public static class EvaluationAccess
{
    /// <summary>Accept or decline, appoint the team, plan: an officer, administrator or lead assessor of the body, with a second factor.</summary>
    public static bool MayManage(Actor actor, Guid bodyId) => !actor.MissingTwoFactor && actor.Memberships.Any(m =>
        m.OrganizationId == bodyId && m.Role is MembershipRole.Officer or MembershipRole.OrgAdmin or MembershipRole.LeadAssessor
        && m.OrganizationRoles.Contains(OrganizationRole.EvaluationBody));

    /// <summary>Judge criteria and record the audit: the appointed lead assessor or an appointed assessor, still in the body, with a second factor.</summary>
    public static bool MayJudge(Actor actor, Guid bodyId, Guid? leadAssessorId, IReadOnlyCollection<Guid> assessors) =>
        !actor.MissingTwoFactor && actor.BelongsTo(bodyId) && (actor.UserId == leadAssessorId || assessors.Contains(actor.UserId));

    /// <summary>Decide and verify corrective actions: the appointed lead assessor only.</summary>
    public static bool MayDecide(Actor actor, Guid bodyId, Guid? leadAssessorId) =>
        !actor.MissingTwoFactor && actor.BelongsTo(bodyId) && actor.UserId == leadAssessorId;

    /// <summary>Technical verification by a separate provider: its assessors, lead assessors and officers, with a second factor.</summary>
    public static bool MayVerify(Actor actor, Guid providerId) => !actor.MissingTwoFactor && actor.Memberships.Any(m =>
        m.OrganizationId == providerId && m.Role is MembershipRole.Assessor or MembershipRole.LeadAssessor or MembershipRole.Officer
        && m.OrganizationRoles.Contains(OrganizationRole.VerificationProvider));

    /// <summary>Who may be appointed: people of the body in an assessor role with two-factor enrolled.</summary>
    public static bool MayBeAppointed(MembershipRole role, bool twoFactorEnabled, bool lead) =>
        twoFactorEnabled && (lead ? role == MembershipRole.LeadAssessor : role is MembershipRole.Assessor or MembershipRole.LeadAssessor);
}
