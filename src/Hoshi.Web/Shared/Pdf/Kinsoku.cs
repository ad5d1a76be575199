using System.Globalization;

namespace Hoshi.Web.Shared.Pdf;

/// <summary>
/// Line breaking for Japanese and mixed text (禁則処理, after JIS X 4051): Japanese breaks between
/// any two characters, Latin words at spaces (a word longer than the line anywhere); a closing
/// bracket, 、。 and other characters that may not start a line hang at the end of the line
/// instead (ぶら下げ), and an opening bracket that would end a line moves to the next one.
/// </summary>
public static class Kinsoku
{
    /// <summary>Characters that may not start a line.</summary>
    public const string NoStart = "、。，．,.・：；:;？！?!゛゜ヽヾゝゞ々〻ー）)］]｝}〕〉》」』】〙〗〟’”｠»‐゠–〜～…‥ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ";

    /// <summary>Characters that may not end a line.</summary>
    public const string NoEnd = "（(［[｛{〔〈《「『【〘〖〝‘“｟«";

    /// <summary>Breaks text into lines no wider than <paramref name="width"/> as <paramref name="measure"/> measures them (hanging punctuation may go past it).</summary>
    public static List<string> Wrap(string text, double width, Func<string, double> measure)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            var lastSpace = -1;
            var elements = StringInfo.GetTextElementEnumerator(paragraph);
            while (elements.MoveNext())
            {
                var e = (string)elements.Current;
                var candidate = line + e;
                if (line.Length == 0 || measure(candidate) <= width || (NoStart.Contains(e, StringComparison.Ordinal) && !line.EndsWith(' ')))
                {
                    line = candidate;
                    if (e == " ")
                    {
                        lastSpace = line.Length - 1;
                    }

                    continue;
                }

                if (e != " " && lastSpace > 0 && !IsWide(e))
                {
                    // A Latin word: the whole word goes to the next line.
                    lines.Add(line[..lastSpace]);
                    line = line[(lastSpace + 1)..] + e;
                }
                else
                {
                    // An opening bracket never ends a line: it goes down with the character it opens.
                    var keep = line.Length;
                    while (keep > 1 && NoEnd.Contains(line[keep - 1]))
                    {
                        keep--;
                    }

                    lines.Add(line[..keep]);
                    line = e == " " ? line[keep..] : line[keep..] + e;
                }

                lastSpace = -1;
            }

            lines.Add(line);
        }

        return lines;
    }

    private static bool IsWide(string element) => element.Length > 0 && element[0] >= '\u2E80';
}
