namespace Hoshi.Domain.Accreditation;

/// <summary>What an accreditation allows its holder to do.</summary>
[Flags]
public enum AccreditationScope
{
    None = 0,

    /// <summary>★4 third-party evaluation (評価機関).</summary>
    Evaluation = 1,

    /// <summary>Technical verification (技術検証事業者).</summary>
    TechnicalVerification = 2,

    Both = Evaluation | TechnicalVerification,
}

/// <summary>The status the accreditation body set; expiry is not a status but a date.</summary>
public enum AccreditationStatus
{
    Active,

    /// <summary>Suspended with a reason; may be reinstated.</summary>
    Suspended,

    /// <summary>Withdrawn with a reason; final.</summary>
    Withdrawn,
}

/// <summary>Where an accreditation stands on a given day.</summary>
public enum AccreditationStanding
{
    Valid,
    NotYetValid,
    Expired,
    Suspended,
    Withdrawn,
}

/// <summary>What the accreditation body does to an accreditation after granting it.</summary>
public enum AccreditationAction
{
    Suspend,
    Reinstate,
    Withdraw,
}

/// <summary>The result of a surveillance visit.</summary>
public enum SurveillanceResult
{
    /// <summary>No findings.</summary>
    Satisfactory,

    /// <summary>Findings the body must address; the accreditation stands.</summary>
    Findings,

    /// <summary>Serious findings; usually followed by a suspension.</summary>
    Unsatisfactory,
}

/// <summary>Why a new or changed accreditation is refused.</summary>
public enum AccreditationProblem
{
    None,
    NumberRequired,
    NumberTooLong,
    ScopeRequired,
    EndBeforeStart,
    TooLong,
    ReasonRequired,
    NotPossibleNow,

    /// <summary>The accreditation body already used this number.</summary>
    NumberTaken,
}

/// <summary>An accreditation as the rules see it.</summary>
public sealed record AccreditationTerms(AccreditationScope Scope, DateOnly ValidFrom, DateOnly ValidUntil, AccreditationStatus Status);

/// <summary>
/// Rules of accreditation: default validity of two years, at most a set number of years; an
/// accreditation lets its holder act only within its scope, from its first to its last valid day,
/// while neither suspended nor withdrawn.
/// </summary>
public static class AccreditationRules
{
    public const int DefaultValidityYears = 2;
    public const int MaxValidityYears = 5;
    public const int MaxNumberLength = 50;

    /// <summary>The last valid day by default: the day before the same date two years later.</summary>
    public static DateOnly DefaultValidUntil(DateOnly validFrom) => JapanTime.LastDayOfYears(validFrom, DefaultValidityYears);

    public static AccreditationProblem CheckNew(string? number, AccreditationScope scope, DateOnly validFrom, DateOnly validUntil)
    {
        var trimmed = number?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return AccreditationProblem.NumberRequired;
        }

        if (trimmed.Length > MaxNumberLength)
        {
            return AccreditationProblem.NumberTooLong;
        }

        if ((scope & AccreditationScope.Both) == AccreditationScope.None || (scope & ~AccreditationScope.Both) != AccreditationScope.None)
        {
            return AccreditationProblem.ScopeRequired;
        }

        if (validUntil < validFrom)
        {
            return AccreditationProblem.EndBeforeStart;
        }

        return validUntil > validFrom.AddYears(MaxValidityYears) ? AccreditationProblem.TooLong : AccreditationProblem.None;
    }

    public static AccreditationStanding StandingOn(AccreditationTerms terms, DateOnly day) => terms.Status switch
    {
        AccreditationStatus.Withdrawn => AccreditationStanding.Withdrawn,
        AccreditationStatus.Suspended => AccreditationStanding.Suspended,
        _ when day < terms.ValidFrom => AccreditationStanding.NotYetValid,
        _ when day > terms.ValidUntil => AccreditationStanding.Expired,
        _ => AccreditationStanding.Valid,
    };

    /// <summary>May the holder act in <paramref name="needed"/> on <paramref name="day"/>.</summary>
    public static bool MayAct(AccreditationTerms terms, AccreditationScope needed, DateOnly day) =>
        StandingOn(terms, day) == AccreditationStanding.Valid && (terms.Scope & needed) == needed;

    /// <summary>Whether any of several accreditations lets the holder act (a body may hold a new one before the old one ends).</summary>
    public static bool MayAct(IEnumerable<AccreditationTerms> terms, AccreditationScope needed, DateOnly day) =>
        terms.Any(t => MayAct(t, needed, day));

    /// <summary>The status after <paramref name="action"/>, or why it is refused (suspension and withdrawal need a reason; withdrawal is final).</summary>
    public static (AccreditationStatus Status, AccreditationProblem Problem) Apply(AccreditationStatus status, AccreditationAction action, string? reason)
    {
        var next = (status, action) switch
        {
            (AccreditationStatus.Active, AccreditationAction.Suspend) => AccreditationStatus.Suspended,
            (AccreditationStatus.Suspended, AccreditationAction.Reinstate) => AccreditationStatus.Active,
            (AccreditationStatus.Active or AccreditationStatus.Suspended, AccreditationAction.Withdraw) => AccreditationStatus.Withdrawn,
            _ => (AccreditationStatus?)null,
        };
        if (next is null)
        {
            return (status, AccreditationProblem.NotPossibleNow);
        }

        return action != AccreditationAction.Reinstate && string.IsNullOrWhiteSpace(reason)
            ? (status, AccreditationProblem.ReasonRequired)
            : (next.Value, AccreditationProblem.None);
    }

    /// <summary>Surveillance visits due: the first a year after the start, then yearly, up to the end.</summary>
    public static IReadOnlyList<DateOnly> SurveillanceDue(DateOnly validFrom, DateOnly validUntil)
    {
        var due = new List<DateOnly>();
        for (var d = validFrom.AddYears(1); d <= validUntil; d = d.AddYears(1))
        {
            due.Add(d);
        }

        return due;
    }

    /// <summary>
    /// The next surveillance visit not yet held: the (<paramref name="held"/>+1)-th yearly date, or
    /// null when every visit of the validity has been held.
    /// </summary>
    public static DateOnly? NextSurveillanceDue(DateOnly validFrom, DateOnly validUntil, int held)
    {
        var due = SurveillanceDue(validFrom, validUntil);
        return held < due.Count ? due[Math.Max(0, held)] : null;
    }
}
