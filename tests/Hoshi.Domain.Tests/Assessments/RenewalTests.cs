using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Tests.Assessments;

public sealed class RenewalTests
{
    private static readonly CatalogVersion Draft = CatalogReader.Parse(Catalog.SampleCatalog.Shipped("scs-2025-12-draft"), "draft");
    private static readonly CatalogVersion Final = CatalogReader.Parse(Catalog.SampleCatalog.Shipped("scs-2026-03"), "final");

    [Fact]
    public void On_the_same_catalog_version_every_answered_criterion_is_carried_unflagged_in_catalog_order()
    {
        MovedAnswer[] previous = [new("1-2-1-1", "yes", "規程B"), new("1-1-1-2", "no", null), new("1-1-1-3", null, null)];
        var plan = Renewal.Plan(null, Level.Star3, previous);
        Assert.Equal([new CarriedAnswer("1-1-1-2", "no", null, false), new CarriedAnswer("1-2-1-1", "yes", "規程B", false)], plan.Carried);
        Assert.Empty(plan.Dropped);
        Assert.Empty(plan.Open);
    }

    [Fact]
    public void Across_versions_answers_follow_the_catalog_migration_renumbered_flagged_or_dropped()
    {
        MovedAnswer[] previous =
        [
            new("1-1-1-2", "yes", "規程A"),   // unchanged
            new("4-2-1-6", "no", null),        // renumbered to 4-2-1-5
            new("1-2-1-4", "yes", "委員会規程"), // changed
            new("4-5-2-1", "yes", "旧要件"),     // removed
        ];
        var comparison = CatalogDiff.Compare(Draft, Final);
        var plan = Renewal.Plan(comparison, Level.Star4, previous);
        Assert.Equal(
            [new CarriedAnswer("1-1-1-2", "yes", "規程A", false), new CarriedAnswer("1-2-1-4", "yes", "委員会規程", true), new CarriedAnswer("4-2-1-5", "no", null, false)],
            plan.Carried);
        Assert.Equal(["4-5-2-1"], plan.Dropped.Select(a => a.CriterionId));
        Assert.Equal(comparison.Criteria.Where(c => c.Kind == ChangeKind.Added && c.New!.AppliesTo(Level.Star4)).Select(c => c.Id), plan.Open);
    }

    [Theory]
    [InlineData("yes", "規程", "yes", "規程", false)]
    [InlineData("yes", "規程", "no", "規程", true)]
    [InlineData("yes", "規程", "yes", "規程 改定", true)]
    [InlineData("yes", null, "yes", null, false)]
    [InlineData(null, null, "yes", null, true)]
    public void An_answer_changed_when_its_value_or_supplement_differs(string? beforeValue, string? beforeSupplement, string? value, string? supplement, bool changed) =>
        Assert.Equal(changed, Renewal.Changed(beforeValue, beforeSupplement, value, supplement));

    [Fact]
    public void A_round_with_unconfirmed_carried_answers_cannot_be_submitted_and_says_how_many()
    {
        var ready = new AssessmentLifecycle.Facts(ScopeComplete: true, SheetComplete: true, ExpertReady: true, EffortGiven: true);
        Assert.True(AssessmentLifecycle.Try(AssessmentState.Draft, AssessmentStep.SubmitForReview, ready).Allowed);
        var blocked = AssessmentLifecycle.Try(AssessmentState.Draft, AssessmentStep.SubmitForReview, ready with { UnconfirmedCarriedOver = 12 });
        Assert.False(blocked.Allowed);
        Assert.Equal(("renewal.unconfirmed", "12"), (blocked.Code, blocked.Argument));
    }
}
