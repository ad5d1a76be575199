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
                    .AddInterceptors(SqliteConnectionSettings.Instance);
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(setting.Target, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
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

        await db.Database.MigrateAsync(cancellationToken);
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
