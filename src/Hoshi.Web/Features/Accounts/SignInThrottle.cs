using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Accounts;

/// <summary>Settings of <see cref="SignInThrottle"/> (section <c>Accounts</c>).</summary>
public sealed class SignInThrottleSettings
{
    public const string Section = "Accounts";

    /// <summary>Failed sign-ins, wrong codes and password-reset requests one address may make in the window.</summary>
    public int FailuresPerAddress { get; set; } = 30;

    /// <summary>Failed sign-ins, wrong codes and reset requests for one account (the typed address, known or not) in the window, from any number of addresses.</summary>
    public int FailuresPerAccount { get; set; } = 10;

    public int FailureWindowMinutes { get; set; } = 15;
}

/// <summary>Why an attempt waits: its client address, or the account it names, failed too often.</summary>
public readonly record struct ThrottleRefusal(TimeSpan Wait, bool ByAccount);

/// <summary>
/// Counts, per client address (the proxy's forwarded address when the proxy is known) and per
/// account named, failed sign-ins, wrong second-factor codes and password-reset requests (each of
/// which sends mail); the rule is <see cref="AddressThrottle"/>. The windows are kept in the
/// database (<see cref="ThrottleWindowRecord"/>), so that every node of a cluster counts the same
/// failures: five wrong passwords spread over three nodes count as five. An account is counted by
/// the address typed, whether or not it exists, so the answer tells nothing. A refused attempt gets
/// 429 with Retry-After and a message saying how long to wait.
/// </summary>
public sealed class SignInThrottle(AppDbContext db, TimeProvider clock, IOptions<SignInThrottleSettings> options)
{
    private TimeSpan Window => TimeSpan.FromMinutes(Math.Max(1, options.Value.FailureWindowMinutes));

    private static string Key(HttpContext context) => "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static string? AccountKey(string? account) =>
        string.IsNullOrWhiteSpace(account) ? null : "account:" + Cut(account.Trim().ToUpperInvariant());

    private static string Cut(string text) => text.Length <= 380 ? text : text[..380];

    private static ThrottleWindow? WindowOf(ThrottleWindowRecord? record) =>
        record is null ? null : new ThrottleWindow(record.Failures, DateTimeOffset.FromUnixTimeMilliseconds(record.SinceMs));

    /// <summary>How long this attempt must wait (its address or the account it names failed too often), or null.</summary>
    public async Task<ThrottleRefusal?> BlockedAsync(HttpContext context, string? account, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var addressKey = Key(context);
        var accountKey = AccountKey(account);
        var keys = accountKey is null ? new[] { addressKey } : [addressKey, accountKey];
        var windows = await db.ThrottleWindows.AsNoTracking().Where(t => keys.Contains(t.Key)).ToListAsync(ct);
        if (AddressThrottle.Blocked(WindowOf(windows.Find(w => w.Key == addressKey)), now, Window, Math.Max(1, options.Value.FailuresPerAddress)) is { } wait)
        {
            return new ThrottleRefusal(wait, false);
        }

        return accountKey is not null
            && AddressThrottle.Blocked(WindowOf(windows.Find(w => w.Key == accountKey)), now, Window, Math.Max(1, options.Value.FailuresPerAccount)) is { } accountWait
            ? new ThrottleRefusal(accountWait, true)
            : null;
    }

    /// <summary>Counts a failure for the client's address and the account named; returns the account's failures in its window (0 when none is named).</summary>
    public async Task<int> FailAsync(HttpContext context, string? account, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        Shared.Telemetry.HoshiMetrics.SignInFailures.Add(1);
        await CountAsync(Key(context), now, ct);
        var failures = AccountKey(account) is { } key ? await CountAsync(key, now, ct) : 0;

        // Now and then, forget the windows that ended long ago (the index on SinceMs keeps this cheap).
        if (Random.Shared.Next(50) == 0)
        {
            var before = (now - (Window * 2)).ToUnixTimeMilliseconds();
            await db.ThrottleWindows.Where(t => t.SinceMs < before).ExecuteDeleteAsync(ct);
        }

        return failures;
    }

    /// <summary>One more failure for <paramref name="key"/>, read and written with a version check: a failure counted by another node at the same moment makes this one try again.</summary>
    private async Task<int> CountAsync(string key, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var record = await db.ThrottleWindows.FirstOrDefaultAsync(t => t.Key == key, ct);
            var next = AddressThrottle.Fail(WindowOf(record), now, Window);
            if (record is null)
            {
                record = new ThrottleWindowRecord { Key = key };
                db.ThrottleWindows.Add(record);
            }

            record.Failures = next.Failures;
            record.SinceMs = next.Since.ToUnixTimeMilliseconds();
            record.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                db.Entry(record).State = EntityState.Detached;
                return next.Failures;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another node counted first (a changed version, or the same new key inserted): count on top of it.
                db.Entry(record).State = EntityState.Detached;
            }
        }
    }

    /// <summary>The message for a refused attempt (429 and Retry-After set on the response).</summary>
    public static string Refuse(HttpContext context, ThrottleRefusal refusal, Microsoft.Extensions.Localization.IStringLocalizer text) =>
        text[refusal.ByAccount ? "TooManyAttemptsAccount" : "TooManyAttempts", Refuse(context, refusal.Wait)];

    /// <summary>Sets 429 and Retry-After on the response; returns the whole minutes to tell people.</summary>
    public static int Refuse(HttpContext context, TimeSpan wait)
    {
        Shared.Telemetry.HoshiMetrics.ThrottleRefusals.Add(1);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
    }
}
