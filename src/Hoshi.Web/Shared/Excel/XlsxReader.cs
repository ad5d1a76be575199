using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Hoshi.Web.Shared.Excel;

/// <summary>Why a whole upload is refused before any row is looked at.</summary>
public enum XlsxProblem
{
    None,

    /// <summary>Not an Excel workbook (.xlsx) at all.</summary>
    NotXlsx,

    /// <summary>An old binary Excel file (.xls).</summary>
    OldXls,

    /// <summary>Over the upload size limit.</summary>
    TooLarge,

    /// <summary>Unpacks to far more than a sheet of this kind can hold (a zip bomb).</summary>
    TooLargeUnpacked,

    /// <summary>A zip that is damaged, or a workbook that cannot be read.</summary>
    Unreadable,

    /// <summary>No sheet has the expected header row.</summary>
    OtherLayout,

    /// <summary>The header row lacks a column (named in <see cref="XlsxReadResult.MissingColumn"/>).</summary>
    MissingColumn,

    /// <summary>More data rows than a sheet of this kind can have.</summary>
    TooManyRows,
}

/// <summary>One data row: its row number in the sheet and the cell texts by header.</summary>
public sealed record XlsxRow(int Number, IReadOnlyDictionary<string, string?> Cells)
{
    public string? this[string header] => Cells.GetValueOrDefault(header);
}

/// <summary>The table read from a sheet, or why there is none.</summary>
public sealed record XlsxReadResult(XlsxProblem Problem, string? Sheet = null, string? MissingColumn = null, IReadOnlyList<XlsxRow>? Rows = null,
    IReadOnlyDictionary<string, string>? ColumnLetters = null);

/// <summary>
/// Reads a table (one header row, then data rows) from an uploaded .xlsx without trusting it:
/// size checked, every zip entry unpacked with a cap before the workbook is parsed (zip bombs),
/// DTDs refused by the Open XML SDK (entity expansion), headers matched by text so columns may
/// move, and cells read as text.
/// </summary>
public static class XlsxReader
{
    public const long MaxUploadBytes = 10 * 1024 * 1024;
    private const long MaxUnpackedBytes = 60 * 1024 * 1024;
    private const int MaxEntries = 500;

