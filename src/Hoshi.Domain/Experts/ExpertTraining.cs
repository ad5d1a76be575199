using System.Globalization;
using System.Text;

namespace Hoshi.Domain.Experts;

public enum TrainingState
{
    /// <summary>No completion date recorded.</summary>
    Missing,

    Valid,

    Expired,
}

/// <summary>Where an expert's scheme training (研修) stands on a given day.</summary>
public sealed record TrainingStatus(TrainingState State, DateOnly? ValidUntil)
{
    /// <summary>Only an expert with valid training can be asked to review.</summary>
    public bool MayBeAskedToReview => State == TrainingState.Valid;
}

/// <summary>Rules on an expert's training record and registration number.</summary>
public static class ExpertTraining
{
    /// <summary>The default validity of the scheme's expert training, in years (a setting).</summary>
    public const int DefaultValidityYears = 3;

    /// <summary>
    /// Training completed on <paramref name="completedOn"/> is valid through the day before the
    /// same date <paramref name="validityYears"/> years later.
    /// </summary>
    public static TrainingStatus StatusOn(DateOnly? completedOn, DateOnly today, int validityYears = DefaultValidityYears)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(validityYears);
        if (completedOn is not { } completed || completed > today)
        {
            return new(TrainingState.Missing, null);
        }

        var validUntil = JapanTime.LastDayOfYears(completed, validityYears);
        return new(today <= validUntil ? TrainingState.Valid : TrainingState.Expired, validUntil);
    }

    public const int RegistrationNumberDigits = 6;

    /// <summary>
    /// Normalizes a 情報処理安全確保支援士 registration number: full-width digits, "第…号" and
    /// spaces are accepted; up to six digits, stored zero-padded to six ("第12345号" → "012345").
    /// </summary>
    public static bool TryNormalizeRegistrationNumber(string? input, out string number)
    {
        number = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var text = input.Normalize(NormalizationForm.FormKC).Trim();
        if (text.StartsWith('第'))
        {
            text = text[1..];
        }

        if (text.EndsWith('号'))
        {
            text = text[..^1];
        }

        text = text.Replace(" ", "", StringComparison.Ordinal);
        if (text.Length is 0 or > RegistrationNumberDigits || !text.All(char.IsAsciiDigit) || text.All(c => c == '0'))
        {
            return false;
        }

        number = int.Parse(text, CultureInfo.InvariantCulture).ToString("D6", CultureInfo.InvariantCulture);
        return true;
    }
}
