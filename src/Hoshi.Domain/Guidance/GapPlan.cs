using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Guidance;

/// <summary>One criterion still to meet: what kind of work, roughly how long, and whether it was answered "no" or not yet.</summary>
public sealed record GapItem(string CriterionId, string RequirementNo, HelpAction Action, decimal EffortHours, bool Answered);

/// <summary>The gaps needing one kind of work, quickest first.</summary>
public sealed record GapGroup(HelpAction Action, IReadOnlyList<GapItem> Items)
{
    public decimal Hours => Items.Sum(i => i.EffortHours);
}

/// <summary>
/// What is left to reach a level: its criteria, how many are met, the rest grouped by what to do
/// (write a rule, configure systems, adopt a tool, train people) with rough hours, and one order
/// to work in that reaches the level soonest (quickest first; within the same hours, in catalog
/// order, so a rule comes before its yearly review).
/// </summary>
public sealed record GapPlan(Level Target, int Criteria, int Met, IReadOnlyList<GapGroup> Groups, IReadOnlyList<GapItem> Order)
{
    public int Remaining => Order.Count;

    public decimal Hours => Order.Sum(i => i.EffortHours);

    /// <summary>
    /// The plan from the current answers (criterion id → value; "yes" and "not applicable" count as
    /// met, anything else is a gap). Criteria without help count as writing a rule of one hour.
    /// </summary>
    public static GapPlan Build(CatalogVersion catalog, Level target, IReadOnlyDictionary<string, string?> answers, IReadOnlyDictionary<string, CriterionHelp> help)
    {
        var criteria = catalog.Requirements.SelectMany(r => r.CriteriaFor(target)).ToList();
        var gaps = new List<GapItem>();
        foreach (var criterion in criteria)
        {
            var value = answers.GetValueOrDefault(criterion.Id);
            var met = criterion.AnswerType == AnswerType.YesNo ? value is YesNo.Yes or YesNo.NotApplicable : !string.IsNullOrWhiteSpace(value);
            if (!met)
            {
                var h = help.GetValueOrDefault(criterion.Id);
                gaps.Add(new GapItem(criterion.Id, criterion.RequirementNo, h?.Action ?? HelpAction.WriteRule, h?.EffortHours ?? 1, !string.IsNullOrEmpty(value)));
            }
        }

        var order = gaps.OrderBy(g => g.EffortHours).ThenBy(g => g.CriterionId, CatalogNumber.Comparer).ToList();
        var groups = gaps.GroupBy(g => g.Action)
            .Select(g => new GapGroup(g.Key, [.. g.OrderBy(i => i.EffortHours).ThenBy(i => i.CriterionId, CatalogNumber.Comparer)]))
            .OrderBy(g => g.Hours).ThenBy(g => g.Action)
            .ToList();
        return new GapPlan(target, criteria.Count, criteria.Count - gaps.Count, groups, order);
    }
}
