using System.Text.Json.Nodes;
using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Tests.Catalog;

public sealed class CatalogWriterTests
{
    [Theory]
    [InlineData("scs-2026-03")]
    [InlineData("scs-2025-12-draft")]
    public void ToJson_RoundTrips_TheShippedCatalogs(string id)
    {
        var catalog = CatalogReader.Parse(SampleCatalog.Shipped(id), id);
        var written = CatalogWriter.ToJson(catalog);
        var reread = CatalogReader.Parse(written, id);

        Assert.Equal(written, CatalogWriter.ToJson(reread));
        Assert.Equal(catalog.AllCriteria.Select(c => c.Text.JaText), reread.AllCriteria.Select(c => c.Text.JaText));
    }

    [Fact]
    public void ContentHash_IsTheSame_WhenOnlyWhitespaceAndKeyOrderDiffer()
    {
        var original = SampleCatalog.Valid();
        var reordered = new JsonObject();
        foreach (var (key, value) in original.Reverse())
        {
            reordered[key] = value?.DeepClone();
        }

        var a = CatalogReader.Parse(original.ToJsonString(), "a");
        var b = CatalogReader.Parse(reordered.ToJsonString(new() { WriteIndented = true }), "b");

        Assert.Equal(CatalogWriter.ContentHash(a), CatalogWriter.ContentHash(b));
    }

    [Fact]
    public void ContentHash_Changes_WhenOneCriterionTextChanges()
    {
        var original = SampleCatalog.Valid();
        var changed = SampleCatalog.Valid();
        changed["requirements"]![2]!["criteria"]![0]!["text"]!["ja"] = "・多要素認証を全員に導入すること。";

        Assert.NotEqual(
            CatalogWriter.ContentHash(CatalogReader.Parse(original.ToJsonString(), "a")),
            CatalogWriter.ContentHash(CatalogReader.Parse(changed.ToJsonString(), "b")));
    }

    [Fact]
    public void ToJson_WritesTheRequestedStatus_InsteadOfTheFilesStatus()
    {
        var catalog = CatalogReader.Parse(SampleCatalog.Valid().ToJsonString(), "a");

        var json = JsonNode.Parse(CatalogWriter.ToJson(catalog, status: CatalogStatus.Superseded))!;

        Assert.Equal("superseded", json["status"]!.GetValue<string>());
    }

    [Fact]
    public void ToJson_KeepsJapaneseReadable()
    {
        var catalog = CatalogReader.Parse(SampleCatalog.Valid().ToJsonString(), "a");

        Assert.Contains("サンプルカタログ", CatalogWriter.ToJson(catalog), StringComparison.Ordinal);
    }
}
