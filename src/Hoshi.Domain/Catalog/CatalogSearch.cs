using System.Globalization;
using System.Text;

namespace Hoshi.Domain.Catalog;

/// <summary>A requirement that matched a search, with the criteria of it that matched.</summary>
public sealed record CatalogSearchHit(Requirement Requirement, bool RequirementMatched, IReadOnlyList<Criterion> Criteria);

/// <summary>
/// Substring search over requirement titles and texts and criterion texts, in every language the
/// catalog holds. Text and query are compared after NFKC normalization (full-width and half-width
/// forms are the same), case folding, and folding hiragana to katakana, so "ぱすわーど",
/// "パスワード" and "ﾊﾟｽﾜｰﾄﾞ" all find password requirements. Whitespace separates terms; every
/// term must match.
/// </summary>
public static class CatalogSearch
{
    public static IReadOnlyList<CatalogSearchHit> Find(CatalogVersion catalog, string? query, Level? level = null)
    {
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            return [];
        }

        var hits = new List<CatalogSearchHit>();
        foreach (var requirement in catalog.Requirements)
        {
            if (level is { } l && !requirement.AppliesTo(l))
            {
                continue;
            }

            var requirementMatched = Matches(terms, requirement.Title, requirement.Text);
            var criteria = requirement.Criteria
                .Where(c => (level is null || c.AppliesTo(level.Value)) && Matches(terms, c.Text))
                .ToList();
            if (requirementMatched || criteria.Count > 0)
            {
                hits.Add(new CatalogSearchHit(requirement, requirementMatched, criteria));
            }
        }

        return hits;
    }

    /// <summary>The folded form used for comparison (NFKC, lower case, hiragana → katakana).</summary>
    public static string Fold(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        var builder = new StringBuilder(normalized.Length);
        foreach (var ch in normalized)
        {
            // Hiragana U+3041–U+3096 map onto katakana U+30A1–U+30F6.
            builder.Append(ch is >= '\u3041' and <= '\u3096' ? (char)(ch + 0x60) : ch);
        }

        return builder.ToString();
    }

    private static List<string> Terms(string? query) =>
        string.IsNullOrWhiteSpace(query)
            ? []
            : [.. Fold(query).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static bool Matches(List<string> terms, params LocalizedText?[] texts)
    {
        var haystack = string.Join('\n', texts.Where(t => t is not null).SelectMany(t => t!.All.Values).Select(Fold));
        return terms.All(t => haystack.Contains(t, StringComparison.Ordinal));
    }
}
