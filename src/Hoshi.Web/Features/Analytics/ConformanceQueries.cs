using System.Globalization;
using System.Text;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Analytics;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Analytics;

/// <summary>What the analytics are computed over.</summary>
public sealed record AnalyticsFilter(Level Level, string CatalogId, DateOnly? From, DateOnly? To, string? Industry, string? PrefectureCode, bool BySubcategory);

/// <summary>Both views of conformance: the applicants' own answers and the experts' or evaluators' final verdicts.</summary>
public sealed record ConformanceReport(ConformanceTable Answers, ConformanceTable Verdicts, IReadOnlyList<LowCriterion> LowAnswers, IReadOnlyList<LowCriterion> LowVerdicts, IReadOnlyDictionary<string, string> Labels, int Organizations);

/// <summary>The analysis settings (<c>Analytics:</c>): the employee bands of the tables, as <see cref="AnalysisBand.Parse"/> reads them.</summary>
public sealed class AnalyticsSettings
{
    public string Star3Bands { get; set; } = "1-50, 51-100, 101-1000, 1001-";

    public string Star4Bands { get; set; } = "1-500, 501-1000, 1001-3000, 3001-5000, 5001-10000, 10001-";

    public IReadOnlyList<AnalysisBand> Bands(Level level) => AnalysisBand.Parse(level == Level.Star3 ? Star3Bands : Star4Bands);
}

/// <summary>
/// The conformance tables: the latest finished round (reviewed or further) of each organization for
/// one level and catalog version, counted when its last change falls in the period's months, and per
/// declared band and criterion the answers (yes met, no not met; not applicable left out) and final
/// verdicts (conformant met, nonconformant not met; recheck left out). Both views are read from the
/// tallies kept with the rounds (<c>ConformanceTallies</c>), summed over the months. How many
/// organizations reach a group follows from those tallies (<see cref="Conformance.ReachBounds"/>)
/// wherever it decides a suppression; for the few cells where it does not, one more query counts
/// them for those bands and groups only.
/// </summary>
public sealed class ConformanceQueries(AppDbContext db, IOptions<AnalyticsSettings> settings)
{
    public static readonly AssessmentState[] Finished = Data.Analytics.ConformanceFactsSql.Finished;

