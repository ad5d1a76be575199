using System.Text;

namespace Hoshi.Web.Shared;

/// <summary>
/// Return addresses that came with a request (<c>returnUrl</c>): only a path on this site is
/// followed. Characters a Location header cannot carry are percent-encoded (UTF-8), control
/// characters refuse the address, so no odd encoding turns a redirect into a server error.
/// </summary>
public static class LocalPath
{
    /// <summary>The address to redirect to, ready for a Location header, or <paramref name="fallback"/>.</summary>
    public static string OrDefault(string? candidate, string fallback)
    {
        if (string.IsNullOrEmpty(candidate) || candidate[0] != '/' || candidate.Length > 2000
            || candidate.StartsWith("//", StringComparison.Ordinal) || candidate.StartsWith("/\\", StringComparison.Ordinal))
        {
            return fallback;
        }

        var path = new StringBuilder(candidate.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in candidate.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune.Value == '\\' || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Surrogate)
            {
                return fallback;
            }

            if (rune.Value is > 0x20 and < 0x7F)
            {
                path.Append((char)rune.Value);
            }
            else
            {
                var written = rune.EncodeToUtf8(bytes);
                foreach (var b in bytes[..written])
                {
                    path.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return path.ToString();
    }
}
