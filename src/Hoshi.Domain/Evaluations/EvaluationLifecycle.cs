using Hoshi.Domain.Assessments;

namespace Hoshi.Domain.Evaluations;

/// <summary>Where a ★4 third-party evaluation stands.</summary>
public enum EvaluationState
{
    /// <summary>The applicant asked an evaluation body; the body has not answered.</summary>
    Requested,

    /// <summary>The body declined (with a reason); the applicant may ask another body.</summary>
    Declined,

    /// <summary>The body accepted; it appoints the team and plans.</summary>
    Planning,

    /// <summary>Document review, on-site audit and technical verification.</summary>
    InProgress,

    /// <summary>再確認 items are with the applicant.</summary>
    RecheckRequested,

    /// <summary>Decided with nonconformities: the applicant fixes them by the deadline.</summary>
    CorrectiveActions,

    /// <summary>Every criterion conformant (at once, or after the corrective actions).</summary>
    Passed,

    /// <summary>The corrective-action deadline lapsed with nonconformities open.</summary>
    Failed,

    /// <summary>The accreditation body put the result in the registry.</summary>
    Registered,
}

/// <summary>What someone asks to do with an evaluation.</summary>
public enum EvaluationStep
{
    /// <summary>Applicant: ask the chosen evaluation body.</summary>
    Request,

    /// <summary>Body: accept the request.</summary>
    Accept,

    /// <summary>Body: decline the request, with a reason.</summary>
    Decline,

    /// <summary>Lead assessor: start the evaluation once the team and plan are set.</summary>
    Start,

    /// <summary>Assessor: send the 再確認 items to the applicant.</summary>
    RequestRecheck,

    /// <summary>Applicant: return the answered 再確認 items.</summary>
    AnswerRechecks,

    /// <summary>Lead assessor: decide. Pass when every criterion is conformant, else corrective actions with a deadline.</summary>
    Decide,

    /// <summary>Lead assessor: every nonconformity verified as fixed: pass.</summary>
    CloseCorrectiveActions,

    /// <summary>The deadline passed with nonconformities open: fail (the scheduler or the next visit triggers it).</summary>
    Lapse,

    /// <summary>Accreditation body: register the passed organization (★4, three years).</summary>
    Register,
}

/// <summary>The answer to "may this step happen now".</summary>
/// <remarks><paramref name="Code"/> names every refusal (shown as <c>Refusal_{Code}</c> with <paramref name="Argument"/>); <paramref name="Refusal"/> is its English text for logs.</remarks>
public sealed record EvaluationOutcome(bool Allowed, EvaluationState State, string? Refusal, bool Conflict = false, string? Code = null, string? Argument = null)
{
    public static EvaluationOutcome To(EvaluationState state) => new(true, state, null);

    public static EvaluationOutcome Refused(EvaluationState state, string why, string? code = null) => new(false, state, why, Code: code);

    /// <summary>Refused because someone else changed the evaluation since the person's page was loaded.</summary>
    public static EvaluationOutcome Changed(EvaluationState state, string why) => new(false, state, why, Conflict: true);
}

/// <summary>What a ★4 decision still lacks (the names are stable codes, shown as a checklist on the decision page).</summary>
public enum DecisionGap
{
    /// <summary>The lead assessor has not accepted the scope as it is now (with a reason for each exclusion).</summary>
    Scope,

    /// <summary>The document review has not covered every criterion (some have no verdict).</summary>
    DocumentReview,

    /// <summary>No on-site or remote audit is recorded.</summary>
    Audit,

    /// <summary>The external diagnosis (the scan of the public addresses) is not recorded.</summary>
    ExternalDiagnosis,

    /// <summary>The internal check (patch check or an accepted alternative) is not recorded.</summary>
    InternalCheck,

    /// <summary>An alternative to the patch check is recorded without the reason it was accepted.</summary>
    AlternativeReason,

    /// <summary>A risky service flagged by the external diagnosis is neither linked to a criterion, resolved, nor accepted with a reason.</summary>
    UnhandledRiskyService,
}

