using Hoshi.Data;
using Hoshi.Data.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Shared.Telemetry;

/// <summary>The database-backed figures an operator watches, read together.</summary>
public sealed record OperationsFigures(long OutboxBacklog, long OutboxFailing, double OutboxOldestSeconds, long ImportsQueued, long AuditPending, long JobsFailing, long JobsOverdue, bool AuditChainBroken);

/// <summary>The latest <see cref="OperationsFigures"/> (gauges read it: a scrape never waits on the database).</summary>
public sealed class OperationsSample(RegistrySnapshot snapshot)
{
    private long _readAtTick = Environment.TickCount64;

    public OperationsFigures Current { get; private set; } = new(0, 0, 0, 0, 0, 0, 0, false);

    public RegistrySnapshot Snapshot => snapshot;

    public TimeSpan Age => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _readAtTick));

    public void Set(OperationsFigures figures)
    {
        Current = figures;
        Interlocked.Exchange(ref _readAtTick, Environment.TickCount64);
    }

    /// <summary>Reads the figures (a handful of counts over small or indexed sets).</summary>
    public static async Task<OperationsFigures> ReadAsync(AppDbContext db, DateTime now, CancellationToken ct)
    {
        var unsent = db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null);
        var backlog = await unsent.LongCountAsync(ct);
        var failing = await unsent.LongCountAsync(m => m.FailedAttempts > 0, ct);
        var oldest = backlog == 0 ? (DateTime?)null : await unsent.MinAsync(m => (DateTime?)m.CreatedAt, ct);
        var imports = await db.SupplierImports.AsNoTracking().LongCountAsync(i => i.State == "queued" || i.State == "running", ct);
        var audit = await db.PendingAuditRecords.AsNoTracking().LongCountAsync(ct);
        var late = now.AddHours(-1);
        var jobs = await db.ScheduledJobs.AsNoTracking().Select(j => new { j.Name, j.LastFailedAt, j.LastFinishedAt, j.NextRunAt }).ToListAsync(ct);
        static bool Failing(DateTime? failedAt, DateTime? finishedAt) => failedAt is { } at && (finishedAt is null || finishedAt < at);
        return new OperationsFigures(
            backlog,
            failing,
            oldest is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0,
            imports,
            audit,
            jobs.Count(j => Failing(j.LastFailedAt, j.LastFinishedAt)),
            jobs.Count(j => j.NextRunAt < late),
            jobs.Any(j => j.Name == Features.Lifecycle.AuditVerifyJob.JobName && Failing(j.LastFailedAt, j.LastFinishedAt)));
    }
}

/// <summary>Reads <see cref="OperationsFigures"/> every <see cref="TelemetrySettings.SampleSeconds"/> while metrics are on.</summary>
public sealed class OperationsSampler(IServiceScopeFactory scopes, OperationsSample sample, IOptions<TelemetrySettings> settings, TimeProvider clock, ILogger<OperationsSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Value.Metrics)
        {
            return;
        }

        await Task.Yield();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, settings.Value.SampleSeconds)));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                sample.Set(await OperationsSample.ReadAsync(db, clock.GetUtcNow().UtcDateTime, stoppingToken));
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                // The database may be migrating or away: the sample's age shows it.
                logger.LogWarning(e, "Operations figures: will read again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
