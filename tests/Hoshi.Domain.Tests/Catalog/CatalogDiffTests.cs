using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Tests.Catalog;

/// <summary>
/// The shipped draft (2025-12) against the final catalog (2026-03). The expected counts were made
/// apart from this code — a short script over the two JSON files pairing criteria the same way —
/// and the named cases were read in the files by hand.
/// </summary>
public sealed class CatalogDiffTests
{
    private static readonly CatalogVersion Draft = CatalogReader.Parse(SampleCatalog.Shipped("scs-2025-12-draft"), "draft");
    private static readonly CatalogVersion Final = CatalogReader.Parse(SampleCatalog.Shipped("scs-2026-03"), "final");
    private static readonly CatalogComparison Comparison = CatalogDiff.Compare(Draft, Final);

    [Fact]
    public void The_draft_to_final_counts_match_the_hand_count()
    {
        Assert.Equal(
            (57, 7, 84, 9, 5),
            (Comparison.Count(ChangeKind.Unchanged), Comparison.Count(ChangeKind.Renumbered), Comparison.Count(ChangeKind.Changed), Comparison.Count(ChangeKind.Removed), Comparison.Count(ChangeKind.Added)));
        Assert.Equal(157, Comparison.Criteria.Count(c => c.Old is not null));
        Assert.Equal(153, Comparison.Criteria.Count(c => c.New is not null));
        Assert.Equal((23, 20, 1, 0), (Comparison.CountRequirements(ChangeKind.Unchanged), Comparison.CountRequirements(ChangeKind.Changed), Comparison.CountRequirements(ChangeKind.Removed), Comparison.CountRequirements(ChangeKind.Added)));
        Assert.Equal("4-5-2", Assert.Single(Comparison.Requirements, r => r.Kind == ChangeKind.Removed).No);
    }

    [Theory]
    [InlineData("4-2-1-6", "4-2-1-5")]
    [InlineData("6-1-1-7", "6-1-1-6")]
    [InlineData("3-1-5-2", "3-1-5-3")]
    public void A_criterion_moved_under_another_number_is_renumbered(string from, string to)
    {
        var change = Assert.Single(Comparison.Criteria, c => c.Old?.Id == from);
        Assert.Equal((ChangeKind.Renumbered, to), (change.Kind, change.New!.Id));
    }

    [Fact]
    public void Named_additions_removals_and_changes()
    {
        Assert.Equal(["3-1-5-2", "4-1-5-5", "4-1-6-3", "5-1-2-3", "6-1-1-4"], Comparison.Criteria.Where(c => c.Kind == ChangeKind.Added).Select(c => c.Id));
        Assert.Contains(Comparison.Criteria, c => c.Kind == ChangeKind.Removed && c.Id == "4-5-2-1");
        var changed = Assert.Single(Comparison.Criteria, c => c.Id == "1-2-1-4");
        Assert.Equal(ChangeKind.Changed, changed.Kind);
        var diff = CatalogDiff.TextDiff(changed.Old!.Text.JaText, changed.New!.Text.JaText);
        Assert.Contains(diff, p => p.Kind == ChangeKind.Added && p.Text.Contains("経営層が参加する", StringComparison.Ordinal));
        Assert.Equal(changed.Old.Text.JaText, string.Concat(diff.Where(p => p.Kind != ChangeKind.Added).Select(p => p.Text)));
        Assert.Equal(changed.New.Text.JaText, string.Concat(diff.Where(p => p.Kind != ChangeKind.Removed).Select(p => p.Text)));
    }

    [Fact]
    public void A_version_compared_with_itself_has_no_changes()
    {
        var same = CatalogDiff.Compare(Final, Final);
        Assert.Equal(153, same.Count(ChangeKind.Unchanged));
        Assert.All(same.Requirements, r => Assert.Equal(ChangeKind.Unchanged, r.Kind));
    }

    [Fact]
    public void Moving_a_draft_keeps_unchanged_answers_flags_changed_ones_drops_removed_and_leaves_new_ones_open()
    {
        MovedAnswer[] answers =
        [
            new("1-1-1-2", "yes", "規程A"),   // unchanged
            new("4-2-1-6", "no", null),        // renumbered to 4-2-1-5
            new("1-2-1-4", "yes", "委員会規程"), // changed
            new("4-5-2-1", "yes", "旧要件"),     // removed
        ];
        Assert.Equal(ChangeKind.Unchanged, Comparison.Criteria.Single(c => c.Old?.Id == "1-1-1-2").Kind);
        var plan = CatalogMigration.Plan(Comparison, Level.Star4, answers);
        Assert.Equal([new MovedAnswer("1-1-1-2", "yes", "規程A"), new MovedAnswer("4-2-1-5", "no", null)], plan.Kept);
        Assert.Equal([new MovedAnswer("1-2-1-4", "yes", "委員会規程")], plan.Flagged);
        Assert.Equal(["4-5-2-1"], plan.Dropped.Select(a => a.CriterionId));
        Assert.Equal(Comparison.Criteria.Where(c => c.Kind == ChangeKind.Added && c.New!.AppliesTo(Level.Star4)).Select(c => c.Id), plan.Open);
    }

    [Theory]
    [InlineData("abc", "abc", "=abc")]
    [InlineData("abc", "abxc", "=ab +x =c")]
    [InlineData("abc", "ac", "=a -b =c")]
    [InlineData("", "new", "+new")]
    [InlineData("old", "", "-old")]
    public void Text_diffs_keep_remove_and_add_characters(string before, string after, string expected) =>
        Assert.Equal(expected, string.Join(' ', CatalogDiff.TextDiff(before, after).Select(p => (p.Kind switch { ChangeKind.Added => "+", ChangeKind.Removed => "-", _ => "=" }) + p.Text)));
}
