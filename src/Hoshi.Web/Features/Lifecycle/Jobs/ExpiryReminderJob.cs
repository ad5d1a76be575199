using Hoshi.Data.Assessments;
using Hoshi.Domain.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// <c>expiry-reminders</c>: for each valid entry within 90 days of its last day, the reminder the
/// day calls for (90, 30 or 7 days before) to its holder's administrators and its buyers, once.
/// </summary>
public sealed class ExpiryReminderJob(IOptions<LifecycleSettings> settings) : PerItemJob<RegistryEntryRecord>
{
    public override string Name => "expiry-reminders";

    public override TimeSpan Interval => TimeSpan.FromMinutes(30);

    protected override async Task<IReadOnlyList<RegistryEntryRecord>> DueAsync(JobRun run, CancellationToken ct)
    {
        var horizon = run.Today.AddDays(settings.Value.ReminderDays.DefaultIfEmpty(0).Max());
        return await run.Db.RegistryEntries.AsNoTracking().Include(e => e.Subjects)
            .Where(e => e.Status == "valid" && e.ValidUntil >= run.Today && e.ValidUntil <= horizon).ToListAsync(ct);
    }

    protected override async Task<int> HandleAsync(JobRun run, RegistryEntryRecord entry, CancellationToken ct) =>
        LifecycleRules.ReminderDue(entry.ValidUntil, run.Today, settings.Value) is { Stage: ReminderStage.Before } reminder
            ? await ExpiryNotices.TellAsync(run.Services, entry, "expiry-reminder", $"entry:{entry.Id}:{reminder.Key}", run.Now, ct)
            : 0;

    protected override JobResult Summary(int count) => new("Reminders", count);
}
