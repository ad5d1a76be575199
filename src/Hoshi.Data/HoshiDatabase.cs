using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data;

/// <summary>The database's schema is not the one this build of Hoshi knows; the message says what to do.</summary>
public sealed class SchemaMismatchException(string message) : InvalidOperationException(message);

/// <summary>The one place that knows about providers: options, migrations assemblies, quirks.</summary>
public static class HoshiDatabase
{
    public const string SqliteMigrationsAssembly = "Hoshi.Data.Sqlite";
    public const string PostgresMigrationsAssembly = "Hoshi.Data.Postgres";

    /// <summary>
    /// The options of every context. A list in a query (<c>ids.Contains(x.Id)</c>) goes to the database
    /// as one parameter (SQLite: a JSON array read with <c>json_each</c>; PostgreSQL: an array,
    /// <c>= ANY</c>, which its provider does anyway), not as one parameter per item (EF Core 10's
    /// default on SQLite): with one parameter per item the SQL depends on the list's length, so EF
    /// Core cannot keep it and builds it again on every execution (a profile of the home page under
    /// load found that among its largest costs).
    /// </summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseSetting setting)
    {
        switch (setting.Provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(SqliteConnectionString(setting.Target), o => o.MigrationsAssembly(SqliteMigrationsAssembly).UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                    .AddInterceptors(SqliteConnectionSettings.Instance, StatementCounter.Instance, Audit.AuditChainer.Instance);
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(PostgresConnectionString(setting.Target), o => o.MigrationsAssembly(PostgresMigrationsAssembly).UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                    .AddInterceptors(StatementCounter.Instance, Audit.AuditChainer.Instance);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(setting));
        }

        return options;
    }

    /// <summary>How many statements a PostgreSQL connection keeps prepared, when its setting does not say.</summary>
    public const int PostgresAutoPrepare = 64;

    /// <summary>
    /// The PostgreSQL connection string, with Npgsql's automatic preparation on unless the setting
    /// says otherwise (<c>Max Auto Prepare</c>): a statement a connection has sent twice is prepared
    /// on the server and from then on sent without its text, and PostgreSQL neither parses nor plans
    /// it again. Every page and save sends the same few statements, so the server's CPU for them (on
    /// the machine the nodes share with it, or not) drops (bench/RESULTS.md).
    /// </summary>
    public static string PostgresConnectionString(string target)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = target };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return target;
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(target) { MaxAutoPrepare = PostgresAutoPrepare, AutoPrepareMinUsages = 2 }.ConnectionString;
    }

    public static string SqliteConnectionString(string path)
    {
        SqliteProcessSettings.Apply();
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
        var agreement = Agreement.Of(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(cancellationToken));
        if (agreement.Newer)
        {
            throw new SchemaMismatchException(agreement.Problem()!);
        }

        // Up to date: nothing to apply, so no migration lock and no comparison of the model with the
        // migrations' snapshot at every start (PendingModelChangesTests makes that check in the tests).
        if (agreement.Older)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>
    /// For a node that does not migrate (<c>Hoshi:MigrateOnStart=false</c>, several nodes on one
    /// database): refuses a schema older or newer than this build knows, saying what to do.
    /// </summary>
    public static async Task CheckSchemaAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var agreement = Agreement.Of(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(cancellationToken));
        if (agreement.Problem() is { } problem)
        {
            throw new SchemaMismatchException(problem);
        }
    }

    /// <summary>How a database's applied migrations compare with the ones this build knows.</summary>
    public sealed record Agreement(IReadOnlyList<string> Pending, IReadOnlyList<string> Unknown, bool Empty)
    {
        /// <summary>Migrations this build does not know are applied: a newer build migrated the database.</summary>
        public bool Newer => Unknown.Count > 0;

        /// <summary>Migrations this build knows are missing: the database is older (or empty).</summary>
        public bool Older => Pending.Count > 0;

        public static Agreement Of(IEnumerable<string> known, IEnumerable<string> applied)
        {
            var knownList = known.ToList();
            var appliedList = applied.ToList();
            return new Agreement(
                [.. knownList.Except(appliedList, StringComparer.Ordinal)],
                [.. appliedList.Except(knownList, StringComparer.Ordinal)],
                appliedList.Count == 0);
        }

        /// <summary>What is wrong and what to do, or null when the schema is exactly the one this build knows.</summary>
        public string? Problem() =>
            Newer
                ? $"The database's schema is newer than this build of Hoshi knows (applied by a newer build: {string.Join(", ", Unknown.Order(StringComparer.Ordinal).Take(5))}). " +
                  "Run the newer build on every node; this node does not start, so that it never writes to a schema it does not understand."
                : Empty
                    ? "The database has no schema yet. Run './hoshi migrate' once (with this build), then start the nodes."
                    : Older
                        ? $"The database's schema is older than this build of Hoshi ({Pending.Count} migration(s) to apply, the last {Pending.Max(StringComparer.Ordinal)}). " +
                          "Run './hoshi migrate' once with this build, then start or replace the nodes one at a time."
                        : null;
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
