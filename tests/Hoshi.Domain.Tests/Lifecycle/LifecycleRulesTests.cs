using Hoshi.Domain.Lifecycle;

namespace Hoshi.Domain.Tests.Lifecycle;

public sealed class LifecycleRulesTests
{
    private static readonly LifecycleSettings Defaults = new();
    private static readonly DateOnly Until = new(2027, 3, 31);

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void A_valid_entry_expires_the_day_after_its_last_valid_day(int daysAfter, bool expires) =>
        Assert.Equal(expires, LifecycleRules.ShouldExpire("valid", Until, Until.AddDays(daysAfter)));

    [Theory]
    [InlineData("suspended")]
    [InlineData("revoked")]
    [InlineData("expired")]
    public void Only_valid_entries_are_recorded_as_expired(string recorded) =>
        Assert.False(LifecycleRules.ShouldExpire(recorded, Until, Until.AddDays(10)));

    [Theory]
    [InlineData(Level.Star3, 91, false)]
    [InlineData(Level.Star3, 90, true)]
    [InlineData(Level.Star3, 0, true)]
    [InlineData(Level.Star3, -1, false)]
    [InlineData(Level.Star4, 181, false)]
    [InlineData(Level.Star4, 180, true)]
    [InlineData(Level.Star4, 1, true)]
    public void A_renewal_opens_90_days_before_a_star3_and_180_days_before_a_star4_expires(Level level, int daysBefore, bool open) =>
        Assert.Equal(open, LifecycleRules.RenewalOpen(level, Until, Until.AddDays(-daysBefore), Defaults));

    [Fact]
    public void The_renewal_window_opens_on_a_day_named_by_the_level()
    {
        Assert.Equal(new DateOnly(2026, 12, 31), LifecycleRules.RenewalOpensOn(Level.Star3, Until, Defaults));
        Assert.Equal(new DateOnly(2026, 10, 2), LifecycleRules.RenewalOpensOn(Level.Star4, Until, Defaults));
        Assert.True(LifecycleRules.RenewalOpen(Level.Star3, Until, LifecycleRules.RenewalOpensOn(Level.Star3, Until, Defaults), Defaults));
        Assert.Throws<ArgumentOutOfRangeException>(() => LifecycleRules.RenewalOpensOn(Level.Star5, Until, Defaults));
    }

    [Fact]
    public void A_renewal_registered_in_time_follows_without_a_gap_and_a_late_one_starts_on_its_day()
    {
        Assert.Equal(Until.AddDays(1), LifecycleRules.ValidFrom(Until.AddDays(-20), Until));
        Assert.Equal(Until.AddDays(1), LifecycleRules.ValidFrom(Until, Until));
        Assert.Equal(Until.AddDays(3), LifecycleRules.ValidFrom(Until.AddDays(3), Until));
        Assert.Equal(Until.AddDays(-5), LifecycleRules.ValidFrom(Until.AddDays(-5), null));
    }

    [Fact]
    public void A_renewal_of_an_entry_ending_on_a_leap_day_starts_on_the_first_of_march()
    {
        var leap = new DateOnly(2028, 2, 29);
        Assert.Equal(new DateOnly(2028, 3, 1), LifecycleRules.ValidFrom(leap.AddDays(-30), leap));
        Assert.Equal(new DateOnly(2029, 2, 28), Hoshi.Domain.Registry.RegistryValidity.ValidUntil(Level.Star3, new DateOnly(2028, 3, 1)));
    }

    [Theory]
    [InlineData(91, null)]
    [InlineData(90, "before-90")]
    [InlineData(89, "before-90")]
    [InlineData(31, "before-90")]
    [InlineData(30, "before-30")]
    [InlineData(8, "before-30")]
    [InlineData(7, "before-7")]
    [InlineData(0, "before-7")]
    [InlineData(-1, "expired")]
    [InlineData(-7, "expired")]
    [InlineData(-8, null)]
    public void Reminders_are_due_at_90_30_and_7_days_and_the_day_after(int daysLeft, string? key) =>
        Assert.Equal(key, LifecycleRules.ReminderDue(Until, Until.AddDays(-daysLeft), Defaults)?.Key);

    [Fact]
    public void Reminder_days_are_settings()
    {
        var settings = new LifecycleSettings { ReminderDays = [60, 14] };
        Assert.Null(LifecycleRules.ReminderDue(Until, Until.AddDays(-61), settings));
        Assert.Equal("before-60", LifecycleRules.ReminderDue(Until, Until.AddDays(-60), settings)?.Key);
        Assert.Equal("before-14", LifecycleRules.ReminderDue(Until, Until.AddDays(-3), settings)?.Key);
    }

    [Theory]
    [InlineData(91, null, null)]
    [InlineData(90, null, "before-90")]
    [InlineData(60, null, "before-90")]
    [InlineData(60, 90, null)]
    [InlineData(30, 90, "before-30")]
    [InlineData(12, 90, "before-30")]
    [InlineData(12, 30, null)]
    [InlineData(5, 30, "before-7")]
    [InlineData(5, null, "before-7")]
    [InlineData(0, 7, null)]
    [InlineData(-1, null, null)]
    [InlineData(-1, 7, null)]
    public void A_reminder_is_owed_once_per_stage_and_a_missed_stage_is_not_sent_late(int daysLeft, int? sent, string? key) =>
        Assert.Equal(key, LifecycleRules.ReminderOwed(Until, Until.AddDays(-daysLeft), Defaults, sent)?.Key);

    [Fact]
    public void A_stage_sent_under_other_settings_counts_as_sent_for_the_stages_before_it()
    {
        // Sent at 60 days under old settings; the new ones remind at 90, 30 and 7: nothing until 30.
        Assert.Null(LifecycleRules.ReminderOwed(Until, Until.AddDays(-45), Defaults, 60));
        Assert.Equal("before-30", LifecycleRules.ReminderOwed(Until, Until.AddDays(-30), Defaults, 60)?.Key);
    }

    [Theory]
    [InlineData(61, false)]
    [InlineData(60, true)]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    public void Experts_are_warned_60_days_before_their_training_lapses(int daysLeft, bool warn) =>
        Assert.Equal(warn, LifecycleRules.TrainingWarningDue(Until, Until.AddDays(-daysLeft), Defaults));

    [Fact]
    public void The_last_valid_day_ends_at_midnight_japan_time_which_is_15_00_utc()
    {
        var lastMoment = new DateTimeOffset(2027, 3, 31, 14, 59, 59, TimeSpan.Zero);
        Assert.False(LifecycleRules.ShouldExpire("valid", Until, JapanTime.DateOf(lastMoment)));
        Assert.True(LifecycleRules.ShouldExpire("valid", Until, JapanTime.DateOf(lastMoment.AddSeconds(1))));
    }

    [Fact]
    public void A_lease_may_be_claimed_when_none_is_held_or_it_has_lapsed()
    {
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        Assert.True(JobLease.MayClaim(null, now));
        Assert.True(JobLease.MayClaim(now, now));
        Assert.False(JobLease.MayClaim(now.AddSeconds(1), now));
        Assert.Equal(now.AddMinutes(5), JobLease.NextRun(now, TimeSpan.FromMinutes(5)));
    }
}
