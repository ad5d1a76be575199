using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data;

/// <summary>The one place that knows about providers: options, migrations assemblies, quirks.</summary>
public static class HoshiDatabase
{
    public const string SqliteMigrationsAssembly = "Hoshi.Data.Sqlite";
    public const string PostgresMigrationsAssembly = "Hoshi.Data.Postgres";

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseSetting setting)
    {
        switch (setting.Provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(SqliteConnectionString(setting.Target), o => o.MigrationsAssembly(SqliteMigrationsAssembly))
                    .AddInterceptors(SqliteConnectionSettings.Instance, StatementCounter.Instance);
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(setting.Target, o => o.MigrationsAssembly(PostgresMigrationsAssembly))
                    .AddInterceptors(StatementCounter.Instance);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(setting));
        }

        return options;
    }

    public static string SqliteConnectionString(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = full,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Applies pending migrations and provider settings that belong with the schema.</summary>
    public static async Task MigrateAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer writes; it is a property of the file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        await BaselineSquashedChainAsync(db, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// The last migration of the development chain squashed into one initial migration per
    /// provider on 2026-12-04 (before the first release; see README.md): SQLite's, PostgreSQL's.
    /// A database at that point has the squashed schema (SchemaTests proves it).
    /// </summary>
    private static readonly string[] SquashedChainLast = ["20261204032122_CorporateNumberLetters", "20261204032130_CorporateNumberLetters"];

    /// <summary>
    /// A development database made by the squashed chain is recorded as having the new initial
    /// migration (its schema is the same), so it is not built again; one made by an older
    /// development build, part way along that chain, is refused with what to do.
    /// </summary>
    private static async Task BaselineSquashedChainAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var known = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        if (applied.Count == 0 || applied.Any(known.Contains))
        {
            return;
        }

        if (!applied.Any(SquashedChainLast.Contains))
        {
            throw new InvalidOperationException(
                $"This database was made by an older development build of Hoshi (its last migration is {applied.Max(StringComparer.Ordinal)}), whose migrations have since been squashed. " +
                "Run that build's './hoshi migrate' once, or, for development data, delete the database (e.g. ./data/hoshi.db) and run './hoshi seed-demo' again.");
        }

        var initial = known[0];
        var product = typeof(DbContext).Assembly.GetName().Version!.ToString(3);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\"", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({0}, {1})", [initial, product], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>True when the database answers and has every migration applied.</summary>
    public static async Task<bool> IsReadyAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return false;
            }

            return !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any();
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            return false;
        }
    }
}
