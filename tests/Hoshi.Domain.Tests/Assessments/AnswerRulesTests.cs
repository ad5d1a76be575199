using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Tests.Catalog;

namespace Hoshi.Domain.Tests.Assessments;

public sealed class AnswerRulesTests
{
    private static readonly CatalogVersion Sample = CatalogReader.Parse(SampleCatalog.Valid().ToJsonString(), "sample");
    private static readonly Criterion YesNoCriterion = Sample.FindCriterion("2-1-10-1")!;
    private static readonly Criterion ChoiceCriterion = Sample.FindCriterion("1-1-1-1")!;
    private static readonly Criterion TextCriterion = Sample.FindCriterion("1-1-1-2")!;

    [Theory]
    [InlineData("yes", "パスワード管理規程(2026-04-01改定)", AnswerProblem.None)]
    [InlineData("no", "未整備", AnswerProblem.None)]
    [InlineData("na", "管理者アカウントを持つ機器がない", AnswerProblem.None)]
    [InlineData("yes", "", AnswerProblem.SupplementRequired)]
    [InlineData("yes", "   ", AnswerProblem.SupplementRequired)]
    [InlineData("na", null, AnswerProblem.SupplementRequired)]
    [InlineData("maybe", "x", AnswerProblem.NotAChoice)]
    [InlineData("Yes", "x", AnswerProblem.NotAChoice)]
    [InlineData("", "x", AnswerProblem.Missing)]
    [InlineData(null, null, AnswerProblem.Missing)]
    public void YesNo_needs_one_of_three_values_and_a_supplement(string? value, string? supplement, AnswerProblem expected) =>
        Assert.Equal(expected, AnswerRules.Check(YesNoCriterion, value, supplement));

    [Theory]
    [InlineData("written", null, AnswerProblem.None)]
    [InlineData("none", "", AnswerProblem.None)]
    [InlineData("oral", null, AnswerProblem.NotAChoice)]
    public void A_choice_must_be_one_of_the_criterions_choices_and_the_supplement_is_optional(string value, string? supplement, AnswerProblem expected) =>
        Assert.Equal(expected, AnswerRules.Check(ChoiceCriterion, value, supplement));

    [Fact]
    public void Free_text_is_anything_up_to_the_limit()
    {
        Assert.Equal(AnswerProblem.None, AnswerRules.Check(TextCriterion, "就業規則に情報セキュリティの章を設けている。", null));
        Assert.Equal(AnswerProblem.None, AnswerRules.Check(TextCriterion, new string('あ', AnswerRules.MaxTextLength), null));
        Assert.Equal(AnswerProblem.TooLong, AnswerRules.Check(TextCriterion, new string('あ', AnswerRules.MaxTextLength + 1), null));
        Assert.Equal(AnswerProblem.TooLong, AnswerRules.Check(TextCriterion, "ok", new string('あ', AnswerRules.MaxSupplementLength + 1)));
    }

    [Fact]
    public void A_draft_may_be_incomplete_but_not_wrong()
    {
        Assert.Equal(AnswerProblem.None, AnswerRules.CheckDraft(YesNoCriterion, "yes", null));
        Assert.Equal(AnswerProblem.None, AnswerRules.CheckDraft(YesNoCriterion, null, "規程名だけ先に書く"));
        Assert.Equal(AnswerProblem.NotAChoice, AnswerRules.CheckDraft(YesNoCriterion, "sometimes", null));
        Assert.Equal(AnswerProblem.NotAChoice, AnswerRules.CheckDraft(ChoiceCriterion, "oral", null));
        Assert.Equal(AnswerProblem.TooLong, AnswerRules.CheckDraft(TextCriterion, new string('x', AnswerRules.MaxTextLength + 1), null));
    }

    [Fact]
    public void Progress_counts_complete_answers_per_category_and_lists_what_is_missing()
    {
        var answers = new Dictionary<string, (string?, string?)>
        {
            ["1-1-1-1"] = ("written", null),
            ["2-1-10-1"] = ("yes", null),
        };
        var progress = SheetProgress.Of(Sample, Level.Star3, id => answers.TryGetValue(id, out var a) ? a : null);

        Assert.Equal([("1", 1, 2), ("2", 0, 1)], progress.Categories.Select(c => (c.CategoryNo, c.Complete, c.Total)));
        Assert.Equal(50, progress.Categories[0].Percent);
        Assert.Equal((1, 3, 33), (progress.Complete, progress.Total, progress.Percent));
        Assert.False(progress.IsComplete);
        Assert.Equal([("1-1-1-2", AnswerProblem.Missing), ("2-1-10-1", AnswerProblem.SupplementRequired)], progress.Missing.Select(m => (m.CriterionId, m.Problem)));

        answers["1-1-1-2"] = ("規程を文書化し、全員に配布している。", null);
        answers["2-1-10-1"] = ("yes", "パスワード管理規程(2026-04-01)");
        var done = SheetProgress.Of(Sample, Level.Star3, id => answers.TryGetValue(id, out var a) ? a : null);
        Assert.True(done.IsComplete);
        Assert.Equal(100, done.Percent);
    }

    [Fact]
    public void The_star4_sheet_has_its_own_criteria()
    {
        var progress = SheetProgress.Of(Sample, Level.Star4, _ => null);
        Assert.Equal(3, progress.Total);
        Assert.All(progress.Missing, m => Assert.StartsWith("2-1-", m.CriterionId, StringComparison.Ordinal));
    }
}
