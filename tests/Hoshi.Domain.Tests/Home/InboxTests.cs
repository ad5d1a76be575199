using Hoshi.Domain.Assessments;
using Hoshi.Domain.Evaluations;
using Hoshi.Domain.Home;

namespace Hoshi.Domain.Tests.Home;

public sealed class InboxTests
{
    [Theory]
    [InlineData(AssessmentState.Draft, "fill")]
    [InlineData(AssessmentState.UnderReview, null)]
    [InlineData(AssessmentState.RecheckRequested, "answerRechecks")]
    [InlineData(AssessmentState.Approved, "declare")]
    [InlineData(AssessmentState.NotApproved, "reopen")]
    [InlineData(AssessmentState.SubmittedForRegistration, null)]
    [InlineData(AssessmentState.Registered, null)]
    [InlineData(AssessmentState.Returned, "reopen")]
    public void The_applicant_is_asked_to_act_only_where_the_round_waits_on_them(AssessmentState state, string? action) =>
        Assert.Equal(action, Inbox.ApplicantAction(state));

    [Fact]
    public void Every_round_state_is_decided_for_the_applicant_and_the_expert_and_never_both()
    {
        foreach (var state in Enum.GetValues<AssessmentState>())
        {
            Assert.False(Inbox.ApplicantAction(state) is not null && Inbox.ExpertAction(state) is not null, $"{state} waits on both");
        }

        Assert.Equal("review", Inbox.ExpertAction(AssessmentState.UnderReview));
        Assert.Equal([AssessmentState.UnderReview], Enum.GetValues<AssessmentState>().Where(s => Inbox.ExpertAction(s) is not null));
    }

    [Theory]
    [InlineData(EvaluationState.Requested, "accept")]
    [InlineData(EvaluationState.Declined, null)]
    [InlineData(EvaluationState.Planning, "plan")]
    [InlineData(EvaluationState.InProgress, "evaluate")]
    [InlineData(EvaluationState.RecheckRequested, null)]
    [InlineData(EvaluationState.CorrectiveActions, "verifyCorrections")]
    [InlineData(EvaluationState.Passed, null)]
    [InlineData(EvaluationState.Failed, null)]
    [InlineData(EvaluationState.Registered, null)]
    public void The_evaluation_body_is_asked_to_act_while_the_evaluation_waits_on_it(EvaluationState state, string? action) =>
        Assert.Equal(action, Inbox.BodyAction(state));

    [Fact]
    public void The_inbox_reads_by_section_then_nearest_deadline_then_subject()
    {
        var d1 = new DateOnly(2027, 1, 10);
        var d2 = new DateOnly(2027, 3, 1);
        var items = new[]
        {
            new InboxItem(InboxSection.Suppliers, "gap", "B社", "/s"),
            new InboxItem(InboxSection.Rounds, "fill", "い", "/a/2"),
            new InboxItem(InboxSection.Rounds, "fill", "あ", "/a/1"),
            new InboxItem(InboxSection.Rounds, "answerRechecks", "う", "/a/3", d2),
            new InboxItem(InboxSection.Rounds, "declare", "え", "/a/4", d1),
            new InboxItem(InboxSection.Reviews, "review", "お", "/r/1"),
        };

        Assert.Equal(["/a/4", "/a/3", "/a/1", "/a/2", "/r/1", "/s"], Inbox.Order(items).Select(i => i.Link));
        Assert.Equal(Inbox.Order(items), Inbox.Order(items.Reverse()));
        Assert.Empty(Inbox.Order([]));
    }
}
