using Hoshi.Domain.Assessments;
using Hoshi.Domain.Evaluations;

namespace Hoshi.Domain.Lifecycle;

/// <summary>A party told of a workflow step (each of its people gets an in-app notification, and mail as they chose).</summary>
public enum Party
{
    /// <summary>The applicant's administrators and members.</summary>
    Applicant,

    /// <summary>The expert asked to review the ★3 round.</summary>
    Expert,

    /// <summary>The officers of the registration body the result was sent to.</summary>
    RegistrationBody,

    /// <summary>The officers of the ★4 evaluation body.</summary>
    EvaluationBody,

    /// <summary>The lead assessor and assessors of the ★4 evaluation.</summary>
    EvaluationTeam,

    /// <summary>The officers of the accreditation bodies that accredit the evaluation body (they register ★4).</summary>
    AccreditationBody,
}

/// <summary>
/// Who is told of each step of a ★3 round and a ★4 evaluation (issue 24: every step makes an in-app
/// notification for each person who must act or is told). The actor's own party is told too only
/// when others in it must act.
/// </summary>
public static class WorkflowNotices
{
    public static IReadOnlyList<Party> ForRound(AssessmentStep step) => step switch
    {
        AssessmentStep.SubmitForReview => [Party.Expert],
        AssessmentStep.RequestRecheck => [Party.Applicant],
        AssessmentStep.AnswerRechecks => [Party.Expert],
        AssessmentStep.Finalize => [Party.Applicant],
        AssessmentStep.SubmitForRegistration => [Party.RegistrationBody],
        AssessmentStep.Register or AssessmentStep.Return => [Party.Applicant],
        AssessmentStep.Reopen => [],
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <param name="to">The state the evaluation moved to.</param>
    public static IReadOnlyList<Party> ForEvaluation(EvaluationStep step, EvaluationState to) => step switch
    {
        EvaluationStep.Request => [Party.EvaluationBody],
        EvaluationStep.Accept or EvaluationStep.Decline or EvaluationStep.Start or EvaluationStep.RequestRecheck => [Party.Applicant],
        EvaluationStep.AnswerRechecks => [Party.EvaluationTeam],
        EvaluationStep.Decide or EvaluationStep.CloseCorrectiveActions => to == EvaluationState.Passed ? [Party.Applicant, Party.AccreditationBody] : [Party.Applicant],
        EvaluationStep.Lapse => [],
        EvaluationStep.Register => [Party.Applicant, Party.EvaluationBody],
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <summary>The notification kind of a step: <c>round-submit-for-review</c>, <c>star4-decide</c> …</summary>
    public static string Kind(AssessmentStep step) => "round-" + Words(step.ToString());

    public static string Kind(EvaluationStep step) => "star4-" + Words(step.ToString());

    /// <summary>The notification kind of a change to an accreditation's status (suspension, reinstatement, withdrawal).</summary>
    public static string AccreditationStatusKind(string action) => AccreditationStatus + "-" + Words(action);

    /// <summary>The preference group of the accreditation status changes.</summary>
    public const string AccreditationStatus = "accreditation-status";

    /// <summary>
    /// The preference a step's mail follows: one choice for all ★3 steps, one for all ★4 steps, one
    /// for all changes of an accreditation's status.
    /// </summary>
    public static string? PreferenceOf(string kind) =>
        kind.StartsWith("round-", StringComparison.Ordinal) ? "round-steps"
        : kind.StartsWith("star4-", StringComparison.Ordinal) ? "star4-steps"
        : kind.StartsWith(AccreditationStatus + "-", StringComparison.Ordinal) ? AccreditationStatus
        : null;

    private static string Words(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
