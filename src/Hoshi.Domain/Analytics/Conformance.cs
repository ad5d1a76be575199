using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Analytics;

/// <summary>A band of headcounts for analysis (a setting), e.g. 1–50 or 1001+.</summary>
public sealed record AnalysisBand(string Label, int Min, int? Max)
{
    /// <summary>Whether an organization's declared band lies wholly inside this one.</summary>
    public bool Holds(EmployeeBand band) => band.Minimum() >= Min && (Max is null || (band.Maximum() is { } top && top <= Max));

    /// <summary>The defaults of the pilot report's tables.</summary>
    public static IReadOnlyList<AnalysisBand> Defaults(Level level) => level == Level.Star3
        ? [new("1–50", 1, 50), new("51–100", 51, 100), new("101–1000", 101, 1000), new("1001+", 1001, null)]
        : [new("1–500", 1, 500), new("501–1000", 501, 1000), new("1001–3000", 1001, 3000), new("3001–5000", 3001, 5000), new("5001–10000", 5001, 10000), new("10001+", 10001, null)];
}

/// <summary>One organization's judged criteria: for each criterion answered (or judged), whether it was met.</summary>
public sealed record OrganizationResult(Guid OrganizationId, EmployeeBand Band, IReadOnlyDictionary<string, bool> Met);

/// <summary>
/// One cell: how many organizations it is computed from, and how many of their answers met the
/// criteria out of how many. A cell from fewer than <see cref="Conformance.MinimumOrganizations"/>
/// organizations is suppressed: it shows neither rate nor counts.
/// </summary>
public sealed record ConformanceCell(int Organizations, int Met, int Answered)
{
    public bool Suppressed => Organizations < Conformance.MinimumOrganizations;

    /// <summary>Met / answered, or null when suppressed or empty.</summary>
    public double? Rate => Suppressed || Answered == 0 ? null : (double)Met / Answered;
}

/// <summary>A row (a category, a subcategory, or the average over every criterion): one cell per band, and the overall one.</summary>
public sealed record ConformanceRow(string Key, IReadOnlyList<ConformanceCell> ByBand, ConformanceCell Overall);

/// <summary>The conformance table: rows by group, then the average row.</summary>
public sealed record ConformanceTable(IReadOnlyList<AnalysisBand> Bands, IReadOnlyList<ConformanceRow> Rows, ConformanceRow Average);

/// <summary>A criterion whose overall conformance is at or below the threshold.</summary>
public sealed record LowCriterion(string CriterionId, ConformanceCell Cell);

/// <summary>
/// Conformance rates as the pilot report tabulates them: per group of criteria (category,
/// subcategory) and employee band, the share of answers that met the criteria, and the overall
/// rate; the average row over every criterion. Only aggregates: any cell computed from fewer than
/// five organizations is suppressed, so no single company can be identified.
/// </summary>
public static class Conformance
{
    public const int MinimumOrganizations = 5;
    public const double DefaultThreshold = 0.5;

    public static ConformanceTable Table(IReadOnlyList<(string Key, IReadOnlyCollection<string> Criteria)> groups, IReadOnlyList<AnalysisBand> bands, IReadOnlyCollection<OrganizationResult> results)
    {
        var banded = results.Select(r => (Result: r, Band: bands.FirstOrDefault(b => b.Holds(r.Band)))).ToList();
        ConformanceRow Row(string key, IReadOnlyCollection<string> criteria)
        {
            var set = criteria as IReadOnlySet<string> ?? criteria.ToHashSet(StringComparer.Ordinal);
            var byBand = bands.Select(band => Cell(banded.Where(x => x.Band == band).Select(x => x.Result), set)).ToList();
            return new ConformanceRow(key, byBand, Cell(results, set));
        }

        var rows = groups.Select(g => Row(g.Key, g.Criteria)).ToList();
        var all = groups.SelectMany(g => g.Criteria).Distinct(StringComparer.Ordinal).ToList();
        return new ConformanceTable(bands, rows, Row("average", all));
    }

    /// <summary>The cell of some organizations over some criteria.</summary>
    public static ConformanceCell Cell(IEnumerable<OrganizationResult> results, IReadOnlySet<string> criteria)
    {
        int organizations = 0, met = 0, answered = 0;
        foreach (var result in results)
        {
            var counted = false;
            foreach (var (criterion, isMet) in result.Met)
            {
                if (!criteria.Contains(criterion))
                {
                    continue;
                }

                counted = true;
                answered++;
                met += isMet ? 1 : 0;
            }

            organizations += counted ? 1 : 0;
        }

        return new ConformanceCell(organizations, met, answered);
    }

    /// <summary>The criteria whose overall rate is at or below <paramref name="threshold"/>, lowest first (suppressed cells are left out).</summary>
    public static IReadOnlyList<LowCriterion> AtOrBelow(IEnumerable<string> criteria, IReadOnlyCollection<OrganizationResult> results, double threshold = DefaultThreshold) =>
        [.. criteria.Distinct(StringComparer.Ordinal)
            .Select(id => new LowCriterion(id, Cell(results, new HashSet<string>(StringComparer.Ordinal) { id })))
            .Where(c => c.Cell.Rate is { } rate && rate <= threshold + 1e-12)
            .OrderBy(c => c.Cell.Rate).ThenBy(c => c.CriterionId, Catalog.CatalogNumber.Comparer)];
}
