namespace Hoshi.Domain;

/// <summary>The scheme's calendar is Japan's: dates (validity, deadlines, training) are JST days. Japan has no daylight saving.</summary>
public static class JapanTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    public static DateTimeOffset ToJapan(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>
    /// The last day of a period of <paramref name="years"/> years starting on <paramref name="start"/>
    /// (the day before the same date that many years later; from 29 February into a year without
    /// it, the last day of February, as periods are counted in Japan — Civil Code art. 143).
    /// </summary>
    public static DateOnly LastDayOfYears(DateOnly start, int years)
    {
        var anniversary = start.AddYears(years);
        return start is { Month: 2, Day: 29 } && anniversary.Day == 28 ? anniversary : anniversary.AddDays(-1);
    }
}
