using Hoshi.Domain.Assessments;

namespace Hoshi.Domain.Tests.Assessments;

public sealed class ScopeReviewTests
{
    private static readonly ScopeQuestionnaire Whole = new()
    {
        WholeCompany = true,
        BoundaryDevicesInScope = true,
        BoundaryProtection = "UTM",
        CloudInScope = true,
        ByodInScope = true,
        RemoteWorkInScope = true,
        Locations = "東京都",
        FillerName = "山田",
        FillerDepartment = "総務",
    };

    private static readonly ScopeQuestionnaire Partial = Whole with
    {
        WholeCompany = false,
        ScopeDefinition = "本社の設計部門",
        ExclusionProtection = "VLAN で分離",
        BoundaryDevicesInScope = false,
        ByodInScope = false,
    };

    private static readonly DateTime Judged = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    private static Dictionary<ScopeExclusion, string?> Reasons(params ScopeExclusion[] exclusions) =>
        exclusions.ToDictionary(e => e, e => (string?)("理由 " + e));

    private static ScopeReviewFacts Accepted(ScopeQuestionnaire scope, params ScopeExclusion[] reasons) =>
        new(ScopeVerdict.Accepted, null, ScopeReview.KeptReasons(Reasons(reasons), scope), ScopeReview.Fingerprint(scope), Judged);

    [Fact]
    public void Each_no_of_questions_1_4_and_5_is_an_exclusion_in_question_order()
    {
        Assert.Empty(ScopeReview.Exclusions(Whole));
        Assert.Equal([ScopeExclusion.Parts, ScopeExclusion.BoundaryDevices, ScopeExclusion.Byod], ScopeReview.Exclusions(Partial));
        Assert.Equal(
            [ScopeExclusion.Parts, ScopeExclusion.BoundaryDevices, ScopeExclusion.Cloud, ScopeExclusion.Byod, ScopeExclusion.RemoteWork],
            ScopeReview.Exclusions(Partial with { CloudInScope = false, RemoteWorkInScope = false }));

        // An unanswered question excludes nothing (the questionnaire is incomplete instead).
        Assert.Empty(ScopeReview.Exclusions(new ScopeQuestionnaire()));
    }

    [Fact]
    public void An_acceptance_needs_a_reason_for_every_exclusion_and_a_recheck_a_remark()
    {
        Assert.Equal([new ScopeReviewProblem("Verdict", "required")], ScopeReview.Check(null, null, Reasons(), Whole));
        Assert.Empty(ScopeReview.Check(ScopeVerdict.Accepted, null, Reasons(), Whole));
        Assert.Equal(
            [new("Parts", "required"), new("BoundaryDevices", "required"), new ScopeReviewProblem("Byod", "required")],
            ScopeReview.Check(ScopeVerdict.Accepted, null, Reasons(), Partial));
        Assert.Equal([new ScopeReviewProblem("Byod", "required")], ScopeReview.Check(ScopeVerdict.Accepted, null, Reasons(ScopeExclusion.Parts, ScopeExclusion.BoundaryDevices), Partial));
        Assert.Empty(ScopeReview.Check(ScopeVerdict.Accepted, null, Reasons(ScopeExclusion.Parts, ScopeExclusion.BoundaryDevices, ScopeExclusion.Byod), Partial));

        // Blank reasons are no reasons.
        Assert.Single(ScopeReview.Check(ScopeVerdict.Accepted, null, new Dictionary<ScopeExclusion, string?> { [ScopeExclusion.Parts] = "  ", [ScopeExclusion.BoundaryDevices] = "x", [ScopeExclusion.Byod] = "y" }, Partial));

        Assert.Equal([new ScopeReviewProblem("Remark", "required")], ScopeReview.Check(ScopeVerdict.Recheck, " ", Reasons(), Partial));
        Assert.Empty(ScopeReview.Check(ScopeVerdict.Recheck, "除外の理由を説明してください", Reasons(), Partial));
    }

    [Fact]
    public void Texts_are_bounded()
    {
        var longText = new string('あ', ScopeReview.MaxTextLength + 1);
        Assert.Contains(new ScopeReviewProblem("Remark", "tooLong"), ScopeReview.Check(ScopeVerdict.Recheck, longText, Reasons(), Whole));
        Assert.Contains(new ScopeReviewProblem("Parts", "tooLong"), ScopeReview.Check(ScopeVerdict.Accepted, null, new Dictionary<ScopeExclusion, string?> { [ScopeExclusion.Parts] = longText }, Partial));
    }

    [Fact]
    public void Only_the_reasons_of_the_scopes_exclusions_are_kept_trimmed()
    {
        var kept = ScopeReview.KeptReasons(new Dictionary<ScopeExclusion, string?> { [ScopeExclusion.Parts] = " 分離済み ", [ScopeExclusion.Cloud] = "関係なし", [ScopeExclusion.Byod] = "" }, Partial);
        Assert.Equal(new Dictionary<ScopeExclusion, string> { [ScopeExclusion.Parts] = "分離済み" }, kept);
    }

