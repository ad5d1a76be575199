using System.Security.Claims;
using Hoshi.Data;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Accounts;

/// <summary>"May do <see cref="Operation"/>": checked by <see cref="AccessHandler"/>, with an organization as the resource.</summary>
public sealed record OperationRequirement(Operation Operation) : IAuthorizationRequirement;

/// <summary>The session is good enough to act at all: not a person who still owes a second factor.</summary>
public sealed record SessionRequirement : IAuthorizationRequirement;

/// <summary>The resource of an access check: one organization, or none for scheme-wide operations.</summary>
public sealed record OrganizationResource(Guid? OrganizationId);

/// <summary>The person behind a request as one statement reads them: what authorization needs, the bell's count and, when asked, the session.</summary>
public sealed record PersonRead(Actor Actor, int UnreadNotifications, string? SecurityStamp, SessionFacts? Session)
{
    /// <summary>The registered names of the person's organizations, as read with the person (a page of one of them needs no statement for it).</summary>
    public IReadOnlyDictionary<Guid, string> OrganizationNames { get; init; } = new Dictionary<Guid, string>();

    /// <summary>The person's organizations with their 法人番号, as read with the person (the independence check needs them).</summary>
    public IReadOnlyList<Domain.Assessments.PersonOrganization> Organizations { get; init; } = [];

    /// <summary>The verified 法人番号 of each of the person's organizations (null: not verified), as read with the person.</summary>
    public IReadOnlyDictionary<Guid, string?> VerifiedNumbers { get; init; } = new Dictionary<Guid, string?>();
}

/// <summary>A session's times, as <see cref="SessionStore.ValidateAsync"/> checks them.</summary>
public sealed record SessionFacts(DateTime CreatedAt, DateTime LastSeenAt, DateTime? EndedAt);

/// <summary>
/// Who is calling: a person (with memberships) or an API token. Read once per request, in the
/// same statement as the session check (<see cref="SessionStore.ValidateAsync"/>), and never kept
/// across requests: a removed membership or a closed account counts from the next request on,
/// on every node.
/// </summary>
public sealed class Actors(AppDbContext db, IHttpContextAccessor http)
{
    public const string TwoFactorClaimValue = "mfa";
    private static readonly object ItemKey = new();

    /// <summary>The signed-in person, or null for anonymous callers and API tokens.</summary>
    public async Task<Actor?> PersonAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (ApiTokenAuthentication.TokenOf(principal) is not null
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return null;
        }

        if (Remembered() is { } cached && cached.Actor.UserId == userId)
        {
            return cached.Actor;
        }

        var read = await ReadAsync(userId, null, principal.HasClaim("amr", TwoFactorClaimValue), ct);
        if (read is null)
        {
            return null;
        }

