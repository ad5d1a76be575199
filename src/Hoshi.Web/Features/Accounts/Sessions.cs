using System.Security.Claims;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Accounts;

/// <summary>How long a session lives (ASVS V7.3): it ends after <see cref="IdleTimeout"/> without a request, and at the latest <see cref="AbsoluteTimeout"/> after sign-in.</summary>
public sealed class SessionSettings
{
    public const string Section = "Hoshi:Sessions";

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>Why a session ended (kept in <see cref="SessionRecord.EndReason"/>).</summary>
public static class SessionEnd
{
    public const string SignedOut = "signed-out";
    public const string PasswordReset = "password-reset";
    public const string TwoFactorChanged = "two-factor-changed";
    public const string Removed = "removed-from-organization";
    public const string EndedByPerson = "ended-by-person";
    public const string EndedEverywhere = "ended-everywhere";
    public const string EndedByOperator = "ended-by-operator";
    public const string Idle = "idle";
    public const string Expired = "expired";
    public const string Replaced = "replaced";
}

/// <summary>A session as its owner sees it on the account page.</summary>
public sealed record SessionView(Guid Id, DateTime CreatedAt, DateTime LastSeenAt, string? Address, string? UserAgent, bool Current)
{
    /// <summary>"Edge on Windows", enough to recognise one's own devices; null when the browser did not say.</summary>
    public string? Device
    {
        get
        {
            if (string.IsNullOrEmpty(UserAgent))
            {
                return null;
            }

            string[] browsers = ["Edg", "Firefox", "Chrome", "Safari"];
            string[] systems = ["Windows", "iPhone", "iPad", "Android", "Mac OS X", "Linux"];
            var browser = browsers.FirstOrDefault(b => UserAgent.Contains(b + "/", StringComparison.Ordinal));
            var system = systems.FirstOrDefault(o => UserAgent.Contains(o, StringComparison.Ordinal));
            return (browser is null ? null : browser == "Edg" ? "Edge" : browser) is { } b
                ? system is null ? b : $"{b} / {(system == "Mac OS X" ? "macOS" : system)}"
                : system ?? UserAgent[..Math.Min(UserAgent.Length, 60)];
        }
    }
}

/// <summary>
/// Server-side sessions. The sign-in cookie carries the session's id (<see cref="ClaimType"/>); every
/// request checks the record (not ended, not idle, not too old) and the person's security stamp,
/// so a copied or kept cookie stops working the moment its session ends, on every node.
/// </summary>
public sealed class SessionStore(AppDbContext db, Actors actors, TimeProvider clock, IOptions<SessionSettings> settings)
{
    public const string ClaimType = "hoshi:session";

    /// <summary>The last-seen time is written at most this often.</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    public static Guid? SessionOf(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirst(ClaimType)?.Value, out var id) ? id : null;

    public async Task<Guid> StartAsync(Guid userId, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var agent = http.Request.Headers.UserAgent.ToString();
        var session = new SessionRecord
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            Address = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = agent.Length == 0 ? null : agent[..Math.Min(agent.Length, 300)],
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        db.Entry(session).State = EntityState.Detached;
        return session.Id;
    }

    /// <summary>
    /// The person, when the session may go on (read with it in one statement, <see cref="Actors.ReadAsync"/>);
    /// null otherwise, and an idle or expired session is ended on the way. Records the request (to the minute).
    /// </summary>
    public async Task<PersonRead?> ValidateAsync(Guid sessionId, Guid userId, string? securityStamp, bool twoFactorSession, CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            // A signed-in request reads the database several times: on SQLite it keeps one connection
            // for the whole request (closed when the request's context is returned) instead of opening the pooled
            // one again for every statement, which costs a fair share of a page's CPU there. (On
            // PostgreSQL a request holds a pooled connection only while a statement runs, so that a
            // busy node does not run out of them.)
            await db.KeepConnectionOpenAsync(ct);
        }

        var read = await actors.ReadAsync(userId, sessionId, twoFactorSession, ct);
        if (read?.Session is not { } found || found.EndedAt is not null)
        {
            return null;
        }

        if (!string.Equals(read.SecurityStamp, securityStamp, StringComparison.Ordinal))
        {
            // The password, the second factor or the sign-in methods changed since this cookie was issued.
            await EndAsync(sessionId, SessionEnd.Replaced, ct);
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var limits = settings.Value;
        if (now - found.LastSeenAt > limits.IdleTimeout)
        {
            await EndAsync(sessionId, SessionEnd.Idle, ct);
            return null;
        }

        if (now - found.CreatedAt > limits.AbsoluteTimeout)
        {
            await EndAsync(sessionId, SessionEnd.Expired, ct);
            return null;
        }

        if (now - found.LastSeenAt >= LastSeenResolution)
        {
            await db.Sessions.Where(s => s.Id == sessionId && s.EndedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), ct);
        }

