using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Web.Cli;
using Hoshi.Web.Features.Analytics;
using Hoshi.Web.Features.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Bench;

/// <summary>
/// <c>bench-conformance [--level 3|4] [--repeat N]</c>: times the conformance report (both tables,
/// both lists, as the analytics page computes them) against one hand-written SQL <c>GROUP BY</c>
/// band, criterion over the same answers on the same database, and prints the medians and their
/// ratio. Used by <c>bench/analytics/run</c> after <c>seed-assessments</c>.
/// </summary>
public static class ConformanceBench
{
    public static Command Command()
    {
        var level = new Option<int>("--level") { Description = "3 or 4 (default 4).", DefaultValueFactory = _ => 4, HelpName = "L" };
        var repeat = new Option<int>("--repeat") { Description = "Runs of each, after one warm-up (default 5).", DefaultValueFactory = _ => 5, HelpName = "N" };
        var command = new Command("bench-conformance", "Time the conformance report against one hand-written SQL GROUP BY over the same rows.") { level, repeat };
        command.SetAction((result, ct) => CliHost.RunAsync((services, ct2) => RunAsync(services, result.GetValue(level) == 3 ? Level.Star3 : Level.Star4, Math.Clamp(result.GetValue(repeat), 1, 100), ct2), ct));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, Level level, int repeat, CancellationToken ct)
    {
        var catalogs = services.GetRequiredService<CatalogStore>();
        if (await catalogs.CurrentAsync(ct) is not { } current || await catalogs.GetAsync(current.Id, ct) is not { } entry)
        {
            await Console.Error.WriteLineAsync("hoshi: no published catalog version.");
            return 1;
        }

        var filter = new AnalyticsFilter(level, current.Id, null, null, null, null, false);
        var db = services.GetRequiredService<AppDbContext>();
        var states = string.Join(", ", ConformanceQueries.Finished.Select(s => $"'{s}'"));
        var sql = $"""
            SELECT o."EmployeeBand", x."CriterionId", COUNT(*), SUM(CASE WHEN x."Value" = 'yes' THEN 1 ELSE 0 END)
            FROM "Answers" x JOIN "Assessments" a ON a."Id" = x."AssessmentId" JOIN "Organizations" o ON o."Id" = a."OrganizationId"
            WHERE a."Level" = {(int)level} AND a."CatalogVersionId" = '{current.Id.Replace("'", "''", StringComparison.Ordinal)}' AND a."State" IN ({states}) AND x."Value" IN ('yes', 'no')
            GROUP BY o."EmployeeBand", x."CriterionId"
            """;

        async Task<(double Ms, int Rows)> GroupByAsync()
        {
            var connection = db.Database.GetDbConnection();
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await connection.OpenAsync(ct);
            }

            var watch = Stopwatch.StartNew();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 600;
            var rows = 0;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    rows++;
                }
            }

            return (watch.Elapsed.TotalMilliseconds, rows);
        }

        async Task<(double Ms, int Organizations)> ReportAsync(AnalyticsFilter? other = null)
        {
            await using var scope = services.CreateAsyncScope();
            var queries = scope.ServiceProvider.GetRequiredService<ConformanceQueries>();
            var watch = Stopwatch.StartNew();
            var report = await queries.ReportAsync(entry.Catalog, other ?? filter, ct);
            return (watch.Elapsed.TotalMilliseconds, report.Organizations);
        }

        var rounds = await db.Assessments.CountAsync(a => a.Level == level && a.CatalogVersionId == current.Id, ct);
        var answers = await db.Answers.LongCountAsync(ct);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bench-conformance: {(db.Database.IsNpgsql() ? "PostgreSQL" : "SQLite")}, ★{(int)level}, {rounds:N0} rounds, {answers:N0} answers in all; {repeat} runs each after a warm-up"));
        var (_, groups) = await GroupByAsync();
        var (_, organizations) = await ReportAsync();
        var hand = new List<double>();
        var ours = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            // Alternate, so neither always runs on a warmer cache.
            hand.Add((await GroupByAsync()).Ms);
            ours.Add((await ReportAsync()).Ms);
        }

        static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        var handMedian = Median(hand);
        var oursMedian = Median(ours);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"hand-written GROUP BY band, criterion (answers only, {groups} groups): median {handMedian:N0} ms (runs: {string.Join(", ", hand.Select(h => h.ToString("N0", CultureInfo.InvariantCulture)))})"));
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"conformance report (answers and verdicts, both lists, {organizations:N0} organizations): median {oursMedian:N1} ms (runs: {string.Join(", ", ours.Select(h => h.ToString("N1", CultureInfo.InvariantCulture)))})"));
        // Issue 28: the report reads the kept tallies; also by subcategory, and for one industry and prefecture in a fiscal year.
        var industry = await db.Organizations.Where(o => o.IsSynthetic && o.Industry != null).Select(o => o.Industry).FirstOrDefaultAsync(ct);
        var fiscal = new AnalyticsFilter(level, current.Id, new DateOnly(DateTime.UtcNow.Year - 1, 4, 1), new DateOnly(DateTime.UtcNow.Year, 3, 31), industry, "13", true);
        var narrow = new List<double>();
        var narrowOrganizations = 0;
        for (var i = 0; i < repeat; i++)
        {
            var (ms, count) = await ReportAsync(fiscal);
            narrow.Add(ms);
            narrowOrganizations = count;
        }

        var worst = Math.Max(oursMedian, Median(narrow));
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"conformance report by subcategory, industry {industry}, prefecture 13, April–March ({narrowOrganizations:N0} organizations): median {Median(narrow):N1} ms"));
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"conformance report, slowest median {worst:N1} ms — {(worst < 300 ? "PASS" : "FAIL")} (goal under 300 ms)"));
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ratio report / GROUP BY: {oursMedian / handMedian:N2} (goal: at most 1.50)"));
        return 0;
    }
}
