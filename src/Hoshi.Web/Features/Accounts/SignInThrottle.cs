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

    public int FailureWindowMinutes { get; set; } = 15;
}

/// <summary>
/// Counts, per client address and in this process, failed sign-ins, wrong second-factor codes and
/// password-reset requests (each of which sends mail); the rule is <see cref="AddressThrottle"/>.
/// A refused attempt gets 429 with Retry-After and a message saying how long to wait.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock, IOptions<SignInThrottleSettings> options)
{
    private readonly ConcurrentDictionary<string, ThrottleWindow> _windows = new(StringComparer.Ordinal);

    private TimeSpan Window => TimeSpan.FromMinutes(Math.Max(1, options.Value.FailureWindowMinutes));

    private static string Key(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>How long this caller's address must wait, or null.</summary>
    public TimeSpan? Blocked(HttpContext context) =>
        AddressThrottle.Blocked(_windows.GetValueOrDefault(Key(context)), clock.GetUtcNow(), Window, Math.Max(1, options.Value.FailuresPerAddress));

    public void Fail(HttpContext context)
    {
        var now = clock.GetUtcNow();
        _windows.AddOrUpdate(Key(context), _ => AddressThrottle.Fail(null, now, Window), (_, current) => AddressThrottle.Fail(current, now, Window));
        if (_windows.Count > 10_000)
        {
            foreach (var (key, window) in _windows)
            {
                if (AddressThrottle.Expired(window, now, Window))
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>Sets 429 and Retry-After on the response; returns the whole minutes to tell people.</summary>
    public static int Refuse(HttpContext context, TimeSpan wait)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
    }
}