/// <summary>
/// The ★4 evaluation as a state machine: Requested → Planning (or Declined) → InProgress ⇄
/// RecheckRequested → Passed / CorrectiveActions → Passed / Failed → Registered. A decision needs
/// a valid accreditation of the body, every criterion judged and no recheck open.
/// </summary>
public static class EvaluationLifecycle
{
    /// <summary>Facts the transitions depend on, gathered by the caller.</summary>
    public sealed record Facts(
        bool ScopeComplete = false,
        bool SheetComplete = false,
        bool BodyAccredited = false,
        bool ReasonGiven = false,
        bool LeadAssessorAppointed = false,
        bool PlanRecorded = false,
        int RecheckVerdicts = 0,
        int UnansweredRechecks = 0,
        int CriteriaWithoutVerdict = 0,
        int NonconformantVerdicts = 0,
        bool DeadlineGiven = false,
        int OpenNonconformities = 0,
        int UnverifiedNonconformities = 0,
        bool DeadlinePassed = false,
        bool AuditRecorded = false,
        bool ExternalDiagnosisRecorded = false,
        bool InternalCheckRecorded = false,
        bool AlternativeReasonGiven = false,
        int UnhandledRiskyServices = 0,
        int CriteriaWithOpenFindings = 0,
        bool HolderVerified = false,
        bool ScopeAccepted = false);

    /// <summary>
    /// What the evidence still lacks for a decision: a ★4 neither passes nor goes to corrective
    /// actions unless the lead assessor accepted the scope, the document review covered every criterion, an audit is recorded, and the
    /// technical verification is recorded for both cases (external diagnosis; internal patch check
    /// or an accepted alternative with its reason), every risky service of the diagnosis handled.
    /// </summary>
    public static IReadOnlyList<DecisionGap> MissingForDecision(Facts facts)
    {
        var gaps = new List<DecisionGap>();
        if (!facts.ScopeAccepted)
        {
            gaps.Add(DecisionGap.Scope);
        }

        if (facts.CriteriaWithoutVerdict > 0)
        {
            gaps.Add(DecisionGap.DocumentReview);
        }

        if (!facts.AuditRecorded)
        {
            gaps.Add(DecisionGap.Audit);
        }

        if (!facts.ExternalDiagnosisRecorded)
        {
            gaps.Add(DecisionGap.ExternalDiagnosis);
        }

        if (!facts.InternalCheckRecorded)
        {
            gaps.Add(DecisionGap.InternalCheck);
        }
        else if (!facts.AlternativeReasonGiven)
        {
            gaps.Add(DecisionGap.AlternativeReason);
        }

        if (facts.UnhandledRiskyServices > 0)
        {
            gaps.Add(DecisionGap.UnhandledRiskyService);
        }

        return gaps;
    }

    /// <summary>Criteria the decision finds nonconformant: the nonconformant verdicts and the criteria an open risky-service finding is linked to.</summary>
    public static int Nonconformities(Facts facts) => facts.NonconformantVerdicts + facts.CriteriaWithOpenFindings;

    private static readonly Dictionary<(EvaluationState, EvaluationStep), EvaluationState> Transitions = new()
    {
        [(EvaluationState.Declined, EvaluationStep.Request)] = EvaluationState.Requested,
        [(EvaluationState.Requested, EvaluationStep.Accept)] = EvaluationState.Planning,
        [(EvaluationState.Requested, EvaluationStep.Decline)] = EvaluationState.Declined,
        [(EvaluationState.Planning, EvaluationStep.Start)] = EvaluationState.InProgress,
        [(EvaluationState.InProgress, EvaluationStep.RequestRecheck)] = EvaluationState.RecheckRequested,
        [(EvaluationState.RecheckRequested, EvaluationStep.AnswerRechecks)] = EvaluationState.InProgress,
        [(EvaluationState.InProgress, EvaluationStep.Decide)] = EvaluationState.Passed,
        [(EvaluationState.CorrectiveActions, EvaluationStep.CloseCorrectiveActions)] = EvaluationState.Passed,
        [(EvaluationState.CorrectiveActions, EvaluationStep.Lapse)] = EvaluationState.Failed,
        [(EvaluationState.Passed, EvaluationStep.Register)] = EvaluationState.Registered,
    };

    /// <summary>The steps that exist from a state (before checking the facts).</summary>
    public static IEnumerable<EvaluationStep> StepsFrom(EvaluationState state) =>
        Transitions.Keys.Where(k => k.Item1 == state).Select(k => k.Item2);

    /// <summary>A new evaluation starts Requested when the request itself is allowed.</summary>
    public static EvaluationOutcome TryRequest(Facts facts) => Try(EvaluationState.Declined, EvaluationStep.Request, facts);

