using Hoshi.Data.Audit;
using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Tests.Audit;

/// <summary>The audit chain as stored, on SQLite and on PostgreSQL. Each test gets its own database.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    private async Task AppendAsync(int count, string prefix = "t")
    {
        for (var i = 0; i < count; i++)
        {
            await using var db = _database.NewContext();
            db.Audit(new AuditEvent("user-1", "org-1", "thing.changed", "Thing", $"{prefix}{i}", "{\"note\":\"日本語\"}", "127.0.0.1"), _database.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var db = _database.NewContext();
        return await AuditTrail.VerifyAsync(db);
    }

    [Fact]
    public async Task Appends_FormAnIntactChain()
    {
        await AppendAsync(7);

        var result = await VerifyAsync();

        Assert.True(result.Intact, result.Reason);
        Assert.Equal(7, result.Verified);
    }

    [Fact]
    public async Task AnEmptyTrail_IsIntact() =>
        Assert.True((await VerifyAsync()).Intact);

    [Fact]
    public async Task ARowChangedInTheDatabase_IsFound()
    {
        await AppendAsync(5);
        await using (var db = _database.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditRecords\" SET \"Changes\" = {0} WHERE \"Sequence\" = 3", "{\"note\":\"forged\"}");
        }

        var result = await VerifyAsync();

        Assert.Equal(3, result.BrokenAt);
        Assert.Equal(2, result.Verified);
    }

    [Fact]
    public async Task DeletedNewestRows_AreFound()
    {
        await AppendAsync(5);
        await using (var db = _database.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditRecords\" WHERE \"Sequence\" >= 4");
        }

        var result = await VerifyAsync();

        Assert.Equal(4, result.BrokenAt);
    }

    [Fact]
    public async Task ConcurrentWriters_NeverChainOntoTheSameRecord()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() => AppendAsync(5, $"w{w}-"))));

        var result = await VerifyAsync();

        Assert.True(result.Intact, result.Reason);
        Assert.Equal(20, result.Verified);
    }

    [Fact]
    public async Task ManyWritersAtOnce_ShareASmallConnectionPool_AndChainEveryRecord()
    {
        // On PostgreSQL a writer then waits for a chaining pass, which needs a connection of its own:
        // a writer must not hold one while it waits, or a busy node's pool runs dry (issue 28's
        // season load did, with 100 connections). Here the pool has 3 for 24 writers at once. On
        // SQLite (no pass: each write chains its own records) the writers queue for the database.
        var setting = _database.Setting.Provider == DatabaseProvider.Postgres
            ? _database.Setting with { Target = new Npgsql.NpgsqlConnectionStringBuilder(_database.Setting.Target) { MaxPoolSize = 3, Timeout = 5 }.ConnectionString }
            : _database.Setting;
        await Task.WhenAll(Enumerable.Range(0, 24).Select(w => Task.Run(async () =>
        {
            var options = new DbContextOptionsBuilder<AppDbContext>();
            HoshiDatabase.Configure(options, setting);
            await using var db = new AppDbContext(options.Options);
            for (var i = 0; i < 3; i++)
            {
                db.Audit(new AuditEvent("user-1", "org-1", "thing.changed", "Thing", $"w{w}-{i}", null, null), _database.Clock.GetUtcNow());
                await db.SaveChangesAsync();
            }
        })));

        var result = await VerifyAsync();
        Assert.True(result.Intact, result.Reason);
        Assert.Equal(72, result.Verified);
        await using var check = _database.NewContext();
        Assert.Equal(0, await check.PendingAuditRecords.CountAsync());
    }

    [Fact]
    public async Task AFailedChange_LeavesNoAuditRecord()
    {
        await AppendAsync(1);
        await using (var db = _database.NewContext())
        {
            db.CatalogVersions.Add(Catalog("taken"));
            await db.SaveChangesAsync();
        }

        await using (var db = _database.NewContext())
        {
            db.Audit(new AuditEvent("user-1", null, "catalog.imported", "CatalogVersion", "taken", null, null), _database.Clock.GetUtcNow());
            db.CatalogVersions.Add(Catalog("new-one"));
            db.CatalogVersions.Add(Catalog("taken"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = _database.NewContext();
        Assert.Equal(1, await check.AuditRecords.CountAsync());
        Assert.False(await check.CatalogVersions.AnyAsync(c => c.Id == "new-one"));
        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task AnExplicitTransaction_ChainsItsRecordsWhenItCommits_AndARolledBackOneLeavesNone()
    {
        await using (var db = _database.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Audit(new AuditEvent("user-1", null, "catalog.imported", "CatalogVersion", "one", null, null), _database.Clock.GetUtcNow());
            db.CatalogVersions.Add(Catalog("one"));
            await db.SaveChangesAsync();
            db.Audit(new AuditEvent("user-1", null, "catalog.imported", "CatalogVersion", "two", null, null), _database.Clock.GetUtcNow());
            db.CatalogVersions.Add(Catalog("two"));
            await db.SaveChangesAsync();

            // Written with the change: on PostgreSQL pending, chained after the commit; on SQLite (one
            // writer at a time) chained at once, in the transaction. Nothing is seen outside before the commit.
            var sqlite = db.Database.IsSqlite();
            Assert.Equal(sqlite ? 0 : 2, await db.PendingAuditRecords.CountAsync());
            Assert.Equal(sqlite ? 2 : 0, await db.AuditRecords.CountAsync());
            await using (var outside = _database.NewContext())
            {
                Assert.Equal(0, await outside.AuditRecords.CountAsync());
            }

            await transaction.CommitAsync();
        }

        await using (var db = _database.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Audit(new AuditEvent("user-1", null, "catalog.imported", "CatalogVersion", "three", null, null), _database.Clock.GetUtcNow());
            db.CatalogVersions.Add(Catalog("three"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await using var check = _database.NewContext();
        Assert.Equal(["one", "two"], await check.AuditRecords.OrderBy(a => a.Sequence).Select(a => a.ObjectId).ToListAsync());
        Assert.Equal(0, await check.PendingAuditRecords.CountAsync());
        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task AChainingPassThatFails_AfterTheCommit_LeavesTheChangeSavedAndItsRecordForTheNextPass()
    {
        await AppendAsync(1);

        // The chain's head out of reach (as if the database went away for a moment, or the pool timed out).
        await ExecuteAsync("ALTER TABLE \"AuditHeads\" RENAME TO \"AuditHeadsAway\"");
        var sqlite = _database.Setting.Provider == DatabaseProvider.Sqlite;
        await using (var db = _database.NewContext())
        {
            db.Audit(new AuditEvent("user-1", null, "catalog.imported", "CatalogVersion", "saved", null, null), _database.Clock.GetUtcNow());
            db.CatalogVersions.Add(Catalog("saved"));
            if (sqlite)
            {
                // On SQLite the record is chained in the change's own transaction: both or neither.
                await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.SaveChangesAsync());
            }
            else
            {
                // On PostgreSQL the pass runs after the commit: the change is stored, so the save says so.
                Assert.Equal(2, await db.SaveChangesAsync());
            }
        }

        await ExecuteAsync("ALTER TABLE \"AuditHeadsAway\" RENAME TO \"AuditHeads\"");
        await using (var db = _database.NewContext())
        {
            Assert.Equal(!sqlite, await db.CatalogVersions.AnyAsync(c => c.Id == "saved"));
            Assert.Equal(sqlite ? 0 : 1, await db.PendingAuditRecords.CountAsync());
        }

        // The next audited write's pass chains what waited, before its own record.
        await AppendAsync(1, "next");
        await using (var db = _database.NewContext())
        {
            Assert.Equal(sqlite ? ["t0", "next0"] : ["t0", "saved", "next0"], await db.AuditRecords.OrderBy(a => a.Sequence).Select(a => a.ObjectId).ToListAsync());
            Assert.Equal(0, await db.PendingAuditRecords.CountAsync());
        }

        Assert.True((await VerifyAsync()).Intact);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = _database.NewContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    [Fact]
    public async Task ARecordACrashLeftPending_IsChainedByTheNextPass_InTheOrderWritten()
    {
        await AppendAsync(2);

        // As if the process died between a commit and its chaining pass.
        await using (var db = _database.NewContext())
        {
            foreach (var id in new[] { "left-1", "left-2" })
            {
                db.PendingAuditRecords.Add(PendingAuditRecord.From(new AuditEvent("user-1", null, "thing.changed", "Thing", id, null, null), _database.Clock.GetUtcNow()));
            }

            await db.SaveChangesAsync();
        }

        Assert.Equal(2, (await VerifyAsync()).Verified);

        // On PostgreSQL the next audited write chains what was left, before its own record. On SQLite
        // no write leaves a record pending (each chains its own in its transaction): what an older
        // version's crash left is chained when Hoshi starts (DatabaseInitializer), before any write.
        await using (var db = _database.NewContext())
        {
            if (db.Database.IsSqlite())
            {
                Assert.Equal(2, await AuditChaining.ChainPendingAsync(db));
            }
        }

        await AppendAsync(1, "next");
        await using (var db = _database.NewContext())
        {
            Assert.Equal(["t0", "t1", "left-1", "left-2", "next0"], await db.AuditRecords.OrderBy(a => a.Sequence).Select(a => a.ObjectId).ToListAsync());
            Assert.Equal(0, await db.PendingAuditRecords.CountAsync());
            Assert.Equal(0, await AuditChaining.ChainPendingAsync(db));
        }

        var result = await VerifyAsync();
        Assert.True(result.Intact, result.Reason);
        Assert.Equal(5, result.Verified);
    }

    [Fact]
    public async Task ManyPendingRecords_AreChainedInPassesOfBoundedSize()
    {
        await using (var db = _database.NewContext())
        {
            for (var i = 0; i < 1203; i++)
            {
                db.PendingAuditRecords.Add(PendingAuditRecord.From(new AuditEvent("user-1", null, "thing.changed", "Thing", $"bulk{i}", null, null), _database.Clock.GetUtcNow()));
            }

            await db.SaveChangesAsync();
            Assert.Equal(1203, await AuditChaining.ChainPendingAsync(db));
        }

        var result = await VerifyAsync();
        Assert.True(result.Intact, result.Reason);
        Assert.Equal(1203, result.Verified);
    }

    private static Hoshi.Data.Catalog.CatalogVersionRecord Catalog(string id) =>
        new() { Id = id, Label = "x", TitleJa = "x", ContentHash = "x", Document = "{}" };

    [Fact]
    public async Task ACatalogImport_IsAudited()
    {
        await using (var db = _database.NewContext())
        {
            await _database.NewCatalogStore(db).ImportShippedAsync("cli:tester");
        }

        await using var check = _database.NewContext();
        var records = await check.AuditRecords.OrderBy(a => a.Sequence).ToListAsync();
        Assert.Equal(["scs-2025-12-draft", "scs-2026-03"], records.Select(r => r.ObjectId));
        Assert.All(records, r =>
        {
            Assert.Equal("catalog.imported", r.Action);
            Assert.Equal("cli:tester", r.Actor);
            Assert.Contains("contentHash", r.Changes, StringComparison.Ordinal);
        });
        Assert.True((await VerifyAsync()).Intact);
    }
}
