using Hoshi.Domain.Evaluations;
using Hoshi.Domain.Registry;

namespace Hoshi.Domain.Tests.Registry;

public sealed class SuspensionProposalsTests
{
    [Theory]
    [InlineData(EntryStatus.Valid, false, "重要な不備が見つかった", null, null)]
    [InlineData(EntryStatus.Suspended, false, "理由", null, "notValid")]
    [InlineData(EntryStatus.Expired, false, "理由", null, "notValid")]
    [InlineData(EntryStatus.Revoked, false, "理由", null, "notValid")]
    [InlineData(EntryStatus.Valid, true, "理由", null, "alreadyProposed")]
    [InlineData(EntryStatus.Valid, false, "  ", null, "reasonRequired")]
    [InlineData(EntryStatus.Valid, false, null, null, "reasonRequired")]
    public void A_proposal_needs_a_valid_entry_no_open_proposal_and_a_reason(EntryStatus entry, bool open, string? reason, string? evidence, string? refusal) =>
        Assert.Equal(refusal, SuspensionProposals.RefusalToPropose(entry, open, reason, evidence));

    [Fact]
    public void Reason_and_evidence_are_bounded()
    {
        var tooLong = new string('あ', SuspensionProposals.MaxTextLength + 1);
        Assert.Equal("reasonTooLong", SuspensionProposals.RefusalToPropose(EntryStatus.Valid, false, tooLong, null));
        Assert.Equal("evidenceTooLong", SuspensionProposals.RefusalToPropose(EntryStatus.Valid, false, "理由", tooLong));
        Assert.Null(SuspensionProposals.RefusalToPropose(EntryStatus.Valid, false, "理由", new string('あ', SuspensionProposals.MaxTextLength)));
    }

    [Theory]
    [InlineData(ProposalState.Open, EntryStatus.Valid, true, null, ProposalState.Accepted, null)]
    [InlineData(ProposalState.Open, EntryStatus.Valid, false, "是正済みを確認した", ProposalState.Rejected, null)]
    [InlineData(ProposalState.Open, EntryStatus.Valid, false, " ", null, "reasonRequired")]
    [InlineData(ProposalState.Open, EntryStatus.Suspended, true, null, null, "notValid")]
    [InlineData(ProposalState.Open, EntryStatus.Expired, false, "期限切れ", ProposalState.Rejected, null)]
    [InlineData(ProposalState.Accepted, EntryStatus.Suspended, false, "理由", null, "notOpen")]
    [InlineData(ProposalState.Rejected, EntryStatus.Valid, true, null, null, "notOpen")]
    public void The_accreditation_body_decides_an_open_proposal_once(ProposalState current, EntryStatus entry, bool accept, string? reason, ProposalState? state, string? refusal)
    {
        var (after, why) = SuspensionProposals.Decide(current, entry, accept, reason);
        Assert.Equal(state, after);
        Assert.Equal(refusal, why);
    }

    [Fact]
    public void A_rejection_reason_is_bounded() =>
        Assert.Equal("reasonTooLong", SuspensionProposals.Decide(ProposalState.Open, EntryStatus.Valid, false, new string('x', SuspensionProposals.MaxTextLength + 1)).Refusal);

    [Fact]
    public void A_missed_yearly_self_assessment_is_proposed_after_the_window_and_the_grace_period()
    {
        var due = new DateOnly(2027, 4, 1);
        var window = new YearlyWindow(DaysBefore: 60, DaysAfter: 30);
        var proposeOn = SuspensionProposals.AutomaticProposalOn(due, window, graceDays: 30);
        Assert.Equal(new DateOnly(2027, 5, 31), proposeOn);
        Assert.False(SuspensionProposals.AutomaticProposalDue(YearlyStatus.Missed, due, window, 30, proposeOn.AddDays(-1)));
        Assert.True(SuspensionProposals.AutomaticProposalDue(YearlyStatus.Missed, due, window, 30, proposeOn));
        Assert.True(SuspensionProposals.AutomaticProposalDue(YearlyStatus.Missed, due, window, 30, proposeOn.AddDays(100)));
    }

    [Theory]
    [InlineData(YearlyStatus.Submitted)]
    [InlineData(YearlyStatus.Acknowledged)]
    [InlineData(YearlyStatus.ConcernsRaised)]
    [InlineData(YearlyStatus.Open)]
    [InlineData(YearlyStatus.NotYetOpen)]
    public void Only_a_missed_one_is_proposed(YearlyStatus status) =>
        Assert.False(SuspensionProposals.AutomaticProposalDue(status, new DateOnly(2027, 4, 1), new YearlyWindow(), 30, new DateOnly(2028, 1, 1)));

    [Fact]
    public void A_negative_grace_counts_as_none() =>
        Assert.Equal(new DateOnly(2027, 5, 1), SuspensionProposals.AutomaticProposalOn(new DateOnly(2027, 4, 1), new YearlyWindow(60, 30), -5));
}
