namespace Hoshi.Domain.Registry;

/// <summary>How long a registry entry is valid: ★3 one year, ★4 three years, from the registration date.</summary>
public static class RegistryValidity
{
    public static int Years(Level level) => level switch
    {
        Level.Star3 => 1,
        Level.Star4 => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "★5 has no registration rules yet."),
    };

    /// <summary>The last valid day: the day before the same date <see cref="Years"/> later.</summary>
    public static DateOnly ValidUntil(Level level, DateOnly validFrom) => JapanTime.LastDayOfYears(validFrom, Years(level));
}
