using System.Text;

namespace Hoshi.Domain.Registry;

/// <summary>
/// The form names are searched in: NFKC (full-width letters and half-width kana folded), lower
/// case, katakana as hiragana, without spaces and middle dots. So 「ホシ」, 「ﾎｼ」 and 「ほし」
/// find the same company, and so do 「ＡＢＣ」 and 「abc」.
/// </summary>
public static class SearchText
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c) || c is '・' or '･')
            {
                continue;
            }

            // Katakana ァ (U+30A1) … ヶ (U+30F6) sit 0x60 above their hiragana.
            builder.Append(c is >= '\u30A1' and <= '\u30F6' ? (char)(c - 0x60) : c);
        }

        return builder.ToString();
    }
}
