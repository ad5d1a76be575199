using Hoshi.Domain.Assessments;
using static Hoshi.Domain.Assessments.AssessmentLifecycle;

namespace Hoshi.Domain.Tests.Assessments;

public sealed class AssessmentLifecycleTests
{
    private static readonly Facts Ready = new(ScopeComplete: true, SheetComplete: true, ExpertReady: true, Declared: true, ReasonGiven: true, EffortGiven: true, HolderVerified: true, ScopeAccepted: true);

    public static TheoryData<AssessmentState, AssessmentStep, AssessmentState> Allowed => new()
    {
        { AssessmentState.Draft, AssessmentStep.SubmitForReview, AssessmentState.UnderReview },
        { AssessmentState.UnderReview, AssessmentStep.Finalize, AssessmentState.Approved },
        { AssessmentState.RecheckRequested, AssessmentStep.AnswerRechecks, AssessmentState.UnderReview },
        { AssessmentState.Approved, AssessmentStep.SubmitForRegistration, AssessmentState.SubmittedForRegistration },
        { AssessmentState.SubmittedForRegistration, AssessmentStep.Register, AssessmentState.Registered },
        { AssessmentState.SubmittedForRegistration, AssessmentStep.Return, AssessmentState.Returned },
        { AssessmentState.NotApproved, AssessmentStep.Reopen, AssessmentState.Draft },
        { AssessmentState.Returned, AssessmentStep.Reopen, AssessmentState.Draft },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Each_transition_leads_where_the_scheme_says(AssessmentState from, AssessmentStep step, AssessmentState to)
    {
        var outcome = Try(from, step, Ready);
        Assert.True(outcome.Allowed, outcome.Refusal);
        Assert.Equal(to, outcome.State);
    }

    [Fact]
    public void A_recheck_needs_a_recheck_verdict_and_goes_back_to_the_applicant()
    {
        Assert.False(Try(AssessmentState.UnderReview, AssessmentStep.RequestRecheck, Ready).Allowed);
        var outcome = Try(AssessmentState.UnderReview, AssessmentStep.RequestRecheck, Ready with { RecheckVerdicts = 2 });
        Assert.Equal(AssessmentState.RecheckRequested, outcome.State);
    }

    [Fact]
    public void Every_other_step_is_refused_naming_the_state_and_the_step()
    {
        var allowed = Allowed.Select(row => ((AssessmentState)row[0], (AssessmentStep)row[1])).ToHashSet();
        allowed.Add((AssessmentState.UnderReview, AssessmentStep.RequestRecheck));
        var facts = Ready with { RecheckVerdicts = 1 };
        foreach (var state in Enum.GetValues<AssessmentState>())
        {
            foreach (var step in Enum.GetValues<AssessmentStep>())
            {
                if (allowed.Contains((state, step)))
                {
                    continue;
                }

                var outcome = Try(state, step, facts);
                Assert.False(outcome.Allowed, $"{state} + {step}");
                Assert.Equal(state, outcome.State);
                Assert.Contains(state.ToString(), outcome.Refusal, StringComparison.Ordinal);
                Assert.Contains(step.ToString(), outcome.Refusal, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void StepsFrom_lists_exactly_the_transitions()
    {
        Assert.Equal([AssessmentStep.SubmitForReview], StepsFrom(AssessmentState.Draft));
        Assert.Equal([AssessmentStep.RequestRecheck, AssessmentStep.Finalize], StepsFrom(AssessmentState.UnderReview).Order());
        Assert.Empty(StepsFrom(AssessmentState.Registered));
    }

    [Theory]
    [InlineData(false, true, true, "scope")]
    [InlineData(true, false, true, "not answered")]
    [InlineData(true, true, false, "expert")]
    public void Submitting_for_review_needs_scope_sheet_and_expert(bool scope, bool sheet, bool expert, string reason)
    {
        var outcome = Try(AssessmentState.Draft, AssessmentStep.SubmitForReview, new Facts(ScopeComplete: scope, SheetComplete: sheet, ExpertReady: expert));
        Assert.False(outcome.Allowed);
        Assert.Contains(reason, outcome.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Submitting_for_review_asks_for_the_hours_spent()
    {
        var outcome = Try(AssessmentState.Draft, AssessmentStep.SubmitForReview, Ready with { EffortGiven = false });
        Assert.False(outcome.Allowed);
        Assert.Contains("hours", outcome.Refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3", 3.0)]
    [InlineData("2.5", 2.5)]
    [InlineData("１２", 12.0)]
    [InlineData(" 19 ", 19.0)]
    public void Hours_are_read_as_people_type_them(string text, double expected)
    {
        Assert.True(TryParseHours(text, out var hours));
        Assert.Equal((decimal)expected, hours);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("2.25")]
    [InlineData("10000")]
    [InlineData("三時間")]
    public void Impossible_hours_are_refused(string? text) => Assert.False(TryParseHours(text, out _));

    [Fact]
    public void Answering_rechecks_needs_every_reply()
    {
        var outcome = Try(AssessmentState.RecheckRequested, AssessmentStep.AnswerRechecks, Ready with { UnansweredRechecks = 1 });
        Assert.False(outcome.Allowed);
        Assert.Contains("1 recheck", outcome.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Finalizing_approves_only_when_every_criterion_is_conformant()
    {
        Assert.Contains("no verdict", Try(AssessmentState.UnderReview, AssessmentStep.Finalize, Ready with { CriteriaWithoutVerdict = 3 }).Refusal, StringComparison.Ordinal);
        Assert.Contains("Recheck items are open", Try(AssessmentState.UnderReview, AssessmentStep.Finalize, Ready with { RecheckVerdicts = 1 }).Refusal, StringComparison.Ordinal);
        Assert.Equal(AssessmentState.NotApproved, Try(AssessmentState.UnderReview, AssessmentStep.Finalize, Ready with { NonconformantVerdicts = 1 }).State);
        Assert.Equal(AssessmentState.Approved, Try(AssessmentState.UnderReview, AssessmentStep.Finalize, Ready).State);
    }

    [Fact]
    public void A_round_is_not_finally_judged_on_a_scope_the_expert_has_not_accepted()
    {
        var outcome = Try(AssessmentState.UnderReview, AssessmentStep.Finalize, Ready with { ScopeAccepted = false });
        Assert.False(outcome.Allowed);
        Assert.Equal("scope.notAccepted", outcome.Code);

        // Not even to "not approved": the scope comes first, whatever the verdicts.
        Assert.False(Try(AssessmentState.UnderReview, AssessmentStep.Finalize, Ready with { ScopeAccepted = false, NonconformantVerdicts = 3 }).Allowed);
    }

    [Fact]
    public void Registration_needs_the_declaration_and_a_return_needs_a_reason()
    {
        Assert.Contains("declaration", Try(AssessmentState.Approved, AssessmentStep.SubmitForRegistration, Ready with { Declared = false }).Refusal, StringComparison.Ordinal);
        Assert.Contains("reason", Try(AssessmentState.SubmittedForRegistration, AssessmentStep.Return, Ready with { ReasonGiven = false }).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Answers_change_in_a_draft_or_a_recheck_and_verdicts_only_under_review()
    {
        foreach (var state in Enum.GetValues<AssessmentState>())
        {
            Assert.Equal(state is AssessmentState.Draft or AssessmentState.RecheckRequested, ApplicantMayEditAnswers(state));
            Assert.Equal(state == AssessmentState.UnderReview, ExpertMayGiveVerdicts(state));
        }
    }

    [Fact]
    public void Only_an_organization_with_a_verified_corporate_number_is_registered()
    {
        var refused = Try(AssessmentState.SubmittedForRegistration, AssessmentStep.Register, Ready with { HolderVerified = false });
        Assert.False(refused.Allowed);
        Assert.Equal("identity.unverified", refused.Code);
        Assert.True(Try(AssessmentState.SubmittedForRegistration, AssessmentStep.Register, Ready).Allowed);
    }
}

/// <summary>Every refusal of either lifecycle names a stable code (shown in the person's language), not only English text.</summary>
public sealed class LifecycleRefusalCodeTests
{
    [Fact]
    public void Every_refusal_of_the_assessment_lifecycle_has_a_code()
    {
        var refusals = 0;
        foreach (var state in Enum.GetValues<AssessmentState>())
        {
            foreach (var step in Enum.GetValues<AssessmentStep>())
            {
                var outcome = AssessmentLifecycle.Try(state, step, new AssessmentLifecycle.Facts { RecheckVerdicts = 1, UnansweredRechecks = 2, CriteriaWithoutVerdict = 3 });
                if (!outcome.Allowed)
                {
                    refusals++;
                    Assert.False(string.IsNullOrEmpty(outcome.Code), $"{state} {step}: {outcome.Refusal}");
                }
            }
        }

        Assert.True(refusals > 10);
        Assert.Equal(("verdicts.missing", "3"), (AssessmentLifecycle.Try(AssessmentState.UnderReview, AssessmentStep.Finalize, new AssessmentLifecycle.Facts { CriteriaWithoutVerdict = 3 }).Code,
            AssessmentLifecycle.Try(AssessmentState.UnderReview, AssessmentStep.Finalize, new AssessmentLifecycle.Facts { CriteriaWithoutVerdict = 3 }).Argument));
    }

    [Fact]
    public void Every_refusal_of_the_evaluation_lifecycle_has_a_code()
    {
        var refusals = 0;
        foreach (var state in Enum.GetValues<Hoshi.Domain.Evaluations.EvaluationState>())
        {
            foreach (var step in Enum.GetValues<Hoshi.Domain.Evaluations.EvaluationStep>())
            {
                var outcome = Hoshi.Domain.Evaluations.EvaluationLifecycle.Try(state, step, new Hoshi.Domain.Evaluations.EvaluationLifecycle.Facts { RecheckVerdicts = 1, UnansweredRechecks = 1 });
                if (!outcome.Allowed)
                {
                    refusals++;
                    Assert.False(string.IsNullOrEmpty(outcome.Code), $"{state} {step}: {outcome.Refusal}");
                }
            }
        }

        Assert.True(refusals > 10);
    }

    [Fact]
    public void Blockers_lists_every_reason_a_submission_is_not_possible_together_in_the_order_to_fix_them()
    {
        var ready = new Facts(ScopeComplete: true, SheetComplete: true, ExpertReady: true, Declared: true, ReasonGiven: true, EffortGiven: true, HolderVerified: true, ScopeAccepted: true);
        var blockers = AssessmentLifecycle.Blockers(AssessmentState.Draft, AssessmentStep.SubmitForReview, new Facts());
        Assert.Equal(["scope.incomplete", "sheet.incomplete", "expert.notReady", "effort.missing"], blockers.Select(b => b.Code));
        Assert.All(blockers, b => Assert.False(b.Allowed));
        Assert.Equal(blockers[0], AssessmentLifecycle.Try(AssessmentState.Draft, AssessmentStep.SubmitForReview, new Facts()));

        Assert.Equal(["expert.notReady"], AssessmentLifecycle.Blockers(AssessmentState.Draft, AssessmentStep.SubmitForReview, ready with { ExpertReady = false }).Select(b => b.Code));
        Assert.Empty(AssessmentLifecycle.Blockers(AssessmentState.Draft, AssessmentStep.SubmitForReview, ready));
        Assert.Equal(["step.notNow"], AssessmentLifecycle.Blockers(AssessmentState.Registered, AssessmentStep.SubmitForReview, ready).Select(b => b.Code));
        var finalize = AssessmentLifecycle.Blockers(AssessmentState.UnderReview, AssessmentStep.Finalize, ready with { CriteriaWithoutVerdict = 3, RecheckVerdicts = 2, ScopeAccepted = false });
        Assert.Equal([("verdicts.missing", "3"), ("recheck.open", "2"), ("scope.notAccepted", null)], finalize.Select(b => (b.Code!, b.Argument)));
    }

    [Fact]
    public void Try_refuses_with_the_first_blocker_whatever_the_facts()
    {
        var random = new Random(3);
        for (var i = 0; i < 2000; i++)
        {
            var facts = new Facts(random.Next(2) == 0, random.Next(2) == 0, random.Next(2) == 0, random.Next(3), random.Next(3), random.Next(3), random.Next(3),
                random.Next(2) == 0, random.Next(2) == 0, random.Next(2) == 0, random.Next(2) == 0, random.Next(2) == 0);
            foreach (var state in Enum.GetValues<AssessmentState>())
            {
                foreach (var step in Enum.GetValues<AssessmentStep>())
                {
                    var tried = AssessmentLifecycle.Try(state, step, facts);
                    var blockers = AssessmentLifecycle.Blockers(state, step, facts);
                    Assert.Equal(blockers.Count == 0, tried.Allowed);
                    if (blockers.Count > 0)
                    {
                        Assert.Equal(blockers[0], tried);
                    }
                }
            }
        }
    }
}
