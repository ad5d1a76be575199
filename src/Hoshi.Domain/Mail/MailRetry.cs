namespace Hoshi.Domain.Mail;

/// <summary>
/// When to try a failed mail again: after 1 minute, then doubling (2, 4, 8 … minutes) up to once an
/// hour, for as long as it takes. A mail is never given up on; operators see long-failing ones.
/// </summary>
public static class MailRetry
{
    public static readonly TimeSpan First = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    /// <summary>How long a sender holds a claimed mail before another may take it over.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    /// <summary>Attempts after which a mail counts as stuck for the operator's view.</summary>
    public const int StuckAfterAttempts = 10;

    /// <summary>The delay after the <paramref name="failedAttempts"/>-th failed attempt (1 = the first failure).</summary>
    public static TimeSpan DelayAfter(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        if (failedAttempts > 20)
        {
            return Longest;
        }

        var delay = TimeSpan.FromTicks(First.Ticks << (failedAttempts - 1));
        return delay > Longest ? Longest : delay;
    }

    public static DateTimeOffset NextAttempt(int failedAttempts, DateTimeOffset now) => now + DelayAfter(failedAttempts);
}
