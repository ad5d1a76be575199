using System.Text;
using System.Text.RegularExpressions;
using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Assessments;

/// <summary>One row of another scheme's self-check: its item id, the answer and a note, with the file's line number.</summary>
public sealed record MappedRow(int Line, string ItemId, string Answer, string? Note);

/// <summary>A proposed answer for one criterion, from the items of the other scheme mapped to it.</summary>
public sealed record MappedProposal(string CriterionId, string Value, string? Supplement, IReadOnlyList<string> Items);

/// <summary>A row refused: its line, the item id as written, and why (a stable code: unknown-item, bad-answer, duplicate, missing-item).</summary>
public sealed record MappedRowProblem(int Line, string ItemId, string Code);

/// <summary>
/// What a self-check of another scheme gives: proposals per criterion, the refused rows (nothing is
/// proposed while any row is refused), and the criteria whose mapped items disagree (no proposal).
/// </summary>
public sealed record MappedImportPlan(IReadOnlyList<MappedProposal> Proposals, IReadOnlyList<MappedRowProblem> Problems, IReadOnlyList<string> Disagreeing)
{
    public bool Refused => Problems.Count > 0;
}

/// <summary>
/// Reuse of a self-check done for another scheme (issue 25): a CSV of (item id, answer, note) for a
/// framework the catalog maps (the 自工会・部工会 guideline …) becomes proposed answers for the
/// Yes/No criteria mapped to those items. The mapping is the catalog's data (unofficial, a
/// third-party table), so each proposal names the items it came from and a member confirms it.
/// </summary>
public static partial class MappedImport
{
    /// <summary>At most this many rows are read from one file.</summary>
    public const int MaxRows = 2000;

    /// <summary>The frameworks a level's sheet maps, each with how many of its Yes/No criteria it reaches, most first.</summary>
    public static IReadOnlyList<(string Framework, int Criteria)> Frameworks(CatalogVersion catalog, Level level) =>
        [.. YesNoCriteria(catalog, level).SelectMany(c => c.Mappings.Select(m => (m.Framework, c.Id)).Distinct())
            .GroupBy(x => x.Framework, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal)];

    /// <summary>
    /// The item ids in one mapping reference: split at commas, 、 and line breaks; a level note after a
    /// space is dropped ("No.9 (LV1), No.10 (LV2)" → No.9, No.10).
    /// </summary>
    public static IReadOnlyList<string> ItemsOf(string reference) =>
        [.. Separators().Split(reference).Select(part => LevelNote().Replace(part.Trim(), "").Trim()).Where(part => part.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>The comparable form of an item id: width-folded, no spaces, upper case.</summary>
    public static string Key(string itemId)
    {
        var folded = itemId.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var ch in folded.Where(ch => !char.IsWhiteSpace(ch)))
        {
            builder.Append(char.ToUpperInvariant(ch));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Plans the proposals from the rows of a file for <paramref name="framework"/>. An id may be
    /// written as the mapping writes it or, for ids of the form "No.9", as the bare number.
    /// <paramref name="valueOf"/> reads an answer cell as yes / no / na (null when it is none of them).
    /// </summary>
    public static MappedImportPlan Plan(CatalogVersion catalog, Level level, string framework, IEnumerable<MappedRow> rows, Func<string, string?> valueOf)
    {
        // Item → criteria of this sheet it maps to.
        var criteriaOf = new Dictionary<string, List<Criterion>>(StringComparer.Ordinal);
        foreach (var criterion in YesNoCriteria(catalog, level))
        {
            foreach (var mapping in criterion.Mappings.Where(m => m.Framework == framework))
            {
                foreach (var item in ItemsOf(mapping.Ref))
                {
                    if (!criteriaOf.TryGetValue(Key(item), out var list))
                    {
                        criteriaOf[Key(item)] = list = [];
                    }

                    if (!list.Contains(criterion))
                    {
                        list.Add(criterion);
                    }
                }
            }
        }

        var problems = new List<MappedRowProblem>();
        var accepted = new List<(MappedRow Row, string Key, string Value)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var key = Resolve(Key(row.ItemId), criteriaOf);
            var value = valueOf(row.Answer);
            var code = row.ItemId.Trim().Length == 0 ? "missing-item"
                : key is null ? "unknown-item"
                : !seen.Add(key) ? "duplicate"
                : value is null ? "bad-answer"
                : null;
            if (code is not null)
            {
                problems.Add(new MappedRowProblem(row.Line, row.ItemId.Trim(), code));
                continue;
            }

            accepted.Add((row, key!, value!));
        }

        if (problems.Count > 0)
        {
            return new MappedImportPlan([], problems, []);
        }

        var proposals = new List<MappedProposal>();
        var disagreeing = new List<string>();
        foreach (var group in accepted
            .SelectMany(a => criteriaOf[a.Key].Select(c => (Criterion: c, a.Row, a.Value)))
            .GroupBy(x => x.Criterion.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Key, CatalogNumber.Comparer))
        {
            var values = group.Select(x => x.Value).Distinct(StringComparer.Ordinal).ToList();
            if (values.Count > 1)
            {
                disagreeing.Add(group.Key);
                continue;
            }

            var items = group.OrderBy(x => x.Row.Line).Select(x => x.Row.ItemId.Trim()).ToList();
            var notes = group.OrderBy(x => x.Row.Line).Where(x => !string.IsNullOrWhiteSpace(x.Row.Note)).Select(x => $"{x.Row.ItemId.Trim()}: {x.Row.Note!.Trim()}").ToList();
            var supplement = notes.Count == 0 ? null : string.Join("\n", notes);
            if (supplement?.Length > AnswerRules.MaxSupplementLength)
            {
                supplement = supplement[..AnswerRules.MaxSupplementLength];
            }

            proposals.Add(new MappedProposal(group.Key, values[0], supplement, items));
        }

        return new MappedImportPlan(proposals, [], disagreeing);
    }

    private static string? Resolve(string key, Dictionary<string, List<Criterion>> criteriaOf) =>
        key.Length == 0 ? null
        : criteriaOf.ContainsKey(key) ? key
        : key.All(char.IsAsciiDigit) && criteriaOf.ContainsKey("NO." + key) ? "NO." + key
        : null;

    private static IEnumerable<Criterion> YesNoCriteria(CatalogVersion catalog, Level level) =>
        catalog.SheetFor(level).SelectMany(r => r.Criteria).Where(c => c.AnswerType == AnswerType.YesNo);

    [GeneratedRegex(@"[,、，\n\r\u3000]+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"\s+\(.*\)$")]
    private static partial Regex LevelNote();
}