    public static EvaluationOutcome Try(EvaluationState state, EvaluationStep step, Facts facts)
    {
        if (!Transitions.TryGetValue((state, step), out var next))
        {
            return EvaluationOutcome.Refused(state, $"The step {step} is not possible while the evaluation is {state}.", "step.notNow");
        }

        static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string Code, string Why, string? Argument)? refusal = step switch
        {
            EvaluationStep.Request when !facts.ScopeComplete => ("scope.incomplete", "The scope questionnaire is not complete.", null),
            EvaluationStep.Request when !facts.SheetComplete => ("sheet.incomplete", "Some criteria are not answered yet.", null),
            EvaluationStep.Request or EvaluationStep.Accept or EvaluationStep.Start when !facts.BodyAccredited
                => ("body.unaccredited", "The evaluation body holds no valid accreditation for ★4 evaluation.", null),
            EvaluationStep.Decline when !facts.ReasonGiven => ("reason.required", "A reason is required to decline.", null),
            EvaluationStep.Start when !facts.LeadAssessorAppointed => ("lead.missing", "Appoint a lead assessor first.", null),
            EvaluationStep.Start when !facts.PlanRecorded => ("plan.missing", "Record the plan (dates of document review, on-site audit and technical verification) first.", null),
            EvaluationStep.RequestRecheck when facts.RecheckVerdicts == 0 => ("recheck.none", "No criterion is marked for recheck.", null),
            EvaluationStep.AnswerRechecks when facts.UnansweredRechecks > 0 => ("recheck.unanswered", $"{facts.UnansweredRechecks} recheck item(s) still need a reply.", Count(facts.UnansweredRechecks)),
            EvaluationStep.Decide or EvaluationStep.CloseCorrectiveActions when !facts.BodyAccredited
                => ("body.accreditationLapsed", "The evaluation body's accreditation is not valid (expired, suspended or withdrawn): no decision is possible.", null),
            EvaluationStep.Decide when facts.CriteriaWithoutVerdict > 0 => ("verdicts.missing", $"{facts.CriteriaWithoutVerdict} criteria have no verdict yet.", Count(facts.CriteriaWithoutVerdict)),
            EvaluationStep.Decide when facts.RecheckVerdicts > 0 => ("recheck.open", $"{facts.RecheckVerdicts} recheck item(s) are open: send them back or decide them.", Count(facts.RecheckVerdicts)),
            EvaluationStep.Decide or EvaluationStep.CloseCorrectiveActions when MissingForDecision(facts) is { Count: > 0 } gaps
                => ("evidence." + gaps[0], "The evidence is incomplete: " + string.Join(", ", gaps) + ".", null),
            EvaluationStep.Decide when Nonconformities(facts) > 0 && !facts.DeadlineGiven => ("deadline.missing", "Set the corrective-action deadline for the nonconformities.", null),
            EvaluationStep.CloseCorrectiveActions when facts.UnverifiedNonconformities > 0 => ("fixes.unverified", $"{facts.UnverifiedNonconformities} nonconformity(ies) are not verified as fixed yet.", Count(facts.UnverifiedNonconformities)),
            EvaluationStep.Register when !facts.HolderVerified => ("identity.unverified", AssessmentLifecycle.UnverifiedHolder, null),
            EvaluationStep.Lapse when !facts.DeadlinePassed => ("deadline.notPassed", "The corrective-action deadline has not passed yet.", null),
            EvaluationStep.Lapse when facts.OpenNonconformities == 0 => ("lapse.nothingOpen", "No nonconformity was left without a fix by the deadline.", null),
            _ => null,
        };
        if (refusal is { } r)
        {
            return EvaluationOutcome.Refused(state, r.Why, r.Code) with { Argument = r.Argument };
        }

        if (step == EvaluationStep.Decide && Nonconformities(facts) > 0)
        {
            next = EvaluationState.CorrectiveActions;
        }

        return EvaluationOutcome.To(next);
    }

    /// <summary>
    /// The state of the ★4 round's sheet while its evaluation is in <paramref name="state"/>, so
    /// the sheet and verdict machinery of ★3 applies unchanged: answers open in a draft and for
    /// rechecks only; verdicts only while the evaluation is in progress.
    /// </summary>
    public static AssessmentState SheetState(EvaluationState state) => state switch
    {
        EvaluationState.Declined => AssessmentState.Draft,
        EvaluationState.Requested or EvaluationState.Planning or EvaluationState.InProgress or EvaluationState.CorrectiveActions => AssessmentState.UnderReview,
        EvaluationState.RecheckRequested => AssessmentState.RecheckRequested,
        EvaluationState.Passed => AssessmentState.Approved,
        EvaluationState.Failed => AssessmentState.NotApproved,
        _ => AssessmentState.Registered,
    };

    /// <summary>Assessors may give or change verdicts only while the evaluation is in progress.</summary>
    public static bool AssessorsMayJudge(EvaluationState state) => state == EvaluationState.InProgress;

    /// <summary>The evaluation still runs: an accreditation that lapses shows on it.</summary>
    public static bool IsRunning(EvaluationState state) =>
        state is EvaluationState.Requested or EvaluationState.Planning or EvaluationState.InProgress or EvaluationState.RecheckRequested or EvaluationState.CorrectiveActions;
}
