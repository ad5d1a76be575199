using Hoshi.Data.Registry;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Registry;

/// <summary>
/// Loads the registry snapshot after start (the application answers meanwhile, from the database)
/// and applies the log's new leaves every <see cref="RegistrySettings.SnapshotSyncSeconds"/>.
/// </summary>
public sealed class RegistrySnapshotService(RegistrySnapshot snapshot, IOptions<RegistrySettings> settings, ILogger<RegistrySnapshotService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Value.Snapshot)
        {
            return;
        }

        // Let the application start (and migrate) first.
        await Task.Yield();
        var delay = TimeSpan.FromSeconds(Math.Max(0.1, settings.Value.SnapshotSyncSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!snapshot.IsLoaded)
                {
                    var started = System.Diagnostics.Stopwatch.StartNew();
                    await snapshot.LoadAsync(stoppingToken);

                    // Reading a million rows leaves a heap of short-lived strings behind; give the
                    // memory back to the system once instead of carrying it for the life of the process.
                    System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    logger.LogInformation("Registry snapshot: {Count} entries loaded in {Seconds:N1} s.", snapshot.Count, started.Elapsed.TotalSeconds);
                }
                else
                {
                    await snapshot.SyncAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or System.Text.Json.JsonException or TimeoutException)
            {
                // The database may still be migrating or briefly away: the lookup falls back to it, and we try again.
                logger.LogWarning(e, "Registry snapshot: will try again.");
            }

            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
