using Hoshi.Domain.Assessments;
using Hoshi.Domain.Evaluations;
using Microsoft.Extensions.Time.Testing;
using static Hoshi.Domain.Evaluations.EvaluationLifecycle;

namespace Hoshi.Domain.Tests.Evaluations;

public sealed class EvaluationLifecycleTests
{
    private static readonly Facts Ready = new(ScopeComplete: true, SheetComplete: true, BodyAccredited: true, ReasonGiven: true, LeadAssessorAppointed: true,
        PlanRecorded: true, DeadlineGiven: true, DeadlinePassed: false, AuditRecorded: true, ExternalDiagnosisRecorded: true, InternalCheckRecorded: true,
        AlternativeReasonGiven: true, HolderVerified: true, ScopeAccepted: true);

    public static TheoryData<EvaluationState, EvaluationStep, EvaluationState> Allowed => new()
    {
        { EvaluationState.Declined, EvaluationStep.Request, EvaluationState.Requested },
        { EvaluationState.Requested, EvaluationStep.Accept, EvaluationState.Planning },
        { EvaluationState.Requested, EvaluationStep.Decline, EvaluationState.Declined },
        { EvaluationState.Planning, EvaluationStep.Start, EvaluationState.InProgress },
        { EvaluationState.RecheckRequested, EvaluationStep.AnswerRechecks, EvaluationState.InProgress },
        { EvaluationState.InProgress, EvaluationStep.Decide, EvaluationState.Passed },
        { EvaluationState.CorrectiveActions, EvaluationStep.CloseCorrectiveActions, EvaluationState.Passed },
        { EvaluationState.Passed, EvaluationStep.Register, EvaluationState.Registered },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Each_transition_leads_where_the_scheme_says(EvaluationState from, EvaluationStep step, EvaluationState to)
    {
        var outcome = Try(from, step, Ready);
        Assert.True(outcome.Allowed, outcome.Refusal);
        Assert.Equal(to, outcome.State);
    }

    [Fact]
    public void Every_other_step_is_refused_naming_the_state_and_the_step()
    {
        var allowed = Allowed.Select(row => ((EvaluationState)row[0], (EvaluationStep)row[1])).ToHashSet();
        allowed.Add((EvaluationState.InProgress, EvaluationStep.RequestRecheck));
        allowed.Add((EvaluationState.CorrectiveActions, EvaluationStep.Lapse));
        foreach (var state in Enum.GetValues<EvaluationState>())
        {
            foreach (var step in Enum.GetValues<EvaluationStep>().Where(s => !allowed.Contains((state, s))))
            {
                var outcome = Try(state, step, Ready with { RecheckVerdicts = 1, DeadlinePassed = true, OpenNonconformities = 1 });
                Assert.False(outcome.Allowed, $"{state} + {step}");
                Assert.Equal(state, outcome.State);
                Assert.Contains(state.ToString(), outcome.Refusal, StringComparison.Ordinal);
                Assert.Contains(step.ToString(), outcome.Refusal, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_request_needs_scope_sheet_and_an_accredited_body()
    {
        Assert.True(TryRequest(Ready).Allowed);
        Assert.Equal(EvaluationState.Requested, TryRequest(Ready).State);
        Assert.Contains("scope", TryRequest(Ready with { ScopeComplete = false }).Refusal, StringComparison.Ordinal);
        Assert.Contains("not answered", TryRequest(Ready with { SheetComplete = false }).Refusal, StringComparison.Ordinal);
        Assert.Contains("accreditation", TryRequest(Ready with { BodyAccredited = false }).Refusal, StringComparison.Ordinal);
        Assert.Contains("accreditation", Try(EvaluationState.Requested, EvaluationStep.Accept, Ready with { BodyAccredited = false }).Refusal, StringComparison.Ordinal);
        Assert.Contains("accreditation", Try(EvaluationState.Planning, EvaluationStep.Start, Ready with { BodyAccredited = false }).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Declining_needs_a_reason_and_starting_needs_a_lead_assessor_and_a_plan()
    {
        Assert.Contains("reason", Try(EvaluationState.Requested, EvaluationStep.Decline, Ready with { ReasonGiven = false }).Refusal, StringComparison.Ordinal);
        Assert.Contains("lead assessor", Try(EvaluationState.Planning, EvaluationStep.Start, Ready with { LeadAssessorAppointed = false }).Refusal, StringComparison.Ordinal);
        Assert.Contains("plan", Try(EvaluationState.Planning, EvaluationStep.Start, Ready with { PlanRecorded = false }).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Rechecks_go_to_the_applicant_and_come_back_answered()
    {
        Assert.Contains("No criterion", Try(EvaluationState.InProgress, EvaluationStep.RequestRecheck, Ready).Refusal, StringComparison.Ordinal);
        Assert.Equal(EvaluationState.RecheckRequested, Try(EvaluationState.InProgress, EvaluationStep.RequestRecheck, Ready with { RecheckVerdicts = 1 }).State);
        Assert.Contains("2 recheck", Try(EvaluationState.RecheckRequested, EvaluationStep.AnswerRechecks, Ready with { UnansweredRechecks = 2 }).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decision_with_a_recheck_open_or_a_criterion_unjudged_is_refused_saying_which()
    {
        Assert.Contains("3 criteria have no verdict", Try(EvaluationState.InProgress, EvaluationStep.Decide, Ready with { CriteriaWithoutVerdict = 3 }).Refusal, StringComparison.Ordinal);
        Assert.Contains("1 recheck item(s) are open", Try(EvaluationState.InProgress, EvaluationStep.Decide, Ready with { RecheckVerdicts = 1 }).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lapsed_or_suspended_accreditation_blocks_every_decision()
    {
        var lapsed = Ready with { BodyAccredited = false };
        Assert.Contains("accreditation is not valid", Try(EvaluationState.InProgress, EvaluationStep.Decide, lapsed).Refusal, StringComparison.Ordinal);
        Assert.Contains("accreditation is not valid", Try(EvaluationState.CorrectiveActions, EvaluationStep.CloseCorrectiveActions, lapsed).Refusal, StringComparison.Ordinal);
    }

    public static TheoryData<string, DecisionGap> MissingEvidence => new()
    {
        { nameof(Facts.ScopeAccepted), DecisionGap.Scope },
        { nameof(Facts.CriteriaWithoutVerdict), DecisionGap.DocumentReview },
        { nameof(Facts.AuditRecorded), DecisionGap.Audit },
        { nameof(Facts.ExternalDiagnosisRecorded), DecisionGap.ExternalDiagnosis },
        { nameof(Facts.InternalCheckRecorded), DecisionGap.InternalCheck },
        { nameof(Facts.AlternativeReasonGiven), DecisionGap.AlternativeReason },
        { nameof(Facts.UnhandledRiskyServices), DecisionGap.UnhandledRiskyService },
    };

    private static Facts Without(string fact) => fact switch
    {
        nameof(Facts.ScopeAccepted) => Ready with { ScopeAccepted = false },
        nameof(Facts.CriteriaWithoutVerdict) => Ready with { CriteriaWithoutVerdict = 1 },
        nameof(Facts.AuditRecorded) => Ready with { AuditRecorded = false },
        nameof(Facts.ExternalDiagnosisRecorded) => Ready with { ExternalDiagnosisRecorded = false },
        nameof(Facts.InternalCheckRecorded) => Ready with { InternalCheckRecorded = false },
        nameof(Facts.AlternativeReasonGiven) => Ready with { AlternativeReasonGiven = false },
        _ => Ready with { UnhandledRiskyServices = 2 },
    };

    [Theory]
    [MemberData(nameof(MissingEvidence))]
    public void Without_audit_or_technical_verification_a_star4_neither_passes_nor_goes_to_corrective_actions(string fact, DecisionGap gap)
    {
        var facts = Without(fact);
        Assert.Equal([gap], MissingForDecision(facts));
        foreach (var (state, step) in new[] { (EvaluationState.InProgress, EvaluationStep.Decide), (EvaluationState.CorrectiveActions, EvaluationStep.CloseCorrectiveActions) })
        {
            Assert.False(Try(state, step, facts).Allowed, $"{step} without {fact}");
            Assert.False(Try(state, step, facts with { NonconformantVerdicts = 2 }).Allowed, $"{step} with nonconformities, without {fact}");
        }

        // Every gap but the unjudged criteria (which has its own refusal) is refused with its stable code.
        if (gap != DecisionGap.DocumentReview)
        {
            Assert.Equal("evidence." + gap, Try(EvaluationState.InProgress, EvaluationStep.Decide, facts).Code);
        }
    }

    [Fact]
    public void Every_gap_is_listed_at_once_and_none_when_the_evidence_is_complete()
    {
        Assert.Empty(MissingForDecision(Ready));
        Assert.Equal(
            [DecisionGap.Scope, DecisionGap.DocumentReview, DecisionGap.Audit, DecisionGap.ExternalDiagnosis, DecisionGap.InternalCheck, DecisionGap.UnhandledRiskyService],
            MissingForDecision(new Facts(CriteriaWithoutVerdict: 4, UnhandledRiskyServices: 1)));
    }

    [Fact]
    public void An_open_risky_service_finding_makes_its_criterion_a_nonconformity()
    {
        Assert.Equal(EvaluationState.CorrectiveActions, Try(EvaluationState.InProgress, EvaluationStep.Decide, Ready with { CriteriaWithOpenFindings = 1 }).State);
        Assert.Contains("deadline", Try(EvaluationState.InProgress, EvaluationStep.Decide, Ready with { CriteriaWithOpenFindings = 1, DeadlineGiven = false }).Refusal, StringComparison.Ordinal);
        Assert.Equal(3, Nonconformities(Ready with { NonconformantVerdicts = 2, CriteriaWithOpenFindings = 1 }));
    }

    [Fact]
    public void A_passed_organization_with_an_unverified_corporate_number_is_not_registered()
    {
        var refused = Try(EvaluationState.Passed, EvaluationStep.Register, Ready with { HolderVerified = false });
        Assert.Equal((false, "identity.unverified"), (refused.Allowed, refused.Code));
    }

    [Fact]
    public void Nonconformities_lead_to_corrective_actions_with_a_deadline()
    {
        Assert.Contains("deadline", Try(EvaluationState.InProgress, EvaluationStep.Decide, Ready with { NonconformantVerdicts = 2, DeadlineGiven = false }).Refusal, StringComparison.Ordinal);
        Assert.Equal(EvaluationState.CorrectiveActions, Try(EvaluationState.InProgress, EvaluationStep.Decide, Ready with { NonconformantVerdicts = 2 }).State);
    }

    [Fact]
    public void Corrective_actions_pass_when_every_fix_is_verified_and_fail_when_the_deadline_lapses_with_one_unfixed()
    {
        var state = EvaluationState.CorrectiveActions;
        Assert.Contains("1 nonconformity", Try(state, EvaluationStep.CloseCorrectiveActions, Ready with { UnverifiedNonconformities = 1 }).Refusal, StringComparison.Ordinal);
        Assert.Equal(EvaluationState.Passed, Try(state, EvaluationStep.CloseCorrectiveActions, Ready).State);

        // Fixes submitted in time and verified after the deadline still pass.
        Assert.Equal(EvaluationState.Passed, Try(state, EvaluationStep.CloseCorrectiveActions, Ready with { DeadlinePassed = true }).State);

        Assert.Contains("not passed yet", Try(state, EvaluationStep.Lapse, Ready with { OpenNonconformities = 1 }).Refusal, StringComparison.Ordinal);
        Assert.Contains("No nonconformity", Try(state, EvaluationStep.Lapse, Ready with { DeadlinePassed = true }).Refusal, StringComparison.Ordinal);
        Assert.Equal(EvaluationState.Failed, Try(state, EvaluationStep.Lapse, Ready with { DeadlinePassed = true, OpenNonconformities = 1, UnverifiedNonconformities = 1 }).State);
    }

    [Theory]
    [InlineData(EvaluationState.Declined, AssessmentState.Draft)]
    [InlineData(EvaluationState.Requested, AssessmentState.UnderReview)]
    [InlineData(EvaluationState.Planning, AssessmentState.UnderReview)]
    [InlineData(EvaluationState.InProgress, AssessmentState.UnderReview)]
    [InlineData(EvaluationState.RecheckRequested, AssessmentState.RecheckRequested)]
    [InlineData(EvaluationState.CorrectiveActions, AssessmentState.UnderReview)]
    [InlineData(EvaluationState.Passed, AssessmentState.Approved)]
    [InlineData(EvaluationState.Failed, AssessmentState.NotApproved)]
    [InlineData(EvaluationState.Registered, AssessmentState.Registered)]
    public void The_sheet_follows_the_evaluation(EvaluationState evaluation, AssessmentState sheet)
    {
        Assert.Equal(sheet, SheetState(evaluation));
        Assert.Equal(evaluation == EvaluationState.InProgress, AssessorsMayJudge(evaluation));
        Assert.Equal(AssessmentLifecycle.ApplicantMayEditAnswers(sheet), evaluation is EvaluationState.Declined or EvaluationState.RecheckRequested);
    }

    [Fact]
    public void Running_evaluations_are_those_an_accreditation_lapse_concerns()
    {
        Assert.Equal(
            [EvaluationState.Requested, EvaluationState.Planning, EvaluationState.InProgress, EvaluationState.RecheckRequested, EvaluationState.CorrectiveActions],
            Enum.GetValues<EvaluationState>().Where(IsRunning));
    }
}

public sealed class CorrectiveActionRulesTests
{
    private static readonly CorrectiveActionSettings Settings = new(DefaultDays: 90, MaxDays: 180);

    [Fact]
    public void The_default_deadline_is_ninety_Japan_days_after_the_decision()
    {
        // Decided at 01:00 JST on 24 November (still the 23rd in UTC): the Japan date counts.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero));
        var decidedOn = JapanTime.DateOf(clock.GetUtcNow());
        Assert.Equal(new DateOnly(2026, 11, 24), decidedOn);
        var deadline = CorrectiveActionRules.DefaultDeadline(decidedOn, Settings);
        Assert.Equal(new DateOnly(2027, 2, 22), deadline);

        // The deadline day still counts; the day after, it has lapsed.
        clock.SetUtcNow(new DateTimeOffset(2027, 2, 22, 14, 59, 0, TimeSpan.Zero));
        Assert.False(CorrectiveActionRules.HasLapsed(deadline, JapanTime.DateOf(clock.GetUtcNow())));
        Assert.Equal(0, CorrectiveActionRules.DaysLeft(deadline, JapanTime.DateOf(clock.GetUtcNow())));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(CorrectiveActionRules.HasLapsed(deadline, JapanTime.DateOf(clock.GetUtcNow())));
        Assert.Equal(-1, CorrectiveActionRules.DaysLeft(deadline, JapanTime.DateOf(clock.GetUtcNow())));
    }

    [Theory]
    [InlineData(0, CorrectiveActionProblem.DeadlineNotAfterDecision)]
    [InlineData(-5, CorrectiveActionProblem.DeadlineNotAfterDecision)]
    [InlineData(1, CorrectiveActionProblem.None)]
    [InlineData(180, CorrectiveActionProblem.None)]
    [InlineData(181, CorrectiveActionProblem.DeadlineTooFar)]
    public void The_body_sets_a_deadline_after_the_decision_and_within_the_maximum(int days, CorrectiveActionProblem expected)
    {
        var decidedOn = new DateOnly(2026, 11, 24);
        Assert.Equal(expected, CorrectiveActionRules.CheckDeadline(decidedOn, decidedOn.AddDays(days), Settings));
    }

    [Theory]
    [InlineData(NonconformityStatus.Open, NonconformityAction.SubmitFix, "規程を改定し周知した", false, NonconformityStatus.FixSubmitted, CorrectiveActionProblem.None)]
    [InlineData(NonconformityStatus.FixSubmitted, NonconformityAction.SubmitFix, "証跡を追加", false, NonconformityStatus.FixSubmitted, CorrectiveActionProblem.None)]
    [InlineData(NonconformityStatus.FixSubmitted, NonconformityAction.Verify, null, false, NonconformityStatus.Verified, CorrectiveActionProblem.None)]
    [InlineData(NonconformityStatus.FixSubmitted, NonconformityAction.Verify, null, true, NonconformityStatus.Verified, CorrectiveActionProblem.None)]
    [InlineData(NonconformityStatus.FixSubmitted, NonconformityAction.Reject, "周知の記録がない", false, NonconformityStatus.Open, CorrectiveActionProblem.None)]
    [InlineData(NonconformityStatus.FixSubmitted, NonconformityAction.Reject, "周知の記録がない", true, NonconformityStatus.Open, CorrectiveActionProblem.None)]
    [InlineData(NonconformityStatus.Open, NonconformityAction.SubmitFix, " ", false, NonconformityStatus.Open, CorrectiveActionProblem.TextRequired)]
    [InlineData(NonconformityStatus.FixSubmitted, NonconformityAction.Reject, null, false, NonconformityStatus.FixSubmitted, CorrectiveActionProblem.TextRequired)]
    [InlineData(NonconformityStatus.Open, NonconformityAction.SubmitFix, "遅れた修正", true, NonconformityStatus.Open, CorrectiveActionProblem.DeadlinePassed)]
    [InlineData(NonconformityStatus.Open, NonconformityAction.Verify, null, false, NonconformityStatus.Open, CorrectiveActionProblem.NotPossibleNow)]
    [InlineData(NonconformityStatus.Open, NonconformityAction.Reject, "x", false, NonconformityStatus.Open, CorrectiveActionProblem.NotPossibleNow)]
    [InlineData(NonconformityStatus.Verified, NonconformityAction.SubmitFix, "x", false, NonconformityStatus.Verified, CorrectiveActionProblem.NotPossibleNow)]
    [InlineData(NonconformityStatus.Verified, NonconformityAction.Reject, "x", false, NonconformityStatus.Verified, CorrectiveActionProblem.NotPossibleNow)]
    public void Nonconformities_move_from_open_to_fixed_to_verified(NonconformityStatus from, NonconformityAction action, string? text, bool deadlinePassed,
        NonconformityStatus to, CorrectiveActionProblem problem) =>
        Assert.Equal((to, problem), CorrectiveActionRules.Apply(from, action, text, deadlinePassed));
}