        return read;
    }

    public async Task<bool> IsActiveAsync(Guid sessionId, Guid userId, CancellationToken ct) =>
        await db.Sessions.AnyAsync(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null, ct);

    public async Task EndAsync(Guid sessionId, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Sessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
    }

    /// <summary>Ends one of the person's own sessions; false when it is not theirs or already ended.</summary>
    public async Task<bool> EndOwnAsync(Guid userId, Guid sessionId, string? address, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ended = await db.Sessions.Where(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, SessionEnd.EndedByPerson), ct);
        if (ended == 0)
        {
            return false;
        }

        db.Audit(new AuditEvent(userId.ToString(), null, "account.session-ended", "Session", sessionId.ToString(), null, address), clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Ends every open session of the person (but <paramref name="except"/>), with an audit record naming why.</summary>
    public async Task<int> EndAllAsync(Guid userId, string reason, Guid? except, string actor, string? address, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ended = await db.Sessions.Where(s => s.UserId == userId && s.EndedAt == null && s.Id != except)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
        db.Audit(new AuditEvent(actor, null, "account.sessions-ended", "User", userId.ToString(), $"{{\"reason\":\"{reason}\",\"count\":{ended}}}", address), clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return ended;
    }

    public async Task<IReadOnlyList<SessionView>> ListAsync(Guid userId, Guid? current, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var limits = settings.Value;
        var idleSince = now - limits.IdleTimeout;
        var bornSince = now - limits.AbsoluteTimeout;
        var open = await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAt == null && s.LastSeenAt >= idleSince && s.CreatedAt >= bornSince)
            .OrderByDescending(s => s.LastSeenAt)
            .Take(50)
            .ToListAsync(ct);
        return [.. open.Select(s => new SessionView(s.Id, s.CreatedAt, s.LastSeenAt, s.Address, s.UserAgent, s.Id == current))];
    }
}

/// <summary>The sign-in cookie's events: a session record for every sign-in, checked on every request, ended at sign-out.</summary>
public static class SessionCookieEvents
{
    public static void Attach(CookieAuthenticationOptions options)
    {
        options.Events.OnSigningIn = SigningInAsync;
        // Replaces Identity's interval-based security-stamp check: SessionStore checks the stamp on every request.
        options.Events.OnValidatePrincipal = ValidateAsync;
        options.Events.OnSigningOut = SigningOutAsync;
    }

    private static async Task SigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity || !Guid.TryParse(identity.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId))
        {
            return;
        }

        var http = context.HttpContext;
        var sessions = http.RequestServices.GetRequiredService<SessionStore>();
        var current = http.User;
        var currentSession = SessionStore.SessionOf(current);
        Guid? keep = null;
        if (currentSession is { } open && Guid.TryParse(current.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var currentUser))
        {
            if (currentUser == userId && await sessions.IsActiveAsync(open, userId, http.RequestAborted))
            {
                // The same person signed in again in this browser (a second factor just enrolled, a refresh): the session goes on.
                keep = open;
            }
            else
            {
                await sessions.EndAsync(open, SessionEnd.Replaced, http.RequestAborted);
            }
        }

        var sessionId = keep ?? await sessions.StartAsync(userId, http, http.RequestAborted);
        foreach (var stale in identity.FindAll(SessionStore.ClaimType).ToList())
        {
            identity.RemoveClaim(stale);
        }

        identity.AddClaim(new Claim(SessionStore.ClaimType, sessionId.ToString()));
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var http = context.HttpContext;
        var stampType = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        if (SessionStore.SessionOf(principal) is { } sessionId
            && Guid.TryParse(principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId)
            && await http.RequestServices.GetRequiredService<SessionStore>().ValidateAsync(sessionId, userId, principal!.FindFirst(stampType)?.Value, principal.IsSignedInWithTwoFactor(), http.RequestAborted) is { } person)
        {
            // Authorization and the page frame use what was read with the session: no second read this request.
            http.RequestServices.GetRequiredService<Actors>().Remember(person);
            return;
        }

        context.RejectPrincipal();
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    private static async Task SigningOutAsync(CookieSigningOutContext context)
    {
        var http = context.HttpContext;
        if (SessionStore.SessionOf(http.User) is { } sessionId)
        {
            await http.RequestServices.GetRequiredService<SessionStore>().EndAsync(sessionId, SessionEnd.SignedOut, http.RequestAborted);
        }
    }
}
