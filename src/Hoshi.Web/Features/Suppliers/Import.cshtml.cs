using Hoshi.Domain.Accounts;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>
/// One import: its progress while it runs (the page reloads itself every second, no script
/// needed), then the report — the refused rows with what to fix, and the whole report as CSV.
/// </summary>
public sealed class ImportModel(IAuthorizationService authorization, SupplierImportStore imports, IStringLocalizer<SuppliersText> text)
    : OrganizationPage(authorization)
{
    [BindProperty(SupportsGet = true)]
    public Guid ImportId { get; set; }

    public ImportStatus Status { get; private set; } = null!;

    public bool Running => Status.Import.State is "queued" or "running";

    public IEnumerable<ImportRowOutcome> Refused => Status.Report?.Rows.Where(r => !r.Accepted) ?? [];

    public int Percent => Status.Import.Total == 0 ? 0 : Math.Min(100, 100 * Status.Processed / Status.Import.Total);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        if (await imports.FindAsync(OrganizationId, ImportId, ct) is not { } status)
        {
            return NotFound();
        }

        Status = status;
        if (Running)
        {
            Response.Headers["Refresh"] = "1";
        }

        return Page();
    }

    /// <summary>The report of every row, as CSV.</summary>
    public async Task<IActionResult> OnGetReportAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        if (await imports.FindAsync(OrganizationId, ImportId, ct) is not { Report: { } report })
        {
            return NotFound();
        }

        var rows = report.Rows.Select(r => new[] { r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), r.CorporateNumber, r.Name, r.Accepted ? text["RowAdded"].Value : Problems(r) });
        return File(PortfolioExport.Csv([text["RowNumber"], text["CorporateNumber"], text["Name"], text["RowOutcome"]], rows, PortfolioExport.AsksShiftJis(Request)), PortfolioExport.CsvTypeFor(PortfolioExport.AsksShiftJis(Request)), $"import-report-{ImportId}.csv");
    }

    public string Problems(ImportRowOutcome row) => string.Join(" / ", row.Problems.Select(p => text["RowProblem_" + p.Replace('.', '_').Replace(':', '_')].Value));
}
