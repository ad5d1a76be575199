using System.Globalization;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>One supplier subject to the yearly check, with the conditions it meets and its last check.</summary>
public sealed record PartnerCheckRow(SupplierRow Row, bool Confidential, bool Continuity, bool Access, DateOnly? LastChecked, PartnerCheckMethod? Method, DateOnly DueOn, bool Due);

/// <summary>
/// The annual partner check (★4 criterion 2-1-3-1): the suppliers that receive important
/// confidential information, matter to business continuity, or can access internal systems (the
/// answers of their latest level decision), each with its last recorded check, when the next is
/// due, and its registry status; exportable as evidence.
/// </summary>
public sealed class PartnerCheckModel(IAuthorizationService authorization, Organizations.OrganizationQueries organizations, PortfolioQueries portfolio, IStringLocalizer<SuppliersText> text)
    : OrganizationPage(authorization)
{
    public IReadOnlyList<PartnerCheckRow> Rows { get; private set; } = [];

    public string OrganizationName { get; private set; } = "";

    public DateOnly Today => portfolio.Today;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        await LoadAsync(ct);
        string Yes(bool value) => value ? text["Yes"].Value : text["No"].Value;
        IReadOnlyList<string> headers =
        [
            text["CorporateNumber"], text["Name"], text["SupplierCode"], text["ConditionA"], text["ConditionB"], text["ConditionC"],
            text["LastChecked"], text["CheckMethod"], text["NextDue"], text["Status"], text["Held"], text["ValidUntil"],
        ];
        var rows = Rows.Select(r => new[]
        {
            r.Row.Supplier.CorporateNumber, r.Row.Supplier.Name, r.Row.Supplier.SupplierCode, Yes(r.Confidential), Yes(r.Continuity), Yes(r.Access),
            r.LastChecked?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Method is { } m ? text["Method_" + m].Value : "",
            r.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), text["Status_" + r.Row.Standing.Status].Value,
            r.Row.Standing.HeldLevel is { } held ? "★" + held.Number() : "", r.Row.Standing.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        var stamp = Today.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return format == "xlsx"
            ? File(PortfolioExport.Xlsx(text["PartnerCheckSheet"], headers, rows, [text["PartnerCheckNote", OrganizationName, Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]], text["NotesSheet"]),
                SheetExcelLimits.ContentType, $"partner-check-{stamp}.xlsx")
            : File(PortfolioExport.Csv(headers, rows, PortfolioExport.AsksShiftJis(Request)), PortfolioExport.CsvTypeFor(PortfolioExport.AsksShiftJis(Request)), $"partner-check-{stamp}.csv");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var buyer = OrganizationId;
        OrganizationName = await organizations.NameAsync(buyer, ct);
        var decisions = await portfolio.LatestDecisionsAsync(buyer, ct);
        var checks = await portfolio.LatestChecksAsync(buyer, ct);
        var today = Today;
        var rows = new List<PartnerCheckRow>();
        foreach (var row in await portfolio.RowsAsync(buyer, archived: false, ct))
        {
            if (!decisions.TryGetValue(row.Supplier.Id, out var d)
                || !PartnerCheck.Applies(new DecisionAnswers(d.ImportantConfidentialInformation, d.UnacceptableDelay, d.AccessToInternalSystems)))
            {
                continue;
            }

            var last = checks.GetValueOrDefault(row.Supplier.Id);
            rows.Add(new PartnerCheckRow(row, d.ImportantConfidentialInformation, d.UnacceptableDelay, d.AccessToInternalSystems,
                last?.CheckedOn, last?.Method, PartnerCheck.DueOn(last?.CheckedOn, today), PartnerCheck.IsDue(last?.CheckedOn, today)));
        }

        Rows = [.. rows.OrderByDescending(r => r.Due).ThenBy(r => r.DueOn).ThenBy(r => r.Row.Supplier.Name, StringComparer.Ordinal)];
    }
}
