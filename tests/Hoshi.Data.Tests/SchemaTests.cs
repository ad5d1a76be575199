using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Hoshi.Data.Tests;

/// <summary>
/// The schema the migrations build, described as sorted text (tables, columns with type, null and
/// default, keys, foreign keys, indexes) and compared: with the schema recorded from the migration
/// chain before it was squashed (<c>Schema/{provider}.schema.txt</c>), so squashing changed
/// nothing; and with the schema the model creates directly, so the migrations and the model agree.
/// Set <c>HOSHI_WRITE_SCHEMA=1</c> to record the file anew (only when the schema is meant to change).
/// </summary>
public sealed class SchemaTests : IClassFixture<TestDatabase>
{
    private readonly TestDatabase _database;

    public SchemaTests(TestDatabase database) => _database = database;

    private string RecordedPath => Path.Combine(FindFolder(), _database.Setting.Provider == DatabaseProvider.Sqlite ? "sqlite.schema.txt" : "postgres.schema.txt");

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "tests", "Hoshi.Data.Tests", "Schema");
            if (Directory.Exists(folder))
            {
                return folder;
            }
        }

        throw new DirectoryNotFoundException("tests/Hoshi.Data.Tests/Schema not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Columns the old chain added to tables with rows (AddColumn), which needed a default to fill
    /// them; the model has none (Hoshi always writes these values), so the squashed chain has none.
    /// The only difference squashing made, and a harmless one.
    /// </summary>
    private static readonly string[] AddColumnDefaults =
        ["ExpertProfiles.Verification", "RegistryEntrySubjects.SearchName", "TechnicalFindings.Disposition", "RegistryEntries.Version"];

    private static string WithoutAddColumnDefaults(string schema) =>
        string.Join('\n', schema.Split('\n').Select(line => AddColumnDefaults.Any(c => line.StartsWith("column " + c + " ", StringComparison.Ordinal))
            ? System.Text.RegularExpressions.Regex.Replace(line, "default=.*?(?= identity=| pk=)", "default=")
            : line));

    [Fact]
    public async Task The_migrations_build_the_schema_recorded_from_the_chain_before_it_was_squashed()
    {
        await using var db = _database.NewContext();
        var built = await DescribeAsync(db);
        if (Environment.GetEnvironmentVariable("HOSHI_WRITE_SCHEMA") == "1")
        {
            await File.WriteAllTextAsync(RecordedPath, built);
        }

        var recorded = WithoutAddColumnDefaults(await File.ReadAllTextAsync(RecordedPath));
        Assert.True(recorded == WithoutAddColumnDefaults(built), Difference(recorded, WithoutAddColumnDefaults(built)));
    }

    [Fact]
    public async Task The_migrations_build_the_schema_the_model_creates()
    {
        await using var migrated = _database.NewContext();
        var fromMigrations = await DescribeAsync(migrated);

        await using var scratch = new TestDatabase();
        await scratch.InitializeEmptyAsync();
        await using var created = scratch.NewContext();
        await created.Database.EnsureCreatedAsync();
        var fromModel = await DescribeAsync(created);

        Assert.True(fromModel == fromMigrations, Difference(fromModel, fromMigrations));
    }

    [Fact]
    public async Task A_development_database_of_the_squashed_chain_is_baselined_and_an_older_one_refused()
    {
        await using var scratch = new TestDatabase();
        await scratch.InitializeAsync();
        await using (var db = scratch.NewContext())
        {
            // A database of the squashed chain has the schema of Initial (later migrations come after it).
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(db.Database.GetMigrations().First());

            // As a database migrated by the squashed chain records it (this provider's last id of it).
            var last = db.Database.IsSqlite() ? "20261204032122_CorporateNumberLetters" : "20261204032130_CorporateNumberLetters";
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\"");
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" VALUES ('20261123093937_Initial', '10.0.0'), ({0}, '10.0.0')", last);
            await HoshiDatabase.MigrateAsync(db);
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.True(await HoshiDatabase.IsReadyAsync(db));

            // Part way along the old chain: refused, saying what to do; nothing changed.
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\"");
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" VALUES ('20261123093937_Initial', '10.0.0'), ('20261203134128_Sessions', '10.0.0')");
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => HoshiDatabase.MigrateAsync(db));
            Assert.Contains("20261203134128_Sessions", refused.Message, StringComparison.Ordinal);
            Assert.Contains("seed-demo", refused.Message, StringComparison.Ordinal);
            Assert.Equal(2, (await db.Database.GetAppliedMigrationsAsync()).Count());
        }
    }

    private static string Difference(string expected, string actual)
    {
        var want = expected.Split('\n').ToHashSet(StringComparer.Ordinal);
        var got = actual.Split('\n').ToHashSet(StringComparer.Ordinal);
        return "missing:\n  " + string.Join("\n  ", want.Except(got).Take(20)) + "\nunexpected:\n  " + string.Join("\n  ", got.Except(want).Take(20));
    }

    /// <summary>The schema as sorted lines; the migrations history table's rows are not part of it.</summary>
    public static async Task<string> DescribeAsync(AppDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var lines = db.Database.IsSqlite() ? await SqliteAsync(connection) : await PostgresAsync(connection);
            return string.Join('\n', lines.Order(StringComparer.Ordinal)) + '\n';
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!)]);
        }

        return rows;
    }

    private static async Task<List<string>> SqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock')");
        foreach (var table in tables.Select(t => t[0]))
        {
            lines.Add($"table {table}");
            foreach (var c in await QueryAsync(connection, $"PRAGMA table_info('{table}')"))
            {
                // cid, name, type, notnull, dflt_value, pk
                lines.Add($"column {table}.{c[1]} {c[2]} {(c[3] == "1" ? "not null" : "null")} default={c[4]} pk={c[5]}");
            }

            foreach (var f in await QueryAsync(connection, $"PRAGMA foreign_key_list('{table}')"))
            {
                // id, seq, table, from, to, on_update, on_delete, match
                lines.Add($"foreign key {table}.{f[3]} -> {f[2]}.{f[4]} on delete {f[6]}");
            }

            foreach (var i in await QueryAsync(connection, $"PRAGMA index_list('{table}')"))
            {
                // seq, name, unique, origin, partial
                var columns = (await QueryAsync(connection, $"PRAGMA index_info('{i[1]}')")).Select(x => x[2]);
                var sql = (await QueryAsync(connection, $"SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '{i[1]}'")).FirstOrDefault()?[0] ?? "";
                var filter = sql.Contains(" WHERE ", StringComparison.OrdinalIgnoreCase) ? sql[(sql.IndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase) + 7)..] : "";
                var name = i[3] == "c" ? i[1] : $"({i[3]})";
                lines.Add($"index {table} {name} ({string.Join(", ", columns)}) unique={i[2]} where={filter}");
            }
        }

        return lines;
    }

    private static async Task<List<string>> PostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        foreach (var c in await QueryAsync(connection, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length::text, ''), coalesce(numeric_precision::text, ''), coalesce(numeric_scale::text, ''),
                   is_nullable, coalesce(column_default, ''), is_identity, coalesce(identity_generation, '')
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory'
            """))
        {
            lines.Add($"column {c[0]}.{c[1]} {c[2]}({c[3]},{c[4]},{c[5]}) nullable={c[6]} default={c[7]} identity={c[8]} {c[9]}");
        }

        foreach (var k in await QueryAsync(connection, """
            SELECT cl.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
            FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
            WHERE n.nspname = 'public' AND cl.relname <> '__EFMigrationsHistory'
            """))
        {
            lines.Add($"constraint {k[0]} {k[1]} {k[2]} {k[3]}");
        }

        foreach (var i in await QueryAsync(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'"))
        {
            lines.Add($"index {i[0]} {i[1]} {i[2]}");
        }

        foreach (var t in await QueryAsync(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory'"))
        {
            lines.Add($"table {t[0]}");
        }

        foreach (var s in await QueryAsync(connection, "SELECT sequence_name, data_type FROM information_schema.sequences WHERE sequence_schema = 'public'"))
        {
            lines.Add($"sequence {s[0]} {s[1]}");
        }

        return lines;
    }
}
