using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Hoshi.Domain.Accounts;

public enum PasswordProblem
{
    TooShort,
    TooLong,
    Common,

    /// <summary>One character repeated, a short unit repeated, or a plain run such as abcdefghijkl or 123456789012.</summary>
    Repetitive,
}

/// <summary>
/// Passwords as NIST SP 800-63B and OWASP ASVS advise: at least 12 characters (counted as people
/// see them, so Japanese text counts per character), at most 256, refused when on the bundled list
/// of 150,000 common passwords (SecLists) or when repetitive or sequential; no composition rules (no
/// "must contain a digit").
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 256;

    // A small list of passwords long enough to pass the length rule yet among the first tried by
    // attackers (keyboard walks, repeats, "password…", "welcome…"). Compared case-insensitively.
    private static readonly FrozenSet<string> Common = new[]
    {
        "password1234", "password12345", "password123456", "passwordpassword", "password1234!", "password123!",
        "p@ssw0rd1234", "p@ssword1234", "passw0rd1234", "1234567890ab", "123456789012", "1234567890123",
        "12345678901234", "123456789abc", "abc123456789", "abcd12345678", "abcdefghijkl", "abcdefgh1234",
        "qwertyuiop12", "qwertyuiopas", "qwerty123456", "qwertyqwerty", "1q2w3e4r5t6y", "1qaz2wsx3edc",
        "zaq12wsxcde3", "asdfghjkl123", "asdfasdfasdf", "zxcvbnm12345", "111111111111", "000000000000",
        "123123123123", "121212121212", "112233445566", "iloveyou1234", "welcome12345", "welcome123456",
        "letmein12345", "changeme1234", "administrator", "admin1234567", "administrator1", "sunshine1234",
        "princess1234", "football1234", "baseball1234", "dragon123456", "monkey123456", "master123456",
        "superman1234", "trustno11234", "starwars1234", "whatever1234", "computer1234", "internet1234",
        "security1234", "hoshihoshi12", "nihon1234567", "tokyo1234567", "sakura123456", "password0000",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The first rule a password breaks, or null when it is acceptable.</summary>
    public static PasswordProblem? Check(string? password)
    {
        var length = password is null ? 0 : new StringInfo(password.Normalize(NormalizationForm.FormC)).LengthInTextElements;
        if (length < MinimumLength)
        {
            return PasswordProblem.TooShort;
        }

        if (length > MaximumLength)
        {
            return PasswordProblem.TooLong;
        }

        var normalized = password!.Normalize(NormalizationForm.FormC).Trim();
        if (Common.Contains(normalized) || Breached.Value.Contains(normalized.ToLowerInvariant()))
        {
            return PasswordProblem.Common;
        }

        return IsRepetitive(normalized) ? PasswordProblem.Repetitive : null;
    }

    /// <summary>How many passwords the bundled list holds.</summary>
    public static int BundledListSize => Breached.Value.Count;

    /// <summary>The bundled list of 150,000 common passwords (lower-cased), read once on first use.</summary>
    private static readonly Lazy<FrozenSet<string>> Breached = new(() =>
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Hoshi.Domain.Accounts.common-passwords.txt.gz")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var entries = new List<string>(150_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                entries.Add(line);
            }
        }

        return entries.ToFrozenSet(StringComparer.Ordinal);
    });

    /// <summary>
    /// One character over and over (aaaaaaaaaaaa), a unit of up to a quarter of the length repeated
    /// (abcabcabcabc, 121212121212), very few different characters, or a run where each character
    /// follows the one before up or down (abcdefghijkl, 987654321098): typed without thinking, guessed first.
    /// </summary>
    public static bool IsRepetitive(string password)
    {
        var runes = password.ToLowerInvariant().EnumerateRunes().Select(r => r.Value).ToArray();
        if (runes.Length == 0)
        {
            return false;
        }

        if (runes.Distinct().Count() <= 3)
        {
            return true;
        }

        for (var unit = 1; unit <= runes.Length / 4; unit++)
        {
            if (runes.Length % unit == 0 && Enumerable.Range(unit, runes.Length - unit).All(i => runes[i] == runes[i - unit]))
            {
                return true;
            }
        }

        return Sequential(runes, +1) || Sequential(runes, -1);
    }

    private static bool Sequential(int[] runes, int step)
    {
        for (var i = 1; i < runes.Length; i++)
        {
            var expected = runes[i - 1] + step;
            // Digits go round: …7890… and …3210987….
            var wrapped = runes[i - 1] == '9' && step > 0 ? '0' : runes[i - 1] == '0' && step < 0 ? '9' : expected;
            if (runes[i] != expected && runes[i] != wrapped)
            {
                return false;
            }
        }

        return true;
    }
}
