using Hoshi.Domain.Suppliers;

namespace Hoshi.Domain.Tests.Suppliers;

public sealed class LevelDecisionTests
{
    [Theory]
    [InlineData(false, false, false, Level.Star3, "")]
    [InlineData(true, false, false, Level.Star4, "a")]
    [InlineData(false, true, false, Level.Star4, "b")]
    [InlineData(false, false, true, Level.Star4, "c")]
    [InlineData(true, true, false, Level.Star4, "a,b")]
    [InlineData(true, false, true, Level.Star4, "a,c")]
    [InlineData(false, true, true, Level.Star4, "b,c")]
    [InlineData(true, true, true, Level.Star4, "a,b,c")]
    public void Any_yes_requires_star4_otherwise_star3(bool a, bool b, bool c, Level expected, string basis)
    {
        Assert.Equal(expected, LevelDecision.FromAnswers(a, b, c));
        var outcome = LevelDecision.Decide(new DecisionAnswers(a, b, c));
        Assert.True(outcome.Valid);
        Assert.Equal((expected, expected, false), (outcome.RequiredLevel, outcome.FlowLevel, outcome.OutOfScope));
        Assert.Equal(basis, string.Join(",", outcome.Basis));
    }

    [Theory]
    [InlineData(DecisionAdjustment.RecentIncidents)]
    [InlineData(DecisionAdjustment.ImportantSubContractors)]
    public void Each_adjustment_raises_star3_to_star4_and_is_named(DecisionAdjustment adjustment)
    {
        var outcome = LevelDecision.Decide(new DecisionAnswers(false, false, false), new DecisionChoices(new Dictionary<DecisionAdjustment, string> { [adjustment] = "同業他社で事故" }));
        Assert.Equal((Level.Star4, Level.Star3), (outcome.RequiredLevel, outcome.FlowLevel));
        Assert.Equal(["adjustment:" + adjustment], outcome.Basis);
    }

    [Fact]
    public void An_adjustment_on_a_star4_answer_keeps_star4_and_both_reasons()
    {
        var outcome = LevelDecision.Decide(new DecisionAnswers(false, true, false), new DecisionChoices(new Dictionary<DecisionAdjustment, string>
        {
            [DecisionAdjustment.ImportantSubContractors] = "重要な再委託先あり",
            [DecisionAdjustment.RecentIncidents] = "昨年ランサムウェア被害",
        }));
        Assert.Equal(Level.Star4, outcome.RequiredLevel);
        Assert.Equal(["b", "adjustment:RecentIncidents", "adjustment:ImportantSubContractors"], outcome.Basis);
    }

    [Fact]
    public void An_adjustment_needs_a_reason()
    {
        var outcome = LevelDecision.Decide(new DecisionAnswers(false, false, false), new DecisionChoices(new Dictionary<DecisionAdjustment, string> { [DecisionAdjustment.RecentIncidents] = " " }));
        Assert.False(outcome.Valid);
        Assert.Null(outcome.RequiredLevel);
        Assert.Equal(["reasonRequired:RecentIncidents"], outcome.Problems);
    }

    [Fact]
    public void Out_of_scope_requires_no_level_and_cannot_be_combined_with_an_adjustment()
    {
        var outcome = LevelDecision.Decide(new DecisionAnswers(false, false, false), new DecisionChoices(OutOfScopeReason: "一度きりの事務用品購入、代替容易"));
        Assert.True(outcome.Valid);
        Assert.True(outcome.OutOfScope);
        Assert.Null(outcome.RequiredLevel);
        Assert.Equal(["outOfScope"], outcome.Basis);

        var both = LevelDecision.Decide(new DecisionAnswers(false, false, false), new DecisionChoices(new Dictionary<DecisionAdjustment, string> { [DecisionAdjustment.RecentIncidents] = "事故" }, OutOfScopeReason: "代替容易"));
        Assert.Equal(["outOfScopeWithAdjustments"], both.Problems);
    }

    [Fact]
    public void Every_question_must_be_answered()
    {
        var outcome = LevelDecision.Decide(new DecisionAnswers(null, true, null));
        Assert.Equal(["answerRequired:a", "answerRequired:c"], outcome.Problems);
        Assert.Null(outcome.RequiredLevel);
        Assert.False(new DecisionAnswers(null, true, null).Complete);
        Assert.True(new DecisionAnswers(false, true, false).Complete);
    }

    [Fact]
    public void Texts_have_a_length_limit()
    {
        var tooLong = new string('あ', LevelDecision.MaxTextLength + 1);
        var outcome = LevelDecision.Decide(new DecisionAnswers(false, false, false, tooLong), new DecisionChoices(AdditionalRequirements: tooLong));
        Assert.Equal(["tooLong:AdditionalRequirements", "tooLong:DelayViewpoints"], outcome.Problems);
    }

    [Fact]
    public void Additional_requirements_do_not_change_the_level()
    {
        var outcome = LevelDecision.Decide(new DecisionAnswers(false, false, false), new DecisionChoices(AdditionalRequirements: "年1回の訪問監査を受け入れること"));
        Assert.Equal(Level.Star3, outcome.RequiredLevel);
    }

    [Theory]
    [InlineData(true, false, false, true, false, false, false)]
    [InlineData(true, false, false, false, false, false, true)]
    [InlineData(false, false, false, false, true, false, true)]
    [InlineData(false, false, true, false, false, false, true)]
    public void A_decision_reopens_when_an_answer_changes(bool a1, bool b1, bool c1, bool a2, bool b2, bool c2, bool reopens) =>
        Assert.Equal(reopens, LevelDecision.Reopens(new DecisionAnswers(a1, b1, c1, "在庫1か月"), new DecisionAnswers(a2, b2, c2, "在庫なし")));
}
