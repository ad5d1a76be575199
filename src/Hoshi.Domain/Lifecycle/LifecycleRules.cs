namespace Hoshi.Domain.Lifecycle;

/// <summary>The lifecycle's settings, with the scheme's defaults.</summary>
public sealed record LifecycleSettings
{
    /// <summary>How many days before expiry a ★3 renewal round may start.</summary>
    public int Star3RenewalWindowDays { get; init; } = 90;

    /// <summary>How many days before expiry a ★4 renewal evaluation may start.</summary>
    public int Star4RenewalWindowDays { get; init; } = 180;

    /// <summary>Reminders of an approaching expiry, in days before the last valid day.</summary>
    public IReadOnlyList<int> ReminderDays { get; init; } = [90, 30, 7];

    /// <summary>Experts are warned this many days before their training lapses.</summary>
    public int TrainingWarningDays { get; init; } = 60;

    /// <summary>Days after a ★4 holder's yearly self-assessment window closed, unsubmitted, before Hoshi proposes the suspension.</summary>
    public int YearlySuspensionGraceDays { get; init; } = Registry.SuspensionProposals.DefaultGraceDays;

    public int RenewalWindowDays(Level level) => level switch
    {
        Level.Star3 => Star3RenewalWindowDays,
        Level.Star4 => Star4RenewalWindowDays,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "★5 has no renewal rules yet."),
    };
}

/// <summary>Which expiry reminder a day calls for.</summary>
public enum ReminderStage
{
    /// <summary>N days before the last valid day (N from <see cref="LifecycleSettings.ReminderDays"/>).</summary>
    Before,

    /// <summary>The day after the last valid day: the star has expired.</summary>
    Expired,
}

/// <summary>A reminder with the stable part of its key: the same reminder is never sent twice to the same person.</summary>
public sealed record Reminder(ReminderStage Stage, int DaysBefore)
{
    public string Key => Stage == ReminderStage.Expired ? "expired" : $"before-{DaysBefore}";
}

/// <summary>
/// Validity over time, in Japan time: an entry is valid through its last valid day and expires at
/// the midnight that ends it; a renewal may start within the window before expiry and, when it
/// succeeds in time, its validity follows the old one without a gap; reminders go out 90, 30 and 7
/// days before and on the day after.
/// </summary>
public static class LifecycleRules
{
    /// <summary>Whether a recorded "valid" entry is to be recorded as expired on <paramref name="today"/>.</summary>
    public static bool ShouldExpire(string recordedStatus, DateOnly validUntil, DateOnly today) =>
        recordedStatus == "valid" && today > validUntil;

    /// <summary>Whether a renewal may start on <paramref name="today"/> for an entry valid until <paramref name="validUntil"/>.</summary>
    public static bool RenewalOpen(Level level, DateOnly validUntil, DateOnly today, LifecycleSettings settings) =>
        today <= validUntil && today >= validUntil.AddDays(-settings.RenewalWindowDays(level));

    /// <summary>The first day a renewal of an entry valid until <paramref name="validUntil"/> may start.</summary>
    public static DateOnly RenewalOpensOn(Level level, DateOnly validUntil, LifecycleSettings settings) =>
        validUntil.AddDays(-settings.RenewalWindowDays(level));

    /// <summary>
    /// The first valid day of a new registration on <paramref name="registeredOn"/>: the day after
    /// the current entry's last day when this is a renewal registered while that entry is still
    /// valid (no gap, no overlap); otherwise the day of registration.
    /// </summary>
    public static DateOnly ValidFrom(DateOnly registeredOn, DateOnly? currentValidUntil) =>
        currentValidUntil is { } until && until >= registeredOn ? until.AddDays(1) : registeredOn;

    /// <summary>
    /// The reminder the day calls for, if any: the latest stage reached (a job that missed days
    /// sends that one only, not every stage it passed), never before the first stage.
    /// </summary>
    public static Reminder? ReminderDue(DateOnly validUntil, DateOnly today, LifecycleSettings settings)
    {
        if (today > validUntil)
        {
            // The day after, and a few days more in case the job could not run that day.
            return today <= validUntil.AddDays(7) ? new Reminder(ReminderStage.Expired, 0) : null;
        }

        var left = validUntil.DayNumber - today.DayNumber;
        var reached = settings.ReminderDays.Where(d => left <= d).DefaultIfEmpty(-1).Min();
        return reached < 0 ? null : new Reminder(ReminderStage.Before, reached);
    }

    /// <summary>
    /// The reminder still owed before expiry, given the stage already sent for the entry
    /// (<paramref name="sentDaysBefore"/>, the smallest number of days before of a reminder that
    /// went out; null: none yet): the stage the day calls for, when it is a later one than that.
    /// </summary>
    public static Reminder? ReminderOwed(DateOnly validUntil, DateOnly today, LifecycleSettings settings, int? sentDaysBefore) =>
        ReminderDue(validUntil, today, settings) is { Stage: ReminderStage.Before } due && (sentDaysBefore is not { } sent || due.DaysBefore < sent) ? due : null;

    /// <summary>Whether an expert's training (valid through <paramref name="trainingValidUntil"/>) calls for the warning.</summary>
    public static bool TrainingWarningDue(DateOnly trainingValidUntil, DateOnly today, LifecycleSettings settings) =>
        today <= trainingValidUntil && trainingValidUntil.DayNumber - today.DayNumber <= settings.TrainingWarningDays;
}

/// <summary>
/// A scheduled job's lease: a node may run the job when no other node holds an unexpired lease;
/// the lease is longer than any run, so a node that crashes mid-run frees the job when it lapses.
/// </summary>
public static class JobLease
{
    public static bool MayClaim(DateTimeOffset? leaseUntil, DateTimeOffset now) => leaseUntil is not { } until || until <= now;

    /// <summary>When the job runs next: its interval after the start of this run.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset startedAt, TimeSpan interval) => startedAt + interval;
}
