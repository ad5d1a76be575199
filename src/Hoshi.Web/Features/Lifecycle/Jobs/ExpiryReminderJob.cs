using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// <c>expiry-reminders</c>: for each valid entry within 90 days of its last day, the reminder the
/// day calls for (90, 30 or 7 days before) to its holder's administrators and its buyers, once.
/// </summary>
public sealed class ExpiryReminderJob(IOptions<LifecycleSettings> settings) : IScheduledJob
{
    public string Name => "expiry-reminders";

    public TimeSpan Interval => TimeSpan.FromMinutes(30);

    public async Task<string> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var today = JapanTime.DateOf(now);
        var horizon = today.AddDays(settings.Value.ReminderDays.DefaultIfEmpty(0).Max());
        var entries = await db.RegistryEntries.AsNoTracking().Include(e => e.Subjects)
            .Where(e => e.Status == "valid" && e.ValidUntil >= today && e.ValidUntil <= horizon).ToListAsync(ct);
        var sent = 0;
        foreach (var entry in entries)
        {
            if (LifecycleRules.ReminderDue(entry.ValidUntil, today, settings.Value) is not { Stage: ReminderStage.Before } reminder)
            {
                continue;
            }

            db.ChangeTracker.Clear();
            sent += await ExpiryNotices.TellAsync(services, entry, "expiry-reminder", $"entry:{entry.Id}:{reminder.Key}", now, ct);
            await db.SaveChangesAsync(ct);
        }

        return $"{sent} reminders";
    }
}
