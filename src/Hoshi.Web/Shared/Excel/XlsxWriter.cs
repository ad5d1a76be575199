using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Hoshi.Web.Shared.Excel;

/// <summary>A column of a table sheet: its header, width (in characters), whether people type into it, whether it is hidden.</summary>
public sealed record XlsxColumn(string Header, double Width, bool Editable = false, bool Hidden = false);

/// <summary>
/// A table sheet: one header row, then data rows. <see cref="Lists"/> gives, per cell (data row
/// index, column index), the values offered by a drop-down list.
/// </summary>
public sealed class XlsxTableSheet(string name, IReadOnlyList<XlsxColumn> columns)
{
    public string Name { get; } = name;

    public IReadOnlyList<XlsxColumn> Columns { get; } = columns;

    public List<string?[]> Rows { get; } = [];

    public Dictionary<(int Row, int Column), IReadOnlyList<string>> Lists { get; } = [];

    /// <summary>The message Excel shows when a cell with a list gets another value.</summary>
    public string? ListErrorTitle { get; init; }

    public string? ListErrorMessage { get; init; }
}

/// <summary>
/// Writes small workbooks with the Open XML SDK: a protected table sheet where only the editable
/// columns can be typed into (text format, drop-down lists from a hidden sheet), and a sheet of
/// notes. Every value is written as a string, never a formula.
/// </summary>
public static class XlsxWriter
{
    private const uint StyleHeader = 1;
    private const uint StyleLocked = 2;
    private const uint StyleEditable = 3;
    private const uint StyleNote = 4;
    private const string ListsSheetName = "選択肢";

    public static void Write(Stream output, XlsxTableSheet table, string notesSheetName, IReadOnlyList<string> notes)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook();
        var strings = new SharedStrings();
        workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();

        var sheets = new Sheets();
        var lists = DistinctLists(table);
        AddSheet(workbookPart, sheets, 1, table.Name, TableWorksheet(table, lists, strings), SheetStateValues.Visible);
        AddSheet(workbookPart, sheets, 2, notesSheetName, NotesWorksheet(notes, strings), SheetStateValues.Visible);
        if (lists.Count > 0)
        {
            AddSheet(workbookPart, sheets, 3, ListsSheetName, ListsWorksheet(lists, strings), SheetStateValues.Hidden);
        }

