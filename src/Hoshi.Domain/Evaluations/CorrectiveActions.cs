namespace Hoshi.Domain.Evaluations;

/// <summary>Where one nonconformity of a ★4 evaluation stands.</summary>
public enum NonconformityStatus
{
    /// <summary>Waiting for the applicant's fix.</summary>
    Open,

    /// <summary>The applicant recorded the fix and its evidence; the body verifies.</summary>
    FixSubmitted,

    /// <summary>The body verified the fix.</summary>
    Verified,
}

/// <summary>What happens to a nonconformity.</summary>
public enum NonconformityAction
{
    /// <summary>Applicant: record the fix (and evidence).</summary>
    SubmitFix,

    /// <summary>Body: the fix is sufficient.</summary>
    Verify,

    /// <summary>Body: the fix is not sufficient (with a reason); open again.</summary>
    Reject,
}

/// <summary>Why a corrective-action deadline or a nonconformity step is refused.</summary>
public enum CorrectiveActionProblem
{
    None,
    DeadlineNotAfterDecision,
    DeadlineTooFar,
    TextRequired,
    NotPossibleNow,
    DeadlinePassed,
}

/// <summary>Settings of corrective actions: the deadline the body sets by default and at most.</summary>
public sealed record CorrectiveActionSettings(int DefaultDays = 90, int MaxDays = 180);

/// <summary>
/// Deadline arithmetic and the nonconformity steps. Dates are Japan dates; the deadline day
/// itself still counts (it lapses the day after).
/// </summary>
public static class CorrectiveActionRules
{
    public static DateOnly DefaultDeadline(DateOnly decidedOn, CorrectiveActionSettings settings) => decidedOn.AddDays(settings.DefaultDays);

    public static CorrectiveActionProblem CheckDeadline(DateOnly decidedOn, DateOnly deadline, CorrectiveActionSettings settings) =>
        deadline <= decidedOn ? CorrectiveActionProblem.DeadlineNotAfterDecision
        : deadline > decidedOn.AddDays(settings.MaxDays) ? CorrectiveActionProblem.DeadlineTooFar
        : CorrectiveActionProblem.None;

    /// <summary>The deadline has passed on <paramref name="today"/> (the day after the deadline day).</summary>
    public static bool HasLapsed(DateOnly deadline, DateOnly today) => today > deadline;

    /// <summary>Days left including today; 0 on the deadline day is the last day; negative once lapsed.</summary>
    public static int DaysLeft(DateOnly deadline, DateOnly today) => deadline.DayNumber - today.DayNumber;

    /// <summary>The status after <paramref name="action"/>, or why not: a fix and a rejection need text; no fix can be submitted after the deadline (the body still judges fixes submitted in time).</summary>
    public static (NonconformityStatus Status, CorrectiveActionProblem Problem) Apply(NonconformityStatus status, NonconformityAction action, string? text, bool deadlinePassed)
    {
        NonconformityStatus? next = (status, action) switch
        {
            (NonconformityStatus.Open, NonconformityAction.SubmitFix) => NonconformityStatus.FixSubmitted,
            (NonconformityStatus.FixSubmitted, NonconformityAction.SubmitFix) => NonconformityStatus.FixSubmitted,
            (NonconformityStatus.FixSubmitted, NonconformityAction.Verify) => NonconformityStatus.Verified,
            (NonconformityStatus.FixSubmitted, NonconformityAction.Reject) => NonconformityStatus.Open,
            _ => null,
        };
        if (next is null)
        {
            return (status, CorrectiveActionProblem.NotPossibleNow);
        }

        if (deadlinePassed && action == NonconformityAction.SubmitFix)
        {
            return (status, CorrectiveActionProblem.DeadlinePassed);
        }

        return action != NonconformityAction.Verify && string.IsNullOrWhiteSpace(text)
            ? (status, CorrectiveActionProblem.TextRequired)
            : (next.Value, CorrectiveActionProblem.None);
    }
}

/// <summary>How the internal test case of technical verification is covered.</summary>
public enum InternalCheckMethod
{
    /// <summary>Patch check on sampled endpoints, servers and IaaS instances.</summary>
    PatchCheck,

    /// <summary>Accepted alternative: the applicant's asset-management data.</summary>
    AssetManagementData,

    /// <summary>Accepted alternative: the applicant's own recent scan.</summary>
    OwnRecentScan,
}

/// <summary>The steps of a ★4 evaluation whose effort is recorded, per party.</summary>
public enum EffortStep
{
    PreCoordination,
    DocumentReview,
    OnSiteAudit,
    TechnicalVerification,
    Decision,
    CorrectiveActions,
}

/// <summary>What became of a risky service flagged by the external diagnosis.</summary>
public enum FindingDisposition
{
    /// <summary>Still exposed: a nonconformity on the criterion it is linked to when the evaluation is decided.</summary>
    Open,

    /// <summary>Closed by the applicant and checked again (how, in the reason).</summary>
    Resolved,

    /// <summary>The risk accepted by the assessor, with the reason (e.g. a VPN gateway meant to be reachable).</summary>
    Accepted,
}

/// <summary>How an audit was held.</summary>
public enum AuditMode
{
    OnSite,
    Remote,
}

/// <summary>Limits of evidence files.</summary>
public static class EvidenceRules
{
    public const long MaxFileBytes = 20 * 1024 * 1024;
    public const int MaxNoteLength = 4000;
}