        Remember(read);
        return read.Actor;
    }

    /// <summary>The unread notifications of the person read with the session in this request, or null when none was read.</summary>
    public int? RememberedUnread(Guid userId) => Remembered() is { } cached && cached.Actor.UserId == userId ? cached.UnreadNotifications : null;

    /// <summary>
    /// The registered name of one of the signed-in person's organizations as read with the person at
    /// the start of this request, or null (not read, or not one of theirs).
    /// </summary>
    public string? RememberedOrganizationName(Guid organizationId) =>
        Remembered()?.OrganizationNames.GetValueOrDefault(organizationId);

    /// <summary>
    /// The signed-in person's organizations with their 法人番号 as read with the person at the start of
    /// this request, or null when <paramref name="userId"/> is not the person read (or nothing was read,
    /// or a change in this request made it forget).
    /// </summary>
    public IReadOnlyList<Domain.Assessments.PersonOrganization>? RememberedOrganizations(Guid userId) =>
        Remembered() is { } cached && cached.Actor.UserId == userId ? cached.Organizations : null;

    /// <summary>
    /// What was read with the person at the start of this request about <paramref name="userId"/>'s
    /// organizations (names, verified 法人番号), or null when that person was not read in it.
    /// </summary>
    public PersonRead? Remembered(Guid userId) => Remembered() is { } cached && cached.Actor.UserId == userId ? cached : null;

    /// <summary>A person as authorization sees them, straight from the database.</summary>
    public async Task<Actor> LoadAsync(Guid userId, bool twoFactorSession, CancellationToken ct = default) =>
        (await ReadAsync(userId, null, twoFactorSession, ct))?.Actor ?? new Actor(userId, [], false, twoFactorSession);

    /// <summary>
    /// One statement: the person's memberships with their organizations' roles, whether they are an
    /// expert, their unread notifications, their security stamp and (with <paramref name="sessionId"/>)
    /// that session of theirs. Null when there is no such person.
    /// </summary>
    public async Task<PersonRead?> ReadAsync(Guid userId, Guid? sessionId, bool twoFactorSession, CancellationToken ct = default)
    {
        var row = await ReadPerson(db, userId, sessionId, ct);
        if (row is null)
        {
            return null;
        }

        var actor = new Actor(
            userId,
            [.. row.Memberships.Select(m => new MembershipGrant(m.OrganizationId, m.Role, m.Roles.ToArray()))],
            row.IsExpert,
            twoFactorSession);
        return new PersonRead(actor, row.Unread, row.SecurityStamp, row.Session)
        {
            OrganizationNames = row.Memberships.DistinctBy(m => m.OrganizationId).ToDictionary(m => m.OrganizationId, m => m.OrganizationName),
            Organizations = [.. row.Memberships.Select(m => new Domain.Assessments.PersonOrganization(m.OrganizationId, m.CorporateNumber))],
            VerifiedNumbers = row.Memberships.DistinctBy(m => m.OrganizationId).ToDictionary(m => m.OrganizationId, m => m.VerifiedCorporateNumber),
        };
    }

    /// <summary>
    /// The statement of <see cref="ReadAsync"/>, compiled once: it runs on every signed-in request, and
    /// an ordinary LINQ query would have EF Core walk the expression for its parameters each time (a
    /// profile found that walk the largest allocation of a page).
    /// </summary>
    private static readonly Func<AppDbContext, Guid, Guid?, CancellationToken, Task<PersonRow?>> ReadPerson = EF.CompileAsyncQuery(
        (AppDbContext db, Guid userId, Guid? sessionId, CancellationToken ct) => db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new PersonRow
            {
                SecurityStamp = u.SecurityStamp,
                IsExpert = db.ExpertProfiles.Any(e => e.UserId == u.Id),
                Unread = db.Notifications.Count(n => n.UserId == u.Id && n.ReadAt == null),
                Session = db.Sessions.Where(s => s.Id == sessionId && s.UserId == u.Id)
                    .Select(s => new SessionFacts(s.CreatedAt, s.LastSeenAt, s.EndedAt)).FirstOrDefault(),
                Memberships = db.Memberships.Where(m => m.UserId == u.Id)
                    .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new MembershipRow
                    {
                        OrganizationId = m.OrganizationId,
                        Role = m.Role,
                        OrganizationName = o.LegalNameJa,
                        CorporateNumber = o.CorporateNumber,
                        VerifiedCorporateNumber = o.VerifiedCorporateNumber,
                        Roles = db.Set<OrganizationRoleRecord>().Where(r => r.OrganizationId == m.OrganizationId).Select(r => r.Role).ToList(),
                    }).ToList(),
            })
            .FirstOrDefault());

    private sealed class PersonRow
    {
        public string? SecurityStamp { get; init; }

        public bool IsExpert { get; init; }

        public int Unread { get; init; }

        public SessionFacts? Session { get; init; }

        public List<MembershipRow> Memberships { get; init; } = [];
    }

    private sealed class MembershipRow
    {
        public Guid OrganizationId { get; init; }

        public MembershipRole Role { get; init; }

        public string OrganizationName { get; init; } = "";

        public string? CorporateNumber { get; init; }

        public string? VerifiedCorporateNumber { get; init; }

        public List<OrganizationRole> Roles { get; init; } = [];
    }

    /// <summary>Keeps what was read for the rest of this request.</summary>
    public void Remember(PersonRead read)
    {
        if (http.HttpContext?.Items is { } items)
        {
            items[ItemKey] = read;
        }
    }

    /// <summary>Forget the cached actor (after a membership or profile change in this request).</summary>
    public void Forget() => http.HttpContext?.Items.Remove(ItemKey);

    private PersonRead? Remembered() => http.HttpContext?.Items[ItemKey] as PersonRead;
}

