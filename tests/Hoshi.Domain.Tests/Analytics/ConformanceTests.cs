using Hoshi.Domain.Analytics;
using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Tests.Analytics;

/// <summary>
/// A data set built to give known rates. Two groups: A = {a1, a2}, B = {b1}.
/// Band 1–50: six organizations; each answers a1, a2, b1; a1 met by all six, a2 by three, b1 by none
///   → A = 9/12 = 75 %, B = 0/6 = 0 %, average 9/18 = 50 %.
/// Band 51–100: five organizations answering a1 only, met by two → A = 2/5 = 40 %, B: no answers (0 organizations, suppressed).
/// Band 101–1000: three organizations (suppressed), each meeting a1, a2 and b1.
/// Overall A = (9 + 2 + 6) / (12 + 5 + 6) = 17/23; B = 3/9; average = 20/32 = 62.5 %.
/// </summary>
public sealed class ConformanceTests
{
    private static readonly IReadOnlyList<AnalysisBand> Bands = AnalysisBand.Defaults(Level.Star3);

    private static readonly IReadOnlyList<(string, IReadOnlyCollection<string>)> Groups = [("A", ["a1", "a2"]), ("B", ["b1"])];

    private static List<OrganizationResult> Data()
    {
        var data = new List<OrganizationResult>();
        for (var i = 0; i < 6; i++)
        {
            data.Add(new(Guid.NewGuid(), i % 2 == 0 ? EmployeeBand.UpTo10 : EmployeeBand.From11To50, new Dictionary<string, bool> { ["a1"] = true, ["a2"] = i < 3, ["b1"] = false }));
        }

        for (var i = 0; i < 5; i++)
        {
            data.Add(new(Guid.NewGuid(), EmployeeBand.From51To100, new Dictionary<string, bool> { ["a1"] = i < 2 }));
        }

        for (var i = 0; i < 3; i++)
        {
            data.Add(new(Guid.NewGuid(), EmployeeBand.From301To500, new Dictionary<string, bool> { ["a1"] = true, ["a2"] = true, ["b1"] = true }));
        }

        return data;
    }

    [Fact]
    public void Every_cell_band_average_and_suppression_is_as_constructed()
    {
        var table = Conformance.Table(Groups, Bands, Data());
        string Show(ConformanceCell c) => c.Suppressed ? "<5" : $"{c.Met}/{c.Answered}";
        Assert.Equal(["9/12", "2/5", "<5", "<5"], table.Rows[0].ByBand.Select(Show));
        Assert.Equal(["0/6", "<5", "<5", "<5"], table.Rows[1].ByBand.Select(Show));
        Assert.Equal(["9/18", "2/5", "<5", "<5"], table.Average.ByBand.Select(Show));
        Assert.Equal(("17/23", "3/9", "20/32"), (Show(table.Rows[0].Overall), Show(table.Rows[1].Overall), Show(table.Average.Overall)));
        Assert.Equal(0.75, table.Rows[0].ByBand[0].Rate);
        Assert.Equal(0.0, table.Rows[1].ByBand[0].Rate);
        Assert.Equal(0.5, table.Average.ByBand[0].Rate);
        Assert.Equal(0.625, table.Average.Overall.Rate);
        Assert.Null(table.Rows[0].ByBand[2].Rate);
        Assert.Equal((3, 0), (table.Rows[0].ByBand[2].Organizations, table.Rows[1].ByBand[1].Organizations));
    }

    [Fact]
    public void Criteria_at_or_below_half_are_listed_lowest_first_without_small_cells()
    {
        var low = Conformance.AtOrBelow(["a1", "a2", "b1"], Data());
        // a1: 6+2+3 = 11/14; a2: 3+3 = 6/9 (67 %); b1: 3/9 (33 %).
        Assert.Equal(["b1"], low.Select(l => l.CriterionId));
        Assert.Equal(["b1", "a2"], Conformance.AtOrBelow(["a1", "a2", "b1"], Data(), threshold: 2.0 / 3).Select(l => l.CriterionId));
        var few = Data().Where(d => d.Band == EmployeeBand.From301To500).ToList();
        Assert.Empty(Conformance.AtOrBelow(["a1", "a2", "b1"], few, threshold: 1));
    }

    [Theory]
    [InlineData(EmployeeBand.UpTo10, "1–50")]
    [InlineData(EmployeeBand.From51To100, "51–100")]
    [InlineData(EmployeeBand.From301To500, "101–1000")]
    [InlineData(EmployeeBand.Over10000, "1001+")]
    public void Declared_bands_fall_into_the_analysis_bands(EmployeeBand band, string label) =>
        Assert.Equal(label, Bands.Single(b => b.Holds(band)).Label);

