using Hoshi.Domain.Registry;
using Hoshi.Domain.Suppliers;

namespace Hoshi.Domain.Tests.Suppliers;

public sealed class SupplierStandingTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData(58, SupplierStatus.Expiring)]
    [InlineData(59, SupplierStatus.Expiring)]
    [InlineData(60, SupplierStatus.Valid)]
    [InlineData(61, SupplierStatus.Valid)]
    [InlineData(0, SupplierStatus.Expiring)]
    public void A_star_ending_within_60_days_is_expiring(int daysLeft, SupplierStatus expected)
    {
        var standing = SupplierStandings.Of([new HeldEntry(Level.Star3, EntryStatus.Valid, Today.AddDays(daysLeft))], Level.Star3, Today);
        Assert.Equal((expected, Level.Star3, false), (standing.Status, standing.HeldLevel, standing.Gap));
    }

    [Fact]
    public void The_highest_valid_star_counts_and_a_lower_one_than_required_is_a_gap()
    {
        HeldEntry[] entries = [new(Level.Star3, EntryStatus.Valid, Today.AddYears(1)), new(Level.Star4, EntryStatus.Expired, Today.AddDays(-1))];
        var standing = SupplierStandings.Of(entries, Level.Star4, Today);
        Assert.Equal((SupplierStatus.Valid, Level.Star3, true), (standing.Status, standing.HeldLevel, standing.Gap));
        Assert.False(SupplierStandings.Of(entries, Level.Star3, Today).Gap);
        Assert.False(SupplierStandings.Of(entries, null, Today).Gap);
        var both = SupplierStandings.Of([.. entries, new(Level.Star4, EntryStatus.Valid, Today.AddYears(2))], Level.Star4, Today);
        Assert.Equal((Level.Star4, false), (both.HeldLevel, both.Gap));
    }

    [Theory]
    [InlineData(EntryStatus.Expired, SupplierStatus.Expired)]
    [InlineData(EntryStatus.Suspended, SupplierStatus.Suspended)]
    [InlineData(EntryStatus.Revoked, SupplierStatus.Revoked)]
    public void Without_a_valid_star_the_latest_entry_says_why(EntryStatus latest, SupplierStatus expected)
    {
        var standing = SupplierStandings.Of([new HeldEntry(Level.Star3, EntryStatus.Expired, Today.AddYears(-2)), new HeldEntry(Level.Star4, latest, Today.AddYears(1))], Level.Star3, Today);
        Assert.Equal((expected, (Level?)null, true), (standing.Status, standing.HeldLevel, standing.Gap));
    }

    [Fact]
    public void Nothing_in_the_registry_is_none_and_a_gap_only_when_a_level_is_required()
    {
        Assert.Equal((SupplierStatus.None, true), (SupplierStandings.Of([], Level.Star3, Today).Status, SupplierStandings.Of([], Level.Star3, Today).Gap));
        Assert.False(SupplierStandings.Of([], null, Today).Gap);
    }

    [Fact]
    public void Suppliers_at_risk_sort_first()
    {
        SupplierStanding[] standings =
        [
            new(SupplierStatus.Valid, Level.Star4, Today.AddYears(1), false),
            new(SupplierStatus.Expiring, Level.Star3, Today.AddDays(10), false),
            new(SupplierStatus.None, null, null, false),
            new(SupplierStatus.Valid, Level.Star3, Today.AddYears(1), true),
            new(SupplierStatus.None, null, null, true),
            new(SupplierStatus.Expired, null, Today.AddDays(-3), true),
            new(SupplierStatus.Suspended, null, Today.AddYears(1), true),
            new(SupplierStatus.Revoked, null, Today.AddYears(1), true),
        ];
        Assert.Equal(
            [SupplierStatus.Revoked, SupplierStatus.Suspended, SupplierStatus.Expired, SupplierStatus.None, SupplierStatus.Valid, SupplierStatus.Expiring, SupplierStatus.None, SupplierStatus.Valid],
            standings.OrderBy(s => s.RiskRank).Select(s => s.Status));
    }

    [Fact]
    public void The_warning_period_is_a_setting()
    {
        var entry = new HeldEntry(Level.Star3, EntryStatus.Valid, Today.AddDays(80));
        Assert.Equal(SupplierStatus.Valid, SupplierStandings.Of([entry], null, Today).Status);
        Assert.Equal(SupplierStatus.Expiring, SupplierStandings.Of([entry], null, Today, expiringDays: 90).Status);
    }
}
