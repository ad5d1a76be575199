using Hoshi.Domain.Analytics;

namespace Hoshi.Domain.Tests.Analytics;

public sealed class ActivityTests
{
    [Fact]
    public void Percentiles_interpolate_between_neighbours()
    {
        double[] sorted = [1, 2, 3, 4, 10];
        Assert.Equal(3, Statistics.Percentile(sorted, 0.5));
        Assert.Equal(7.6, Statistics.Percentile(sorted, 0.9), 10);
        Assert.Equal(1, Statistics.Percentile(sorted, 0));
        Assert.Equal(10, Statistics.Percentile(sorted, 1));
        Assert.Equal(2.5, Statistics.Percentile([1, 2, 3, 4], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Statistics.Percentile([], 0.5));
    }

    [Fact]
    public void A_distribution_gives_median_p90_and_the_share_within_the_limit_or_nothing_under_five()
    {
        var d = Statistics.Distribution([20, 2, 3, 19, 40, 1], within: 19);
        Assert.Equal((6, 11.0, 30.0), (d.Count, d.Median!.Value, d.P90!.Value));
        Assert.Equal(4.0 / 6, d.ShareWithin!.Value, 10);
        Assert.False(d.Suppressed);

        var few = Statistics.Distribution([1, 2, 3, 4], within: 19);
        Assert.True(few.Suppressed);
        Assert.Equal((4, null, null, null), (few.Count, few.Median, few.P90, few.ShareWithin));
        Assert.Null(Statistics.Distribution([1, 2, 3, 4, 5]).ShareWithin);
    }

    [Theory]
    [InlineData(true, "株式会社ベンダー", ExpertSource.InHouse)]
    [InlineData(false, "株式会社ベンダー", ExpertSource.ExternalVendor)]
    [InlineData(false, "  ", ExpertSource.ExternalOther)]
    [InlineData(false, null, ExpertSource.ExternalOther)]
    public void Experts_are_in_house_by_membership_and_external_by_affiliation(bool member, string? affiliation, ExpertSource expected) =>
        Assert.Equal(expected, Statistics.Classify(member, affiliation));

    [Fact]
    public void Shares_list_every_kind_and_hide_fractions_of_fewer_than_five()
    {
        var shares = Statistics.Shares(new[] { ExpertSource.InHouse, ExpertSource.InHouse, ExpertSource.ExternalVendor, ExpertSource.ExternalVendor, ExpertSource.ExternalVendor });
        Assert.Equal([(ExpertSource.InHouse, 2, 0.4), (ExpertSource.ExternalVendor, 3, 0.6), (ExpertSource.ExternalOther, 0, 0.0)], shares.Select(s => (s.Kind, s.Count, s.Fraction!.Value)));
        Assert.All(Statistics.Shares(new[] { ExpertSource.InHouse }), s => Assert.Null(s.Fraction));
        Assert.Equal([false, true, true, false, false], new[] { 0, 1, 4, 5, 100 }.Select(Statistics.Hidden));
    }

    [Fact]
    public void Reviewer_lines_count_reviews_and_measure_departure_from_the_others_on_the_same_criteria()
    {
        // Reviewer A: five reviews, c1 conformant in all five, c2 in none; 1 recheck in all, 2 nonconformities.
        // Reviewer B: five reviews, c1 conformant in one of five, c2 in all five (and c3 only by B).
        var a = Guid.Parse("00000000-0000-0000-0000-00000000000a");
        var b = Guid.Parse("00000000-0000-0000-0000-00000000000b");
        var reviews = new List<ReviewFacts>();
        for (var i = 0; i < 5; i++)
        {
            reviews.Add(new(a, new Dictionary<string, bool> { ["c1"] = true, ["c2"] = false }, i == 0 ? 1 : 0, i < 2 ? 1 : 0));
            reviews.Add(new(b, new Dictionary<string, bool> { ["c1"] = i == 0, ["c2"] = true, ["c3"] = true }, 0, 0));
        }

        reviews.Add(new(Guid.Parse("00000000-0000-0000-0000-00000000000c"), new Dictionary<string, bool> { ["c1"] = true }, 3, 0));
        var (criteria, work) = Reviewers.Tally(reviews);
        var lines = Reviewers.Lines(criteria, work);
        var lineA = lines.Single(l => l.Reviewer == a);
        Assert.Equal((5, 5, 5, 0.2, 0.4), (lineA.Reviews, lineA.Conformant, lineA.Nonconformant, lineA.RechecksPerReview, lineA.NonconformitiesPerReview));
        // A vs the others on c1: 100 % vs (1 + 1) / 6; on c2: 0 % vs 100 %; weighted equally (5 each):
        // ((1 - 1/3) + (0 - 1)) / 2 = -1/6 → -16.7 points.
        Assert.Equal(-100.0 / 6, lineA.Departure!.Value, 6);
        var lineB = lines.Single(l => l.Reviewer == b);
        // B on c1: 20 % vs 6/6; on c2: 100 % vs 0 %; c3 has no one else: ((0.2 - 1) + (1 - 0)) / 2 = 0.1 → +10 points.
        Assert.Equal(10.0, lineB.Departure!.Value, 6);
        Assert.True(lines.Single(l => l.Reviews == 1).Suppressed);
        Assert.Equal([a, b], lines.Take(2).Select(l => l.Reviewer));
    }

    [Fact]
    public void An_entry_is_valid_until_its_last_day_and_suspended_or_revoked_from_the_day_it_changed()
    {
        var entry = new EntryFacts(Level.Star3, new DateOnly(2026, 1, 10), new DateOnly(2027, 1, 9), "valid", null);
        Assert.Null(RegistryHistory.StatusOn(entry, new DateOnly(2026, 1, 9)));
        Assert.Equal("valid", RegistryHistory.StatusOn(entry, new DateOnly(2026, 1, 10)));
        Assert.Equal("valid", RegistryHistory.StatusOn(entry, new DateOnly(2027, 1, 9)));
        Assert.Equal("expired", RegistryHistory.StatusOn(entry, new DateOnly(2027, 1, 10)));
        var revoked = entry with { Status = "revoked", StatusChangedOn = new DateOnly(2026, 6, 1) };
        Assert.Equal("valid", RegistryHistory.StatusOn(revoked, new DateOnly(2026, 5, 31)));
        Assert.Equal("revoked", RegistryHistory.StatusOn(revoked, new DateOnly(2026, 6, 1)));
    }

    [Fact]
    public void Months_are_counted_at_their_ends_and_expiries_by_the_month_they_fall_in()
    {
        var today = new DateOnly(2026, 11, 23);
        Assert.Equal([new DateOnly(2026, 9, 30), new DateOnly(2026, 10, 31), today], RegistryHistory.MonthEnds(today, 3));
        EntryFacts[] entries =
        [
            new(Level.Star3, new DateOnly(2026, 10, 5), new DateOnly(2026, 12, 15), "valid", null, Count: 2),
            new(Level.Star3, new DateOnly(2025, 1, 5), new DateOnly(2026, 10, 15), "valid", null),
            new(Level.Star4, new DateOnly(2026, 9, 1), new DateOnly(2029, 8, 31), "suspended", new DateOnly(2026, 11, 1)),
        ];
        var months = RegistryHistory.Monthly(entries, RegistryHistory.MonthEnds(today, 3));
        Assert.Equal([(1, 0), (2, 1), (2, 1)], months.Where(m => m.Level == Level.Star3).Select(m => (m.Valid, m.Expired)));
        Assert.Equal([(1, 0), (1, 0), (0, 1)], months.Where(m => m.Level == Level.Star4).Select(m => (m.Valid, m.Suspended)));
        var coming = RegistryHistory.ExpiriesComing(entries, today, 2);
        Assert.Equal([0, 2], coming.Where(c => c.Level == Level.Star3).Select(c => c.Count));
        Assert.All(coming.Where(c => c.Level == Level.Star4), c => Assert.Equal(0, c.Count));
    }
}