        // The structure is locked (no sheet added, removed, renamed or unhidden by mistake: the upload reads them by name).
        workbookPart.Workbook.Append(new WorkbookProtection { LockStructure = true }, new BookViews(new WorkbookView { ActiveTab = 0 }), sheets);
        workbookPart.AddNewPart<SharedStringTablePart>().SharedStringTable = strings.Table;
    }

    private static void AddSheet(WorkbookPart workbookPart, Sheets sheets, uint id, string name, Worksheet worksheet, SheetStateValues state)
    {
        var part = workbookPart.AddNewPart<WorksheetPart>();
        part.Worksheet = worksheet;
        sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = id, Name = name, State = state });
    }

    private static List<IReadOnlyList<string>> DistinctLists(XlsxTableSheet table)
    {
        var lists = new List<IReadOnlyList<string>>();
        foreach (var list in table.Lists.Values)
        {
            if (!lists.Any(l => l.SequenceEqual(list)))
            {
                lists.Add(list);
            }
        }

        return lists;
    }

    private static Worksheet TableWorksheet(XlsxTableSheet table, List<IReadOnlyList<string>> lists, SharedStrings strings)
    {
        var columns = new Columns();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var column = table.Columns[c];
            columns.Append(new Column
            {
                Min = (uint)c + 1,
                Max = (uint)c + 1,
                Width = column.Width,
                CustomWidth = true,
                Hidden = column.Hidden ? true : null,
                Style = column.Editable ? StyleEditable : StyleLocked,
            });
        }

        var data = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (var c = 0; c < table.Columns.Count; c++)
        {
            header.Append(strings.Cell(Reference(c, 1), table.Columns[c].Header, StyleHeader));
        }

        data.Append(header);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var rowNumber = (uint)r + 2;
            var row = new Row { RowIndex = rowNumber };
            var values = table.Rows[r];
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var style = table.Columns[c].Editable ? StyleEditable : StyleLocked;
                var value = c < values.Length ? values[c] : null;
                row.Append(value is null ? new Cell { CellReference = Reference(c, rowNumber), StyleIndex = style } : strings.Cell(Reference(c, rowNumber), value, style));
            }

            data.Append(row);
        }

        var worksheet = new Worksheet(
            new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = 1,
                TopLeftCell = "A2",
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            })
            { WorkbookViewId = 0, TabSelected = true }),
            new SheetFormatProperties { DefaultRowHeight = 18 },
            columns,
            data,
            new SheetProtection { Sheet = true, Objects = true, Scenarios = true, FormatColumns = false, FormatRows = false, FormatCells = false });

        if (table.Lists.Count > 0)
        {
            var validations = new DataValidations();
            for (var l = 0; l < lists.Count; l++)
            {
                var cells = table.Lists.Where(kv => kv.Value.SequenceEqual(lists[l])).Select(kv => Reference(kv.Key.Column, (uint)kv.Key.Row + 2)).ToList();
                var column = ColumnName(l);
                validations.Append(new DataValidation
                {
                    Type = DataValidationValues.List,
                    AllowBlank = true,
                    ShowErrorMessage = true,
                    ShowInputMessage = false,
                    ErrorTitle = table.ListErrorTitle,
                    Error = table.ListErrorMessage,
                    SequenceOfReferences = new ListValue<StringValue>(cells.Select(c => new StringValue(c))),
                    Formula1 = new Formula1($"'{ListsSheetName}'!${column}$1:${column}${lists[l].Count}"),
                });
            }

            validations.Count = (uint)lists.Count;
            worksheet.Append(validations);
        }

        return worksheet;
    }

    private static Worksheet NotesWorksheet(IReadOnlyList<string> notes, SharedStrings strings)
    {
        var data = new SheetData();
        for (var i = 0; i < notes.Count; i++)
        {
            var row = new Row { RowIndex = (uint)i + 1 };
            row.Append(strings.Cell(Reference(0, (uint)i + 1), notes[i], StyleNote));
            data.Append(row);
        }

        return new Worksheet(new Columns(new Column { Min = 1, Max = 1, Width = 120, CustomWidth = true }), data);
    }

    private static Worksheet ListsWorksheet(List<IReadOnlyList<string>> lists, SharedStrings strings)
    {
        var data = new SheetData();
        var height = lists.Max(l => l.Count);
        for (var r = 0; r < height; r++)
        {
            var row = new Row { RowIndex = (uint)r + 1 };
            for (var l = 0; l < lists.Count; l++)
            {
                if (r < lists[l].Count)
                {
                    row.Append(strings.Cell(Reference(l, (uint)r + 1), lists[l][r], 0));
                }
            }

            data.Append(row);
        }

        // The drop-downs' values: read-only.
        return new Worksheet(data, new SheetProtection { Sheet = true, Objects = true, Scenarios = true });
    }

    private static Stylesheet Styles()
    {
        var fonts = new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "游ゴシック" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "游ゴシック" }))
        { Count = 2 };
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E2F3" }) { PatternType = PatternValues.Solid }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFFF7D6" }) { PatternType = PatternValues.Solid }))
        { Count = 4 };
        var thin = new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(
                new LeftBorder(new Color { Rgb = "FF8C8C8C" }) { Style = BorderStyleValues.Thin },
                new RightBorder(new Color { Rgb = "FF8C8C8C" }) { Style = BorderStyleValues.Thin },
                new TopBorder(new Color { Rgb = "FF8C8C8C" }) { Style = BorderStyleValues.Thin },
                new BottomBorder(new Color { Rgb = "FF8C8C8C" }) { Style = BorderStyleValues.Thin },
                new DiagonalBorder()))
        { Count = 2 };
        var wrapTop = () => new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top };
        var formats = new CellFormats(
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0 },
            new CellFormat(wrapTop()) { FontId = 1, FillId = 2, BorderId = 1, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
            new CellFormat(wrapTop()) { FontId = 0, FillId = 0, BorderId = 1, ApplyBorder = true, ApplyAlignment = true },

            // Text format (49, "@") so that what people type stays as typed (a date stays a date string).
            new CellFormat(wrapTop(), new Protection { Locked = false })
            { FontId = 0, FillId = 3, BorderId = 1, NumberFormatId = 49, ApplyNumberFormat = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true, ApplyProtection = true },
            new CellFormat(wrapTop()) { FontId = 0, FillId = 0, BorderId = 0, ApplyAlignment = true })
        { Count = 5 };
        return new Stylesheet(fonts, fills, thin, new CellStyleFormats(new CellFormat { FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 }, formats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    private static string Reference(int column, uint row) => ColumnName(column) + row.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A, B, …, Z, AA, AB, … for a zero-based column index.</summary>
    public static string ColumnName(int column)
    {
        var name = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>The shared string table, each distinct text stored once.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public SharedStringTable Table { get; } = new();

        public Cell Cell(string reference, string text, uint style)
        {
            if (!_index.TryGetValue(text, out var index))
            {
                index = _index.Count;
                _index[text] = index;
                Table.Append(new SharedStringItem(new Text(Sanitize(text)) { Space = SpaceProcessingModeValues.Preserve }));
            }

            return new Cell
            {
                CellReference = reference,
                DataType = CellValues.SharedString,
                CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                StyleIndex = style,
            };
        }

        /// <summary>Drops characters XML cannot hold (control characters other than tab and newlines).</summary>
        private static string Sanitize(string text) =>
            text.Any(c => c < ' ' && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF')
                ? new string([.. text.Where(c => !(c < ' ' && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF'))])
                : text;
    }
}
