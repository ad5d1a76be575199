using Hoshi.Data;
using Hoshi.Web.Features.Catalog;

namespace Hoshi.Web.Shared;

/// <summary>Brings a database up to date: migrations, then the shipped catalogs if none is there.</summary>
public sealed class DatabaseInitializer(AppDbContext db, CatalogStore catalogs, DatabaseSetting setting, ILogger<DatabaseInitializer> logger)
{
    /// <summary>Setting: migrate at start (default; one node, the embedded database). Several nodes set it false and run './hoshi migrate' once.</summary>
    public const string MigrateOnStartKey = "Hoshi:MigrateOnStart";

    /// <summary>Refuses to go on when the schema is not exactly the one this build knows (a node that does not migrate).</summary>
    public async Task CheckSchemaAsync(CancellationToken cancellationToken = default)
    {
        logger.LogInformation("Database: {Database} (not migrating at start: {Key}=false)", setting.Describe(), MigrateOnStartKey);
        await HoshiDatabase.CheckSchemaAsync(db, cancellationToken);
    }

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        logger.LogInformation("Database: {Database}", setting.Describe());
        await HoshiDatabase.MigrateAsync(db, cancellationToken);

        // Audit records a crash left between a commit and its chaining pass.
        if (await Data.Audit.AuditChaining.ChainPendingAsync(db, cancellationToken) is > 0 and var chained)
        {
            logger.LogInformation("Audit: {Count} pending records chained", chained);
        }
    }

    /// <summary>Imports the catalogs shipped with Hoshi when the database holds no catalog yet.</summary>
    public async Task ImportShippedCatalogsIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        if (await catalogs.AnyAsync(cancellationToken))
        {
            return;
        }

        foreach (var result in await catalogs.ImportShippedAsync("system", cancellationToken))
        {
            logger.LogInformation("Catalog {Id}: {Outcome}", result.Id, result.Outcome);
        }
    }
}

/// <summary>On start of the web application: migrate, then import shipped catalogs on an empty database.</summary>
public sealed class DatabaseStartup(IServiceScopeFactory scopes, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        // No key file, no start: the key ring would otherwise be written unencrypted, or unreadable by the other nodes.
        _ = scope.ServiceProvider.GetRequiredService<KeyFileKeys>();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        if (configuration.GetValue(DatabaseInitializer.MigrateOnStartKey, true))
        {
            await initializer.MigrateAsync(cancellationToken);
            await initializer.ImportShippedCatalogsIfEmptyAsync(cancellationToken);
        }
        else
        {
            await initializer.CheckSchemaAsync(cancellationToken);
        }

        await scope.ServiceProvider.GetRequiredService<Features.Registry.RegistryBook>().PrepareAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
