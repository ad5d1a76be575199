namespace Hoshi.Domain.Accounts;

/// <summary>Failures counted for one client address since <see cref="Since"/>.</summary>
public sealed record ThrottleWindow(int Failures, DateTimeOffset Since);

/// <summary>
/// Failed sign-ins (and password-reset requests) counted per client address in a fixed window: once
/// an address reaches the limit, further attempts from it are refused until its window ends.
/// Successful sign-ins never count, so many people behind one company address sign in freely; the
/// per-account lockout still stops guessing at one account from many addresses.
/// </summary>
public static class AddressThrottle
{
    /// <summary>The window after one more failure at <paramref name="now"/>.</summary>
    public static ThrottleWindow Fail(ThrottleWindow? current, DateTimeOffset now, TimeSpan window) =>
        current is null || now - current.Since >= window || now < current.Since
            ? new ThrottleWindow(1, now)
            : current with { Failures = current.Failures + 1 };

    /// <summary>How long the address must still wait, or null when it may try.</summary>
    public static TimeSpan? Blocked(ThrottleWindow? current, DateTimeOffset now, TimeSpan window, int limit) =>
        current is { } c && c.Failures >= limit && now >= c.Since && now - c.Since < window ? c.Since + window - now : null;

    /// <summary>Has the window ended (the entry can be forgotten)?</summary>
    public static bool Expired(ThrottleWindow current, DateTimeOffset now, TimeSpan window) => now - current.Since >= window;
}
