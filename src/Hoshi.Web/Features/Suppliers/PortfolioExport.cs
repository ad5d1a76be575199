using System.Globalization;
using System.Text;
using Hoshi.Domain;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Shared.Excel;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>
/// A portfolio (or the import template) as CSV (UTF-8 with BOM, so that Excel reads Japanese) or
/// Excel. The first six columns are those of an import, so an export can be edited and imported
/// into another portfolio. Cells that a spreadsheet would run as a formula are neutralized.
/// </summary>
public static class PortfolioExport
{
    public const string CsvType = "text/csv; charset=utf-8";

    public static IReadOnlyList<string> Headers(IStringLocalizer text) =>
    [
        text["CorporateNumber"], text["Name"], text["SupplierCode"], text["Department"], text["ContactEmail"], text["Tags"],
        text["Required"], text["Held"], text["Status"], text["ValidUntil"], text["GapColumn"], text["RequestColumn"], text["RequestDue"],
    ];

    public static IEnumerable<string?[]> Rows(IEnumerable<SupplierRow> rows, IStringLocalizer text) =>
        rows.Select(r => new[]
        {
            r.Supplier.CorporateNumber, r.Supplier.Name, r.Supplier.SupplierCode, r.Supplier.Department, r.Supplier.ContactEmail,
            r.Supplier.Tags?.Replace(",", "、", StringComparison.Ordinal),
            r.Supplier.RequiredLevel is { } required ? "★" + required : "",
            r.Standing.HeldLevel is { } held ? "★" + held.Number() : "",
            text["Status_" + r.Standing.Status].Value,
            r.Standing.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.Standing.Gap ? text["Gap"].Value : "",
            r.Request is { } request ? text["Progress_" + request.Progress].Value : "",
            r.Request?.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });

    static PortfolioExport() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// The CSV in UTF-8 with a BOM (Excel reads Japanese from it), or — asked with <c>?encoding=shift_jis</c>
    /// for older Excel — in Shift_JIS (code page 932; a character it lacks becomes "?").
    /// </summary>
    public static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<string?[]> rows, bool shiftJis = false)
    {
        var builder = new StringBuilder();
        Line(builder, headers);
        foreach (var row in rows)
        {
            Line(builder, row);
        }

        return shiftJis ? Encoding.GetEncoding(932).GetBytes(builder.ToString()) : [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(builder.ToString())];
    }

    /// <summary>Whether the request asks for Shift_JIS (<c>?encoding=shift_jis</c>).</summary>
    public static bool AsksShiftJis(HttpRequest request) => string.Equals(request.Query["encoding"], "shift_jis", StringComparison.OrdinalIgnoreCase);

    /// <summary>The content type of <see cref="Csv"/>'s bytes.</summary>
    public static string CsvTypeFor(bool shiftJis) => shiftJis ? "text/csv; charset=shift_jis" : CsvType;

    public static byte[] Xlsx(string sheetName, IReadOnlyList<string> headers, IEnumerable<string?[]> rows, IReadOnlyList<string> notes, string notesSheet)
    {
        var table = new XlsxTableSheet(sheetName, [.. headers.Select((h, i) => new XlsxColumn(h, i == 1 ? 36 : 16, Editable: true))]);
        table.Rows.AddRange(rows);
        using var output = new MemoryStream();
        XlsxWriter.Write(output, table, notesSheet, notes);
        return output.ToArray();
    }

    /// <summary>A cell a spreadsheet would take for a formula (= + - @, tab, carriage return first) gets a leading apostrophe; a plain number such as -50.0 stays a number.</summary>
    public static string Neutralize(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !double.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? "'" + value : value;

    private static void Line(StringBuilder builder, IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var value = Neutralize(cells[i] ?? "");
            if (value.AsSpan().IndexOfAny("\",\r\n") >= 0)
            {
                builder.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                builder.Append(value);
            }
        }

        builder.Append("\r\n");
    }
}
