using System.Globalization;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Analytics;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Catalog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Analytics;

/// <summary>
/// The scheme owner's conformance analysis: by category (or subcategory) and employee band, the
/// applicants' answers beside the final verdicts (their gap is a finding), the average per band,
/// the criteria at or below 50 %, every table with a CSV download. Cells from fewer than five
/// organizations show "&lt;5".
/// </summary>
[Authorize]
public sealed class ConformanceModel(IAuthorizationService authorization, CatalogStore catalogs, ConformanceQueries queries, IStringLocalizer<AnalyticsText> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "level")]
    public int LevelNumber { get; set; } = 3;

    [BindProperty(SupportsGet = true, Name = "catalog")]
    public string? CatalogId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Industry { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Prefecture { get; set; }

    [BindProperty(SupportsGet = true, Name = "sub")]
    public bool BySubcategory { get; set; }

    public IReadOnlyList<CatalogSummary> Catalogs { get; private set; } = [];

    public ConformanceReport? Report { get; private set; }

    public Domain.Catalog.CatalogVersion? Catalog { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    /// <summary>Both tables and both lists as one CSV (suppressed cells as "&lt;5").</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var r = Report!;
        var rows = new List<string?[]>();
        foreach (var (name, table) in new[] { (text["ViewAnswers"].Value, r.Answers), (text["ViewVerdicts"].Value, r.Verdicts) })
        {
            foreach (var row in table.Rows.Append(table.Average))
            {
                rows.Add([name, row.Key == "average" ? text["Average"].Value : row.Key, r.Labels.GetValueOrDefault(row.Key, ""), .. row.ByBand.Select(Cell), Cell(row.Overall), row.Overall.Suppressed ? "<5" : row.Overall.Organizations.ToString(CultureInfo.InvariantCulture)]);
            }
        }

        var headers = new List<string> { text["View"], text["Group"], text["GroupName"] };
        headers.AddRange(r.Answers.Bands.Select(b => b.Label));
        headers.Add(text["Overall"]);
        headers.Add(text["OrganizationsColumn"]);
        var shiftJis = Suppliers.PortfolioExport.AsksShiftJis(Request);
        var bytes = Suppliers.PortfolioExport.Csv(headers, rows, shiftJis);
        return File(bytes, Suppliers.PortfolioExport.CsvTypeFor(shiftJis), $"conformance-star{LevelNumber}-{CatalogId}.csv");
    }

    public static string Cell(ConformanceCell cell) => cell.Suppressed ? "<5" : cell.Rate is { } rate ? (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    public string CsvLink => Url.Page(null, "Csv", new { level = LevelNumber, catalog = CatalogId, From, To, Industry, Prefecture, sub = BySubcategory ? true : (bool?)null })!;

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
        CatalogId ??= (await catalogs.CurrentAsync(ct))?.Id;
        if (CatalogId is null || await catalogs.GetAsync(CatalogId, ct) is not { } entry)
        {
            return NotFound();
        }

        Catalog = entry.Catalog;
        var level = LevelNumber == 4 ? Level.Star4 : Level.Star3;
        Report = await queries.ReportAsync(Catalog, new AnalyticsFilter(level, CatalogId, From, To, Industry?.Trim(), Prefecture?.Trim(), BySubcategory), ct);
        return null;
    }
}
