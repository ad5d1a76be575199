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
