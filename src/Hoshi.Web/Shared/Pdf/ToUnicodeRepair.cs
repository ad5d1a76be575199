using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Hoshi.Web.Shared.Pdf;

/// <summary>
/// PDFsharp 6.2 writes a character outside the Basic Multilingual Plane into a font's ToUnicode map as
/// its code point (<c>&lt;20BB7&gt;</c>), where the PDF format wants UTF-16BE (<c>&lt;D842DFB7&gt;</c>), so
/// readers extract 𠮷 as "₻7". This reopens the finished PDF, rewrites those destinations as UTF-16
/// surrogate pairs, and saves it again; nothing else changes. Used only when such a character was drawn.
/// </summary>
internal static partial class ToUnicodeRepair
{
    public static void Write(MemoryStream pdf, Stream output)
    {
        pdf.Position = 0;
        using var document = PdfReader.Open(pdf, PdfDocumentOpenMode.Modify);
        foreach (var dictionary in document.Internals.GetAllObjects().OfType<PdfDictionary>())
        {
            if (dictionary.Stream is not { } stream || stream.UnfilteredValue is not { Length: > 0 } bytes)
            {
                continue;
            }

            var text = Encoding.Latin1.GetString(bytes);
            if (!text.Contains("/CMapName", StringComparison.Ordinal) || !text.Contains("beginbf", StringComparison.Ordinal))
            {
                continue;
            }

            var repaired = Destination().Replace(text, m => m.Groups[1].Value + Utf16(m.Groups[2].Value) + ">");
            if (repaired != text)
            {
                dictionary.Elements.Remove("/Filter");
                dictionary.Elements.Remove("/DecodeParms");
                stream.Value = Encoding.Latin1.GetBytes(repaired);
            }
        }

        document.Save(output, closeStream: false);
    }

    /// <summary>A bfrange or bfchar line whose destination has five or six hex digits: a code point above U+FFFF.</summary>
    [GeneratedRegex(@"(?m)^(<[0-9A-Fa-f]{4}>(?:\s*<[0-9A-Fa-f]{4}>)?\s*<)([0-9A-Fa-f]{5,6})>")]
    private static partial Regex Destination();

    private static string Utf16(string hex)
    {
        var codePoint = Convert.ToInt32(hex, 16);
        if (codePoint is < 0x10000 or > 0x10FFFF)
        {
            return hex;
        }

        var utf16 = char.ConvertFromUtf32(codePoint);
        return $"{(int)utf16[0]:X4}{(int)utf16[1]:X4}";
    }
}