    /// <param name="upload">The uploaded bytes.</param>
    /// <param name="preferredSheet">Looked at first; every other sheet is tried after it.</param>
    /// <param name="requiredHeaders">Headers the table must have; the header row is the first of the first ten rows holding at least three of them.</param>
    /// <param name="maxRows">Data rows allowed.</param>
    public static XlsxReadResult Read(byte[] upload, string preferredSheet, IReadOnlyList<string> requiredHeaders, int maxRows)
    {
        if (upload.Length > MaxUploadBytes)
        {
            return new(XlsxProblem.TooLarge);
        }

        if (upload.Length >= 8 && upload[0] == 0xD0 && upload[1] == 0xCF && upload[2] == 0x11 && upload[3] == 0xE0)
        {
            return new(XlsxProblem.OldXls);
        }

        if (upload.Length < 4 || upload[0] != (byte)'P' || upload[1] != (byte)'K' || upload[2] != 3 || upload[3] != 4)
        {
            return new(XlsxProblem.NotXlsx);
        }

        var unpacked = CheckUnpackedSize(upload);
        if (unpacked != XlsxProblem.None)
        {
            return new(unpacked);
        }

        try
        {
            using var stream = new MemoryStream(upload, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxUnpackedBytes });
            var workbookPart = document.WorkbookPart;
            if (workbookPart?.Workbook.Sheets is null)
            {
                return new(XlsxProblem.NotXlsx);
            }

            var strings = SharedStrings(workbookPart);
            var sheets = workbookPart.Workbook.Sheets.Elements<Sheet>()
                .OrderBy(s => s.Name?.Value == preferredSheet ? 0 : 1).ToList();
            XlsxReadResult? partial = null;
            foreach (var sheet in sheets)
            {
                if (sheet.Id?.Value is not { } id || workbookPart.GetPartById(id) is not WorksheetPart part)
                {
                    continue;
                }

                var result = ReadTable(part, sheet.Name?.Value ?? "", strings, requiredHeaders, maxRows);
                if (result.Problem == XlsxProblem.None)
                {
                    return result;
                }

                partial ??= result.Problem is XlsxProblem.MissingColumn or XlsxProblem.TooManyRows ? result : null;
            }

            return partial ?? new(XlsxProblem.OtherLayout, sheets.FirstOrDefault()?.Name?.Value);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or IOException
            or InvalidOperationException or ArgumentException or FormatException or NotSupportedException)
        {
            return new(XlsxProblem.Unreadable);
        }
    }

    /// <summary>Unpacks every entry with a cap on the total, trusting no declared size.</summary>
    private static XlsxProblem CheckUnpackedSize(byte[] upload)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(upload, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                return XlsxProblem.TooLargeUnpacked;
            }

            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                if (entry.Length > MaxUnpackedBytes)
                {
                    return XlsxProblem.TooLargeUnpacked;
                }

                using var content = entry.Open();
                int read;
                while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                    if (total > MaxUnpackedBytes)
                    {
                        return XlsxProblem.TooLargeUnpacked;
                    }
                }
            }

            return XlsxProblem.None;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            return XlsxProblem.Unreadable;
        }
    }

    private static List<string> SharedStrings(WorkbookPart workbookPart) =>
        workbookPart.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(TextOf).ToList() ?? [];

    /// <summary>The text of a string item: plain or rich text runs, without phonetic (furigana) runs.</summary>
    private static string TextOf(OpenXmlElement item) =>
        string.Concat(item.ChildElements.Select(child => child switch
        {
            Text t => t.Text,
            Run r => string.Concat(r.Elements<Text>().Select(t => t.Text)),
            _ => "",
        }));

    private static XlsxReadResult ReadTable(WorksheetPart part, string sheetName, List<string> strings, IReadOnlyList<string> requiredHeaders, int maxRows)
    {
        var data = part.Worksheet.GetFirstChild<SheetData>();
        if (data is null)
        {
            return new(XlsxProblem.OtherLayout, sheetName);
        }

        Dictionary<int, string>? headerByColumn = null;
        var rows = new List<XlsxRow>();
        var rowNumber = 0;
        foreach (var row in data.Elements<Row>())
        {
            rowNumber = row.RowIndex?.Value is { } index ? (int)index : rowNumber + 1;
            var cells = CellsOf(row, strings);
            if (headerByColumn is null)
            {
                if (rowNumber > 10)
                {
                    return new(XlsxProblem.OtherLayout, sheetName);
                }

                var texts = cells.ToDictionary(kv => kv.Key, kv => kv.Value.Trim());
                if (requiredHeaders.Count(h => texts.ContainsValue(h)) < Math.Min(3, requiredHeaders.Count))
                {
                    continue;
                }

                if (requiredHeaders.FirstOrDefault(h => !texts.ContainsValue(h)) is { } missing)
                {
                    return new(XlsxProblem.MissingColumn, sheetName, missing);
                }

                headerByColumn = texts.Where(kv => kv.Value.Length > 0).GroupBy(kv => kv.Value).ToDictionary(g => g.First().Key, g => g.Key);
                continue;
            }

            if (cells.Values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (rows.Count == maxRows)
            {
                return new(XlsxProblem.TooManyRows, sheetName);
            }

            rows.Add(new XlsxRow(rowNumber, headerByColumn.ToDictionary(h => h.Value, h => cells.GetValueOrDefault(h.Key))));
        }

        return headerByColumn is null
            ? new(XlsxProblem.OtherLayout, sheetName)
            : new(XlsxProblem.None, sheetName, null, rows, headerByColumn.ToDictionary(h => h.Value, h => XlsxWriter.ColumnName(h.Key)));
    }

    /// <summary>The row's cells as text by zero-based column index.</summary>
    private static Dictionary<int, string> CellsOf(Row row, List<string> strings)
    {
        var cells = new Dictionary<int, string>();
        var position = -1;
        foreach (var cell in row.Elements<Cell>())
        {
            position = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : position + 1;
            if (position < 0 || position > 16383)
            {
                continue;
            }

            var raw = cell.CellValue?.Text;
            string? text = cell.DataType?.Value switch
            {
                var t when t == CellValues.SharedString => int.TryParse(raw, out var i) && i >= 0 && i < strings.Count ? strings[i] : null,
                var t when t == CellValues.InlineString => cell.InlineString is { } inline ? TextOf(inline) : null,
                var t when t == CellValues.Boolean => raw == "1" ? "TRUE" : raw == "0" ? "FALSE" : raw,
                _ => raw,
            };
            if (text is not null)
            {
                cells[position] = text;
            }
        }

        return cells;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                index = (index * 26) + (c - 'A' + 1);
                letters++;
            }
            else if (c is >= 'a' and <= 'z')
            {
                index = (index * 26) + (c - 'a' + 1);
                letters++;
            }
            else
            {
                break;
            }
        }

        return letters is 0 or > 3 ? -1 : index - 1;
    }
}
