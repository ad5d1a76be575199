using System.Collections.Concurrent;
using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace Hoshi.Web.Shared.Pdf;

/// <summary>
/// A plain A4 report written with PDFsharp: headings, paragraphs, label–value lines and simple tables,
/// wrapped to the page with Japanese line-breaking rules (<see cref="Kinsoku"/>), new pages as needed,
/// page numbers at the foot. The text is real text: a TrueType Japanese font embedded as a subset
/// (CID, Identity-H) with a ToUnicode map built from the strings drawn, so extraction and search give
/// back exactly what was written (日, not the Kangxi radical ⽇). The document carries its title,
/// author and language and is tagged (Document, H1/H2, P, Table; the page numbers are artifacts).
/// </summary>
public sealed class PdfReport : IDisposable
{
    /// <summary>Japanese TrueType fonts tried in order (Debian's fonts-ipaexfont-gothic first), unless one is configured.</summary>
    public static readonly IReadOnlyList<string> FontCandidates =
    [
        "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
        "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
        "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
        "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
    ];

    private const double Width = 595;
    private const double Height = 842;
    private const double Margin = 50;
    private const double Body = 10;

    private static readonly XBrush Ink = XBrushes.Black;
    private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(0x55, 0x55, 0x55));
    private static readonly XPen Rule = new(XColor.FromArgb(0xBB, 0xBB, 0xBB), 0.5);

    private readonly PdfDocument _document = new();
    private readonly Stream _output;
    private readonly StructureBuilder _structure;
    private readonly string _fontPath;
    private readonly string _footer;
    private readonly Dictionary<(string Path, double Size), XFont> _fonts = [];

    /// <summary>The block elements open now (outermost first): closed at a page break and opened again on the next page.</summary>
    private readonly List<Action> _open = [];
    private XGraphics? _graphics;
    private bool _outsideBmp;
    private double _y;
    private int _page;

    public PdfReport(Stream output, string title, string footer, string? fontPath = null, string author = "Hoshi")
    {
        _output = output;
        _fontPath = FontPath(fontPath);
        PdfFonts.Register();
        _footer = footer;
        _document.Info.Title = title;
        _document.Info.Author = author;
        _document.Info.Creator = "Hoshi";
        _document.Language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja" ? "ja-JP" : CultureInfo.CurrentUICulture.Name is { Length: > 0 } name ? name : "ja-JP";
        _document.ViewerPreferences.DisplayDocTitle = true;
        _structure = UAManager.ForDocument(_document).StructureBuilder;
        _structure.BeginElement(PdfGroupingElementTag.Document);
        NewPage();
    }

    /// <summary>The operator's font file (<c>Reports:FontPath</c>), set at start; null for the first of <see cref="FontCandidates"/> found.</summary>
    public static string? ConfiguredFontPath { get; set; }

    /// <summary>The font file used: the one asked for or configured if it exists, else the first Japanese TrueType font found.</summary>
    public static string FontPath(string? asked) =>
        (asked ?? ConfiguredFontPath) is { Length: > 0 } configured && File.Exists(configured) ? configured
        : FontCandidates.FirstOrDefault(File.Exists)
          ?? throw new InvalidOperationException("No Japanese TrueType font for PDFs: install Debian's fonts-ipaexfont-gothic (apt-get install fonts-ipaexfont-gothic) or set Reports:FontPath to a .ttf file.");

    public void Title(string text) => Block(PdfBlockLevelElementTag.Heading1, () => Write(text, 18, Ink, spaceBefore: 0, spaceAfter: 10));

    public void Heading(string text)
    {
        Need(40);
        Block(PdfBlockLevelElementTag.Heading2, () => Write(text, 13, Ink, spaceBefore: 12, spaceAfter: 4));
        _structure.BeginArtifact();
        _graphics!.DrawLine(Rule, Margin, _y - 2, Width - Margin, _y - 2);
        _structure.End();
        _y += 4;
    }

    public void Paragraph(string text, bool muted = false) => Block(PdfBlockLevelElementTag.Paragraph, () => Write(text, Body, muted ? Muted : Ink, 0, 4));

    public void Field(string label, string? value)
    {
        var font = Font(Body);
        const double labelWidth = 130;
        var lines = Wrap(value ?? "—", font, Width - (2 * Margin) - labelWidth);
        Need((lines.Count + 1) * LineHeight(Body));
        Block(PdfBlockLevelElementTag.Paragraph, () =>
        {
            DrawText(label, Margin, _y + Body, font, Muted);
            if (_graphics!.MeasureString(label, font).Width > labelWidth - 8)
            {
                // A long label gets a line of its own.
                _y += LineHeight(Body);
            }

            foreach (var line in lines)
            {
                Need(LineHeight(Body));
                DrawText(line, Margin + labelWidth, _y + Body, font, Ink);
                _y += LineHeight(Body);
            }
        });
        _y += 2;
    }

    /// <summary>A table: column widths in proportion to <paramref name="widths"/>, filling the text width; each cell wraps within its column. A page break repeats the header row.</summary>
    public void Table(IReadOnlyList<string> headers, IReadOnlyList<float> widths, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var size = Body - 1;
        var font = Font(size);
        var total = Width - (2 * Margin);
        var sum = widths.Sum();
        var columns = widths.Select(w => w / sum * total).ToArray();
        void Row(IReadOnlyList<string?> cells, XBrush brush, bool header)
        {
            var wrapped = cells.Select((c, i) => Wrap(c ?? "", font, columns[i] - 4)).ToList();
            var height = (wrapped.Max(w => Math.Max(1, w.Count)) * LineHeight(size)) + 2;
            var page = _page;
            Need(height);
            if (page != _page && !header)
            {
                Row([.. headers], Muted, header: true);
            }

            _structure.BeginElement(PdfBlockLevelElementTag.TableRow);
            var x = Margin;
            for (var i = 0; i < wrapped.Count; i++)
            {
                _structure.BeginElement(header ? PdfBlockLevelElementTag.TableHeaderCell : PdfBlockLevelElementTag.TableDataCell);
                var y = _y + size;
                foreach (var line in wrapped[i])
                {
                    DrawText(line, x, y, font, brush);
                    y += LineHeight(size);
                }

                _structure.End();
                x += columns[i];
            }

            _structure.End();
            _y += height;
            _structure.BeginArtifact();
            _graphics!.DrawLine(Rule, Margin, _y - 1, Width - Margin, _y - 1);
            _structure.End();
        }

        Block(PdfBlockLevelElementTag.Table, () =>
        {
            Row([.. headers], Muted, header: true);
            foreach (var row in rows)
            {
                Row(row, Ink, header: false);
            }
        });
        _y += 6;
    }

    /// <summary>A square matrix of dark and light modules (a QR code) drawn as vector squares, <paramref name="size"/> points wide; <paramref name="description"/> is its alternative text.</summary>
    public void Modules(IReadOnlyList<IReadOnlyList<bool>> rows, double size, string description)
    {
        Need(size + 8);
        var module = size / rows.Count;
        _structure.BeginElement(PdfIllustrationElementTag.Figure, description, new XRect(Margin, _y, size, size));
        for (var y = 0; y < rows.Count; y++)
        {
            for (var x = 0; x < rows[y].Count; x++)
            {
                if (rows[y][x])
                {
                    _graphics!.DrawRectangle(Ink, Margin + (x * module), _y + (y * module), module, module);
                }
            }
        }

        _structure.End();
        _y += size + 8;
    }

    public void Dispose()
    {
        EndPage();
        _structure.End();
        if (!_outsideBmp)
        {
            _document.Save(_output, closeStream: false);
            _document.Dispose();
            return;
        }

        using var first = new MemoryStream();
        _document.Save(first, closeStream: false);
        _document.Dispose();
        ToUnicodeRepair.Write(first, _output);
    }

    /// <summary>Draws a block as one structure element; a page break inside it ends the element and opens it again on the next page.</summary>
    private void Block(PdfBlockLevelElementTag tag, Action draw)
    {
        void Begin() => _structure.BeginElement(tag);
        Begin();
        _open.Add(Begin);
        try
        {
            draw();
        }
        finally
        {
            _open.RemoveAt(_open.Count - 1);
            _structure.End();
        }
    }

    private XFont Font(double size) => Font(_fontPath, size);

    private XFont Font(string path, double size)
    {
        if (!_fonts.TryGetValue((path, size), out var font))
        {
            font = new XFont(path, size, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
            _fonts[(path, size)] = font;
        }

        return font;
    }

    /// <summary>
    /// Draws a line of text; characters the Japanese font lacks are drawn with the first fallback
    /// font that has them — DejaVu Sans for symbols (☐ and the like), IPAmj Mincho for the rare
    /// kanji of names (𠮷, 髙 variants) — so that nothing prints as an empty box.
    /// </summary>
    private void DrawText(string text, double x, double baseline, XFont font, XBrush brush)
    {
        if (text.Length == 0)
        {
            return;
        }

        _outsideBmp |= text.Any(char.IsSurrogate);
        if (FallbackPaths.Count == 0 || PdfFonts.Covers(_fontPath, text) != false)
        {
            _graphics!.DrawString(text, font, brush, x, baseline, XStringFormats.BaseLineLeft);
            return;
        }

        foreach (var (run, path) in PdfFonts.Runs(_fontPath, FallbackPaths, text))
        {
            var runFont = path == _fontPath ? font : Font(path, font.Size);
            _graphics!.DrawString(run, runFont, brush, x, baseline, XStringFormats.BaseLineLeft);
            x += _graphics.MeasureString(run, runFont).Width;
        }
    }

    /// <summary>
    /// Debian's DejaVu Sans (fonts-dejavu-core) for symbols and IPAmj Mincho (fonts-ipamj-mincho, the
    /// government's character set for names) for rare kanji, in that order; those installed.
    /// </summary>
    private static readonly IReadOnlyList<string> FallbackPaths =
        [.. new[] { "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/ipamj/ipamjm.ttf" }.Where(File.Exists)];

    private void Write(string text, double size, XBrush brush, double spaceBefore, double spaceAfter)
    {
        var font = Font(size);
        _y += spaceBefore;
        foreach (var paragraph in text.Split('\n'))
        {
            foreach (var line in Wrap(paragraph, font, Width - (2 * Margin)))
            {
                Need(LineHeight(size));
                DrawText(line, Margin, _y + size, font, brush);
                _y += LineHeight(size);
            }
        }

        _y += spaceAfter;
    }

    private static double LineHeight(double size) => size * 1.6;

    private List<string> Wrap(string text, XFont font, double width)
    {
        var graphics = _graphics!;
        return Kinsoku.Wrap(text, width, s => graphics.MeasureString(s, font).Width);
    }

    private void Need(double height)
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
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(Width);
        page.Height = XUnit.FromPoint(Height);
        _graphics = XGraphics.FromPdfPage(page);
        _y = Margin;
        foreach (var begin in _open)
        {
            begin();
        }
    }

    private void EndPage()
    {
        if (_graphics is null)
        {
            return;
        }

        for (var i = 0; i < _open.Count; i++)
        {
            _structure.End();
        }

        _structure.BeginArtifact();
        _graphics.DrawString($"{_footer} — {_page}", Font(8), Muted, Width / 2, Height - (Margin / 2), XStringFormats.BaseLineCenter);
        _structure.End();
        _graphics.Dispose();
        _graphics = null;
    }

    /// <summary>Gives PDFsharp font files by path: the family name of every font Hoshi asks for is the file's path.</summary>
    private sealed class PdfFonts : IFontResolver
    {
        private static readonly Lock Gate = new();
        private static readonly ConcurrentDictionary<string, byte[]> Files = new(StringComparer.Ordinal);

        public static void Register()
        {
            lock (Gate)
            {
                if (GlobalFontSettings.FontResolver is not PdfFonts)
                {
                    GlobalFontSettings.FontResolver = new PdfFonts();
                }
            }
        }

        private static readonly ConcurrentDictionary<string, SkiaSharp.SKTypeface> Coverage = new(StringComparer.Ordinal);

        /// <summary>Whether the font has every character of the text (true), only some (false), or none of the text needs checking (null for an empty text).</summary>
        public static bool? Covers(string path, string text)
        {
            if (text.Length == 0)
            {
                return null;
            }

            var typeface = Coverage.GetOrAdd(path, p => SkiaSharp.SKTypeface.FromFile(p) ?? SkiaSharp.SKTypeface.Default);
            return text.EnumerateRunes().All(r => r.Value < 0x20 || typeface.ContainsGlyph(r.Value));
        }

        /// <summary>The text in runs, each with the font that draws it: the primary when it has the character, else the first fallback that has it, else the primary (which shows its missing-glyph box).</summary>
        public static IEnumerable<(string Run, string Font)> Runs(string primary, IReadOnlyList<string> fallbacks, string text)
        {
            var fonts = new[] { primary }.Concat(fallbacks).Select(p => (Path: p, Face: Coverage.GetOrAdd(p, f => SkiaSharp.SKTypeface.FromFile(f) ?? SkiaSharp.SKTypeface.Default))).ToList();
            var run = new System.Text.StringBuilder();
            string? current = null;
            foreach (var rune in text.EnumerateRunes())
            {
                var font = fonts.FirstOrDefault(f => rune.Value < 0x20 || f.Face.ContainsGlyph(rune.Value)).Path ?? primary;
                if (current is not null && current != font)
                {
                    yield return (run.ToString(), current);
                    run.Clear();
                }

                current = font;
                run.Append(rune.ToString());
            }

            if (current is not null)
            {
                yield return (run.ToString(), current);
            }
        }

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            File.Exists(familyName) ? new FontResolverInfo(familyName) : null;

        public byte[]? GetFont(string faceName) => Files.GetOrAdd(faceName, File.ReadAllBytes);
    }
}
