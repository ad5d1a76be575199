using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Assessments;

/// <summary>An answer carried into a renewal: to the criterion's id in the new catalog version, flagged when that criterion's text changed.</summary>
public sealed record CarriedAnswer(string CriterionId, string? Value, string? Supplement, bool CriterionChanged);

/// <summary>What a renewal takes from the last registered round: the answers carried over, those left behind (criterion removed) and the new criteria to answer.</summary>
public sealed record RenewalPlan(IReadOnlyList<CarriedAnswer> Carried, IReadOnlyList<MovedAnswer> Dropped, IReadOnlyList<string> Open);

/// <summary>
/// A new round for a level the organization holds or held starts from its last registered round
/// (issue 25): scope, answers and supplements copied, each answer marked "carried over — confirm
/// or change" until a person does one or the other; the round cannot be submitted before
/// (<see cref="AssessmentLifecycle"/>, <c>renewal.unconfirmed</c>). Across catalog versions the
/// answers go through the catalog migration, as when a draft moves (<see cref="CatalogMigration"/>).
/// </summary>
public static class Renewal
{
    /// <param name="comparison">The previous round's catalog version against the new round's; null when they are the same.</param>
    public static RenewalPlan Plan(CatalogComparison? comparison, Level level, IReadOnlyCollection<MovedAnswer> previous)
    {
        if (comparison is null)
        {
            return new RenewalPlan(
                [.. previous.Where(a => a.Value is not null || a.Supplement is not null).OrderBy(a => a.CriterionId, CatalogNumber.Comparer)
                    .Select(a => new CarriedAnswer(a.CriterionId, a.Value, a.Supplement, CriterionChanged: false))],
                [],
                []);
        }

        var moved = CatalogMigration.Plan(comparison, level, [.. previous.Where(a => a.Value is not null || a.Supplement is not null)]);
        return new RenewalPlan(
            [.. moved.Kept.Select(a => new CarriedAnswer(a.CriterionId, a.Value, a.Supplement, false))
                .Concat(moved.Flagged.Select(a => new CarriedAnswer(a.CriterionId, a.Value, a.Supplement, true)))
                .OrderBy(a => a.CriterionId, CatalogNumber.Comparer)],
            moved.Dropped,
            moved.Open);
    }

    /// <summary>Whether an answer differs from what was carried over (the expert's "changed since last year").</summary>
    public static bool Changed(string? previousValue, string? previousSupplement, string? value, string? supplement) =>
        !string.Equals(previousValue, value, StringComparison.Ordinal) || !string.Equals(previousSupplement, supplement, StringComparison.Ordinal);
}
