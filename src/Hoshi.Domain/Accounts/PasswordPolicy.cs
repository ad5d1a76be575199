using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Hoshi.Domain.Accounts;

public enum PasswordProblem
{
    TooShort,
    TooLong,
    Common,
}

/// <summary>
/// Passwords as NIST SP 800-63B and OWASP ASVS advise: at least 12 characters (counted as people
/// see them, so Japanese text counts per character), at most 256, refused when on a list of common
/// passwords; no composition rules (no "must contain a digit").
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

        return Common.Contains(password!.Trim()) ? PasswordProblem.Common : null;
    }
}
