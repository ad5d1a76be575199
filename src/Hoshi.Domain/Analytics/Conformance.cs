using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Analytics;

/// <summary>A band of headcounts for analysis (a setting), e.g. 1–50 or 1001+.</summary>
public sealed record AnalysisBand(string Label, int Min, int? Max)
{
    /// <summary>Whether an organization's declared band lies wholly inside this one.</summary>
    public bool Holds(EmployeeBand band) => band.Minimum() >= Min && (Max is null || (band.Maximum() is { } top && top <= Max));

    /// <summary>
    /// Reads bands written as a setting, e.g. <c>1-50, 51-100, 101-1000, 1001-</c>: ascending,
    /// without gaps from 1, the last open-ended, and every edge on an edge of the declared bands
    /// (organizations declare a band, not a headcount, so a band must hold whole declared bands).
    /// </summary>
    public static IReadOnlyList<AnalysisBand> Parse(string setting)
    {
        var bands = new List<AnalysisBand>();
        var next = 1;
        var parts = setting.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var (part, index) in parts.Select((p, i) => (p, i)))
        {
            var pieces = part.Replace('–', '-').Split('-', StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !int.TryParse(pieces[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var min))
            {
                throw new FormatException($"Band \"{part}\" is not written as MIN-MAX or MIN- (open-ended).");
            }

            int? max = null;
            if (pieces[1].Length > 0)
            {
                if (!int.TryParse(pieces[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var top) || top < min)
                {
                    throw new FormatException($"Band \"{part}\" has no upper bound at or above its lower bound.");
                }

                max = top;
            }

            if (min != next)
            {
                throw new FormatException($"Band \"{part}\" should start at {next}: bands are ascending, from 1, without gaps.");
            }

            if (max is { } m && !Enum.GetValues<EmployeeBand>().Any(b => b.Maximum() == m))
            {
                throw new FormatException($"Band \"{part}\" ends at {m}, inside a declared band; ends can be {string.Join(", ", Enum.GetValues<EmployeeBand>().Select(b => b.Maximum()).OfType<int>())}.");
            }

            if ((max is null) != (index == parts.Length - 1))
            {
                throw new FormatException("Only the last band is open-ended (written MIN-), and the last band must be.");
            }

            bands.Add(new AnalysisBand(max is null ? $"{min}+" : $"{min}–{max}", min, max));
            next = (max ?? 0) + 1;
        }

        return bands.Count == 0 ? throw new FormatException("No bands given.") : bands;
    }

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

    /// <summary>
    /// The same table from per-criterion tallies (what one SQL <c>GROUP BY</c> band, criterion
    /// gives). Each organization answers a criterion at most once, so a tally's organizations are
    /// its answers. How many organizations reach a group (answer at least one of its criteria) the
    /// tallies only bound (<see cref="ReachBounds"/>); <paramref name="reach"/> gives those bounds
    /// per declared band and group, or the exact count as equal bounds. A cell counts the lower
    /// bound when that already reaches the minimum and the upper when even that falls short, so
    /// suppression is decided exactly; a cell between the two needs the exact count
    /// (<see cref="Undecided"/> names them).
    /// </summary>
    public static ConformanceTable Table(IReadOnlyList<(string Key, IReadOnlyCollection<string> Criteria)> groups, IReadOnlyList<AnalysisBand> bands, IReadOnlyCollection<CriterionTally> tallies, IReadOnlyDictionary<(EmployeeBand Band, string Group), (int Least, int Most)> reach)
    {
        ConformanceRow Row(string key, IReadOnlyCollection<string> criteria)
        {
            var set = criteria as IReadOnlySet<string> ?? criteria.ToHashSet(StringComparer.Ordinal);
            var parts = tallies.Where(t => set.Contains(t.CriterionId)).ToList();
            var declared = parts.Select(t => t.Band).Distinct().ToList();
            ConformanceCell Of(IEnumerable<EmployeeBand> bandsIn)
            {
                var inside = bandsIn.ToList();
                var (least, most) = Bounds(reach, inside, key);
                var organizations = least >= MinimumOrganizations ? least : most < MinimumOrganizations ? most
                    : throw new InvalidOperationException($"Group {key}: between {least} and {most} organizations; the exact count is needed.");
                var own = parts.Where(t => inside.Contains(t.Band)).ToList();
                return new ConformanceCell(organizations, own.Sum(t => t.Met), own.Sum(t => t.Organizations));
            }

            var byBand = bands.Select(b => Of(declared.Where(b.Holds))).ToList();
            return new ConformanceRow(key, byBand, Of(declared));
        }

        var rows = groups.Select(g => Row(g.Key, g.Criteria)).ToList();
        var all = groups.SelectMany(g => g.Criteria).Distinct(StringComparer.Ordinal).ToList();
        return new ConformanceTable(bands, rows, Row("average", all));
    }

    /// <summary>
    /// The declared bands and groups (the average row is "average") whose exact reach is needed:
    /// those inside a cell whose bounds lie on both sides of the minimum.
    /// </summary>
    public static IReadOnlySet<(EmployeeBand Band, string Group)> Undecided(IReadOnlyList<(string Key, IReadOnlyCollection<string> Criteria)> groups, IReadOnlyList<AnalysisBand> bands, IReadOnlyDictionary<(EmployeeBand Band, string Group), (int Least, int Most)> reach)
    {
        var undecided = new HashSet<(EmployeeBand, string)>();
        var declared = Enum.GetValues<EmployeeBand>();
        foreach (var key in groups.Select(g => g.Key).Append("average"))
        {
            foreach (var inside in bands.Select(b => declared.Where(b.Holds).ToList()).Append([.. declared]))
            {
                var (least, most) = Bounds(reach, inside, key);
                if (least < MinimumOrganizations && most >= MinimumOrganizations)
                {
                    undecided.UnionWith(inside.Where(band => reach.TryGetValue((band, key), out var r) && r.Least != r.Most).Select(band => (band, key)));
                }
            }
        }

        return undecided;
    }

    private static (int Least, int Most) Bounds(IReadOnlyDictionary<(EmployeeBand Band, string Group), (int Least, int Most)> reach, IEnumerable<EmployeeBand> bands, string key) =>
        bands.Aggregate((0, 0), (sum, band) => reach.TryGetValue((band, key), out var r) ? (sum.Item1 + r.Least, sum.Item2 + r.Most) : sum);

    /// <summary>The criteria at or below the threshold, from tallies (a criterion's organizations are its answers).</summary>
    public static IReadOnlyList<LowCriterion> AtOrBelow(IEnumerable<string> criteria, IReadOnlyCollection<CriterionTally> tallies, double threshold = DefaultThreshold) =>
        [.. criteria.Distinct(StringComparer.Ordinal)
            .Select(id =>
            {
                var own = tallies.Where(t => t.CriterionId == id).ToList();
                var answered = own.Sum(t => t.Organizations);
                return new LowCriterion(id, new ConformanceCell(answered, own.Sum(t => t.Met), answered));
            })
            .Where(c => c.Cell.Rate is { } rate && rate <= threshold + 1e-12)
            .OrderBy(c => c.Cell.Rate).ThenBy(c => c.CriterionId, Catalog.CatalogNumber.Comparer)];

    /// <summary>Per declared band and criterion: organizations that answered (or were judged on) it and how many met it.</summary>
    public static IReadOnlyList<CriterionTally> Tally(IEnumerable<OrganizationResult> results) =>
        [.. results.SelectMany(r => r.Met.Select(m => (r.Band, Criterion: m.Key, m.Value)))
            .GroupBy(x => (x.Band, x.Criterion))
            .Select(g => new CriterionTally(g.Key.Band, g.Key.Criterion, g.Count(), g.Count(x => x.Value)))];

    /// <summary>
    /// How many organizations of a declared band reach a group (answered at least one of its
    /// criteria), as far as the tallies tell: at least the most answered criterion's count, at most
    /// the sum of the counts and the band's organizations. When the bounds meet, that is the number.
    /// </summary>
    public static (int Least, int Most) ReachBounds(IReadOnlyCollection<CriterionTally> tallies, EmployeeBand band, IReadOnlySet<string> criteria, int organizationsInBand)
    {
        var counts = tallies.Where(t => t.Band == band && criteria.Contains(t.CriterionId)).Select(t => t.Organizations).ToList();
        return counts.Count == 0 ? (0, 0) : (counts.Max(), Math.Min(organizationsInBand, counts.Sum()));
    }
}

/// <summary>One declared band and criterion: how many organizations answered it (each once), and how many of them met it.</summary>
public sealed record CriterionTally(EmployeeBand Band, string CriterionId, int Organizations, int Met);
