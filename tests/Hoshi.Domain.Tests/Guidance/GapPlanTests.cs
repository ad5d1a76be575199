using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Guidance;

namespace Hoshi.Domain.Tests.Guidance;

/// <summary>The gap plan on a constructed set of answers, over the shipped 2026-03 catalog.</summary>
public sealed class GapPlanTests
{
    private static readonly CatalogVersion Catalog = CatalogReader.Parse(Hoshi.Domain.Tests.Catalog.SampleCatalog.Shipped("scs-2026-03"), "scs-2026-03");

    private static CriterionHelp Help(string id, HelpAction action, decimal hours) =>
        new(id, LocalizedText.Ja("m"), LocalizedText.Ja("p"), LocalizedText.Ja("e"), LocalizedText.Ja("x"), LocalizedText.Ja("f"), action, hours);

    [Fact]
    public void Unmet_criteria_are_grouped_by_what_to_do_quickest_first_and_the_plan_shrinks_as_answers_come()
    {
        var star3 = Catalog.Requirements.SelectMany(r => r.CriteriaFor(Level.Star3)).Select(c => c.Id).ToList();
        // Everything met but four: 4-3-4-1 answered no (a tool, 4 h), 1-3-1-1 not answered (a rule, 2 h),
        // 4-2-2-1 answered no (training, 3 h), 4-4-1-2 answered no (settings, 0.5 h); 6-1-1-1 not applicable counts as met.
        var answers = star3.ToDictionary(id => id, _ => (string?)YesNo.Yes);
        answers["4-3-4-1"] = YesNo.No;
        answers.Remove("1-3-1-1");
        answers["4-2-2-1"] = YesNo.No;
        answers["4-4-1-2"] = YesNo.No;
        answers["6-1-1-1"] = YesNo.NotApplicable;
        var help = new Dictionary<string, CriterionHelp>
        {
            ["4-3-4-1"] = Help("4-3-4-1", HelpAction.AdoptTool, 4),
            ["1-3-1-1"] = Help("1-3-1-1", HelpAction.WriteRule, 2),
            ["4-2-2-1"] = Help("4-2-2-1", HelpAction.TrainPeople, 3),
            ["4-4-1-2"] = Help("4-4-1-2", HelpAction.ConfigureSystems, 0.5m),
        };

        var plan = GapPlan.Build(Catalog, Level.Star3, answers, help);
        Assert.Equal((81, 77, 4, 9.5m), (plan.Criteria, plan.Met, plan.Remaining, plan.Hours));
        Assert.Equal(["4-4-1-2", "1-3-1-1", "4-2-2-1", "4-3-4-1"], plan.Order.Select(i => i.CriterionId));
        Assert.Equal([HelpAction.ConfigureSystems, HelpAction.WriteRule, HelpAction.TrainPeople, HelpAction.AdoptTool], plan.Groups.Select(g => g.Action));
        Assert.False(plan.Order.Single(i => i.CriterionId == "1-3-1-1").Answered);
        Assert.True(plan.Order.Single(i => i.CriterionId == "4-3-4-1").Answered);

        // Answering yes to two of them shrinks the plan.
        answers["4-4-1-2"] = YesNo.Yes;
        answers["1-3-1-1"] = YesNo.Yes;
        var later = GapPlan.Build(Catalog, Level.Star3, answers, help);
        Assert.Equal((79, 2, 7m), (later.Met, later.Remaining, later.Hours));
    }

    [Fact]
    public void The_star4_plan_of_a_star3_holder_leaves_the_star4_only_criteria_and_counts_missing_help_as_an_hour_of_rule_writing()
    {
        var answers = Catalog.Requirements.SelectMany(r => r.CriteriaFor(Level.Star3)).ToDictionary(c => c.Id, _ => (string?)YesNo.Yes);
        var plan = GapPlan.Build(Catalog, Level.Star4, answers, new Dictionary<string, CriterionHelp>());
        Assert.Equal((153, 81, 72), (plan.Criteria, plan.Met, plan.Remaining));
        Assert.All(plan.Order, i => Assert.Equal((HelpAction.WriteRule, 1m, false), (i.Action, i.EffortHours, i.Answered)));
        Assert.Equal("1-1-1-1", plan.Order[0].CriterionId);
    }
}
