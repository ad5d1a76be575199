namespace Hoshi.Domain;

/// <summary>The scheme's calendar is Japan's: dates (validity, deadlines, training) are JST days. Japan has no daylight saving.</summary>
public static class JapanTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    public static DateTimeOffset ToJapan(DateTimeOffset instant) => instant.ToOffset(Offset);
}