    public async Task<ConformanceReport> ReportAsync(CatalogVersion catalog, AnalyticsFilter filter, CancellationToken ct = default)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var groups = new List<(string Key, IReadOnlyCollection<string> Criteria)>();
        foreach (var category in catalog.Categories)
        {
            var units = filter.BySubcategory ? category.Subcategories.Select(s => (s.No, s.Name.JaText, Subs: (IEnumerable<string>)[s.No])) : [(category.No, category.Name.JaText, Subs: category.Subcategories.Select(s => s.No))];
            foreach (var (key, label, subs) in units)
            {
                var subSet = subs.ToHashSet(StringComparer.Ordinal);
                var criteria = catalog.Requirements.Where(r => subSet.Contains(r.SubcategoryNo)).SelectMany(r => r.CriteriaFor(filter.Level)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
                if (criteria.Count > 0)
                {
                    groups.Add((key, criteria));
                    labels[key] = label;
                }
            }
        }

        var all = groups.SelectMany(g => g.Criteria).ToHashSet(StringComparer.Ordinal);
        var withAverage = groups.Append(("average", all)).ToList();
        var bands = settings.Value.Bands(filter.Level);

        // The kept tallies (ConformanceTallyRecord): one slice (industry, prefecture or both, or
        // all), the months of the period; a few thousand rows whatever the number of rounds.
        var industry = filter.Industry is { Length: > 0 } i ? i : "";
        var prefecture = filter.PrefectureCode is { Length: > 0 } p ? p : "";
        var query = db.ConformanceTallies.AsNoTracking()
            .Where(t => t.Level == filter.Level && t.CatalogVersionId == filter.CatalogId && t.Industry == industry && t.PrefectureCode == prefecture);
        if (filter.From is { } from)
        {
            var first = Data.Analytics.ConformanceTallyRecord.MonthOf(from);
            query = query.Where(t => t.Month >= first);
        }

        if (filter.To is { } to)
        {
            var last = Data.Analytics.ConformanceTallyRecord.MonthOf(to);
            query = query.Where(t => t.Month <= last);
        }

        var rows = await query.GroupBy(t => new { t.Band, t.Key })
            .Select(g => new { g.Key.Band, g.Key.Key, Answered = g.Sum(t => t.Answered), AnswersMet = g.Sum(t => t.AnswersMet), Judged = g.Sum(t => t.Judged), VerdictsMet = g.Sum(t => t.VerdictsMet) })
            .ToListAsync(ct);
        var answerTallies = rows.Where(r => r.Key.Length > 0 && r.Answered > 0).Select(r => new CriterionTally(r.Band, r.Key, r.Answered, r.AnswersMet)).ToList();
        var verdictTallies = rows.Where(r => r.Key.Length > 0 && r.Judged > 0).Select(r => new CriterionTally(r.Band, r.Key, r.Judged, r.VerdictsMet)).ToList();
        var roundCounts = rows.Where(r => r.Key.Length == 0 && r.Answered > 0).ToDictionary(r => r.Band, r => r.Answered);

        var answerReach = await ReachAsync("Answer", answerTallies, roundCounts, filter, withAverage, bands, ct);
        var verdictReach = await ReachAsync("Verdict", verdictTallies, roundCounts, filter, withAverage, bands, ct);
        return new ConformanceReport(
            Conformance.Table(groups, bands, answerTallies, answerReach), Conformance.Table(groups, bands, verdictTallies, verdictReach),
            Conformance.AtOrBelow(all, answerTallies), Conformance.AtOrBelow(all, verdictTallies), labels, roundCounts.Values.Sum());
    }

    private sealed class CountRow
    {
        public string Band { get; set; } = "";

        public string GroupKey { get; set; } = "";

        public long Organizations { get; set; }
    }

    /// <summary>
    /// Organizations reaching each group per declared band: the bounds the tallies give, and for
    /// the cells they leave undecided, the exact count from the facts (<paramref name="column"/>:
    /// Answer or Verdict) for those bands and groups only.
    /// </summary>
    private async Task<Dictionary<(EmployeeBand, string), (int, int)>> ReachAsync(string column, IReadOnlyList<CriterionTally> tallies, Dictionary<EmployeeBand, int> roundCounts, AnalyticsFilter filter, IReadOnlyList<(string Key, IReadOnlyCollection<string> Criteria)> groups, IReadOnlyList<AnalysisBand> bands, CancellationToken ct)
    {
        var reach = new Dictionary<(EmployeeBand, string), (int, int)>();
        foreach (var band in Enum.GetValues<EmployeeBand>())
        {
            foreach (var (key, criteria) in groups)
            {
                reach[(band, key)] = Conformance.ReachBounds(tallies, band, (IReadOnlySet<string>)criteria, roundCounts.GetValueOrDefault(band));
            }
        }

        var unsure = Conformance.Undecided([.. groups.Where(g => g.Key != "average")], bands, reach).ToList();
        if (unsure.Count == 0)
        {
            return reach;
        }

        // Count the organizations reaching those groups: each round once per group it answered.
        var (rounds, parameters) = LatestRounds(db, filter);
        var keys = unsure.Select(u => u.Group).ToHashSet(StringComparer.Ordinal);
        var pairs = new StringBuilder();
        foreach (var (key, criteria) in groups.Where(g => keys.Contains(g.Key)))
        {
            foreach (var criterion in criteria)
            {
                pairs.Append(pairs.Length == 0 ? "" : ", ").Append('(').Append(Add(parameters, criterion)).Append(", ").Append(Add(parameters, key)).Append(')');
            }
        }

        var bandList = string.Join(", ", unsure.Select(u => u.Band).Distinct().Select(b => Add(parameters, b.ToString())));
        var reachSql = $"""
            {rounds}
            SELECT q."Band" AS "Band", q."GroupKey" AS "GroupKey", COUNT(*) AS "Organizations" FROM (
              SELECT DISTINCT r."Band" AS "Band", r."Id" AS "Id", m.column2 AS "GroupKey"
              FROM r JOIN "ConformanceFacts" f ON f."AssessmentId" = r."Id" JOIN (VALUES {pairs}) AS m ON m.column1 = f."CriterionId"
              WHERE f."{column}" IS NOT NULL AND r."Band" IN ({bandList})) q
            GROUP BY q."Band", q."GroupKey"
            """;
        var exact = (await db.Database.SqlQueryRaw<CountRow>(reachSql, [.. parameters]).ToListAsync(ct))
            .Where(c => Enum.TryParse<EmployeeBand>(c.Band, out _))
            .ToDictionary(c => (Enum.Parse<EmployeeBand>(c.Band), c.GroupKey), c => checked((int)c.Organizations));
        foreach (var pair in unsure)
        {
            var count = exact.GetValueOrDefault(pair);
            reach[pair] = (count, count);
        }

        return reach;
    }

