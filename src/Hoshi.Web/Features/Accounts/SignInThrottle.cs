using System.Collections.Concurrent;
using Hoshi.Domain.Accounts;
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
/// account named, in this process, failed sign-ins, wrong second-factor codes and password-reset
/// requests (each of which sends mail); the rule is <see cref="AddressThrottle"/>. An account is
/// counted by the address typed, whether or not it exists, so the answer tells nothing. A refused
/// attempt gets 429 with Retry-After and a message saying how long to wait.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock, IOptions<SignInThrottleSettings> options)
{
    private readonly ConcurrentDictionary<string, ThrottleWindow> _windows = new(StringComparer.Ordinal);

    private TimeSpan Window => TimeSpan.FromMinutes(Math.Max(1, options.Value.FailureWindowMinutes));

    private static string Key(HttpContext context) => "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static string? AccountKey(string? account) =>
        string.IsNullOrWhiteSpace(account) ? null : "account:" + account.Trim().ToUpperInvariant();

    /// <summary>How long this attempt must wait (its address or the account it names failed too often), or null.</summary>
    public ThrottleRefusal? Blocked(HttpContext context, string? account)
    {
        var now = clock.GetUtcNow();
        if (AddressThrottle.Blocked(_windows.GetValueOrDefault(Key(context)), now, Window, Math.Max(1, options.Value.FailuresPerAddress)) is { } wait)
        {
            return new ThrottleRefusal(wait, false);
        }

        return AccountKey(account) is { } key
            && AddressThrottle.Blocked(_windows.GetValueOrDefault(key), now, Window, Math.Max(1, options.Value.FailuresPerAccount)) is { } accountWait
            ? new ThrottleRefusal(accountWait, true)
            : null;
    }

    /// <summary>Failures counted in the window for the account the typed address names (known or not).</summary>
    public int AccountFailures(string? account)
    {
        var now = clock.GetUtcNow();
        return AccountKey(account) is { } key && _windows.GetValueOrDefault(key) is { } window && !AddressThrottle.Expired(window, now, Window) ? window.Failures : 0;
    }

    public void Fail(HttpContext context, string? account)
    {
        var now = clock.GetUtcNow();
        Count(Key(context), now);
        if (AccountKey(account) is { } key)
        {
            Count(key, now);
        }
    }

    private void Count(string key, DateTimeOffset now)
    {
        _windows.AddOrUpdate(key, _ => AddressThrottle.Fail(null, now, Window), (_, current) => AddressThrottle.Fail(current, now, Window));
        if (_windows.Count > 10_000)
        {
            foreach (var (stale, window) in _windows)
            {
                if (AddressThrottle.Expired(window, now, Window))
                {
                    _windows.TryRemove(stale, out _);
                }
            }
        }
    }

    /// <summary>The message for a refused attempt (429 and Retry-After set on the response).</summary>
    public static string Refuse(HttpContext context, ThrottleRefusal refusal, Microsoft.Extensions.Localization.IStringLocalizer text) =>
        text[refusal.ByAccount ? "TooManyAttemptsAccount" : "TooManyAttempts", Refuse(context, refusal.Wait)];

    /// <summary>Sets 429 and Retry-After on the response; returns the whole minutes to tell people.</summary>
    public static int Refuse(HttpContext context, TimeSpan wait)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
    }
}
