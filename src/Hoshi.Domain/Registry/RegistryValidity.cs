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

/// <summary>Where a registry entry stands, as the registry and its API say it.</summary>
public enum EntryStatus
{
    Valid,
    Expired,
    Suspended,
    Revoked,
}

/// <summary>The status of an entry on a day: suspension and revocation as recorded; otherwise valid through its last valid day, expired after.</summary>
public static class RegistryStatus
{
    public static EntryStatus Of(string recorded, DateOnly validUntil, DateOnly today) => recorded switch
    {
        "revoked" => EntryStatus.Revoked,
        "suspended" => EntryStatus.Suspended,
        "expired" => EntryStatus.Expired,
        _ when today > validUntil => EntryStatus.Expired,
        _ => EntryStatus.Valid,
    };

    /// <summary>The API's lowercase word.</summary>
    public static string Word(EntryStatus status) => status.ToString().ToLowerInvariant();
}