    /// <summary>
    /// The <c>WITH r AS (…)</c> of the finished rounds that count, as the tallies count them: the
    /// latest round of each organization (by last change, then id), when that change falls in the
    /// period's months; columns Id and Band.
    /// </summary>
    private static (string Sql, List<object> Parameters) LatestRounds(AppDbContext context, AnalyticsFilter filter)
    {
        var parameters = new List<object>();
        var sqlite = context.Database.IsSqlite();
        var where = new StringBuilder();
        where.Append(CultureInfo.InvariantCulture, $"a.\"Level\" = {Add(parameters, (int)filter.Level)} AND a.\"CatalogVersionId\" = {Add(parameters, filter.CatalogId)}");
        where.Append(" AND a.\"State\" IN (").Append(string.Join(", ", Finished.Select(s => Add(parameters, s.ToString())))).Append(')');
        object Moment(DateTime utc) => sqlite ? utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) : utc;
        var period = new StringBuilder();
        if (filter.From is { } from)
        {
            period.Append(" AND \"UpdatedAt\" >= ").Append(Add(parameters, Moment(DateTime.SpecifyKind(new DateTime(from.Year, from.Month, 1).AddHours(-9), DateTimeKind.Utc))));
        }

        if (filter.To is { } to)
        {
            period.Append(" AND \"UpdatedAt\" < ").Append(Add(parameters, Moment(DateTime.SpecifyKind(new DateTime(to.Year, to.Month, 1).AddMonths(1).AddHours(-9), DateTimeKind.Utc))));
        }

        if (filter.Industry is { Length: > 0 } industry)
        {
            where.Append(" AND o.\"Industry\" = ").Append(Add(parameters, industry));
        }

        if (filter.PrefectureCode is { Length: > 0 } prefecture)
        {
            where.Append(" AND o.\"PrefectureCode\" = ").Append(Add(parameters, prefecture));
        }

        var sql = $"""
            WITH ranked AS (
              SELECT a."Id" AS "Id", o."EmployeeBand" AS "Band", a."UpdatedAt" AS "UpdatedAt", ROW_NUMBER() OVER (PARTITION BY a."OrganizationId" ORDER BY a."UpdatedAt" DESC, a."Id" DESC) AS "N"
              FROM "Assessments" a JOIN "Organizations" o ON o."Id" = a."OrganizationId"
              WHERE {where}),
            r AS (SELECT "Id", "Band" FROM ranked WHERE "N" = 1{period})
            """;
        return (sql, parameters);
    }

    /// <summary>Adds a parameter and returns its placeholder (EF Core turns <c>{n}</c> into a provider parameter).</summary>
    private static string Add(List<object> parameters, object value)
    {
        parameters.Add(value);
        return "{" + (parameters.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
    }
}
