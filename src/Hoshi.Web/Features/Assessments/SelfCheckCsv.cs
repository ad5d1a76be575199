using System.Text;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Sylvan.Data.Csv;

namespace Hoshi.Web.Features.Assessments;

/// <summary>
/// Reads another scheme's self-check as CSV: item id, answer, note per row (UTF-8, else Shift_JIS as
/// Excel in Japan saves it; the delimiter is detected). A first row whose answer is not one is a heading.
/// </summary>
public static class SelfCheckCsv
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    /// <summary>Answer words of self-check sheets beside Hoshi's own labels (○ / × / − and 実施 …).</summary>
    private static readonly Dictionary<string, string> Marks = new(StringComparer.Ordinal)
    {
        ["はい"] = YesNo.Yes,
        ["○"] = YesNo.Yes,
        ["〇"] = YesNo.Yes,
        ["◯"] = YesNo.Yes,
        ["済"] = YesNo.Yes,
        ["実施"] = YesNo.Yes,
        ["実施済"] = YesNo.Yes,
        ["実施済み"] = YesNo.Yes,
        ["対応済"] = YesNo.Yes,
        ["対応済み"] = YesNo.Yes,
        ["Y"] = YesNo.Yes,
        ["OK"] = YesNo.Yes,
        ["いいえ"] = YesNo.No,
        ["×"] = YesNo.No,
        ["✕"] = YesNo.No,
        ["未"] = YesNo.No,
        ["未実施"] = YesNo.No,
        ["未対応"] = YesNo.No,
        ["N"] = YesNo.No,
        ["NG"] = YesNo.No,
        ["-"] = YesNo.NotApplicable,
        ["−"] = YesNo.NotApplicable,
        ["ー"] = YesNo.NotApplicable,
        ["―"] = YesNo.NotApplicable,
        ["対象外"] = YesNo.NotApplicable,
        ["N/A"] = YesNo.NotApplicable,
        ["NA"] = YesNo.NotApplicable,
    };

    static SelfCheckCsv() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>An answer cell as yes / no / na, or null when it is none of them.</summary>
    public static string? ValueOf(SheetVocabulary vocabulary, Criterion yesNoCriterion, string cell)
    {
        var trimmed = cell.Normalize(NormalizationForm.FormKC).Trim();
        return vocabulary.ValueOf(yesNoCriterion, trimmed) ?? Marks.GetValueOrDefault(trimmed.ToUpperInvariant()) ?? Marks.GetValueOrDefault(cell.Trim());
    }

    /// <summary>The rows, with their line numbers in the file; the heading (if any) and empty lines skipped.</summary>
    public static async Task<IReadOnlyList<MappedRow>> ReadAsync(Stream stream, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        var content = buffer.ToArray();
        if (content.Take(512).Any(b => b == 0))
        {
            return [];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.GetEncoding(932).GetString(content);
        }

        var rows = new List<MappedRow>();
        using var reader = CsvDataReader.Create(new StringReader(text.TrimStart('\uFEFF')), new CsvDataReaderOptions { HasHeaders = false, MaxBufferSize = 1 << 20 });
        var line = 0;
        while (reader.Read())
        {
            line++;
            string Cell(int i) => i < reader.RowFieldCount ? reader.GetString(i) : "";
            if (Enumerable.Range(0, reader.RowFieldCount).All(i => string.IsNullOrWhiteSpace(Cell(i))))
            {
                continue;
            }

            rows.Add(new MappedRow(line, Cell(0), Cell(1), string.IsNullOrWhiteSpace(Cell(2)) ? null : Cell(2)));
            if (rows.Count > MappedImport.MaxRows)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>Drops a first row that is a heading (its answer cell reads as no answer).</summary>
    public static IReadOnlyList<MappedRow> WithoutHeading(IReadOnlyList<MappedRow> rows, Func<string, string?> valueOf) =>
        rows.Count > 0 && valueOf(rows[0].Answer) is null ? [.. rows.Skip(1)] : rows;
}
