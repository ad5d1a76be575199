using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Hoshi.Data;

/// <summary>
/// Settings SQLite keeps per connection, applied each time one opens: a busy timeout, so a writer
/// that finds another writer at work waits inside SQLite (in steps of a few milliseconds) instead of
/// failing at once into the driver's retry loop, which sleeps 150 ms a time.
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSettings Instance = new();

    /// <summary>How long a writer waits for another to finish before giving up with "database is locked".</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    private SqliteConnectionSettings()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>The native connections already set: a pooled connection keeps its settings, and EF opens it for every command.</summary>
    private static readonly ConditionalWeakTable<object, object> Applied = [];
    private static readonly object Done = new();

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } && Applied.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
        command.ExecuteNonQuery();
        if (connection is SqliteConnection { Handle: { } opened })
        {
            Applied.AddOrUpdate(opened, Done);
        }
    }
}
