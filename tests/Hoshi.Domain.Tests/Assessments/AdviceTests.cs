using Hoshi.Domain.Assessments;

namespace Hoshi.Domain.Tests.Assessments;

public sealed class AdviceTests
{
    [Fact]
    public void An_outsider_with_an_account_may_be_invited_to_a_draft() =>
        Assert.Equal(AdviserProblem.None, Advice.CheckInvitation(AssessmentState.Draft, hasAccount: true, memberOfApplicant: false, judgesRound: false, alreadyAdviser: false));

    [Theory]
    [InlineData(AssessmentState.UnderReview, true, false, false, false, AdviserProblem.NotADraft)]
    [InlineData(AssessmentState.Approved, true, false, false, false, AdviserProblem.NotADraft)]
    [InlineData(AssessmentState.Draft, false, false, false, false, AdviserProblem.NoAccount)]
    [InlineData(AssessmentState.Draft, true, true, false, false, AdviserProblem.MemberOfApplicant)]
    [InlineData(AssessmentState.Draft, true, false, true, false, AdviserProblem.Judge)]
    [InlineData(AssessmentState.Draft, true, false, false, true, AdviserProblem.AlreadyAdviser)]
    [InlineData(AssessmentState.Draft, true, true, true, true, AdviserProblem.MemberOfApplicant)]
    [InlineData(AssessmentState.Draft, true, false, true, true, AdviserProblem.Judge)]
    public void An_invitation_is_refused_for_the_first_reason(AssessmentState state, bool account, bool member, bool judges, bool already, AdviserProblem expected) =>
        Assert.Equal(expected, Advice.CheckInvitation(state, account, member, judges, already));

    [Theory]
    [InlineData(AssessmentState.Draft, true)]
    [InlineData(AssessmentState.UnderReview, false)]
    [InlineData(AssessmentState.RecheckRequested, false)]
    [InlineData(AssessmentState.Registered, false)]
    public void Notes_are_written_and_decided_while_the_round_is_a_draft(AssessmentState state, bool open) =>
        Assert.Equal(open, Advice.NotesOpen(state));

    [Theory]
    [InlineData(NoteKind.Proposal, NoteState.Open, AssessmentState.Draft, null)]
    [InlineData(NoteKind.Comment, NoteState.Open, AssessmentState.Draft, "advice.not-a-proposal")]
    [InlineData(NoteKind.Question, NoteState.Open, AssessmentState.Draft, "advice.not-a-proposal")]
    [InlineData(NoteKind.Proposal, NoteState.Accepted, AssessmentState.Draft, "advice.already-decided")]
    [InlineData(NoteKind.Proposal, NoteState.Declined, AssessmentState.Draft, "advice.already-decided")]
    [InlineData(NoteKind.Proposal, NoteState.Open, AssessmentState.UnderReview, "advice.round-locked")]
    public void Only_an_open_proposal_of_a_draft_is_decided(NoteKind kind, NoteState state, AssessmentState round, string? refusal) =>
        Assert.Equal(refusal, Advice.RefusalToDecide(kind, state, round));

    [Fact]
    public void Open_questions_are_the_unanswered_asked_criteria_in_sheet_order_each_once() =>
        Assert.Equal(["1-1-1-1", "2-1-1-1"],
            Advice.OpenQuestions(["2-1-1-1", "1-2-1-1", "1-1-1-1", "2-1-1-1"], new HashSet<string> { "1-2-1-1" }, ["1-1-1-1", "1-2-1-1", "2-1-1-1", "3-1-1-1"]));
}
