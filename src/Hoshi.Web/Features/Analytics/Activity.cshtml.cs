using System.Globalization;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Analytics;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Analytics;

/// <summary>
/// The scheme owner's activity analysis: effort on scope and sheet, where experts came from, the
/// pipeline (states, days to registration, rechecks, nonconformities, corrective actions in time),
/// the registry over time with expiries coming, and the reviewers. Every chart has its table and
/// each table a CSV; figures from fewer than five organizations show "&lt;5".
/// </summary>
[Authorize]
public sealed class ActivityModel(IAuthorizationService authorization, ActivityQueries queries, Catalog.CatalogStore catalogs, IStringLocalizer<AnalyticsText> text) : PageModel
{
    public static readonly string[] Tables = ["effort", "experts", "pipeline", "registry", "reviewers"];

    [BindProperty(SupportsGet = true, Name = "level")]
    public int LevelNumber { get; set; } = 3;

    /// <summary>A catalog version, or none for every version.</summary>
    [BindProperty(SupportsGet = true, Name = "catalog")]
    public string? CatalogId { get; set; }

    public IReadOnlyList<Catalog.CatalogSummary> Catalogs { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Industry { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Prefecture { get; set; }

    public ActivityReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    /// <summary>One table as CSV: effort, experts, pipeline, registry or reviewers.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken ct)
    {
        if (table is null || !Tables.Contains(table))
        {
            return BadRequest();
        }

        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var (headers, rows) = Rows(table);
        return File(Suppliers.PortfolioExport.Csv(headers, rows, Suppliers.PortfolioExport.AsksShiftJis(Request)), Suppliers.PortfolioExport.CsvTypeFor(Suppliers.PortfolioExport.AsksShiftJis(Request)), $"analytics-{table}-star{LevelNumber}.csv");
    }

    public string CsvLink(string table) => Url.Page(null, "Csv", new { table, level = LevelNumber, catalog = CatalogId, From, To, Industry, Prefecture })!;

    /// <summary>The header and rows of a table, as the page and the CSV show them.</summary>
    public (IReadOnlyList<string> Headers, IReadOnlyList<string?[]> Rows) Rows(string table)
    {
        var r = Report!;
        return table switch
        {
            "effort" => (
                [text["Measure"], text["Count"], text["Median"], text["P90"], text["Limit"], text["ShareWithin"]],
                [.. new[] { (text["HoursOnScope"].Value, r.ScopeHours), (text["HoursOnSheet"].Value, r.SheetHours) }.Select(x => new string?[]
                {
                    x.Item1, Count(x.Item2.Count), Number(x.Item2.Median, x.Item2.Suppressed), Number(x.Item2.P90, x.Item2.Suppressed),
                    x.Item2.Within?.ToString("0.#", CultureInfo.InvariantCulture) + "h", Percent(x.Item2.ShareWithin, x.Item2.Suppressed),
                })]),
            "experts" => (
                [text["ExpertSource"], text["Count"], text["Share"]],
                [.. r.Experts.Select(s => new string?[] { text["Source_" + s.Kind], Count(s.Count), Percent(s.Fraction, s.Fraction is null) }),
                    [text["WithoutExpert"], Count(r.WithoutExpert), ""]]),
            "pipeline" => (
                [text["Measure"], text["Value"]],
                [.. r.ByState.Select(s => new string?[] { text["State"] + ": " + text["State_" + s.State], Count(s.Count) }),
                    [text["DaysToRegistration"] + " (" + text["Median"] + ")", Number(r.DaysToRegistration.Median, r.DaysToRegistration.Suppressed)],
                    [text["DaysToRegistration"] + " (" + text["P90"] + ")", Number(r.DaysToRegistration.P90, r.DaysToRegistration.Suppressed)],
                    [text["RechecksPerReview"], Number(r.RechecksPerReview, r.Reviews < Conformance.MinimumOrganizations)],
                    [text["NonconformitiesPerEvaluation"], LevelNumber == 3 ? "—" : Number(r.NonconformitiesPerEvaluation, r.Evaluations < Conformance.MinimumOrganizations)],
                    [text["CorrectiveInTime"], r.CorrectiveActions is { } c ? (c.InTime + c.Late < Conformance.MinimumOrganizations ? (c.InTime + c.Late == 0 ? "—" : "<5") : Percent((double)c.InTime / (c.InTime + c.Late), false) + $" ({c.InTime}/{c.InTime + c.Late})") : "—"]]),
            "registry" => (
                [text["Month"], text["Level"], text["Status_valid"], text["Status_suspended"], text["Status_revoked"], text["Status_expired"]],
                [.. r.RegistryMonths.Select(m => new string?[] { m.MonthEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "★" + (int)m.Level, Plain(m.Valid), Plain(m.Suspended), Plain(m.Revoked), Plain(m.Expired) })]),
            "reviewers" => (
                [LevelNumber == 3 ? text["Expert"] : text["Body"], text["Reviews"], text["Verdict_Conformant"], text["Verdict_Nonconformant"], text["RechecksPerReview"], text["NonconformitiesPerReview"], text["Departure"]],
                [.. r.ReviewerLines.Select(l => l.Line.Suppressed
                    ? new string?[] { l.Name, "<5", "", "", "", "", "" }
                    : [l.Name, Plain(l.Line.Reviews), Plain(l.Line.Conformant), Plain(l.Line.Nonconformant), Number(l.Line.RechecksPerReview, false), Number(l.Line.NonconformitiesPerReview, false), l.Line.Departure is { } d ? d.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : "—"])]),
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        };
    }

    public static string Count(int count) => Statistics.Hidden(count) ? "<5" : Plain(count);

    public static string Plain(int count) => count.ToString(CultureInfo.InvariantCulture);

    public static string Number(double? value, bool suppressed) => suppressed ? "<5" : value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "—";

    public static string Percent(double? fraction, bool suppressed) => suppressed ? "<5" : fraction is { } f ? (f * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.ViewAllOrganizations))
        {
            return Forbid();
        }

        if (LevelNumber is not (3 or 4))
        {
            return BadRequest();
        }

        Catalogs = await catalogs.ListAsync(ct);
        if (!string.IsNullOrEmpty(CatalogId) && Catalogs.All(c => c.Id != CatalogId))
        {
            return NotFound();
        }

        Report = await queries.ReportAsync(new ActivityFilter(LevelNumber == 4 ? Level.Star4 : Level.Star3, CatalogId, From, To, Industry?.Trim(), Prefecture?.Trim()), ct);
        return null;
    }
}
