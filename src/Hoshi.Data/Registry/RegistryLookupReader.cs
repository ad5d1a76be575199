using System.Data.Common;
using System.Globalization;
using Hoshi.Domain;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hoshi.Data.Registry;

/// <summary>One entry listed under a 法人番号, as the public lookup reads it.</summary>
public sealed record RegistryLookupRow(
    string Name,
    Guid EntryId,
    Level Level,
    string Status,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    string Scope,
    Guid? CertificateId,
    string RegisteredBy,
    string? PrefectureCode,
    string? StatusReason,
    DateTime? StatusChangedAt);

/// <summary>
/// The registry's hottest read, <c>GET /api/registry/{n}</c>, as one indexed SQL statement on
/// a pooled connection, without a DbContext: it must keep up with the health endpoint at
/// national scale (issue 6, P1). Same tables and columns as the EF model; read-only.
/// </summary>
public sealed class RegistryLookupReader : IDisposable
{
    // The subject index (CorporateNumber, EntryId, Name) covers the first table; the registering
    // bodies' names come from a small cache instead of a third join.
    private const string Sql =
        "SELECT s.\"Name\", e.\"Id\", e.\"Level\", e.\"Status\", e.\"ValidFrom\", e.\"ValidUntil\", e.\"ScopeSummary\", e.\"CertificateId\", e.\"RegisteredByOrganizationId\", e.\"PrefectureCode\", e.\"StatusReason\", e.\"StatusChangedAt\" " +
        "FROM \"RegistryEntrySubjects\" s JOIN \"RegistryEntries\" e ON e.\"Id\" = s.\"EntryId\" " +
        "WHERE s.\"CorporateNumber\" = @n";

    private const string BodySql = "SELECT \"LegalNameJa\" FROM \"Organizations\" WHERE \"Id\" = @id";

    /// <summary>How long a registering body's name is trusted before it is read again.</summary>
    private static readonly TimeSpan BodyNameAge = TimeSpan.FromMinutes(5);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (string Name, long ReadAt)> _bodies = new();

    private readonly DatabaseSetting _setting;
    private readonly string? _sqlite;
    private readonly NpgsqlDataSource? _postgres;

    /// <summary>Open SQLite connections, each with the statement prepared once; at most <see cref="MaxIdle"/> kept.</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<SqliteCommand> _idle = [];
    private readonly System.Collections.Concurrent.ConcurrentBag<SqliteCommand> _idleBodies = [];
    private static readonly int MaxIdle = Environment.ProcessorCount * 4;

    public RegistryLookupReader(DatabaseSetting setting)
    {
        _setting = setting;
        if (setting.Provider == DatabaseProvider.Sqlite)
        {
            _sqlite = new SqliteConnectionStringBuilder(HoshiDatabase.SqliteConnectionString(setting.Target)) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        }
        else
        {
            // Prepared once per physical connection: the statement is the same every time.
            _postgres = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(setting.Target) { MaxAutoPrepare = 10, AutoPrepareMinUsages = 2 }.ConnectionString).Build();
        }
    }

    public async Task<IReadOnlyList<RegistryLookupRow>> ByCorporateNumberAsync(string number, CancellationToken ct = default)
    {
        var rows = new List<(RegistryLookupRow Row, Guid Body)>(2);
        if (_setting.Provider == DatabaseProvider.Sqlite)
        {
            // SQLite answers from the page cache without waiting: the synchronous calls are the fast ones.
            var command = Rent(Sql, "@n");
            try
            {
                command.Parameters[0].Value = number;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add(Row(reader, sqlite: true));
                }
            }
            catch
            {
                Discard(command);
                throw;
            }

            Return(command);
        }
        else
        {
            await using var command = _postgres!.CreateCommand(Sql);
            command.Parameters.AddWithValue("n", number);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(Row(reader, sqlite: false));
            }
        }

        var named = new List<RegistryLookupRow>(rows.Count);
        foreach (var (row, body) in rows)
        {
            named.Add(row with { RegisteredBy = await BodyNameAsync(body, ct) });
        }

        return named;
    }

    /// <summary>A registering body's name, from the cache while it is fresh.</summary>
    public async Task<string> BodyNameAsync(Guid body, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        if (_bodies.TryGetValue(body, out var cached) && now - cached.ReadAt < BodyNameAge.TotalMilliseconds)
        {
            return cached.Name;
        }

        string name;
        if (_setting.Provider == DatabaseProvider.Sqlite)
        {
            var command = Rent(BodySql, "@id");
            try
            {
                command.Parameters[0].Value = body.ToString().ToUpperInvariant();
                name = command.ExecuteScalar() as string ?? "";
            }
            catch
            {
                Discard(command);
                throw;
            }

            Return(command);
        }
        else
        {
            await using var command = _postgres!.CreateCommand(BodySql);
            command.Parameters.AddWithValue("id", body);
            name = await command.ExecuteScalarAsync(ct) as string ?? "";
        }

        _bodies[body] = (name, now);
        return name;
    }

    private SqliteCommand Rent(string sql, string parameter)
    {
        var idle = sql == Sql ? _idle : _idleBodies;
        if (idle.TryTake(out var command))
        {
            return command;
        }

        var connection = new SqliteConnection(_sqlite);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // A larger page cache per kept connection: the lookups touch a few pages of three indexes each.
            pragma.CommandText = "PRAGMA cache_size = -8000";
            pragma.ExecuteNonQuery();
        }

        command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(parameter, SqliteType.Text);
        command.Prepare();
        return command;
    }

    private void Return(SqliteCommand command)
    {
        var idle = command.CommandText == Sql ? _idle : _idleBodies;
        if (idle.Count < MaxIdle)
        {
            idle.Add(command);
            return;
        }

        Discard(command);
    }

    private static void Discard(SqliteCommand command)
    {
        command.Connection?.Dispose();
        command.Dispose();
    }

    private static (RegistryLookupRow Row, Guid Body) Row(DbDataReader r, bool sqlite)
    {
        Guid Id(int i) => sqlite ? Guid.Parse(r.GetString(i)) : r.GetGuid(i);
        DateOnly Day(int i) => sqlite ? DateOnly.ParseExact(r.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture) : r.GetFieldValue<DateOnly>(i);
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return (new RegistryLookupRow(
            r.GetString(0),
            Id(1),
            (Level)r.GetInt32(2),
            r.GetString(3),
            Day(4),
            Day(5),
            r.GetString(6),
            r.IsDBNull(7) ? null : Id(7),
            "",
            Text(9),
            Text(10),
            r.IsDBNull(11) ? null : DateTime.SpecifyKind(sqlite ? DateTime.Parse(r.GetString(11), CultureInfo.InvariantCulture) : r.GetDateTime(11), DateTimeKind.Utc)), Id(8));
    }

    public void Dispose()
    {
        foreach (var idle in new[] { _idle, _idleBodies })
        {
            while (idle.TryTake(out var command))
            {
                Discard(command);
            }
        }

        _postgres?.Dispose();
    }
}
