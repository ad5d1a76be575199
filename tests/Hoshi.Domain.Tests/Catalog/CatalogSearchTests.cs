using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Tests.Catalog;

public sealed class CatalogSearchTests
{
    private static readonly CatalogVersion Official = CatalogReader.Parse(SampleCatalog.Shipped("scs-2026-03"), "scs-2026-03");
    private static readonly CatalogVersion Sample = CatalogReader.Parse(SampleCatalog.Valid().ToJsonString(), "sample");

    [Fact]
    public void Find_Password_FindsThePasswordRequirements_InTheOfficialCatalog()
    {
        var hits = CatalogSearch.Find(Official, "パスワード");

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.True(
            h.RequirementMatched || h.Criteria.Count > 0));
        Assert.All(hits.SelectMany(h => h.Criteria), c => Assert.Contains("パスワード", c.Text.JaText, StringComparison.Ordinal));
        Assert.Contains(hits, h => (h.Requirement.Title?.JaText ?? "").Contains("パスワード", StringComparison.Ordinal)
            || h.Requirement.Text.JaText.Contains("パスワード", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ぱすわーど")]
    [InlineData("ﾊﾟｽﾜｰﾄﾞ")]
    [InlineData("パスワード")]
    public void Find_MatchesAcrossHiraganaKatakanaAndHalfWidth(string query)
    {
        var hits = CatalogSearch.Find(Sample, query);

        Assert.Equal(["2-1-10"], hits.Select(h => h.Requirement.No));
        Assert.True(hits[0].RequirementMatched);
        Assert.Equal(["2-1-10-1", "2-1-10-2"], hits[0].Criteria.Select(c => c.Id));
    }

    [Fact]
    public void Find_MatchesEnglishText_CaseInsensitively()
    {
        var hits = CatalogSearch.Find(Sample, "DEFAULT passwords");

        Assert.Equal(["2-1-10-1"], hits.Single().Criteria.Select(c => c.Id));
    }

    [Fact]
    public void Find_RequiresEveryTerm()
    {
        Assert.Single(CatalogSearch.Find(Sample, "初期 パスワード"));
        Assert.Empty(CatalogSearch.Find(Sample, "初期 多要素"));
    }

    [Fact]
    public void Find_RespectsTheLevel()
    {
        var star3 = CatalogSearch.Find(Sample, "パスワード", Level.Star3);

        Assert.Equal(["2-1-10-1"], star3.Single().Criteria.Select(c => c.Id));
        Assert.Empty(CatalogSearch.Find(Sample, "多要素", Level.Star3));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("　 ")]
    public void Find_ReturnsNothing_ForAnEmptyQuery(string? query) =>
        Assert.Empty(CatalogSearch.Find(Sample, query));
}
