using System.Text;

namespace Hoshi.Domain.Catalog;

/// <summary>How a criterion (or requirement) changed from one catalog version to the next.</summary>
public enum ChangeKind
{
    Unchanged,

    /// <summary>Same text (and levels) under another number.</summary>
    Renumbered,

    /// <summary>Same number, other text or levels.</summary>
    Changed,
    Added,
    Removed,
}

/// <summary>One criterion's change: the old and the new criterion (one is missing when added or removed).</summary>
public sealed record CriterionChange(ChangeKind Kind, Criterion? Old, Criterion? New)
{
    /// <summary>The number to sort and show by: the new one, or the old one when removed.</summary>
    public string Id => New?.Id ?? Old!.Id;
}

/// <summary>One requirement's change, by its number.</summary>
public sealed record RequirementChange(ChangeKind Kind, Requirement? Old, Requirement? New)
{
    public string No => New?.No ?? Old!.No;
}

/// <summary>A piece of a text diff: kept, added or removed text.</summary>
public sealed record TextPiece(ChangeKind Kind, string Text);

/// <summary>The differences between two catalog versions.</summary>
public sealed record CatalogComparison(string FromId, string ToId, IReadOnlyList<RequirementChange> Requirements, IReadOnlyList<CriterionChange> Criteria)
{
    public int Count(ChangeKind kind) => Criteria.Count(c => c.Kind == kind);

    public int CountRequirements(ChangeKind kind) => Requirements.Count(r => r.Kind == kind);
}

/// <summary>
/// Compares two catalog versions. Criteria are paired first by number with the same text (width
/// and spaces ignored) and levels — unchanged; then by the same text under another number —
/// renumbered; then by number — changed; what is left is removed (old) or added (new).
/// Requirements are compared by number. Text differences are shown character by character.
/// </summary>
public static class CatalogDiff
{
    public static CatalogComparison Compare(CatalogVersion from, CatalogVersion to)
    {
        var oldLeft = from.AllCriteria.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var newLeft = to.AllCriteria.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var changes = new List<CriterionChange>();
        foreach (var old in oldLeft.Values.ToList())
        {
            if (newLeft.TryGetValue(old.Id, out var same) && SameContent(old, same))
            {
                changes.Add(new(ChangeKind.Unchanged, old, same));
                oldLeft.Remove(old.Id);
                newLeft.Remove(old.Id);
            }
        }

        var byText = newLeft.Values.GroupBy(c => Normalize(c.Text.JaText)).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Id, CatalogNumber.Comparer).ToList(), StringComparer.Ordinal);
        foreach (var old in oldLeft.Values.OrderBy(c => c.Id, CatalogNumber.Comparer).ToList())
        {
            if (byText.TryGetValue(Normalize(old.Text.JaText), out var candidates) && candidates.FirstOrDefault(c => newLeft.ContainsKey(c.Id) && c.Levels.SequenceEqual(old.Levels)) is { } moved)
            {
                changes.Add(new(ChangeKind.Renumbered, old, moved));
                oldLeft.Remove(old.Id);
                newLeft.Remove(moved.Id);
            }
        }

        foreach (var old in oldLeft.Values.ToList())
        {
            if (newLeft.Remove(old.Id, out var changed))
            {
                changes.Add(new(ChangeKind.Changed, old, changed));
                oldLeft.Remove(old.Id);
            }
        }

        changes.AddRange(oldLeft.Values.Select(c => new CriterionChange(ChangeKind.Removed, c, null)));
        changes.AddRange(newLeft.Values.Select(c => new CriterionChange(ChangeKind.Added, null, c)));

        var oldRequirements = from.Requirements.ToDictionary(r => r.No, StringComparer.Ordinal);
        var newRequirements = to.Requirements.ToDictionary(r => r.No, StringComparer.Ordinal);
        var requirements = oldRequirements.Keys.Union(newRequirements.Keys).Select(no =>
        {
            var old = oldRequirements.GetValueOrDefault(no);
            var now = newRequirements.GetValueOrDefault(no);
            var kind = old is null ? ChangeKind.Added : now is null ? ChangeKind.Removed
                : Normalize(old.Text.JaText) == Normalize(now.Text.JaText) && Normalize(old.Title?.JaText ?? "") == Normalize(now.Title?.JaText ?? "") && old.Levels.SequenceEqual(now.Levels)
                    ? ChangeKind.Unchanged : ChangeKind.Changed;
            return new RequirementChange(kind, old, now);
        });

        return new CatalogComparison(from.Id, to.Id,
            [.. requirements.OrderBy(r => r.No, CatalogNumber.Comparer)],
            [.. changes.OrderBy(c => c.Id, CatalogNumber.Comparer).ThenBy(c => c.Kind)]);
    }

    /// <summary>Text as compared: full-width and half-width forms folded (NFKC), white space removed.</summary>
    public static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool SameContent(Criterion a, Criterion b) =>
        Normalize(a.Text.JaText) == Normalize(b.Text.JaText) && a.Levels.SequenceEqual(b.Levels);

    /// <summary>A character diff (longest common subsequence) of two texts, as kept, removed and added pieces.</summary>
    public static IReadOnlyList<TextPiece> TextDiff(string before, string after)
    {
        var n = before.Length;
        var m = after.Length;
        if ((long)n * m > 4_000_000)
        {
            return [new(ChangeKind.Removed, before), new(ChangeKind.Added, after)];
        }

        var lengths = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lengths[i, j] = before[i] == after[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var pieces = new List<TextPiece>();
        void Add(ChangeKind kind, char c)
        {
            if (pieces.Count > 0 && pieces[^1].Kind == kind)
            {
                pieces[^1] = pieces[^1] with { Text = pieces[^1].Text + c };
            }
            else
            {
                pieces.Add(new(kind, c.ToString()));
            }
        }

        int x = 0, y = 0;
        while (x < n && y < m)
        {
            if (before[x] == after[y])
            {
                Add(ChangeKind.Unchanged, before[x]);
                x++;
                y++;
            }
            else if (lengths[x + 1, y] >= lengths[x, y + 1])
            {
                Add(ChangeKind.Removed, before[x++]);
            }
            else
            {
                Add(ChangeKind.Added, after[y++]);
            }
        }

        while (x < n)
        {
            Add(ChangeKind.Removed, before[x++]);
        }

        while (y < m)
        {
            Add(ChangeKind.Added, after[y++]);
        }

        return pieces;
    }
}

