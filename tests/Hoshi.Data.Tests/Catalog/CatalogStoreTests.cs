using System.Text.Json.Nodes;
using Hoshi.Domain;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Features.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Tests.Catalog;

/// <summary>The same import and read tests on SQLite and on PostgreSQL (see <see cref="TestDatabase"/>).</summary>
public sealed class CatalogStoreTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static string Shipped(string id) => ShippedCatalogs.All().Single(c => c.FileName == id + ".json").Json;

    /// <summary>The official catalog with a new id, so each test owns its catalog version.</summary>
    private static (string Id, string Json) OfficialAs(string prefix)
    {
        var json = JsonNode.Parse(Shipped("scs-2026-03"))!;
        var id = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        json["id"] = id;
        return (id, json.ToJsonString());
    }

    [Fact]
    public async Task ImportShipped_StoresBothVersions_ThenIsANoOp()
    {
        await using var db = database.NewContext();
        var store = database.NewCatalogStore(db);

        await store.ImportShippedAsync("test");
        var again = await store.ImportShippedAsync("test");

        Assert.All(again, r => Assert.Equal(ImportOutcome.AlreadyPresent, r.Outcome));
        Assert.Equal(1, await db.CatalogVersions.CountAsync(c => c.Id == "scs-2026-03"));
        Assert.Equal(1, await db.CatalogVersions.CountAsync(c => c.Id == "scs-2025-12-draft"));
    }

    [Fact]
    public async Task Get_ReadsTheWholeTreeBack()
    {
        var (id, json) = OfficialAs("read");
        await using (var db = database.NewContext())
        {
            var result = await database.NewCatalogStore(db).ImportAsync(json, "read.json", "tester");
            Assert.Equal(ImportOutcome.Imported, result.Outcome);
        }

        await using var fresh = database.NewContext();
        var entry = await new CatalogStore(fresh, new CatalogCache(), database.Clock).GetAsync(id);

        Assert.NotNull(entry);
        Assert.Equal(CatalogStatus.Published, entry.Status);
        Assert.Equal(81, entry.Catalog.CountCriteria(Level.Star3));
        Assert.Equal(153, entry.Catalog.CountCriteria(Level.Star4));
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, entry.ImportedAt);
        var original = CatalogReader.Parse(json, "read.json");
        Assert.Equal(CatalogWriter.ToJson(original), CatalogWriter.ToJson(entry.Catalog));
        Assert.Equal(CatalogWriter.ContentHash(original), entry.ContentHash);
    }

    [Fact]
    public async Task Import_IsANoOp_ForTheSameContentInAnotherLayout()
    {
        var (id, json) = OfficialAs("layout");
        await using var db = database.NewContext();
        var store = database.NewCatalogStore(db);
        await store.ImportAsync(json, "a.json", null);

        var indented = JsonNode.Parse(json)!.ToJsonString(new() { WriteIndented = true });
        var result = await store.ImportAsync(indented, "b.json", null);

        Assert.Equal(ImportOutcome.AlreadyPresent, result.Outcome);
        Assert.Equal(id, result.Id);
    }

    [Fact]
    public async Task Import_Refuses_TheSameIdWithOtherContent_AndChangesNothing()
    {
        var (id, json) = OfficialAs("changed");
        await using var db = database.NewContext();
        var store = database.NewCatalogStore(db);
        await store.ImportAsync(json, "first.json", null);
        var hashBefore = await db.CatalogVersions.Where(c => c.Id == id).Select(c => c.ContentHash).SingleAsync();

        var changed = JsonNode.Parse(json)!;
        changed["requirements"]![0]!["criteria"]![0]!["text"]!["ja"] = "改訂した本文";
        var e = await Assert.ThrowsAsync<CatalogConflictException>(() => store.ImportAsync(changed.ToJsonString(), "second.json", null));

        Assert.Contains("second.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(id, e.Message, StringComparison.Ordinal);
        await using var check = database.NewContext();
        Assert.Equal(hashBefore, await check.CatalogVersions.Where(c => c.Id == id).Select(c => c.ContentHash).SingleAsync());
    }

    [Fact]
    public async Task Import_StoresNothing_FromAnInvalidFile()
    {
        var (id, json) = OfficialAs("invalid");
        var broken = JsonNode.Parse(json)!;
        broken["requirements"]![5]!["subcategory"] = "9-9";
        await using var db = database.NewContext();

        var e = await Assert.ThrowsAsync<CatalogValidationException>(() => database.NewCatalogStore(db).ImportAsync(broken.ToJsonString(), "broken.json", null));

        Assert.Equal("$.requirements[5].subcategory", e.Errors.Single().Path);
        await using var check = database.NewContext();
        Assert.False(await check.CatalogVersions.AnyAsync(c => c.Id == id));
    }

    [Fact]
    public async Task Import_OfTheSameCatalogAtOnce_StoresOneRow_AndBothSucceed()
    {
        var (id, json) = OfficialAs("race");

        async Task<ImportResult> ImportOnce()
        {
            await using var db = database.NewContext();
            return await database.NewCatalogStore(db).ImportAsync(json, "race.json", null);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(ImportOnce)));

        Assert.Equal(1, results.Count(r => r.Outcome == ImportOutcome.Imported));
        Assert.Equal(3, results.Count(r => r.Outcome == ImportOutcome.AlreadyPresent));
        await using var check = database.NewContext();
        Assert.Equal(1, await check.CatalogVersions.CountAsync(c => c.Id == id));
    }

    [Fact]
    public async Task List_PutsPublishedVersionsFirst_AndCurrentIsTheNewestPublished()
    {
        await using var db = database.NewContext();
        var store = database.NewCatalogStore(db);
        await store.ImportShippedAsync(null);

        var list = await store.ListAsync();
        var firstSuperseded = list.ToList().FindIndex(s => s.Status == CatalogStatus.Superseded);
        var lastPublished = list.ToList().FindLastIndex(s => s.Status == CatalogStatus.Published);

        Assert.True(lastPublished < firstSuperseded);
        var current = await store.CurrentAsync();
        Assert.NotNull(current);
        Assert.Equal(CatalogStatus.Published, current.Status);
        Assert.Equal(list.Where(s => s.Status == CatalogStatus.Published).Max(s => s.Published), current.Published);
    }

    [Fact]
    public async Task Get_ReturnsNull_ForAnUnknownId()
    {
        await using var db = database.NewContext();
        Assert.Null(await database.NewCatalogStore(db).GetAsync("no-such-catalog"));
    }
}
