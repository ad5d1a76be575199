using System.Linq.Expressions;
using Hoshi.Data.Assessments;
using Hoshi.Domain.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// <c>expiry-reminders</c>: for each valid entry within 90 days of its last day, the reminder the
/// day calls for (90, 30 or 7 days before) to its holder's administrators and its buyers, once.
/// The entry keeps the stage sent (<see cref="RegistryEntryRecord.ReminderSentDaysBefore"/>), so a
/// run reads only the entries that owe a reminder — a few thousand a day in a national registry,
/// not every entry within 90 days of its end — in batches, so a first run after a long pause or an
/// upgrade holds one batch in memory at a time.
/// </summary>
public sealed class ExpiryReminderJob(IOptions<LifecycleSettings> settings) : IScheduledJob
{
    /// <summary>Entries read and handled at a time.</summary>
    internal const int BatchSize = 500;

    public string Name => "expiry-reminders";

    public TimeSpan Interval => TimeSpan.FromMinutes(30);

    public async Task<JobResult> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var run = new JobRun(services, now);
        var book = run.Get<Registry.RegistryBook>();
        var owing = Owing(run.Today, settings.Value);
        var handled = new HashSet<Guid>();
        var told = 0;
        // In the order of the index, from the last day of the batch before: the entries of earlier
        // days are all handled, so a batch does not read them again.
        var from = run.Today;
        while (true)
        {
            run.Db.ChangeTracker.Clear();
            var batch = await run.Db.RegistryEntries.AsNoTracking().Include(e => e.Subjects).Where(owing).Where(e => e.ValidUntil >= from)
                .OrderBy(e => e.ValidUntil).Take(BatchSize).ToListAsync(ct);
            // An entry seen twice would mean its stage was not recorded: stop rather than loop.
            if (batch.Count == 0 || !batch.TrueForAll(e => handled.Add(e.Id)))
            {
                break;
            }

            var audience = await ExpiryNotices.AudienceAsync(run.Db, batch, ct);
            var sent = new List<(Guid Entry, int DaysBefore)>(batch.Count);
            foreach (var entry in batch)
            {
                if (LifecycleRules.ReminderOwed(entry.ValidUntil, run.Today, settings.Value, entry.ReminderSentDaysBefore) is not { } reminder)
                {
                    continue;
                }

                run.Db.ChangeTracker.Clear();
                told += await ExpiryNotices.TellAsync(run.Services, entry, audience, "expiry-reminder", $"entry:{entry.Id}:{reminder.Key}", run.Now, ct);
                if (run.Db.ChangeTracker.HasChanges())
                {
                    await run.Db.SaveChangesAsync(ct);
                }

                sent.Add((entry.Id, reminder.DaysBefore));
            }

            // Recorded after the notifications are saved: a crash in between sends nothing twice
            // (a notification is once per key and person), it only reads those entries again.
            foreach (var stage in sent.GroupBy(s => s.DaysBefore))
            {
                await book.RecordReminderSentAsync([.. stage.Select(s => s.Entry)], stage.Key, ct);
            }

            if (batch.Count < BatchSize)
            {
                break;
            }

            from = batch[^1].ValidUntil;
        }

        return new JobResult("Reminders", told);
    }

    /// <summary>
    /// Valid entries that owe a reminder today, as SQL: for some stage of N days, at most N days
    /// left and no reminder sent yet for N days or fewer (<see cref="LifecycleRules.ReminderOwed"/>).
    /// </summary>
    internal static Expression<Func<RegistryEntryRecord, bool>> Owing(DateOnly today, LifecycleSettings settings)
    {
        var entry = Expression.Parameter(typeof(RegistryEntryRecord), "e");
        var until = Expression.Property(entry, nameof(RegistryEntryRecord.ValidUntil));
        var sent = Expression.Property(entry, nameof(RegistryEntryRecord.ReminderSentDaysBefore));
        Expression owes = Expression.Constant(false);
        foreach (var days in settings.ReminderDays.Distinct())
        {
            // Constants wrapped as captured values, so the SQL takes them as parameters.
            var last = Expression.Property(Expression.Constant(new DayBound(today.AddDays(days))), nameof(DayBound.Day));
            var stage = Expression.Property(Expression.Constant(new StageBound(days)), nameof(StageBound.Days));
            owes = Expression.OrElse(owes, Expression.AndAlso(
                Expression.LessThanOrEqual(until, last),
                Expression.OrElse(Expression.Equal(sent, Expression.Constant(null, typeof(int?))), Expression.GreaterThan(sent, stage))));
        }

        var valid = Expression.Equal(Expression.Property(entry, nameof(RegistryEntryRecord.Status)), Expression.Constant("valid"));
        var notOver = Expression.GreaterThanOrEqual(until, Expression.Property(Expression.Constant(new DayBound(today)), nameof(DayBound.Day)));
        // The range of the index to read: from today to the first stage's day.
        var first = today.AddDays(settings.ReminderDays.DefaultIfEmpty(-1).Max());
        var withinFirst = Expression.LessThanOrEqual(until, Expression.Property(Expression.Constant(new DayBound(first)), nameof(DayBound.Day)));
        return Expression.Lambda<Func<RegistryEntryRecord, bool>>(Expression.AndAlso(valid, Expression.AndAlso(notOver, Expression.AndAlso(withinFirst, owes))), entry);
    }

    private sealed record DayBound(DateOnly Day);

    private sealed record StageBound(int? Days);
}
