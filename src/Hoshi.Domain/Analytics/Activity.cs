namespace Hoshi.Domain.Analytics;

/// <summary>
/// A distribution of figures from some organizations (hours, days): count, median, 90th percentile
/// and the share at or below a limit. From fewer than five organizations it is suppressed.
/// </summary>
public sealed record Distribution(int Count, double? Median, double? P90, double? ShareWithin, double? Within)
{
    public bool Suppressed => Count < Conformance.MinimumOrganizations;
}

/// <summary>One kind and how many of the whole fall into it.</summary>
public sealed record Share<TKind>(TKind Kind, int Count, double? Fraction);

/// <summary>Where the applicant's expert came from (the pilot asked whether experts were available in-house).</summary>
public enum ExpertSource
{
    /// <summary>A member of the applicant organization.</summary>
    InHouse,

    /// <summary>An outside expert working for a vendor or firm (an affiliation given).</summary>
    ExternalVendor,

    /// <summary>An outside expert with no affiliation (independent).</summary>
    ExternalOther,
}

/// <summary>Statistics for the scheme owner's analytics: distributions, shares, effort limits, expert sources.</summary>
public static class Statistics
{
    /// <summary>The pilot's effort marks: ★3 3 h on scope and 19 h on the sheet; ★4 9 h and 89 h.</summary>
    public static (double Scope, double Sheet) EffortLimits(Level level) => level == Level.Star3 ? (3, 19) : (9, 89);

    /// <summary>The p-th percentile (0–1) of sorted values, interpolated between neighbours.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        var position = p * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }

    /// <summary>The distribution of values (one per organization); suppressed (no figures) under five.</summary>
    public static Distribution Distribution(IEnumerable<double> values, double? within = null)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count < Conformance.MinimumOrganizations)
        {
            return new Distribution(sorted.Count, null, null, null, within);
        }

        return new Distribution(sorted.Count, Percentile(sorted, 0.5), Percentile(sorted, 0.9), within is { } w ? (double)sorted.Count(v => v <= w) / sorted.Count : null, within);
    }

    /// <summary>In-house when the expert is a member of the applicant; otherwise by whether an affiliation is named.</summary>
    public static ExpertSource Classify(bool expertIsMember, string? affiliation) =>
        expertIsMember ? ExpertSource.InHouse : string.IsNullOrWhiteSpace(affiliation) ? ExpertSource.ExternalOther : ExpertSource.ExternalVendor;

    /// <summary>Count and share of each kind (every kind listed, in order); no fractions when the whole is under five.</summary>
    public static IReadOnlyList<Share<TKind>> Shares<TKind>(IEnumerable<TKind> items)
        where TKind : struct, Enum
    {
        var list = items.ToList();
        var suppressed = list.Count < Conformance.MinimumOrganizations;
        return [.. Enum.GetValues<TKind>().Select(kind =>
        {
            var count = list.Count(i => EqualityComparer<TKind>.Default.Equals(i, kind));
            return new Share<TKind>(kind, count, suppressed ? null : (double)count / list.Count);
        })];
    }

    /// <summary>A count to show: as is when zero or at least five, otherwise it would point at a few organizations.</summary>
    public static bool Hidden(int count) => count is > 0 and < Conformance.MinimumOrganizations;
}

/// <summary>One finished review: who reviewed (an expert, or an evaluation body for ★4), the final verdicts, rechecks asked and nonconformities raised.</summary>
public sealed record ReviewFacts(Guid Reviewer, IReadOnlyDictionary<string, bool> Conformant, int Rechecks, int Nonconformities);

/// <summary>
/// A reviewer's line: reviews done, verdicts by kind, rechecks and nonconformities per review, and
/// how far their conformant share departs from the other reviewers' on the same criteria (in
/// percentage points, weighted by their verdicts; positive = judged conformant more often).
/// Fewer than five reviews: suppressed.
/// </summary>
public sealed record ReviewerLine(Guid Reviewer, int Reviews, int Conformant, int Nonconformant, double RechecksPerReview, double NonconformitiesPerReview, double? Departure)
{
    public bool Suppressed => Reviews < Conformance.MinimumOrganizations;
}

/// <summary>A reviewer's final verdicts on one criterion: how many conformant, of how many.</summary>
public sealed record ReviewerCriterion(Guid Reviewer, string CriterionId, int Conformant, int All);

/// <summary>A reviewer's reviews done, rechecks asked and nonconformities raised over them.</summary>
public sealed record ReviewerWork(Guid Reviewer, int Reviews, int Rechecks, int Nonconformities);

