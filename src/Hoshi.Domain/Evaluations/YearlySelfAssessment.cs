using Hoshi.Domain.Assessments;

namespace Hoshi.Domain.Evaluations;

/// <summary>Where one yearly self-assessment of a ★4 holder stands.</summary>
public enum YearlyStatus
{
    /// <summary>The window has not opened yet.</summary>
    NotYetOpen,

    /// <summary>Within the window; not submitted.</summary>
    Open,

    /// <summary>Submitted to the evaluation body; waiting for its answer.</summary>
    Submitted,

    /// <summary>The body acknowledged it.</summary>
    Acknowledged,

    /// <summary>The body raised concerns.</summary>
    ConcernsRaised,

    /// <summary>The window closed without a submission.</summary>
    Missed,
}

/// <summary>Settings of the yearly self-assessment window.</summary>
public sealed record YearlyWindow(int DaysBefore = 60, int DaysAfter = 30);

/// <summary>A criterion whose answer changed since the evaluation: met to not met, or back.</summary>
public sealed record YearlyChange(string CriterionId, string? Then, string? Now, bool Worse);

/// <summary>
/// The yearly self-assessment of a ★4 holder: due at each anniversary of the registration within
/// its validity (not at the expiry itself, where renewal takes over), open from 60 days before to
/// 30 days after; what changed since the evaluation (Yes/No answers that went from met to not met,
/// and back).
/// </summary>
public static class YearlySelfAssessmentRules
{
    public static IReadOnlyList<DateOnly> DueDates(DateOnly validFrom, DateOnly validUntil)
    {
        var due = new List<DateOnly>();
        for (var year = 1; ; year++)
        {
            var anniversary = validFrom.AddYears(year);
            if (anniversary > validUntil)
            {
                return due;
            }

            due.Add(anniversary);
        }
    }

    public static YearlyStatus StatusOn(DateOnly due, DateOnly today, YearlyWindow window, YearlyStatus? recorded)
    {
        if (recorded is YearlyStatus.Submitted or YearlyStatus.Acknowledged or YearlyStatus.ConcernsRaised)
        {
            return recorded.Value;
        }

        return today < due.AddDays(-window.DaysBefore) ? YearlyStatus.NotYetOpen
            : today > due.AddDays(window.DaysAfter) ? YearlyStatus.Missed
            : YearlyStatus.Open;
    }

    /// <summary>Yes/No answers that moved between met and not met (not applicable counts as met).</summary>
    public static IReadOnlyList<YearlyChange> Changes(IReadOnlyDictionary<string, string?> then, IReadOnlyDictionary<string, string?> now) =>
        [.. then.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Select(id => (id, a: then.GetValueOrDefault(id), b: now.GetValueOrDefault(id)))
            .Where(x => Met(x.a) != Met(x.b))
            .Select(x => new YearlyChange(x.id, x.a, x.b, Worse: Met(x.a) && !Met(x.b)))];

    private static bool Met(string? value) => value is YesNo.Yes or YesNo.NotApplicable;
}
