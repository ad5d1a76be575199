using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Tests.Catalog;

namespace Hoshi.Domain.Tests.Assessments;

public sealed class SheetImportRulesTests
{
    private static readonly CatalogVersion Sample = CatalogReader.Parse(SampleCatalog.Valid().ToJsonString(), "sample");

    private static readonly SheetVocabulary Vocabulary = new(
        [new("実施している", YesNo.Yes), new("実施していない", YesNo.No), new("該当しない", YesNo.NotApplicable), new("Implemented", YesNo.Yes)],
        [new("適合", Verdict.Conformant), new("再確認", Verdict.Recheck), new("不適合", Verdict.Nonconformant)]);

    private static readonly Dictionary<string, HeldAnswer> NothingHeld = [];

    private static ImportPlan<AnswerChange> Plan(params AnswerRow[] rows) =>
        SheetImportRules.PlanAnswers(Sample, Level.Star3, Vocabulary, rows, NothingHeld, _ => true, repliesOpen: false);

    private static RowReport Single(AnswerRow row) => Assert.Single(Plan(row).Rows);

    [Theory]
    [InlineData("実施している", YesNo.Yes)]
    [InlineData("  実施していない ", YesNo.No)]
    [InlineData("該当しない", YesNo.NotApplicable)]
    [InlineData("yes", YesNo.Yes)]
    [InlineData("ＮＡ", YesNo.NotApplicable)]
    [InlineData("implemented", YesNo.Yes)]
    public void YesNo_cells_take_labels_in_any_language_or_the_stored_value(string cell, string stored)
    {
        var plan = Plan(new AnswerRow(2, "2-1-10-1", "0", cell, "規程 2026-04-01", null));
        Assert.Equal(RowOutcome.Accepted, Assert.Single(plan.Rows).Outcome);
        Assert.Equal(new AnswerChange("2-1-10-1", stored, "規程 2026-04-01", null, 0), Assert.Single(plan.Changes));
    }

    [Theory]
    [InlineData("文書", "written")]
    [InlineData("none", "none")]
    [InlineData("なし", "none")]
    public void Choice_cells_take_a_choice_label_or_value(string cell, string stored) =>
        Assert.Equal(stored, Assert.Single(Plan(new AnswerRow(2, "1-1-1-1", "", cell, null, null)).Changes).Value);

    [Fact]
    public void Free_text_is_taken_as_written_without_surrounding_space() =>
        Assert.Equal("就業規則に章がある", Assert.Single(Plan(new AnswerRow(2, "1-1-1-2", null, "  就業規則に章がある\n", null, null)).Changes).Value);

    [Theory]
    [InlineData("2-1-10-1", "たぶん", "x", ImportProblem.NotAChoice, SheetColumn.Answer)]
    [InlineData("1-1-1-1", "口頭", null, ImportProblem.NotAChoice, SheetColumn.Answer)]
    [InlineData("2-1-10-1", "実施している", null, ImportProblem.SupplementRequired, SheetColumn.Supplement)]
    [InlineData("2-1-10-1", "実施している", " ", ImportProblem.SupplementRequired, SheetColumn.Supplement)]
    [InlineData("2-1-10-1", null, "規程だけ", ImportProblem.AnswerMissing, SheetColumn.Answer)]
    [InlineData("9-9-9-9", "yes", "x", ImportProblem.UnknownCriterion, SheetColumn.CriterionId)]
    [InlineData("2-1-9-1", "yes", "x", ImportProblem.NotOnSheet, SheetColumn.CriterionId)]
    [InlineData(null, "yes", "x", ImportProblem.CriterionIdMissing, SheetColumn.CriterionId)]
    public void A_bad_row_is_refused_naming_the_column(string? id, string? answer, string? supplement, ImportProblem problem, SheetColumn column)
    {
        var plan = Plan(new AnswerRow(7, id, "0", answer, supplement, null));
        Assert.Equal(new RowReport(7, id, RowOutcome.Refused, problem, column), Assert.Single(plan.Rows));
        Assert.Empty(plan.Changes);
        Assert.False(plan.IsClean);
    }

