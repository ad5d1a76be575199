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
}
