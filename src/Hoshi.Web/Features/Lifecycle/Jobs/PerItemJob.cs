using Hoshi.Data;
using Hoshi.Domain;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>One run of a job: its scope's services, the database, the notifier, and the moment it runs.</summary>
public sealed class JobRun(IServiceProvider services, DateTimeOffset now)
{
    public DateTimeOffset Now => now;

    /// <summary>Today in Japan, the day the scheme's dates are counted in.</summary>
    public DateOnly Today { get; } = JapanTime.DateOf(now);

    public AppDbContext Db { get; } = services.GetRequiredService<AppDbContext>();

    public Notifier Notifier { get; } = services.GetRequiredService<Notifier>();

    public IServiceProvider Services => services;

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();
}

/// <summary>
/// The skeleton of Hoshi's scheduled jobs: find what is due, then handle each item on its own and
/// save it before the next, so a crash loses at most the item in hand and the next run takes the
/// rest (notifications are once per key, so an item handled twice tells nobody twice).
/// </summary>
public abstract class PerItemJob<TItem> : IScheduledJob
{
    public abstract string Name { get; }

    public abstract TimeSpan Interval { get; }

    /// <summary>The items due now, read without tracking.</summary>
    protected abstract Task<IReadOnlyList<TItem>> DueAsync(JobRun run, CancellationToken ct);

    /// <summary>Handles one item (its writes are saved after it); returns how many it counts for the summary.</summary>
    protected abstract Task<int> HandleAsync(JobRun run, TItem item, CancellationToken ct);

    /// <summary>What the run did: its text key and the count.</summary>
    protected abstract JobResult Summary(int count);

    public async Task<JobResult> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var run = new JobRun(services, now);
        var count = 0;
        foreach (var item in await DueAsync(run, ct))
        {
            run.Db.ChangeTracker.Clear();
            count += await HandleAsync(run, item, ct);
            await run.Db.SaveChangesAsync(ct);
        }

        return Summary(count);
    }
}