/// <summary>The one authorization handler: asks <see cref="Access"/> (people) or <see cref="TokenAccess"/> (tokens).</summary>
public sealed class AccessHandler(Actors actors) : AuthorizationHandler<OperationRequirement>
{
    public override async Task HandleAsync(AuthorizationHandlerContext context)
    {
        foreach (var requirement in context.PendingRequirements.OfType<SessionRequirement>().ToList())
        {
            if (ApiTokenAuthentication.TokenOf(context.User) is not null
                || await actors.PersonAsync(context.User) is { MissingTwoFactor: false })
            {
                context.Succeed(requirement);
            }
        }

        await base.HandleAsync(context);
    }

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationRequirement requirement)
    {
        var organizationId = (context.Resource as OrganizationResource)?.OrganizationId;
        if (ApiTokenAuthentication.TokenOf(context.User) is { } token)
        {
            if (TokenAccess.May(token, requirement.Operation, organizationId))
            {
                context.Succeed(requirement);
            }

            return;
        }

        if (await actors.PersonAsync(context.User) is { } actor && Access.May(actor, requirement.Operation, organizationId))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>
/// A resource handler for one kind of resource (an evaluation, a round under review, a result to
/// register, an accreditation): asks the feature's rule in <c>Hoshi.Domain</c> for the signed-in
/// person. API tokens never pass one. Every feature's object-level check is one of these, asked
/// through <see cref="IAuthorizationService"/> like the organizations' <see cref="AccessHandler"/>.
/// </summary>
public abstract class PersonResourceHandler<TRequirement, TResource>(Actors actors) : AuthorizationHandler<TRequirement, TResource>
    where TRequirement : IAuthorizationRequirement
{
    protected sealed override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TRequirement requirement, TResource resource)
    {
        if (ApiTokenAuthentication.TokenOf(context.User) is null && await actors.PersonAsync(context.User) is { } actor && await MayAsync(actor, requirement, resource))
        {
            context.Succeed(requirement);
        }
    }

    protected abstract Task<bool> MayAsync(Actor actor, TRequirement requirement, TResource resource);
}

/// <summary>How a page or endpoint asks: allowed, hidden (not found), forbidden or sign-in needed.</summary>
public enum AccessOutcome
{
    Allowed,
    SignInNeeded,
    NotFound,
    Forbidden,
}

public static class AccessChecks
{
    /// <summary>Asks the resource handler of <paramref name="resource"/>'s kind about <paramref name="requirement"/>.</summary>
    public static async Task<bool> MayAsync(this IAuthorizationService authorization, ClaimsPrincipal user, object resource, IAuthorizationRequirement requirement) =>
        (await authorization.AuthorizeAsync(user, resource, requirement)).Succeeded;

    public static async Task<bool> MayAsync(this IAuthorizationService authorization, ClaimsPrincipal user, Operation operation, Guid? organizationId = null) =>
        (await authorization.AuthorizeAsync(user, new OrganizationResource(organizationId), new OperationRequirement(operation))).Succeeded;

    /// <summary>
    /// The outcome for an operation on an organization: callers who may not even see the
    /// organization get "not found", so foreign organizations are not disclosed.
    /// </summary>
    public static async Task<AccessOutcome> CheckAsync(this IAuthorizationService authorization, ClaimsPrincipal user, Operation operation, Guid? organizationId = null)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return AccessOutcome.SignInNeeded;
        }

        if (await authorization.MayAsync(user, operation, organizationId))
        {
            return AccessOutcome.Allowed;
        }

        // Someone who still owes a second factor is refused outright, not told "not found".
        if (!(await authorization.AuthorizeAsync(user, null, new SessionRequirement())).Succeeded)
        {
            return AccessOutcome.Forbidden;
        }

        // A token sees only its own organization, whatever its scopes; a person what Access says.
        return organizationId is { } id && !(ApiTokenAuthentication.TokenOf(user) is { } token
                ? TokenAccess.MaySee(token, id)
                : await authorization.MayAsync(user, Operation.ViewOrganization, id))
            ? AccessOutcome.NotFound
            : AccessOutcome.Forbidden;
    }

    public static void AddHoshiAuthorization(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<IAuthorizationHandler, AccessHandler>();
        services.AddAuthorization();
    }

    public static bool IsSignedInWithTwoFactor(this ClaimsPrincipal user) => user.HasClaim("amr", Actors.TwoFactorClaimValue);
}
