using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Tests.Catalog;

public sealed class CatalogVersionTests
{
    private static readonly CatalogVersion Sample = CatalogReader.Parse(SampleCatalog.Valid().ToJsonString(), "sample");

    [Fact]
    public void SheetFor_Star3_HoldsOnlyStar3RequirementsAndCriteria()
    {
        var sheet = Sample.SheetFor(Level.Star3);

        Assert.Equal(["1-1-1", "2-1-10"], sheet.Select(s => s.Requirement.No));
        Assert.Equal(["2-1-10-1"], sheet[1].Criteria.Select(c => c.Id));
        Assert.Equal("2-1", sheet[1].Subcategory.No);
    }

    [Fact]
    public void SheetFor_Star4_HoldsEveryCriterionTaggedStar4_InNumberOrder()
    {
        var sheet = Sample.SheetFor(Level.Star4);

        Assert.Equal(["2-1-9", "2-1-10"], sheet.Select(s => s.Requirement.No));
        Assert.Equal(["2-1-10-1", "2-1-10-2"], sheet[1].Criteria.Select(c => c.Id));
    }

    [Fact]
    public void SheetFor_TheOfficialCatalog_IncludesEveryStar3CriterionInTheStar4Sheet()
    {
        var catalog = CatalogReader.Parse(SampleCatalog.Shipped("scs-2026-03"), "scs-2026-03");

        var star3 = catalog.SheetFor(Level.Star3).SelectMany(s => s.Criteria).Select(c => c.Id).ToHashSet();
        var star4 = catalog.SheetFor(Level.Star4).SelectMany(s => s.Criteria).Select(c => c.Id).ToHashSet();

        Assert.Equal(81, star3.Count);
        Assert.Equal(153, star4.Count);
        Assert.Subset(star4, star3);
        Assert.Equal(72, star4.Except(star3).Count());
    }

    [Fact]
    public void Find_ReturnsNull_ForUnknownNumbers()
    {
        Assert.Null(Sample.FindRequirement("9-9-9"));
        Assert.Null(Sample.FindCriterion("9-9-9-9"));
        Assert.Null(Sample.FindSubcategory("9-9"));
        Assert.Equal("2", Sample.CategoryOf(Sample.FindSubcategory("2-1")!).No);
    }

    [Fact]
    public void Offers_OnlyTheFilesLevels()
    {
        Assert.True(Sample.Offers(Level.Star3));
        Assert.True(Sample.Offers(Level.Star4));
        Assert.False(Sample.Offers(Level.Star5));
    }
}

public sealed class CatalogNumberTests
{
    [Theory]
    [InlineData("1-2-9", "1-2-10")]
    [InlineData("1-2", "1-2-1")]
    [InlineData("2-1-1", "10-1-1")]
    [InlineData("1-1-1-1", "1-1-1-2")]
    [InlineData("1-a", "1-b")]
    public void Compare_OrdersBySegmentsNumerically(string lower, string higher)
    {
        Assert.True(CatalogNumber.Comparer.Compare(lower, higher) < 0);
        Assert.True(CatalogNumber.Comparer.Compare(higher, lower) > 0);
        Assert.Equal(0, CatalogNumber.Comparer.Compare(lower, lower));
    }

    [Fact]
    public void Compare_PutsNullFirst()
    {
        Assert.True(CatalogNumber.Comparer.Compare(null, "1") < 0);
        Assert.True(CatalogNumber.Comparer.Compare("1", null) > 0);
    }
}

public sealed class LocalizedTextTests
{
    [Fact]
    public void For_FallsBackToJapanese_WhenTheLanguageIsMissing()
    {
        var text = new LocalizedText([new("ja", "要求事項"), new("en", "Requirement")]);

        Assert.Equal("Requirement", text.For("en"));
        Assert.Equal("要求事項", text.For("fr"));
        Assert.True(text.Has("en"));
        Assert.False(text.Has("fr"));
    }

    [Fact]
    public void Constructor_Refuses_WithoutJapanese() =>
        Assert.Throws<ArgumentException>(() => new LocalizedText([new("en", "Requirement")]));

    [Fact]
    public void Equality_ComparesEveryLanguage()
    {
        Assert.Equal(new LocalizedText([new("ja", "あ"), new("en", "a")]), new LocalizedText([new("en", "a"), new("ja", "あ")]));
        Assert.NotEqual(new LocalizedText([new("ja", "あ"), new("en", "a")]), LocalizedText.Ja("あ"));
    }
}
