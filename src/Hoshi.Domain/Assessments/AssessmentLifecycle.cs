namespace Hoshi.Domain.Assessments;

/// <summary>Where a self-assessment round stands (★3: applicant, expert, registration body).</summary>
public enum AssessmentState
{
    /// <summary>The applicant fills scope and sheet.</summary>
    Draft,

    /// <summary>The expert reviews the sheet and gives verdicts.</summary>
    UnderReview,

    /// <summary>The expert sent 再確認 items back; the applicant answers them.</summary>
    RecheckRequested,

    /// <summary>Every criterion 適合.</summary>
    Approved,

    /// <summary>Finalized with nonconformities.</summary>
    NotApproved,

    /// <summary>Approved and declared; waiting for the registration body.</summary>
    SubmittedForRegistration,

    /// <summary>In the registry.</summary>
    Registered,

    /// <summary>The registration body sent it back with a reason.</summary>
    Returned,
}

/// <summary>What someone asks to do with a round.</summary>
public enum AssessmentStep
{
    /// <summary>Applicant: send the completed sheet to the expert.</summary>
    SubmitForReview,

    /// <summary>Expert: send the 再確認 items back to the applicant.</summary>
    RequestRecheck,

    /// <summary>Applicant: return the answered 再確認 items to the expert.</summary>
    AnswerRechecks,

    /// <summary>Expert: final verdict (approved only when every criterion is 適合).</summary>
    Finalize,

    /// <summary>Applicant or expert: send an approved, declared result to the registration body.</summary>
    SubmitForRegistration,

    /// <summary>Registration officer: put it in the registry.</summary>
    Register,

    /// <summary>Registration officer: send it back with a reason.</summary>
    Return,

    /// <summary>Applicant: start again from a not-approved or returned result.</summary>
    Reopen,
}

/// <summary>The answer to "may this step happen now": the next state, or why not.</summary>
/// <remarks><paramref name="Code"/> names every refusal (shown as <c>Refusal_{Code}</c> with <paramref name="Argument"/>); <paramref name="Refusal"/> is its English text for logs.</remarks>
public sealed record StepOutcome(bool Allowed, AssessmentState State, string? Refusal, string? Code = null, string? Argument = null)
{
    public static StepOutcome To(AssessmentState state) => new(true, state, null);

    public static StepOutcome Refused(AssessmentState state, string why, string? code = null) => new(false, state, why, code);
}

/// <summary>
/// The ★3 round as a state machine: Draft → UnderReview ⇄ RecheckRequested → Approved /
/// NotApproved → SubmittedForRegistration → Registered / Returned (→ Draft for a new round).
/// </summary>
public static class AssessmentLifecycle
{
    /// <summary>Facts the transitions depend on, gathered by the caller.</summary>
    public sealed record Facts(
        bool ScopeComplete = false,
        bool SheetComplete = false,
        bool ExpertReady = false,
        int RecheckVerdicts = 0,
        int UnansweredRechecks = 0,
        int CriteriaWithoutVerdict = 0,
        int NonconformantVerdicts = 0,
        bool Declared = false,
        bool ReasonGiven = false,
        bool EffortGiven = false,
        bool HolderVerified = false,
        bool ScopeAccepted = false,
        int UnconfirmedCarriedOver = 0);

    private static readonly Dictionary<(AssessmentState, AssessmentStep), AssessmentState> Transitions = new()
    {
        [(AssessmentState.Draft, AssessmentStep.SubmitForReview)] = AssessmentState.UnderReview,
        [(AssessmentState.UnderReview, AssessmentStep.RequestRecheck)] = AssessmentState.RecheckRequested,
        [(AssessmentState.RecheckRequested, AssessmentStep.AnswerRechecks)] = AssessmentState.UnderReview,
        [(AssessmentState.UnderReview, AssessmentStep.Finalize)] = AssessmentState.Approved,
        [(AssessmentState.Approved, AssessmentStep.SubmitForRegistration)] = AssessmentState.SubmittedForRegistration,
        [(AssessmentState.SubmittedForRegistration, AssessmentStep.Register)] = AssessmentState.Registered,
        [(AssessmentState.SubmittedForRegistration, AssessmentStep.Return)] = AssessmentState.Returned,
        [(AssessmentState.NotApproved, AssessmentStep.Reopen)] = AssessmentState.Draft,
        [(AssessmentState.Returned, AssessmentStep.Reopen)] = AssessmentState.Draft,
    };

    /// <summary>The steps that exist from a state (before checking the facts).</summary>
    /// <summary>Only an organization whose 法人番号 is proven is registered (and named to buyers as that corporation).</summary>
    public const string UnverifiedHolder = "The organization's 法人番号 is not verified: it cannot be registered.";

    /// <summary>A round is finally judged only on a scope the judge accepted (each exclusion with its reason).</summary>
    public const string ScopeNotAccepted = "The scope has no accepted verdict (with a reason for each exclusion) on the scope as it is now.";

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static IEnumerable<AssessmentStep> StepsFrom(AssessmentState state) =>
        Transitions.Keys.Where(k => k.Item1 == state).Select(k => k.Item2);

