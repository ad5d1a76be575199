using Hoshi.Domain.Guidance;

namespace Hoshi.Domain.Tests.Guidance;

public sealed class GapCostsTests
{
    private static GapItem Item(string id, HelpAction action, decimal hours) => new(id, "1-1-1", action, hours, false);

    [Fact]
    public void People_time_is_a_range_around_the_rough_hours_and_a_rule_costs_no_outlay()
    {
        var group = new GapGroup(HelpAction.WriteRule, [Item("1-1-1-1", HelpAction.WriteRule, 4), Item("1-1-1-2", HelpAction.WriteRule, 2)]);
        // 6 h × ¥4,000 = ¥24,000 → ¥18,000 … ¥36,000.
        Assert.Equal(new CostRange(18_000, 36_000), GapCosts.Of(group, CostSettings.Default));
    }

    [Fact]
    public void A_tool_adds_its_typical_outlay_per_criterion_and_ends_round_outwards_to_a_thousand_yen()
    {
        var group = new GapGroup(HelpAction.AdoptTool, [Item("4-1-1-1", HelpAction.AdoptTool, 1.5m), Item("4-1-1-2", HelpAction.AdoptTool, 0.5m)]);
        var settings = CostSettings.Default with { HourlyRateYen = 3333 };
        // 2 h × ¥3,333 = ¥6,666: low ¥4,999.5 → ¥4,000; high ¥9,999 + 2 × ¥100,000 → ¥210,000.
        Assert.Equal(new CostRange(4_000, 210_000), GapCosts.Of(group, settings));
    }

    [Fact]
    public void The_plan_total_is_the_sum_of_its_groups()
    {
        GapGroup[] groups =
        [
            new(HelpAction.WriteRule, [Item("1-1-1-1", HelpAction.WriteRule, 4)]),
            new(HelpAction.TrainPeople, [Item("2-1-1-1", HelpAction.TrainPeople, 2)]),
        ];
        var plan = new GapPlan(Level.Star3, 10, 8, groups, [.. groups.SelectMany(g => g.Items)]);
        Assert.Equal(GapCosts.Of(groups[0], CostSettings.Default) + GapCosts.Of(groups[1], CostSettings.Default), GapCosts.Of(plan, CostSettings.Default));
        Assert.Equal(new CostRange(18_000, 56_000), GapCosts.Of(plan, CostSettings.Default));
    }
}
