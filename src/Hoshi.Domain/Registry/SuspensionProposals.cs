using Hoshi.Domain.Evaluations;

namespace Hoshi.Domain.Registry;

/// <summary>Where a proposal to suspend a ★4 entry stands.</summary>
public enum ProposalState
{
    /// <summary>Waiting for the accreditation body's decision.</summary>
    Open,

    /// <summary>The accreditation body suspended the entry.</summary>
    Accepted,

    /// <summary>The accreditation body kept the entry valid, with a reason.</summary>
    Rejected,
}

/// <summary>Who proposed the suspension.</summary>
public enum ProposalSource
{
    /// <summary>The evaluation body that evaluated the ★4, with a reason and evidence.</summary>
    EvaluationBody,

    /// <summary>Hoshi, for a yearly self-assessment missing past the grace period.</summary>
    MissedYearlySelfAssessment,
}

/// <summary>
/// The suspension paths of the scheme for a ★4: the evaluation body that evaluated the holder
/// proposes (reason, evidence), or Hoshi proposes when a yearly self-assessment is missing past a
/// grace period after its window closed; the accreditation body decides. One open proposal per
/// entry at a time. Refusals are stable words (shown as <c>Suspension_{word}</c>).
/// </summary>
public static class SuspensionProposals
{
    public const int MaxTextLength = 2000;

    /// <summary>Days after the yearly window closed before Hoshi proposes the suspension.</summary>
    public const int DefaultGraceDays = 30;

    /// <summary>
    /// Null when the proposal may be made, else why not: notValid (only a valid entry is suspended),
    /// alreadyProposed, reasonRequired, reasonTooLong, evidenceTooLong.
    /// </summary>
    public static string? RefusalToPropose(EntryStatus entry, bool openProposalExists, string? reason, string? evidence)
    {
        if (entry != EntryStatus.Valid)
        {
            return "notValid";
        }

        if (openProposalExists)
        {
            return "alreadyProposed";
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return "reasonRequired";
        }

        if (reason.Trim().Length > MaxTextLength)
        {
            return "reasonTooLong";
        }

        return evidence?.Trim().Length > MaxTextLength ? "evidenceTooLong" : null;
    }

    /// <summary>
    /// The state after the accreditation body's answer, or the refusal: notOpen (decided already),
    /// reasonRequired (a rejection says why), reasonTooLong, notValid (an accepted proposal needs a
    /// valid entry to suspend).
    /// </summary>
    public static (ProposalState? State, string? Refusal) Decide(ProposalState current, EntryStatus entry, bool accept, string? reason)
    {
        if (current != ProposalState.Open)
        {
            return (null, "notOpen");
        }

        if (reason?.Trim().Length > MaxTextLength)
        {
            return (null, "reasonTooLong");
        }

        if (!accept)
        {
            return string.IsNullOrWhiteSpace(reason) ? (null, "reasonRequired") : (ProposalState.Rejected, null);
        }

        return entry == EntryStatus.Valid ? (ProposalState.Accepted, null) : (null, "notValid");
    }

    /// <summary>The day Hoshi proposes the suspension for a yearly self-assessment due on <paramref name="due"/> and not submitted.</summary>
    public static DateOnly AutomaticProposalOn(DateOnly due, YearlyWindow window, int graceDays) =>
        due.AddDays(window.DaysAfter + Math.Max(0, graceDays));

    /// <summary>Whether Hoshi proposes the suspension today: the yearly self-assessment was missed and the grace period is over.</summary>
    public static bool AutomaticProposalDue(YearlyStatus status, DateOnly due, YearlyWindow window, int graceDays, DateOnly today) =>
        status == YearlyStatus.Missed && today >= AutomaticProposalOn(due, window, graceDays);
}