    /// <summary>What must hold for a step, in the order a person would fix it: the step, the failing test, the refusal's code, its English text and argument.</summary>
    private static readonly (AssessmentStep Step, Func<Facts, bool> Fails, string Code, Func<Facts, string> Why, Func<Facts, string?> Argument)[] Rules =
    [
        (AssessmentStep.SubmitForReview, f => !f.ScopeComplete, "scope.incomplete", _ => "The scope questionnaire is not complete.", _ => null),
        (AssessmentStep.SubmitForReview, f => !f.SheetComplete, "sheet.incomplete", _ => "Some criteria are not answered yet.", _ => null),
        (AssessmentStep.SubmitForReview, f => f.UnconfirmedCarriedOver > 0, "renewal.unconfirmed", f => $"{f.UnconfirmedCarriedOver} answer(s) carried over from the last registered round are neither confirmed nor changed.", f => Count(f.UnconfirmedCarriedOver)),
        (AssessmentStep.SubmitForReview, f => !f.ExpertReady, "expert.notReady", _ => "Choose an expert whose training is valid.", _ => null),
        (AssessmentStep.SubmitForReview, f => !f.EffortGiven, "effort.missing", _ => "Give the hours spent on the scope and on the sheet.", _ => null),
        (AssessmentStep.RequestRecheck, f => f.RecheckVerdicts == 0, "recheck.none", _ => "No criterion is marked for recheck.", _ => null),
        (AssessmentStep.AnswerRechecks, f => f.UnansweredRechecks > 0, "recheck.unanswered", f => $"{f.UnansweredRechecks} recheck item(s) still need a reply.", f => Count(f.UnansweredRechecks)),
        (AssessmentStep.Finalize, f => f.CriteriaWithoutVerdict > 0, "verdicts.missing", f => $"{f.CriteriaWithoutVerdict} criteria have no verdict yet.", f => Count(f.CriteriaWithoutVerdict)),
        (AssessmentStep.Finalize, f => f.RecheckVerdicts > 0, "recheck.open", _ => "Recheck items are open: send them back or decide them.", f => Count(f.RecheckVerdicts)),
        (AssessmentStep.Finalize, f => !f.ScopeAccepted, "scope.notAccepted", _ => ScopeNotAccepted, _ => null),
        (AssessmentStep.SubmitForRegistration, f => !f.Declared, "declaration.missing", _ => "Management's self-declaration of conformity is missing.", _ => null),
        (AssessmentStep.Return, f => !f.ReasonGiven, "reason.required", _ => "A reason is required to return a result.", _ => null),
        (AssessmentStep.Register, f => !f.HolderVerified, "identity.unverified", _ => UnverifiedHolder, _ => null),
    ];

    /// <summary>
    /// Every reason the step cannot happen now, all at once (a person fixes them together, not one
    /// per attempt); empty when it can. A step that does not exist from the state is one blocker.
    /// </summary>
    public static IReadOnlyList<StepOutcome> Blockers(AssessmentState state, AssessmentStep step, Facts facts) =>
        !Transitions.ContainsKey((state, step))
            ? [StepOutcome.Refused(state, $"The step {step} is not possible while the assessment is {state}.", "step.notNow")]
            : [.. Rules.Where(r => r.Step == step && r.Fails(facts)).Select(r => StepOutcome.Refused(state, r.Why(facts), r.Code) with { Argument = r.Argument(facts) })];

    public static StepOutcome Try(AssessmentState state, AssessmentStep step, Facts facts)
    {
        if (!Transitions.TryGetValue((state, step), out var next))
        {
            return StepOutcome.Refused(state, $"The step {step} is not possible while the assessment is {state}.", "step.notNow");
        }

        if (Blockers(state, step, facts) is [var refused, ..])
        {
            return refused;
        }

        // Finalizing approves only when every criterion is conformant.
        if (step == AssessmentStep.Finalize && facts.NonconformantVerdicts > 0)
        {
            next = AssessmentState.NotApproved;
        }

        return StepOutcome.To(next);
    }

    /// <summary>Hours spent on scope or sheet, as people type them ("3", "2.5", "１２"): more than 0, at most 9999, one decimal.</summary>
    public static bool TryParseHours(string? text, out decimal hours)
    {
        hours = 0;
        var normalized = text?.Normalize(System.Text.NormalizationForm.FormKC).Trim();
        if (!decimal.TryParse(normalized, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value <= 0 || value > 9999 || decimal.Round(value, 1) != value)
        {
            return false;
        }

        hours = value;
        return true;
    }

    /// <summary>While the applicant may change answers: the whole sheet in Draft, only the recheck items during a recheck.</summary>
    public static bool ApplicantMayEditAnswers(AssessmentState state) => state is AssessmentState.Draft or AssessmentState.RecheckRequested;

    /// <summary>While the expert may give or change verdicts.</summary>
    public static bool ExpertMayGiveVerdicts(AssessmentState state) => state == AssessmentState.UnderReview;
}
