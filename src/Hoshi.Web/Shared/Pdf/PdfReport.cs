using SkiaSharp;

namespace Hoshi.Web.Shared.Pdf;

/// <summary>
/// A plain A4 report written with SkiaSharp's PDF backend: headings, paragraphs, label–value
/// lines and simple tables, wrapped to the page (Japanese wraps between any two characters,
/// other text at spaces where it can), new pages as needed, page numbers at the foot. Text is
/// drawn with an embedded CJK font so that it stays text (searchable, extractable).
/// </summary>
public sealed class PdfReport : IDisposable
{
    /// <summary>Debian's fonts-noto-cjk; without it Japanese would not render.</summary>
    public const string DefaultFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    private const float Width = 595;
    private const float Height = 842;
    private const float Margin = 50;
    private const float Body = 10;

    private readonly SKDocument _document;
    private readonly SKTypeface _typeface;
    private readonly SKPaint _ink = new() { Color = SKColors.Black, IsAntialias = true };
    private readonly SKPaint _muted = new() { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
    private readonly SKPaint _rule = new() { Color = new SKColor(0xBB, 0xBB, 0xBB), StrokeWidth = 0.5f };
    private readonly string _footer;
    private SKCanvas? _canvas;
    private float _y;
    private int _page;

    public PdfReport(Stream output, string title, string footer, string? fontPath = null)
    {
        _document = SKDocument.CreatePdf(output, new SKDocumentPdfMetadata { Title = title, Creator = "Hoshi", Producer = "Hoshi" });
        var path = fontPath ?? DefaultFontPath;
        _typeface = File.Exists(path) ? SKTypeface.FromFile(path, 0) : SKTypeface.Default;
        _footer = footer;
        NewPage();
    }

    public void Title(string text)
    {
        Write(text, 18, _ink, spaceBefore: 0, spaceAfter: 10);
    }

    public void Heading(string text)
    {
        Need(40);
        Write(text, 13, _ink, spaceBefore: 12, spaceAfter: 4);
        _canvas!.DrawLine(Margin, _y - 2, Width - Margin, _y - 2, _rule);
        _y += 4;
    }

    public void Paragraph(string text, bool muted = false) => Write(text, Body, muted ? _muted : _ink, 0, 4);

    public void Field(string label, string? value)
    {
        using var font = new SKFont(_typeface, Body);
        var labelWidth = 130f;
        var lines = Wrap(value ?? "—", font, Width - (2 * Margin) - labelWidth);
        Need((lines.Count + 1) * LineHeight(Body));
        if (font.MeasureText(label) > labelWidth - 8)
        {
            // A long label gets a line of its own.
            _canvas!.DrawText(label, Margin, _y + Body, SKTextAlign.Left, font, _muted);
            _y += LineHeight(Body);
        }
        else
        {
            _canvas!.DrawText(label, Margin, _y + Body, SKTextAlign.Left, font, _muted);
        }

        foreach (var line in lines)
        {
            Need(LineHeight(Body));
            _canvas.DrawText(line, Margin + labelWidth, _y + Body, SKTextAlign.Left, font, _ink);
            _y += LineHeight(Body);
        }

        _y += 2;
    }

    /// <summary>A table: column widths as fractions of the text width; each cell wraps within its column.</summary>
    public void Table(IReadOnlyList<string> headers, IReadOnlyList<float> widths, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var size = Body - 1;
        using var font = new SKFont(_typeface, size);
        var total = Width - (2 * Margin);
        var columns = widths.Select(w => w * total).ToArray();
        void Row(IReadOnlyList<string?> cells, SKPaint paint)
        {
            var wrapped = cells.Select((c, i) => Wrap(c ?? "", font, columns[i] - 4)).ToList();
            var height = (wrapped.Max(w => Math.Max(1, w.Count)) * LineHeight(size)) + 2;
            Need(height);
            var x = Margin;
            for (var i = 0; i < wrapped.Count; i++)
            {
                var y = _y + size;
                foreach (var line in wrapped[i])
                {
                    _canvas!.DrawText(line, x, y, SKTextAlign.Left, font, paint);
                    y += LineHeight(size);
                }

                x += columns[i];
            }

            _y += height;
            _canvas!.DrawLine(Margin, _y - 1, Width - Margin, _y - 1, _rule);
        }

        Row([.. headers], _muted);
        foreach (var row in rows)
        {
            Row(row, _ink);
        }

        _y += 6;
    }

    /// <summary>A square matrix of dark and light modules (a QR code) drawn as vector squares, <paramref name="size"/> points wide.</summary>
    public void Modules(IReadOnlyList<IReadOnlyList<bool>> rows, float size)
    {
        Need(size + 8);
        var module = size / rows.Count;
        for (var y = 0; y < rows.Count; y++)
        {
            for (var x = 0; x < rows[y].Count; x++)
            {
                if (rows[y][x])
                {
                    _canvas!.DrawRect(Margin + (x * module), _y + (y * module), module, module, _ink);
                }
            }
        }

        _y += size + 8;
    }

    public void Dispose()
    {
        EndPage();
        _document.Close();
        _document.Dispose();
        _typeface.Dispose();
        _ink.Dispose();
        _muted.Dispose();
        _rule.Dispose();
    }

    private void Write(string text, float size, SKPaint paint, float spaceBefore, float spaceAfter)
    {
        using var font = new SKFont(_typeface, size);
        _y += spaceBefore;
        foreach (var paragraph in text.Split('\n'))
        {
            foreach (var line in Wrap(paragraph, font, Width - (2 * Margin)))
            {
                Need(LineHeight(size));
                _canvas!.DrawText(line, Margin, _y + size, SKTextAlign.Left, font, paint);
                _y += LineHeight(size);
            }
        }

        _y += spaceAfter;
    }

    private static float LineHeight(float size) => size * 1.6f;

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>: at spaces for words, anywhere for CJK or over-long words.</summary>
    private static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            var lastSpace = -1;
            foreach (var c in paragraph)
            {
                var candidate = line + c;
                if (font.MeasureText(candidate) <= width || line.Length == 0)
                {
                    line = candidate;
                    if (c == ' ')
                    {
                        lastSpace = line.Length - 1;
                    }

                    continue;
                }

                if (c != ' ' && lastSpace > 0 && !IsWide(c))
                {
                    lines.Add(line[..lastSpace]);
                    line = line[(lastSpace + 1)..] + c;
                }
                else
                {
                    lines.Add(line);
                    line = c == ' ' ? "" : c.ToString();
                }

                lastSpace = -1;
            }

            lines.Add(line);
        }

        return lines;
    }

    private static bool IsWide(char c) => c >= '\u2E80';

    private void Need(float height)
    {
        if (_y + height > Height - Margin)
        {
            EndPage();
            NewPage();
        }
    }

    private void NewPage()
    {
        _page++;
        _canvas = _document.BeginPage(Width, Height);
        _y = Margin;
    }

    private void EndPage()
    {
        if (_canvas is null)
        {
            return;
        }

        using var font = new SKFont(_typeface, 8);
        _canvas.DrawText($"{_footer} — {_page}", Width / 2, Height - (Margin / 2), SKTextAlign.Center, font, _muted);
        _document.EndPage();
        _canvas = null;
    }
}