    [Theory]
    [InlineData("x1")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public void A_version_that_is_not_a_whole_number_is_refused(string version) =>
        Assert.Equal(ImportProblem.VersionInvalid, Single(new AnswerRow(2, "2-1-10-1", version, "yes", "x", null)).Problem);

    [Fact]
    public void Over_long_cells_are_refused_in_their_column()
    {
        Assert.Equal(SheetColumn.Answer, Single(new AnswerRow(2, "1-1-1-2", "0", new string('あ', AnswerRules.MaxTextLength + 1), null, null)).Column);
        Assert.Equal(SheetColumn.Supplement, Single(new AnswerRow(2, "1-1-1-2", "0", "ok", new string('あ', AnswerRules.MaxSupplementLength + 1), null)).Column);
        var reply = SheetImportRules.PlanAnswers(Sample, Level.Star3, Vocabulary, [new AnswerRow(2, "1-1-1-2", "0", "ok", null, new string('あ', AnswerRules.MaxSupplementLength + 1))],
            NothingHeld, _ => true, repliesOpen: true);
        Assert.Equal((ImportProblem.TooLong, SheetColumn.Reply), (reply.Rows[0].Problem, reply.Rows[0].Column));
    }

    [Fact]
    public void The_same_criterion_twice_is_refused_on_the_second_row()
    {
        var plan = Plan(new AnswerRow(2, "1-1-1-2", "0", "a", null, null), new AnswerRow(3, "1-1-1-2", "0", "b", null, null));
        Assert.Equal([RowOutcome.Accepted, RowOutcome.Refused], plan.Rows.Select(r => r.Outcome));
        Assert.Equal(ImportProblem.DuplicateRow, plan.Rows[1].Problem);
    }

    [Fact]
    public void Empty_rows_and_rows_equal_to_what_is_held_change_nothing()
    {
        var held = new Dictionary<string, HeldAnswer> { ["2-1-10-1"] = new(YesNo.Yes, "規程", null, 3) };
        var plan = SheetImportRules.PlanAnswers(Sample, Level.Star3, Vocabulary,
            [new AnswerRow(2, "2-1-10-1", "1", "実施している", "規程", null), new AnswerRow(3, "1-1-1-2", "0", null, "  ", null)], held, _ => false, repliesOpen: false);
        Assert.All(plan.Rows, r => Assert.Equal(RowOutcome.Unchanged, r.Outcome));
        Assert.Empty(plan.Changes);
        Assert.True(plan.IsClean);
    }

    [Fact]
    public void An_answer_changed_in_Hoshi_after_the_download_is_not_overwritten()
    {
        var held = new Dictionary<string, HeldAnswer> { ["2-1-10-1"] = new(YesNo.No, "未整備", null, 2) };
        var stale = SheetImportRules.PlanAnswers(Sample, Level.Star3, Vocabulary, [new AnswerRow(2, "2-1-10-1", "1", "yes", "規程", null)], held, _ => true, false);
        Assert.Equal((ImportProblem.ChangedSinceDownload, SheetColumn.Version), (stale.Rows[0].Problem, stale.Rows[0].Column));
        var fresh = SheetImportRules.PlanAnswers(Sample, Level.Star3, Vocabulary, [new AnswerRow(2, "2-1-10-1", "2", "yes", "規程", null)], held, _ => true, false);
        Assert.Equal(new AnswerChange("2-1-10-1", YesNo.Yes, "規程", null, 2), Assert.Single(fresh.Changes));
    }

    [Fact]
    public void Rows_that_may_not_change_now_are_refused_as_locked()
    {
        var held = new Dictionary<string, HeldAnswer> { ["2-1-10-1"] = new(YesNo.No, "未整備", null, 1), ["1-1-1-2"] = new("旧", null, null, 1) };
        var plan = SheetImportRules.PlanAnswers(Sample, Level.Star3, Vocabulary,
            [new AnswerRow(2, "2-1-10-1", "1", "yes", "規程", "整備しました"), new AnswerRow(3, "1-1-1-2", "1", "新", null, null)], held, id => id == "2-1-10-1", repliesOpen: true);
        Assert.Equal(RowOutcome.Accepted, plan.Rows[0].Outcome);
        Assert.Equal("整備しました", plan.Changes[0].Reply);
        Assert.Equal((ImportProblem.Locked, SheetColumn.Answer), (plan.Rows[1].Problem, plan.Rows[1].Column));
    }

    [Fact]
    public void Replies_count_only_while_rechecks_are_open()
    {
        var held = new Dictionary<string, HeldAnswer> { ["1-1-1-2"] = new("同じ", null, null, 1) };
        var closed = SheetImportRules.PlanAnswers(Sample, Level.Star3, Vocabulary, [new AnswerRow(2, "1-1-1-2", "1", "同じ", null, "返信")], held, _ => true, repliesOpen: false);
        Assert.Equal(RowOutcome.Unchanged, closed.Rows[0].Outcome);
        var open = SheetImportRules.PlanAnswers(Sample, Level.Star3, Vocabulary, [new AnswerRow(2, "1-1-1-2", "1", "同じ", null, "返信")], held, _ => true, repliesOpen: true);
        Assert.Equal("返信", Assert.Single(open.Changes).Reply);
    }

    [Fact]
    public void A_mixed_file_reports_every_row_and_keeps_only_the_valid_changes()
    {
        var plan = Plan(
            new AnswerRow(2, "2-1-10-1", "0", "実施している", "規程", null),
            new AnswerRow(3, "1-1-1-1", "0", "口頭", null, null),
            new AnswerRow(4, "1-1-1-2", "0", null, null, null));
        Assert.Equal((1, 1, 1), (plan.Accepted, plan.Refused, plan.Unchanged));
        Assert.Equal(["2-1-10-1"], plan.Changes.Select(c => c.CriterionId));
    }

    private static ImportPlan<VerdictChange> Verdicts(bool mayJudge, Dictionary<string, HeldVerdict>? held, params VerdictRow[] rows) =>
        SheetImportRules.PlanVerdicts(Sample, Level.Star3, Vocabulary, rows, held ?? [], mayJudge);

    [Theory]
    [InlineData("適合", null, Verdict.Conformant)]
    [InlineData("再確認", "規程の日付を確認したい", Verdict.Recheck)]
    [InlineData(" 不適合 ", "未整備", Verdict.Nonconformant)]
    [InlineData("Conformant", "", Verdict.Conformant)]
    public void Verdict_cells_take_their_labels(string cell, string? remark, Verdict expected) =>
        Assert.Equal(expected, Assert.Single(Verdicts(true, null, new VerdictRow(2, "2-1-10-1", "0", cell, remark)).Changes).Verdict);

    [Theory]
    [InlineData("たぶん適合", "x", ImportProblem.NotAVerdict, SheetColumn.Verdict)]
    [InlineData("再確認", null, ImportProblem.RemarkRequired, SheetColumn.Remark)]
    [InlineData("不適合", "  ", ImportProblem.RemarkRequired, SheetColumn.Remark)]
    [InlineData(null, "所見だけ", ImportProblem.VerdictMissing, SheetColumn.Verdict)]
    public void A_bad_verdict_row_is_refused_naming_the_column(string? verdict, string? remark, ImportProblem problem, SheetColumn column) =>
        Assert.Equal(new RowReport(5, "2-1-10-1", RowOutcome.Refused, problem, column), Assert.Single(Verdicts(true, null, new VerdictRow(5, "2-1-10-1", "0", verdict, remark)).Rows));

    [Fact]
    public void Verdict_rows_follow_the_same_id_version_and_lock_rules()
    {
        Assert.Equal(ImportProblem.UnknownCriterion, Verdicts(true, null, new VerdictRow(2, "0-0-0-0", "0", "適合", null)).Rows[0].Problem);
        Assert.Equal(ImportProblem.TooLong, Verdicts(true, null, new VerdictRow(2, "2-1-10-1", "0", "適合", new string('x', VerdictRules.MaxRemarkLength + 1))).Rows[0].Problem);
        var held = new Dictionary<string, HeldVerdict> { ["2-1-10-1"] = new(Verdict.Recheck, "日付は?", 2) };
        Assert.Equal(RowOutcome.Unchanged, Verdicts(false, held, new VerdictRow(2, "2-1-10-1", "1", "再確認", "日付は?")).Rows[0].Outcome);
        Assert.Equal(ImportProblem.Locked, Verdicts(false, held, new VerdictRow(2, "2-1-10-1", "2", "適合", null)).Rows[0].Problem);
        Assert.Equal(ImportProblem.ChangedSinceDownload, Verdicts(true, held, new VerdictRow(2, "2-1-10-1", "1", "適合", null)).Rows[0].Problem);
        Assert.Equal(new VerdictChange("2-1-10-1", Verdict.Conformant, null, 2), Assert.Single(Verdicts(true, held, new VerdictRow(2, "2-1-10-1", "2", "適合", null)).Changes));
        Assert.Equal(RowOutcome.Unchanged, Verdicts(true, null, new VerdictRow(2, "2-1-10-1", "0", null, null)).Rows[0].Outcome);
        Assert.Equal(ImportProblem.DuplicateRow, Verdicts(true, null, new VerdictRow(2, "2-1-10-1", "0", "適合", null), new VerdictRow(3, "2-1-10-1", "0", "適合", null)).Rows[1].Problem);
    }

    [Fact]
    public void In_a_star4_evaluation_a_changed_verdict_needs_a_new_remark()
    {
        var held = new Dictionary<string, HeldVerdict> { ["2-1-10-1"] = new(Verdict.Recheck, "日付は?", 2) };
        var same = SheetImportRules.PlanVerdicts(Sample, Level.Star3, Vocabulary, [new VerdictRow(2, "2-1-10-1", "2", "適合", "日付は?")], held, mayJudge: true, reasonForChange: true);
        Assert.Equal((ImportProblem.ReasonRequired, SheetColumn.Remark), (same.Rows[0].Problem, same.Rows[0].Column));
        var none = SheetImportRules.PlanVerdicts(Sample, Level.Star3, Vocabulary, [new VerdictRow(2, "2-1-10-1", "2", "適合", null)], held, mayJudge: true, reasonForChange: true);
        Assert.Equal(ImportProblem.ReasonRequired, none.Rows[0].Problem);
        var reasoned = SheetImportRules.PlanVerdicts(Sample, Level.Star3, Vocabulary, [new VerdictRow(2, "2-1-10-1", "2", "適合", "改定日を確認した")], held, mayJudge: true, reasonForChange: true);
        Assert.Equal(RowOutcome.Accepted, reasoned.Rows[0].Outcome);
        var expert = SheetImportRules.PlanVerdicts(Sample, Level.Star3, Vocabulary, [new VerdictRow(2, "2-1-10-1", "2", "適合", null)], held, mayJudge: true);
        Assert.Equal(RowOutcome.Accepted, expert.Rows[0].Outcome);
    }
}
