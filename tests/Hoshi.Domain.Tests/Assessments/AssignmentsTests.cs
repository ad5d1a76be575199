using Hoshi.Domain.Assessments;

namespace Hoshi.Domain.Tests.Assessments;

public sealed class AssignmentsTests
{
    private static readonly DateOnly Today = new(2026, 12, 4);
    private static readonly Guid Hanako = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Taro = Guid.Parse("00000000-0000-0000-0000-0000000000b2");
    private static readonly (string, string)[] Sheet = [("1-1-1-1", "1"), ("1-1-1-2", "1"), ("2-1-1-1", "2"), ("3-1-1-1", "3")];

    private static (IReadOnlyList<Assignment> Target, Assignments.Problem Problem) Plan(
        Dictionary<string, string?> byCategory, Dictionary<string, string?>? byCriterion = null, Dictionary<string, DateOnly?>? due = null) =>
        Assignments.Plan(Sheet, byCategory, due ?? [], byCriterion ?? [], [Hanako, Taro], Today);

    [Fact]
    public void A_category_gives_each_of_its_criteria_and_a_criterion_choice_wins()
    {
        var (target, problem) = Plan(
            new() { ["1"] = Hanako.ToString(), ["2"] = Taro.ToString() },
            new() { ["1-1-1-2"] = Taro.ToString(), ["2-1-1-1"] = Assignments.Nobody, ["3-1-1-1"] = Hanako.ToString() },
            new() { ["1"] = Today.AddDays(14) });
        Assert.Equal(Assignments.Problem.None, problem);
        Assert.Equal(
            [new Assignment("1-1-1-1", Hanako, Today.AddDays(14)), new Assignment("1-1-1-2", Taro, Today.AddDays(14)), new Assignment("3-1-1-1", Hanako, null)],
            target);
    }

    [Fact]
    public void Work_goes_only_to_members_and_never_due_in_the_past()
    {
        Assert.Equal(Assignments.Problem.NotMember, Plan(new() { ["1"] = Guid.NewGuid().ToString() }).Problem);
        Assert.Equal(Assignments.Problem.NotMember, Plan(new() { ["1"] = "not-a-person" }).Problem);
        Assert.Equal(Assignments.Problem.DueInPast, Plan(new() { ["1"] = Hanako.ToString() }, due: new() { ["1"] = Today.AddDays(-1) }).Problem);
        Assert.Equal(Assignments.Problem.None, Plan(new() { ["1"] = Hanako.ToString() }, due: new() { ["1"] = Today }).Problem);
        Assert.Empty(Plan([]).Target);
    }

    [Fact]
    public void The_diff_sets_new_and_changed_and_removes_the_rest_and_tells_each_person_once()
    {
        Assignment[] current = [new("1-1-1-1", Hanako, null), new("1-1-1-2", Hanako, null), new("2-1-1-1", Taro, null)];
        Assignment[] target = [new("1-1-1-1", Hanako, null), new("1-1-1-2", Taro, Today), new("3-1-1-1", Taro, null)];
        var changes = Assignments.Diff(current, target);
        Assert.Equal([new Assignment("1-1-1-2", Taro, Today), new Assignment("3-1-1-1", Taro, null)], changes.Set);
        Assert.Equal(["2-1-1-1"], changes.Removed);
        Assert.Equal([Taro], changes.Told);
        Assert.True(Assignments.Diff(current, current).IsEmpty);
    }

    [Fact]
    public void Progress_counts_answered_work_and_the_nearest_open_due_date()
    {
        Assignment[] assignments = [new("1-1-1-1", Hanako, Today.AddDays(-2)), new("1-1-1-2", Hanako, Today.AddDays(5)), new("2-1-1-1", Taro, Today.AddDays(1))];
        var progress = Assignments.Progress(assignments, id => id == "1-1-1-1", Today).ToDictionary(p => p.AssigneeId);
        Assert.Equal(new AssigneeProgress(Hanako, 2, 1, Today.AddDays(5), false), progress[Hanako]);
        Assert.Equal(new AssigneeProgress(Taro, 1, 0, Today.AddDays(1), false), progress[Taro]);
        var late = Assignments.Progress(assignments, _ => false, Today).Single(p => p.AssigneeId == Hanako);
        Assert.True(late.Overdue);
    }
}
