using System.Text;

namespace Hoshi.Domain.Organizations;

/// <summary>Why a text is not a corporate number.</summary>
public enum CorporateNumberError
{
    Empty,

    /// <summary>Not 13 digits long (after normalization).</summary>
    Length,

    /// <summary>Holds something other than digits, spaces and hyphens.</summary>
    Characters,

    /// <summary>13 digits, but the leading check digit does not match the other twelve.</summary>
    CheckDigit,
}

/// <summary>
/// 法人番号: the 13-digit corporate number of the National Tax Agency. The first digit is a check
/// digit over the other twelve: 9 − (Σ Pn × Qn mod 9), where Pn is the n-th digit counted from the
/// right of the twelve and Qn is 1 for odd n, 2 for even n.
/// Input is normalized before checking: full-width digits become ASCII (NFKC), and spaces and
/// hyphens (as people copy them from documents, e.g. "1180-3010-18771") are removed.
/// </summary>
public readonly record struct CorporateNumber
{
    private CorporateNumber(string value) => Value = value;

    /// <summary>The 13 ASCII digits.</summary>
    public string Value { get; }

    public override string ToString() => Value;

    public static CorporateNumber Parse(string? input) =>
        TryParse(input, out var number, out var error)
            ? number
            : throw new FormatException(Describe(error, input));

    public static bool TryParse(string? input, out CorporateNumber number, out CorporateNumberError error)
    {
        number = default;
        var digits = Normalize(input);
        if (digits.Length == 0)
        {
            error = CorporateNumberError.Empty;
            return false;
        }

        if (!digits.All(char.IsAsciiDigit))
        {
            error = CorporateNumberError.Characters;
            return false;
        }

        if (digits.Length != 13)
        {
            error = CorporateNumberError.Length;
            return false;
        }

        if (digits[0] - '0' != CheckDigit(digits.AsSpan(1)))
        {
            error = CorporateNumberError.CheckDigit;
            return false;
        }

        error = default;
        number = new CorporateNumber(digits);
        return true;
    }

    /// <summary>The check digit for the twelve digits that follow it.</summary>
    public static int CheckDigit(ReadOnlySpan<char> twelveDigits)
    {
        if (twelveDigits.Length != 12)
        {
            throw new ArgumentException("Twelve digits are needed.", nameof(twelveDigits));
        }

        var sum = 0;
        for (var n = 1; n <= 12; n++)
        {
            var digit = twelveDigits[12 - n] - '0';
            sum += digit * (n % 2 == 1 ? 1 : 2);
        }

        return 9 - (sum % 9);
    }

    /// <summary>
    /// NFKC (full-width → ASCII), then spaces and hyphen-like characters removed — including the
    /// prolonged sound mark ー that a Japanese input method often gives for a typed hyphen.
    /// </summary>
    public static string Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return "";
        }

        var normalized = input.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normalized.Length);
        foreach (var ch in normalized)
        {
            if (char.IsWhiteSpace(ch) || ch is '-' or '‐' or '‑' or '‒' or '–' or '—' or '―' or '−' or 'ー')
            {
                continue;
            }

            builder.Append(ch);
        }

        return builder.ToString();
    }

    /// <summary>An English explanation; the UI shows its own localized text per error.</summary>
    public static string Describe(CorporateNumberError error, string? input)
    {
        var digits = Normalize(input);
        return error switch
        {
            CorporateNumberError.Empty => "A corporate number is required.",
            CorporateNumberError.Length => $"A corporate number has 13 digits; this has {digits.Length}.",
            CorporateNumberError.Characters => "A corporate number holds only digits (spaces and hyphens are ignored).",
            CorporateNumberError.CheckDigit => $"The check digit is wrong: for the last twelve digits it must be {CheckDigit(digits.AsSpan(1))}, not {digits[0]}.",
        };
    }
}
