using System.Globalization;
using Hoshi.Data;
using Hoshi.Data.Lifecycle;
using Hoshi.Domain.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>The scheduler's settings.</summary>
public sealed class SchedulerSettings
{
    public const string Section = "Scheduler";

    /// <summary>Off in tests that drive the runner themselves with a fake clock.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the scheduler looks for due jobs.</summary>
    public int PollSeconds { get; set; } = 60;

    /// <summary>How long a node holds a job it runs; longer than any run, so a crashed node frees it.</summary>
    public int LeaseSeconds { get; set; } = 600;
}

/// <summary>Work the scheduler runs every <see cref="Interval"/>; it must be safe to run again after a crash.</summary>
public interface IScheduledJob
{
    string Name { get; }

    TimeSpan Interval { get; }

    /// <summary>Does the due work with services of its own scope; returns what it did, as a text key and a count.</summary>
    Task<JobResult> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct);
}

/// <summary>
/// What one run of a job did: a key of the jobs page's texts (<c>JobResult_{Key}</c>, ja/en) and a
/// count. Stored as <c>Key:Count</c> so that the page shows it in the reader's language.
/// </summary>
public readonly record struct JobResult(string Key, long Count)
{
    public override string ToString() => Key + ":" + Count.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a stored result; false for a text stored before results had keys.</summary>
    public static bool TryParse(string? stored, out JobResult result)
    {
        result = default;
        var colon = stored?.LastIndexOf(':') ?? -1;
        if (stored is null || colon <= 0 || !stored[..colon].All(char.IsAsciiLetter)
            || !long.TryParse(stored.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        result = new JobResult(stored[..colon], count);
        return true;
    }
}

/// <summary>What one pass of the runner did: the jobs it ran (and the ones that failed).</summary>
public sealed record SchedulerPass(IReadOnlyList<string> Ran, IReadOnlyList<string> Failed);

/// <summary>
/// Runs the jobs that are due. A job runs on one node at a time: the node first claims it with a
/// conditional update (due, and no unexpired lease), which exactly one of several nodes on the same
/// database wins; it then runs the job and records the outcome and the next run. A failure is
/// recorded with its error and retried at the next interval.
/// </summary>
public sealed class SchedulerRunner(IServiceScopeFactory scopes, IEnumerable<IScheduledJob> jobs, TimeProvider clock, IOptions<SchedulerSettings> settings, ILogger<SchedulerRunner> logger)
{
    public IReadOnlyList<IScheduledJob> Jobs { get; } = [.. jobs];

    public async Task<SchedulerPass> RunDueAsync(string owner, CancellationToken ct = default)
    {
        var ran = new List<string>();
        var failed = new List<string>();
        foreach (var job in Jobs)
        {
            var now = clock.GetUtcNow();
            if (!await ClaimAsync(job, owner, now, ct))
            {
                continue;
            }

            JobResult? result = null;
            Exception? error = null;
            using var activity = Shared.Telemetry.HoshiMetrics.StartBackground("job " + job.Name);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                result = await job.RunAsync(scope.ServiceProvider, now, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = e;
                logger.LogError(e, "Scheduled job {Job} failed.", job.Name);
            }

            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var finished = clock.GetUtcNow().UtcDateTime;
                var next = JobLease.NextRun(now, job.Interval).UtcDateTime;
                if (error is null)
                {
                    await db.ScheduledJobs.Where(j => j.Name == job.Name && j.LeaseOwner == owner).ExecuteUpdateAsync(u => u
                        .SetProperty(j => j.LastFinishedAt, finished).SetProperty(j => j.LastResult, Cut(result?.ToString(), 500))
                        .SetProperty(j => j.NextRunAt, next).SetProperty(j => j.Runs, j => j.Runs + 1)
                        .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseUntil, (DateTime?)null), ct);
                    ran.Add(job.Name);
                    Shared.Telemetry.HoshiMetrics.JobRuns.Add(1, new("job.name", job.Name), new("outcome", "ok"));
                }
                else
                {
                    var message = Cut(error.GetType().Name + ": " + error.Message, 2000);
                    await db.ScheduledJobs.Where(j => j.Name == job.Name && j.LeaseOwner == owner).ExecuteUpdateAsync(u => u
                        .SetProperty(j => j.LastFailedAt, finished).SetProperty(j => j.LastError, message)
                        .SetProperty(j => j.NextRunAt, next).SetProperty(j => j.Failures, j => j.Failures + 1)
                        .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseUntil, (DateTime?)null), ct);
                    failed.Add(job.Name);
                    Shared.Telemetry.HoshiMetrics.JobRuns.Add(1, new("job.name", job.Name), new("outcome", "failed"));
                }
            }
        }

        return new SchedulerPass(ran, failed);
    }

    /// <summary>Makes the job's row when missing, then claims it when it is due and free.</summary>
    private async Task<bool> ClaimAsync(IScheduledJob job, string owner, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await db.ScheduledJobs.AnyAsync(j => j.Name == job.Name, ct))
        {
            db.ScheduledJobs.Add(new ScheduledJobRecord { Name = job.Name, NextRunAt = now.UtcDateTime });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another node made it at the same moment.
                db.ChangeTracker.Clear();
            }
        }

        var at = now.UtcDateTime;
        var until = at.AddSeconds(settings.Value.LeaseSeconds);
        var claimed = await db.ScheduledJobs
            .Where(j => j.Name == job.Name && j.NextRunAt <= at && (j.LeaseUntil == null || j.LeaseUntil <= at))
            .ExecuteUpdateAsync(u => u.SetProperty(j => j.LeaseOwner, owner).SetProperty(j => j.LeaseUntil, until).SetProperty(j => j.LastStartedAt, at), ct);
        return claimed == 1;
    }

    private static string? Cut(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}

/// <summary>Asks the runner for due jobs every few minutes (by the app's clock), on every node.</summary>
public sealed class SchedulerService(SchedulerRunner runner, TimeProvider clock, IOptions<SchedulerSettings> settings, ILogger<SchedulerService> logger) : BackgroundService
{
    /// <summary>This node's name in leases.</summary>
    public static readonly string Node = NodeName();

    private static string NodeName()
    {
        var name = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        return name.Length <= 100 ? name : name[^100..];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Value.Enabled)
        {
            return;
        }

        // Let the database start-up (migrations) finish first.
        await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.RunDueAsync(Node, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The scheduler could not look for due jobs; it tries again at the next poll.");
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Max(5, settings.Value.PollSeconds)), clock, stoppingToken);
        }
    }
}
