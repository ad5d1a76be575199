namespace Hoshi.Domain.Suppliers;

/// <summary>
/// A supplier's grant to one buyer to see the details of one result. It is in force from when it
/// is given until it is revoked or through its end date (inclusive, Japan time), whichever comes first.
/// </summary>
public static class Disclosure
{
    public static bool InForce(DateOnly? endsOn, bool revoked, DateOnly today) => !revoked && (endsOn is not { } end || today <= end);

    /// <summary>An end date, when given, must not be in the past.</summary>
    public static string? CheckEndDate(DateOnly? endsOn, DateOnly today) => endsOn is { } end && end < today ? "endInPast" : null;
}

/// <summary>How a buyer checked a supplier's security (examples of ★4 criterion 2-1-3-1).</summary>
public enum PartnerCheckMethod
{
    /// <summary>Confirmed the supplier's star in the registry or from its answer.</summary>
    Registry,

    /// <summary>Visited and inspected the supplier.</summary>
    Visit,

    /// <summary>Received answers to a security checklist.</summary>
    Checklist,
}

/// <summary>
/// ★4 criterion 2-1-3-1: a ★4 holder checks, at least once a year, each supplier that receives its
/// important confidential information, matters to its business continuity, or can access its
/// internal systems: the three questions of the level decision.
/// </summary>
public static class PartnerCheck
{
    /// <summary>Whether a supplier is subject to the yearly check, from the latest decision's answers (none: not yet known, not listed).</summary>
    public static bool Applies(DecisionAnswers? latest) =>
        latest is { Complete: true } a && (a.ImportantConfidentialInformation == true || a.UnacceptableDelay == true || a.AccessToInternalSystems == true);

    /// <summary>The day the next check is due: a year after the last one; today when never checked.</summary>
    public static DateOnly DueOn(DateOnly? lastChecked, DateOnly today) => lastChecked is { } last ? last.AddYears(1) : today;

    public static bool IsDue(DateOnly? lastChecked, DateOnly today) => lastChecked is null || DueOn(lastChecked, today) <= today;
}
