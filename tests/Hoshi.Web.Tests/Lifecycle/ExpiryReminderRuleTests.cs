using Hoshi.Data.Assessments;
using Hoshi.Domain.Lifecycle;
using Hoshi.Web.Features.Lifecycle;

namespace Hoshi.Web.Tests.Lifecycle;

/// <summary>
/// The reminder rule is written twice: in C# (<see cref="LifecycleRules.ReminderOwed"/>, which the
/// job asks per entry) and as the SQL filter that picks the entries to read
/// (<see cref="ExpiryReminderJob.Owing"/>). They must pick the same entries, or the job would read
/// an entry it then skips (and stop there) or never read one that owes a reminder.
/// </summary>
public sealed class ExpiryReminderRuleTests
{
    public static TheoryData<int[]> Stages => new() { new[] { 90, 30, 7 }, new[] { 60 }, new[] { 14, 1, 0 }, Array.Empty<int>() };

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_SQL_filter_picks_exactly_the_entries_the_rule_owes_a_reminder(int[] days)
    {
        var settings = new LifecycleSettings { ReminderDays = days };
        var today = new DateOnly(2027, 3, 15);
        var owing = ExpiryReminderJob.Owing(today, settings).Compile();
        var checkedCases = 0;
        var owed = 0;
        foreach (var status in new[] { "valid", "expired", "withdrawn" })
        {
            for (var left = -10; left <= 120; left++)
            {
                foreach (var sent in new int?[] { null, 0, 1, 7, 14, 30, 60, 90, 120 })
                {
                    var until = today.AddDays(left);
                    var entry = new RegistryEntryRecord { Status = status, ValidUntil = until, ReminderSentDaysBefore = sent, ScopeSummary = "全社" };
                    var rule = status == "valid" && LifecycleRules.ReminderOwed(until, today, settings, sent) is not null;
                    var filter = owing(entry);
                    Assert.True(rule == filter, $"stages {string.Join("/", days)}, {status}, {left} days left, sent {sent?.ToString() ?? "none"}: rule {rule}, filter {filter}");
                    checkedCases++;
                    owed += rule ? 1 : 0;
                }
            }
        }

        Assert.Equal(3 * 131 * 9, checkedCases);
        Assert.Equal(days.Length == 0, owed == 0);
    }
}
