namespace Hoshi.Domain.Assessments;

/// <summary>Who answers one criterion, and by when.</summary>
public sealed record Assignment(string CriterionId, Guid AssigneeId, DateOnly? DueOn);

/// <summary>What changes when an administrator saves the sharing of a round's work.</summary>
public sealed record AssignmentChanges(IReadOnlyList<Assignment> Set, IReadOnlyList<string> Removed)
{
    public bool IsEmpty => Set.Count == 0 && Removed.Count == 0;

    /// <summary>The people given new or changed work (to be told), each once.</summary>
    public IReadOnlyList<Guid> Told => [.. Set.Select(a => a.AssigneeId).Distinct()];
}

/// <summary>One person's share of a round: assigned, answered, the nearest due date and whether it passed with work left.</summary>
public sealed record AssigneeProgress(Guid AssigneeId, int Assigned, int Answered, DateOnly? NextDue, bool Overdue);

/// <summary>
/// Work shared in the company (issue 25): an administrator gives criteria, or whole categories, to
/// members, with an optional due date. A choice per criterion wins over its category's; an empty
/// choice keeps the category's. Anyone with the right may still answer any criterion.
/// </summary>
public static class Assignments
{
    /// <summary>The choice that leaves a criterion to nobody, even when its category is given to someone.</summary>
    public const string Nobody = "none";

    /// <summary>Why a sharing is refused (stable codes, shown as <c>Assignment_{code}</c>).</summary>
    public enum Problem
    {
        None,

        /// <summary>Work can be given only to a member of the organization who may answer.</summary>
        NotMember,

        /// <summary>A due date lies before today.</summary>
        DueInPast,
    }

    /// <summary>
    /// The assignments the form asks for: per criterion (<paramref name="byCriterion"/>: a person's id,
    /// <see cref="Nobody"/>, or empty for "as its category"), else its category's person
    /// (<paramref name="byCategory"/>), with the category's due date.
    /// </summary>
    public static (IReadOnlyList<Assignment> Target, Problem Problem) Plan(
        IEnumerable<(string CriterionId, string CategoryNo)> sheet,
        IReadOnlyDictionary<string, string?> byCategory,
        IReadOnlyDictionary<string, DateOnly?> dueByCategory,
        IReadOnlyDictionary<string, string?> byCriterion,
        IReadOnlyCollection<Guid> members,
        DateOnly today)
    {
        if (dueByCategory.Values.Any(d => d is { } due && due < today))
        {
            return ([], Problem.DueInPast);
        }

        var target = new List<Assignment>();
        foreach (var (criterion, category) in sheet)
        {
            var own = byCriterion.GetValueOrDefault(criterion);
            var chosen = string.IsNullOrWhiteSpace(own) ? byCategory.GetValueOrDefault(category) : own;
            if (string.IsNullOrWhiteSpace(chosen) || chosen == Nobody)
            {
                continue;
            }

            if (!Guid.TryParse(chosen, out var person) || !members.Contains(person))
            {
                return ([], Problem.NotMember);
            }

            target.Add(new Assignment(criterion, person, dueByCategory.GetValueOrDefault(category)));
        }

        return (target, Problem.None);
    }

    /// <summary>What saving <paramref name="target"/> over <paramref name="current"/> sets and removes (nothing when the same).</summary>
    public static AssignmentChanges Diff(IReadOnlyCollection<Assignment> current, IReadOnlyCollection<Assignment> target)
    {
        var now = current.ToDictionary(a => a.CriterionId, StringComparer.Ordinal);
        var wanted = target.ToDictionary(a => a.CriterionId, StringComparer.Ordinal);
        return new AssignmentChanges(
            [.. target.Where(a => !now.TryGetValue(a.CriterionId, out var was) || was != a)],
            [.. current.Where(a => !wanted.ContainsKey(a.CriterionId)).Select(a => a.CriterionId)]);
    }

    /// <summary>Each person's share, by name order of the caller; <paramref name="answered"/> says whether a criterion is answered completely.</summary>
    public static IReadOnlyList<AssigneeProgress> Progress(IEnumerable<Assignment> assignments, Func<string, bool> answered, DateOnly today) =>
        [.. assignments.GroupBy(a => a.AssigneeId).Select(g =>
        {
            var open = g.Where(a => !answered(a.CriterionId)).ToList();
            var nextDue = open.Where(a => a.DueOn is not null).Select(a => a.DueOn).Min();
            return new AssigneeProgress(g.Key, g.Count(), g.Count() - open.Count, nextDue, nextDue is { } due && due < today);
        })];
}