public static class Reviewers
{
    /// <summary>The tallies of single reviews (what the database aggregates in SQL).</summary>
    public static (IReadOnlyList<ReviewerCriterion> Criteria, IReadOnlyList<ReviewerWork> Work) Tally(IEnumerable<ReviewFacts> reviews)
    {
        var list = reviews.ToList();
        return (
            [.. list.SelectMany(r => r.Conformant.Select(v => (r.Reviewer, v.Key, v.Value))).GroupBy(x => (x.Reviewer, x.Key)).Select(g => new ReviewerCriterion(g.Key.Reviewer, g.Key.Key, g.Count(x => x.Value), g.Count()))],
            [.. list.GroupBy(r => r.Reviewer).Select(g => new ReviewerWork(g.Key, g.Count(), g.Sum(r => r.Rechecks), g.Sum(r => r.Nonconformities)))]);
    }

    /// <summary>One line per reviewer, most reviews first.</summary>
    public static IReadOnlyList<ReviewerLine> Lines(IReadOnlyCollection<ReviewerCriterion> criteria, IReadOnlyCollection<ReviewerWork> work)
    {
        // Per criterion: conformant and total verdicts of everyone, to take a reviewer's own out.
        var totals = criteria.GroupBy(c => c.CriterionId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (Conformant: g.Sum(c => c.Conformant), All: g.Sum(c => c.All)), StringComparer.Ordinal);
        var byReviewer = criteria.ToLookup(c => c.Reviewer);
        return [.. work.Where(w => w.Reviews > 0).Select(w =>
        {
            double weighted = 0;
            var weight = 0;
            foreach (var own in byReviewer[w.Reviewer].Where(c => c.All > 0))
            {
                var (tc, ta) = totals[own.CriterionId];
                var others = ta - own.All;
                if (others == 0)
                {
                    continue;
                }

                weighted += own.All * (((double)own.Conformant / own.All) - ((double)(tc - own.Conformant) / others));
                weight += own.All;
            }

            var conformant = byReviewer[w.Reviewer].Sum(c => c.Conformant);
            return new ReviewerLine(
                w.Reviewer, w.Reviews, conformant, byReviewer[w.Reviewer].Sum(c => c.All) - conformant,
                (double)w.Rechecks / w.Reviews, (double)w.Nonconformities / w.Reviews,
                weight == 0 ? null : 100 * weighted / weight);
        }).OrderByDescending(l => l.Reviews).ThenBy(l => l.Reviewer)];
    }
}

/// <summary>An entry (or <paramref name="Count"/> entries alike) as the history needs it.</summary>
public sealed record EntryFacts(Level Level, DateOnly ValidFrom, DateOnly ValidUntil, string Status, DateOnly? StatusChangedOn, int Count = 1);

/// <summary>At the end of one month: entries of a level by status.</summary>
public sealed record RegistryMonth(DateOnly MonthEnd, Level Level, int Valid, int Suspended, int Revoked, int Expired);

/// <summary>Holders over time and expiries coming, from the entries' dates (the registry is public: no suppression).</summary>
public static class RegistryHistory
{
    /// <summary>The status an entry had at the end of a day: not yet in force (null), or valid, suspended, revoked, expired.</summary>
    public static string? StatusOn(EntryFacts entry, DateOnly day)
    {
        if (entry.ValidFrom > day)
        {
            return null;
        }

        if (entry.Status is "revoked" or "suspended" && entry.StatusChangedOn is { } changed && changed <= day)
        {
            return entry.Status;
        }

        return entry.ValidUntil < day ? "expired" : "valid";
    }

    /// <summary>The last <paramref name="months"/> month ends up to the month of <paramref name="today"/> (today for the current month).</summary>
    public static IReadOnlyList<DateOnly> MonthEnds(DateOnly today, int months) =>
        [.. Enumerable.Range(0, months).Reverse().Select(i =>
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-i);
            var end = first.AddMonths(1).AddDays(-1);
            return end > today ? today : end;
        })];

    public static IReadOnlyList<RegistryMonth> Monthly(IReadOnlyCollection<EntryFacts> entries, IReadOnlyList<DateOnly> monthEnds) =>
        [.. monthEnds.SelectMany(end => new[] { Level.Star3, Level.Star4 }.Select(level =>
        {
            var statuses = entries.Where(e => e.Level == level).Select(e => (Status: StatusOn(e, end), e.Count)).ToList();
            int Sum(string status) => statuses.Where(s => s.Status == status).Sum(s => s.Count);
            return new RegistryMonth(end, level, Sum("valid"), Sum("suspended"), Sum("revoked"), Sum("expired"));
        }))];

    /// <summary>Valid entries whose validity ends in each of the next months (the first month from today).</summary>
    public static IReadOnlyList<(DateOnly Month, Level Level, int Count)> ExpiriesComing(IReadOnlyCollection<EntryFacts> entries, DateOnly today, int months) =>
        [.. Enumerable.Range(0, months).SelectMany(i =>
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(i);
            var last = first.AddMonths(1).AddDays(-1);
            return new[] { Level.Star3, Level.Star4 }.Select(level => (first, level, entries.Where(e => e.Level == level && e.Status == "valid" && e.ValidUntil >= today && e.ValidUntil >= first && e.ValidUntil <= last).Sum(e => e.Count)));
        })];
}
