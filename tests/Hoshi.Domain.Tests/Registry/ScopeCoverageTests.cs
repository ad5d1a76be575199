using Hoshi.Domain.Registry;
using Hoshi.Domain.Suppliers;

namespace Hoshi.Domain.Tests.Registry;

public sealed class ScopeCoverageTests
{
    [Theory]
    [InlineData(true, Coverage.Whole, "whole")]
    [InlineData(false, Coverage.Partial, "partial")]
    [InlineData(null, Coverage.Partial, "partial")]
    public void Only_a_scope_answered_whole_company_covers_the_whole_organization(bool? whole, Coverage coverage, string word)
    {
        Assert.Equal(coverage, ScopeCoverage.Of(whole));
        Assert.Equal(word, ScopeCoverage.Word(coverage));
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    public void A_certificate_without_a_format_is_format_1(int? claimed, int format) =>
        Assert.Equal(format, ScopeCoverage.FormatOf(claimed));

    [Fact]
    public void OT_and_delivered_products_are_always_outside_the_scheme() =>
        Assert.Equal(["ot", "delivered-products"], ScopeCoverage.OutsideTheScheme);

    [Fact]
    public void A_buyer_sees_when_the_valid_star_held_covers_only_part_of_the_supplier()
    {
        var today = new DateOnly(2027, 1, 1);
        var partial = SupplierStandings.Of([new HeldEntry(Level.Star3, EntryStatus.Valid, today.AddYears(1), Coverage.Partial, "設計部(名古屋)")], Level.Star3, today);
        Assert.True(partial.Partial);
        Assert.Equal("設計部(名古屋)", partial.Scope);
        Assert.False(partial.Gap);

        // The best valid star decides: a whole-company ★3 beside an expired partial ★4.
        var whole = SupplierStandings.Of(
            [new HeldEntry(Level.Star3, EntryStatus.Valid, today.AddYears(1), Coverage.Whole, "全社"), new HeldEntry(Level.Star4, EntryStatus.Expired, today.AddDays(-1), Coverage.Partial, "工場")],
            Level.Star3, today);
        Assert.False(whole.Partial);
        Assert.Equal("全社", whole.Scope);

        // Nothing valid: nothing to flag.
        var lapsed = SupplierStandings.Of([new HeldEntry(Level.Star3, EntryStatus.Suspended, today.AddYears(1), Coverage.Partial, "設計部")], null, today);
        Assert.False(lapsed.Partial);
        Assert.Null(lapsed.Scope);
    }
}