    [Fact]
    public void The_fingerprint_follows_what_defines_the_scope_and_nothing_else()
    {
        var print = ScopeReview.Fingerprint(Partial);
        Assert.Equal(64, print.Length);
        Assert.Equal(print, ScopeReview.Fingerprint(Partial with { FillerName = "別の人", Difficulties = "時間がかかった", FillerExperienceYears = 3 }));
        Assert.Equal(print, ScopeReview.Fingerprint(Partial with { ScopeDefinition = "  本社の設計部門 " }));
        Assert.NotEqual(print, ScopeReview.Fingerprint(Partial with { ScopeDefinition = "本社の設計部門と工場" }));
        Assert.NotEqual(print, ScopeReview.Fingerprint(Partial with { CloudInScope = false }));
        Assert.NotEqual(print, ScopeReview.Fingerprint(Partial with { Locations = "大阪府" }));
        Assert.NotEqual(print, ScopeReview.Fingerprint(Partial with { OtherEntities = [new("子会社", "7000012050002")] }));

        // The order entities were typed in does not matter.
        var a = Partial with { OtherEntities = [new("A", "7000012050002"), new("B", "1000011000005")] };
        var b = Partial with { OtherEntities = [new("B", "1000011000005"), new("A", "7000012050002")] };
        Assert.Equal(ScopeReview.Fingerprint(a), ScopeReview.Fingerprint(b));
    }

    [Fact]
    public void An_acceptance_holds_for_the_scope_it_was_given_on()
    {
        var review = Accepted(Partial, ScopeExclusion.Parts, ScopeExclusion.BoundaryDevices, ScopeExclusion.Byod);
        Assert.Equal(ScopeStanding.Accepted, ScopeReview.Standing(review, Partial));
        Assert.True(ScopeReview.IsAccepted(review, Partial));

        // The scope changed since (in a reopened round): judge it again.
        var changed = Partial with { CloudInScope = false };
        Assert.Equal(ScopeStanding.ChangedSinceAccepted, ScopeReview.Standing(review, changed));
        Assert.False(ScopeReview.IsAccepted(review, changed));
        Assert.False(ScopeReview.IsAccepted(review, Partial with { Locations = "大阪府" }));

        // A recorded acceptance lacking a reason for an exclusion is not an acceptance.
        var withoutReason = review with { Reasons = new Dictionary<ScopeExclusion, string> { [ScopeExclusion.Parts] = "x" } };
        Assert.False(ScopeReview.IsAccepted(withoutReason, Partial));

        Assert.Equal(ScopeStanding.NotJudged, ScopeReview.Standing(null, Partial));
        Assert.False(ScopeReview.IsAccepted(null, Whole));
    }

    [Fact]
    public void A_recheck_waits_for_the_applicants_reply_and_is_never_an_acceptance()
    {
        var recheck = new ScopeReviewFacts(ScopeVerdict.Recheck, "設計部門だけでよいか説明を", new Dictionary<ScopeExclusion, string>(), ScopeReview.Fingerprint(Partial), Judged);
        Assert.Equal(ScopeStanding.Recheck, ScopeReview.Standing(recheck, Partial));
        Assert.True(ScopeReview.AwaitsReply(recheck, Partial));
        Assert.True(ScopeReview.IsRecheck(recheck));

        // A reply older than the verdict (from an earlier recheck) does not answer it.
        Assert.True(ScopeReview.AwaitsReply(recheck with { Reply = "前回の返答", RepliedAt = Judged.AddHours(-1) }, Partial));

        var answered = recheck with { Reply = "設計部門のみが取引先の情報を扱います", RepliedAt = Judged.AddHours(2) };
        Assert.Equal(ScopeStanding.RecheckAnswered, ScopeReview.Standing(answered, Partial));
        Assert.False(ScopeReview.AwaitsReply(answered, Partial));
        Assert.False(ScopeReview.IsAccepted(answered, Partial));
        Assert.True(ScopeReview.IsRecheck(answered));
    }

    [Fact]
    public void The_applicant_changes_the_scope_in_a_draft_or_while_the_scope_itself_is_sent_back()
    {
        var recheck = new ScopeReviewFacts(ScopeVerdict.Recheck, "説明を", new Dictionary<ScopeExclusion, string>(), "", Judged);
        var accepted = Accepted(Whole);
        foreach (var state in Enum.GetValues<AssessmentState>())
        {
            Assert.Equal(state == AssessmentState.Draft, ScopeReview.ApplicantMayEditScope(state, null));
            Assert.Equal(state == AssessmentState.Draft, ScopeReview.ApplicantMayEditScope(state, accepted));
            Assert.Equal(state is AssessmentState.Draft or AssessmentState.RecheckRequested, ScopeReview.ApplicantMayEditScope(state, recheck));
        }
    }
}
