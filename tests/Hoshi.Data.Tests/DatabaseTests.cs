using Hoshi.Data.Catalog;
using Hoshi.Domain.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Tests;

public sealed class DatabaseTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Provider_IsTheOneTheTestRunAskedFor()
    {
        var asked = Environment.GetEnvironmentVariable("HOSHI_TEST_DB");
        var expectPostgres = asked is not null && asked.StartsWith("postgres", StringComparison.Ordinal);
        await using var db = database.NewContext();

        Assert.Equal(expectPostgres, db.Database.IsNpgsql());
        Assert.Equal(!expectPostgres, db.Database.IsSqlite());
        Assert.True(await db.Database.CanConnectAsync());
    }

    [Fact]
    public async Task Sqlite_KeepsNoMemoryStatistics_SoItsAllocationsTakeNoSharedLock()
    {
        // Every SQLite connection of the process is made from HoshiDatabase's connection string,
        // which applies the process's settings first; with statistics on, an open connection and
        // a query leave sqlite3_memory_used above zero.
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, SqliteProcessSettings.Apply());
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(HoshiDatabase.SqliteConnectionString(Path.Combine(Path.GetTempPath(), $"hoshi-memstat-{Guid.NewGuid():N}.db")) + ";Pooling=False");
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(100000)); SELECT count(*) FROM t;";
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }

        Assert.Equal(0L, SQLitePCL.raw.sqlite3_memory_used());
        var file = connection.DataSource;
        await connection.CloseAsync();
        File.Delete(file);
    }

    [Fact]
    public void AListInAQuery_IsOneParameter_SoTheSqlIsTheSameWhateverItsLength()
    {
        // With one parameter per item the SQL would change with the list's length, and EF Core
        // would build it again on every execution instead of keeping it.
        using var db = database.NewContext();
        string Sql(List<Guid> ids) => string.Join('\n', db.Organizations.Where(o => ids.Contains(o.Id)).ToQueryString()
            .Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal) && !line.StartsWith("--", StringComparison.Ordinal)));

        var one = Sql([Guid.NewGuid()]);
        Assert.Equal(one, Sql([Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()]));
        Assert.Equal(one, Sql([]));
    }

    [Fact]
    public async Task IsReady_IsTrue_AfterMigration()
    {
        await using var db = database.NewContext();
        Assert.True(await HoshiDatabase.IsReadyAsync(db));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Migrate_IsHarmless_WhenRunAgain()
    {
        await using var db = database.NewContext();
        await HoshiDatabase.MigrateAsync(db);
        Assert.True(await HoshiDatabase.IsReadyAsync(db));
    }

    [Fact]
    public async Task PostgreSQL_prepares_a_statement_sent_again_unless_the_setting_says_otherwise()
    {
        var defaulted = new Npgsql.NpgsqlConnectionStringBuilder(HoshiDatabase.PostgresConnectionString("Host=db.internal;Username=hoshi;Database=hoshi"));
        Assert.Equal(HoshiDatabase.PostgresAutoPrepare, defaulted.MaxAutoPrepare);
        Assert.Equal(2, defaulted.AutoPrepareMinUsages);
        Assert.Equal("db.internal", defaulted.Host);
        Assert.Equal(0, new Npgsql.NpgsqlConnectionStringBuilder(HoshiDatabase.PostgresConnectionString("Host=db.internal;Max Auto Prepare=0")).MaxAutoPrepare);

        await using var db = database.NewContext();
        if (!db.Database.IsNpgsql())
        {
            // SQLite has nothing to prepare on a server; the setting above is PostgreSQL's alone.
            Assert.DoesNotContain("Auto Prepare", db.Database.GetConnectionString() ?? "", StringComparison.OrdinalIgnoreCase);
            return;
        }

        // On the server: the same query sent three times on one connection is then one of its prepared statements.
        await db.Database.OpenConnectionAsync();
        for (var i = 0; i < 3; i++)
        {
            _ = await db.CatalogVersions.AsNoTracking().Where(v => v.Id != "").CountAsync();
        }

        var prepared = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
        Assert.Contains(prepared, statement => statement.Contains("CatalogVersions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DateTimes_ComeBackAsUtc()
    {
        var id = "utc-" + Guid.NewGuid().ToString("N")[..8];
        var stored = new DateTime(2026, 3, 27, 15, 30, 0, DateTimeKind.Utc);
        await using (var db = database.NewContext())
        {
            db.CatalogVersions.Add(Record(id, stored));
            await db.SaveChangesAsync();
        }

        await using var read = database.NewContext();
        var row = await read.CatalogVersions.SingleAsync(c => c.Id == id);
        Assert.Equal(DateTimeKind.Utc, row.ImportedAt.Kind);
        Assert.Equal(stored, row.ImportedAt);
    }

    [Fact]
    public async Task Version_RefusesASecondEditBasedOnAStaleRow()
    {
        var id = "conc-" + Guid.NewGuid().ToString("N")[..8];
        await using (var db = database.NewContext())
        {
            db.CatalogVersions.Add(Record(id, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var a = await first.CatalogVersions.SingleAsync(c => c.Id == id);
        var b = await second.CatalogVersions.SingleAsync(c => c.Id == id);

        a.Status = CatalogStatus.Superseded;
        await first.SaveChangesAsync();
        b.Status = CatalogStatus.Draft;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = database.NewContext();
        var row = await check.CatalogVersions.SingleAsync(c => c.Id == id);
        Assert.Equal(CatalogStatus.Superseded, row.Status);
        Assert.Equal(1, row.Version);
    }

    private static CatalogVersionRecord Record(string id, DateTime importedAt) => new()
    {
        Id = id,
        Label = "test",
        Status = CatalogStatus.Published,
        TitleJa = "テスト",
        ContentHash = new string('0', 64),
        Document = "{}",
        ImportedAt = importedAt,
    };
}
