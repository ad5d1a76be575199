using System.IO.Compression;
using System.Text;
using Hoshi.Web.Shared.Excel;
using MiniExcelLibs;

namespace Hoshi.Web.Tests.Shared;

/// <summary>The workbook writer and the untrusting reader, without the web around them.</summary>
public sealed class XlsxTests
{
    private static readonly string[] Headers = ["番号", "回答", "補足"];

    private static byte[] Written(XlsxTableSheet table)
    {
        using var stream = new MemoryStream();
        XlsxWriter.Write(stream, table, "説明", ["一行目", "二行目"]);
        return stream.ToArray();
    }

    private static XlsxTableSheet Table()
    {
        var table = new XlsxTableSheet("表", [new("番号", 8), new("回答", 12, Editable: true), new("補足", 30, Editable: true), new("内部", 5, Hidden: true)]);
        table.Rows.Add(["1", "はい", "=SUM(A1:A9)", "x"]);
        table.Rows.Add(["2", null, "改行\nあり\u0001", "y"]);
        table.Lists[(0, 1)] = ["はい", "いいえ"];
        table.Lists[(1, 1)] = ["文書", "口頭", "なし"];
        return table;
    }

    [Fact]
    public void Each_distinct_list_gets_its_own_column_on_the_hidden_sheet_and_text_stays_text()
    {
        var bytes = Written(Table());
        using var zip = new ZipArchive(new MemoryStream(bytes));
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var sheet = reader.ReadToEnd();
        Assert.Contains("sqref=\"B2\"", sheet, StringComparison.Ordinal);
        Assert.Contains("'選択肢'!$A$1:$A$2", sheet, StringComparison.Ordinal);
        Assert.Contains("sqref=\"B3\"", sheet, StringComparison.Ordinal);
        Assert.Contains("'選択肢'!$B$1:$B$3", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("<x:f>", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", sheet, StringComparison.Ordinal);

        // Another library reads the formula-looking text as text, and the control character is gone.
        var rows = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: "表").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal("=SUM(A1:A9)", rows[0]["補足"]?.ToString());
        Assert.Equal("改行\nあり", rows[1]["補足"]?.ToString());
    }

    [Fact]
    public void The_reader_finds_the_header_row_by_its_texts_and_reads_cells_by_header()
    {
        var result = XlsxReader.Read(Written(Table()), "表", Headers, 10);
        Assert.Equal(XlsxProblem.None, result.Problem);
        Assert.Equal("表", result.Sheet);
        Assert.Equal(["2", "3"], result.Rows!.Select(r => r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("はい", result.Rows![0]["回答"]);
        Assert.Null(result.Rows![1]["回答"]);
        Assert.Equal("C", result.ColumnLetters!["補足"]);

        // A title above the header and columns in another order are fine.
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, new List<Dictionary<string, object?>>
        {
            new() { ["A"] = "2026年度 回答", ["B"] = null, ["C"] = null },
            new() { ["A"] = "補足", ["B"] = "番号", ["C"] = "回答" },
            new() { ["A"] = "規程", ["B"] = "7", ["C"] = "いいえ" },
        }, printHeader: false);
        var moved = XlsxReader.Read(stream.ToArray(), "表", Headers, 10);
        Assert.Equal(XlsxProblem.None, moved.Problem);
        var row = Assert.Single(moved.Rows!);
        Assert.Equal((3, "7", "いいえ", "規程"), (row.Number, row["番号"], row["回答"], row["補足"]));
        Assert.Equal("A", moved.ColumnLetters!["補足"]);
    }

    [Fact]
    public void Too_many_rows_are_refused()
    {
        var table = Table();
        for (var i = 0; i < 10; i++)
        {
            table.Rows.Add([$"{i + 3}", "はい", "", ""]);
        }

        Assert.Equal(XlsxProblem.TooManyRows, XlsxReader.Read(Written(table), "表", Headers, 5).Problem);
    }

    [Fact]
    public void Entity_expansion_in_a_part_is_refused_as_unreadable()
    {
        var dtd = """
            <!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
            """;
        Assert.Equal(XlsxProblem.Unreadable, XlsxReader.Read(WithSharedStrings(dtd, "&d;"), "表", Headers, 10).Problem);

        // The same rewrite without a DTD reads fine: it is the DTD that is refused.
        var plain = XlsxReader.Read(WithSharedStrings("", "番号"), "表", Headers, 10);
        Assert.Equal(XlsxProblem.OtherLayout, plain.Problem);
    }

    /// <summary>Hoshi's workbook with its shared strings replaced by one string (so no header row is left).</summary>
    private static byte[] WithSharedStrings(string doctype, string text)
    {
        var bytes = Written(Table());
        using var buffer = new MemoryStream();
        buffer.Write(bytes);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("xl/sharedStrings.xml")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml").Open(), new UTF8Encoding(false));
            writer.Write($"""<?xml version="1.0" encoding="UTF-8"?>{doctype}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{text}</t></si></sst>""");
        }

        return buffer.ToArray();
    }

    [Fact]
    public void A_zip_that_is_not_a_workbook_is_not_an_xlsx()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("hello");
        }

        Assert.Contains(XlsxReader.Read(buffer.ToArray(), "表", Headers, 10).Problem, new[] { XlsxProblem.NotXlsx, XlsxProblem.Unreadable });
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Column_names_follow_Excel(int index, string name) => Assert.Equal(name, XlsxWriter.ColumnName(index));
}