    [Fact]
    public void Star4_bands_follow_the_pilot_report()
    {
        Assert.Equal(["1–500", "501–1000", "1001–3000", "3001–5000", "5001–10000", "10001+"], AnalysisBand.Defaults(Level.Star4).Select(b => b.Label));
        Assert.Null(AnalysisBand.Defaults(Level.Star4).FirstOrDefault(b => b.Holds(EmployeeBand.From101To300) && b.Label != "1–500")?.Label);
    }

    [Fact]
    public void The_constructed_data_gives_the_same_table_from_tallies()
    {
        var data = Data();
        var tallies = Conformance.Tally(data);
        // a2 in the declared band UpTo10: organizations 0, 2 and 4 answered it; 0 and 2 met it.
        Assert.Equal(new CriterionTally(EmployeeBand.UpTo10, "a2", 3, 2), tallies.Single(t => t.CriterionId == "a2" && t.Band == EmployeeBand.UpTo10));
        AssertSameTable(Conformance.Table(Groups, Bands, data), Conformance.Table(Groups, Bands, tallies, ExactReach(data)));
        Assert.Equal(Conformance.AtOrBelow(["a1", "a2", "b1"], data).Select(l => (l.CriterionId, l.Cell)), Conformance.AtOrBelow(["a1", "a2", "b1"], tallies).Select(l => (l.CriterionId, l.Cell)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_data_gives_the_same_table_from_tallies(int seed)
    {
        var random = new Random(seed);
        var criteria = new[] { "a1", "a2", "a3", "b1", "b2", "c1" };
        var data = Enumerable.Range(0, 40 + random.Next(200)).Select(_ => new OrganizationResult(
            Guid.NewGuid(),
            (EmployeeBand)random.Next(10),
            criteria.Where(_ => random.Next(5) > 0).ToDictionary(c => c, _ => random.Next(3) > 0))).ToList();
        IReadOnlyList<(string, IReadOnlyCollection<string>)> groups = [("A", ["a1", "a2", "a3"]), ("B", ["b1", "b2"]), ("C", ["c1"])];
        foreach (var bands in new[] { AnalysisBand.Defaults(Level.Star3), AnalysisBand.Defaults(Level.Star4) })
        {
            AssertSameTable(Conformance.Table(groups, bands, data), Conformance.Table(groups, bands, Conformance.Tally(data), ExactReach(data)));
        }

        Assert.Equal(Conformance.AtOrBelow(criteria, data, 0.7).Select(l => (l.CriterionId, l.Cell)), Conformance.AtOrBelow(criteria, Conformance.Tally(data), 0.7).Select(l => (l.CriterionId, l.Cell)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Bounds_from_tallies_with_exact_counts_only_where_undecided_suppress_the_same_cells(int seed)
    {
        var random = new Random(seed);
        var criteria = new[] { "a1", "a2", "a3", "b1", "b2", "c1" };
        // Few organizations and many gaps, so that bounds often straddle five.
        var data = Enumerable.Range(0, 10 + random.Next(30)).Select(_ => new OrganizationResult(
            Guid.NewGuid(),
            (EmployeeBand)random.Next(10),
            criteria.Where(_ => random.Next(3) == 0).ToDictionary(c => c, _ => random.Next(2) > 0))).ToList();
        IReadOnlyList<(string Key, IReadOnlyCollection<string> Criteria)> groups = [("A", ["a1", "a2", "a3"]), ("B", ["b1", "b2"]), ("C", ["c1"])];
        var tallies = Conformance.Tally(data);
        var exact = ExactReach(data);
        foreach (var bands in new[] { AnalysisBand.Defaults(Level.Star3), AnalysisBand.Defaults(Level.Star4) })
        {
            var reach = new Dictionary<(EmployeeBand, string), (int, int)>();
            foreach (var band in Enum.GetValues<EmployeeBand>())
            {
                foreach (var (key, set) in groups.Append(("average", criteria)))
                {
                    reach[(band, key)] = Conformance.ReachBounds(tallies, band, set.ToHashSet(), data.Count(d => d.Band == band));
                }
            }

            var undecided = Conformance.Undecided(groups, bands, reach);
            Assert.Throws<InvalidOperationException>(() => undecided.Count > 0 ? Conformance.Table(groups, bands, tallies, reach) : throw new InvalidOperationException("none undecided"));
            foreach (var pair in undecided)
            {
                reach[pair] = exact[pair];
            }

            AssertSameTable(Conformance.Table(groups, bands, data), Conformance.Table(groups, bands, tallies, reach), organizations: false);
        }
    }

    [Fact]
    public void Reach_bounds_meet_when_one_criterion_is_answered_by_the_whole_band_and_part_when_not()
    {
        // Band UpTo10: four organizations; x answered by all four, y by two.
        var data = Enumerable.Range(0, 4).Select(i => new OrganizationResult(Guid.NewGuid(), EmployeeBand.UpTo10, i < 2 ? new Dictionary<string, bool> { ["x"] = true, ["y"] = false } : new Dictionary<string, bool> { ["x"] = false })).ToList();
        var tallies = Conformance.Tally(data);
        Assert.Equal((4, 4), Conformance.ReachBounds(tallies, EmployeeBand.UpTo10, new HashSet<string> { "x", "y" }, 4));
        Assert.Equal((2, 2), Conformance.ReachBounds(tallies, EmployeeBand.UpTo10, new HashSet<string> { "y" }, 4));
        Assert.Equal((0, 0), Conformance.ReachBounds(tallies, EmployeeBand.Over10000, new HashSet<string> { "x" }, 0));

        // Two organizations answering different criteria of the group: the bounds do not meet (1 to 2).
        var split = new[] { new OrganizationResult(Guid.NewGuid(), EmployeeBand.UpTo10, new Dictionary<string, bool> { ["x"] = true }), new OrganizationResult(Guid.NewGuid(), EmployeeBand.UpTo10, new Dictionary<string, bool> { ["y"] = true }) };
        Assert.Equal((1, 2), Conformance.ReachBounds(Conformance.Tally(split), EmployeeBand.UpTo10, new HashSet<string> { "x", "y" }, 2));
    }

    private static Dictionary<(EmployeeBand, string), (int, int)> ExactReach(IReadOnlyCollection<OrganizationResult> data)
    {
        var reach = new Dictionary<(EmployeeBand, string), (int, int)>();
        IEnumerable<(string Key, string[] Criteria)> groups = [("A", ["a1", "a2", "a3"]), ("B", ["b1", "b2"]), ("C", ["c1"]), ("average", ["a1", "a2", "a3", "b1", "b2", "c1"])];
        foreach (var band in Enum.GetValues<EmployeeBand>())
        {
            foreach (var (key, criteria) in groups)
            {
                var count = data.Count(d => d.Band == band && criteria.Any(d.Met.ContainsKey));
                reach[(band, key)] = (count, count);
            }
        }

        return reach;
    }

    private static void AssertSameTable(ConformanceTable expected, ConformanceTable actual, bool organizations = true)
    {
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        foreach (var (e, a) in expected.Rows.Append(expected.Average).Zip(actual.Rows.Append(actual.Average)))
        {
            Assert.Equal(e.Key, a.Key);
            if (organizations)
            {
                Assert.Equal(e.ByBand, a.ByBand);
                Assert.Equal(e.Overall, a.Overall);
            }

            // Without exact counts everywhere: the same suppression, rates and answers.
            Assert.Equal(e.ByBand.Append(e.Overall).Select(c => (c.Suppressed, c.Rate, c.Met, c.Answered)), a.ByBand.Append(a.Overall).Select(c => (c.Suppressed, c.Rate, c.Met, c.Answered)));
        }
    }

    [Fact]
    public void Bands_read_from_a_setting_equal_the_defaults_when_written_as_them()
    {
        Assert.Equal(AnalysisBand.Defaults(Level.Star3), AnalysisBand.Parse("1-50, 51-100, 101-1000, 1001-"));
        Assert.Equal(AnalysisBand.Defaults(Level.Star4), AnalysisBand.Parse("1–500,501–1000,1001–3000,3001–5000,5001–10000,10001-"));
        Assert.Equal(["1+"], AnalysisBand.Parse("1-").Select(b => b.Label));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1-50")]
    [InlineData("1-50, 52-")]
    [InlineData("1-60, 61-")]
    [InlineData("2-50, 51-")]
    [InlineData("1-, 51-")]
    [InlineData("1-50, 51-40, 41-")]
    [InlineData("1-50; 51-")]
    [InlineData("a-50, 51-")]
    public void Bands_that_do_not_cover_whole_declared_bands_in_order_are_refused(string setting) =>
        Assert.Throws<FormatException>(() => AnalysisBand.Parse(setting));
}