/// <summary>An answer as a migration sees it.</summary>
public sealed record MovedAnswer(string CriterionId, string? Value, string? Supplement);

/// <summary>What moving a draft to another catalog version does to its answers.</summary>
/// <param name="Kept">Answers carried to the same or the new number, unchanged criteria.</param>
/// <param name="Flagged">Answers carried, whose criterion's text changed: to check.</param>
/// <param name="Dropped">Answers to criteria that no longer exist (kept aside, listed).</param>
/// <param name="Open">New criteria of the level, to answer.</param>
public sealed record MigrationPlan(IReadOnlyList<MovedAnswer> Kept, IReadOnlyList<MovedAnswer> Flagged, IReadOnlyList<MovedAnswer> Dropped, IReadOnlyList<string> Open);

/// <summary>Moving an in-flight draft from one catalog version to another, from the comparison.</summary>
public static class CatalogMigration
{
    public static MigrationPlan Plan(CatalogComparison comparison, Level level, IReadOnlyCollection<MovedAnswer> answers)
    {
        var byOld = comparison.Criteria.Where(c => c.Old is not null).ToDictionary(c => c.Old!.Id, StringComparer.Ordinal);
        var kept = new List<MovedAnswer>();
        var flagged = new List<MovedAnswer>();
        var dropped = new List<MovedAnswer>();
        foreach (var answer in answers.OrderBy(a => a.CriterionId, CatalogNumber.Comparer))
        {
            var change = byOld.GetValueOrDefault(answer.CriterionId);
            if (change?.New is not { } target || !target.AppliesTo(level))
            {
                dropped.Add(answer);
                continue;
            }

            var moved = answer with { CriterionId = target.Id };
            (change.Kind == ChangeKind.Changed ? flagged : kept).Add(moved);
        }

        var open = comparison.Criteria.Where(c => c.Kind == ChangeKind.Added && c.New!.AppliesTo(level)).Select(c => c.New!.Id).ToList();
        return new MigrationPlan(kept, flagged, dropped, open);
    }
}
