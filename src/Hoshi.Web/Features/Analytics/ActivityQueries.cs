using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Analytics;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Evaluations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Analytics;

/// <summary>What the activity analytics are computed over (the registry's view follows neither level nor catalog version: it shows both levels).</summary>
public sealed record ActivityFilter(Level Level, string? CatalogId, DateOnly? From, DateOnly? To, string? Industry, string? PrefectureCode);

/// <summary>A reviewer's line with the name to show (an expert's display name, or an evaluation body's name).</summary>
public sealed record NamedReviewerLine(string Name, ReviewerLine Line);

/// <summary>
/// The figures of the activity page: effort, where experts came from, the pipeline, the registry
/// over time and the reviewers. Everything is an aggregate; <see cref="Statistics"/> and
/// <see cref="Reviewers"/> hide what fewer than five organizations would give.
/// </summary>
public sealed record ActivityReport(
    int Organizations,
    Distribution ScopeHours,
    Distribution SheetHours,
    IReadOnlyList<(string Bucket, int Scope, int Sheet)> HourBuckets,
    IReadOnlyList<Share<ExpertSource>> Experts,
    int WithoutExpert,
    IReadOnlyList<(AssessmentState State, int Count)> ByState,
    Distribution DaysToRegistration,
    double? RechecksPerReview,
    int Reviews,
    double? NonconformitiesPerEvaluation,
    int Evaluations,
    (int InTime, int Late)? CorrectiveActions,
    IReadOnlyList<RegistryMonth> RegistryMonths,
    IReadOnlyList<(DateOnly Month, Level Level, int Count)> ExpiriesComing,
    IReadOnlyList<NamedReviewerLine> ReviewerLines);

/// <summary>Reads the activity figures; the large tables are aggregated by the database, the rest is per round (one row each).</summary>
public sealed class ActivityQueries(AppDbContext db, TimeProvider clock)
{
    /// <summary>Hour buckets of the effort histogram (upper bounds; the last is open).</summary>
    public static readonly double[] HourEdges = [3, 9, 19, 40, 89];

    private static readonly EvaluationState[] Decided = [EvaluationState.CorrectiveActions, EvaluationState.Passed, EvaluationState.Failed, EvaluationState.Registered];

    public async Task<ActivityReport> ReportAsync(ActivityFilter filter, CancellationToken ct = default)
    {
        var rounds = from a in db.Assessments.AsNoTracking()
                     where a.Level == filter.Level && (filter.CatalogId == null || filter.CatalogId == "" || a.CatalogVersionId == filter.CatalogId)
                     join o in db.Organizations on a.OrganizationId equals o.Id
                     where (filter.Industry == null || filter.Industry == "" || o.Industry == filter.Industry)
                        && (filter.PrefectureCode == null || filter.PrefectureCode == "" || o.PrefectureCode == filter.PrefectureCode)
                     select a;
        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-9);
            rounds = rounds.Where(a => a.UpdatedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-9);
            rounds = rounds.Where(a => a.UpdatedAt < end);
        }

        var finished = rounds.Where(a => ConformanceQueries.Finished.Contains(a.State));

        // Effort and experts: each organization's latest finished round.
        var facts = await finished.Select(a => new { a.Id, a.OrganizationId, a.UpdatedAt, a.HoursOnScope, a.HoursOnSheet, a.ExpertUserId }).ToListAsync(ct);
        var latest = facts.GroupBy(f => f.OrganizationId).Select(g => g.MaxBy(f => (f.UpdatedAt, f.Id))!).ToList();
        var (scopeLimit, sheetLimit) = Statistics.EffortLimits(filter.Level);
        var scope = latest.Where(f => f.HoursOnScope is not null).Select(f => (double)f.HoursOnScope!.Value).ToList();
        var sheet = latest.Where(f => f.HoursOnSheet is not null).Select(f => (double)f.HoursOnSheet!.Value).ToList();
        var buckets = HourEdges.Append(double.PositiveInfinity).Select((edge, i) =>
        {
            var low = i == 0 ? double.NegativeInfinity : HourEdges[i - 1];
            var label = i == 0 ? $"≤{edge:0}h" : double.IsPositiveInfinity(edge) ? $">{low:0}h" : $"{low:0}–{edge:0}h";
            return (label, scope.Count(v => v > low && v <= edge), sheet.Count(v => v > low && v <= edge));
        }).ToList();

        var withExpert = latest.Where(f => f.ExpertUserId is not null).ToList();
        var expertIds = withExpert.Select(f => f.ExpertUserId!.Value).Distinct().ToList();
        var memberships = new HashSet<(Guid, Guid)>();
        var affiliations = new Dictionary<Guid, string?>();
        foreach (var chunk in expertIds.Chunk(500))
        {
            foreach (var m in await db.Memberships.AsNoTracking().Where(m => chunk.Contains(m.UserId)).Select(m => new { m.UserId, m.OrganizationId }).ToListAsync(ct))
            {
                memberships.Add((m.UserId, m.OrganizationId));
            }

            foreach (var p in await db.ExpertProfiles.AsNoTracking().Where(p => chunk.Contains(p.UserId)).Select(p => new { p.UserId, p.Affiliation }).ToListAsync(ct))
            {
                affiliations[p.UserId] = p.Affiliation;
            }
        }

        var experts = Statistics.Shares(withExpert.Select(f => Statistics.Classify(memberships.Contains((f.ExpertUserId!.Value, f.OrganizationId)), affiliations.GetValueOrDefault(f.ExpertUserId!.Value))));

        // Pipeline: every round of the level by state; days from start to registration.
        var byState = (await rounds.GroupBy(a => a.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.State, x => x.Count);
        var states = Enum.GetValues<AssessmentState>().Select(s => (s, byState.GetValueOrDefault(s))).ToList();
        var registered = await (from e in db.RegistryEntries.AsNoTracking()
                                join a in rounds on e.AssessmentId equals a.Id
                                select new { a.CreatedAt, e.RegisteredAt }).ToListAsync(ct);
        var days = Statistics.Distribution(registered.Select(r => (r.RegisteredAt - r.CreatedAt).TotalDays));

        // Reviewers: experts for ★3, evaluation bodies for ★4; final verdicts tallied by the database.
        List<ReviewerCriterion> tallies;
        List<ReviewerWork> work;
        Dictionary<Guid, string> names;
        double? nonconformitiesPerEvaluation = null;
        var evaluationsCount = 0;
        (int, int)? corrective = null;
        if (filter.Level == Level.Star3)
        {
            var reviewed = finished.Where(a => a.ExpertUserId != null);
            tallies = [.. (await (from v in db.Verdicts.AsNoTracking()
                                  join a in reviewed on v.AssessmentId equals a.Id
                                  where v.Verdict != Verdict.Recheck
                                  group v by new { Reviewer = a.ExpertUserId!.Value, v.CriterionId } into g
                                  select new { g.Key.Reviewer, g.Key.CriterionId, Conformant = g.Count(x => x.Verdict == Verdict.Conformant), All = g.Count() }).ToListAsync(ct))
                .Select(x => new ReviewerCriterion(x.Reviewer, x.CriterionId, x.Conformant, x.All))];
            var rechecks = await (from v in db.VerdictRevisions.AsNoTracking()
                                  join a in reviewed on v.AssessmentId equals a.Id
                                  where v.Verdict == Verdict.Recheck
                                  select new { Reviewer = a.ExpertUserId!.Value, v.AssessmentId, v.CriterionId }).Distinct().ToListAsync(ct);
            var reviews = await reviewed.GroupBy(a => a.ExpertUserId!.Value).Select(g => new { Reviewer = g.Key, Count = g.Count() }).ToListAsync(ct);
            var nonconformant = tallies.GroupBy(t => t.Reviewer).ToDictionary(g => g.Key, g => g.Sum(t => t.All - t.Conformant));
            work = [.. reviews.Select(r => new ReviewerWork(r.Reviewer, r.Count, rechecks.Count(x => x.Reviewer == r.Reviewer), nonconformant.GetValueOrDefault(r.Reviewer)))];
            var ids = work.Select(w => w.Reviewer).ToList();
            names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        }
        else
        {
            var evaluations = from e in db.Evaluations.AsNoTracking()
                              where Decided.Contains(e.State)
                              join a in rounds on e.AssessmentId equals a.Id
                              select e;
            tallies = [.. (await (from v in db.Verdicts.AsNoTracking()
                                  join e in evaluations on v.AssessmentId equals e.AssessmentId
                                  where v.Verdict != Verdict.Recheck
                                  group v by new { Reviewer = e.BodyId, v.CriterionId } into g
                                  select new { g.Key.Reviewer, g.Key.CriterionId, Conformant = g.Count(x => x.Verdict == Verdict.Conformant), All = g.Count() }).ToListAsync(ct))
                .Select(x => new ReviewerCriterion(x.Reviewer, x.CriterionId, x.Conformant, x.All))];
            var rechecks = await (from v in db.VerdictRevisions.AsNoTracking()
                                  join e in evaluations on v.AssessmentId equals e.AssessmentId
                                  where v.Verdict == Verdict.Recheck
                                  select new { Reviewer = e.BodyId, v.AssessmentId, v.CriterionId }).Distinct().ToListAsync(ct);
            var perEvaluation = await evaluations.Select(e => new
            {
                e.Id,
                e.BodyId,
                e.CorrectiveActionDeadline,
                Nonconformities = db.Nonconformities.Count(n => n.EvaluationId == e.Id),
            }).ToListAsync(ct);
            work = [.. perEvaluation.GroupBy(e => e.BodyId).Select(g => new ReviewerWork(g.Key, g.Count(), rechecks.Count(x => x.Reviewer == g.Key), g.Sum(e => e.Nonconformities)))];
            evaluationsCount = perEvaluation.Count;
            nonconformitiesPerEvaluation = perEvaluation.Count == 0 ? null : perEvaluation.Average(e => (double)e.Nonconformities);
            var today = JapanTime.DateOf(clock.GetUtcNow());
            var withDeadline = await (from n in db.Nonconformities.AsNoTracking()
                                      join e in evaluations on n.EvaluationId equals e.Id
                                      where e.CorrectiveActionDeadline != null
                                      select new { Deadline = e.CorrectiveActionDeadline!.Value, n.Status, n.VerifiedAt }).ToListAsync(ct);
            int inTime = 0, late = 0;
            foreach (var n in withDeadline)
            {
                if (n.Status == NonconformityStatus.Verified && n.VerifiedAt is { } verified)
                {
                    if (JapanTime.DateOf(new DateTimeOffset(verified, TimeSpan.Zero)) <= n.Deadline)
                    {
                        inTime++;
                    }
                    else
                    {
                        late++;
                    }
                }
                else if (n.Deadline < today)
                {
                    late++;
                }
            }

            corrective = (inTime, late);
            var ids = work.Select(w => w.Reviewer).ToList();
            names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.LegalNameJa, ct);
        }

        var lines = Reviewers.Lines(tallies, work).Select(l => new NamedReviewerLine(names.GetValueOrDefault(l.Reviewer) ?? l.Reviewer.ToString(), l)).ToList();
        var reviewsDone = work.Sum(w => w.Reviews);
        double? rechecksPerReview = reviewsDone == 0 ? null : (double)work.Sum(w => w.Rechecks) / reviewsDone;

        var (months, coming) = await RegistryAsync(filter, ct);
        return new ActivityReport(
            latest.Count, Statistics.Distribution(scope, scopeLimit), Statistics.Distribution(sheet, sheetLimit), buckets,
            experts, latest.Count - withExpert.Count, states, days, rechecksPerReview, reviewsDone, nonconformitiesPerEvaluation, evaluationsCount, corrective,
            months, coming, lines);
    }

    /// <summary>
    /// The registry over the last twelve months and the expiries of the next six: entries alike
    /// (level, status, dates) are counted by the database; the few suspended or revoked ones are
    /// read one by one for the day they changed.
    /// </summary>
    private async Task<(IReadOnlyList<RegistryMonth>, IReadOnlyList<(DateOnly, Level, int)>)> RegistryAsync(ActivityFilter filter, CancellationToken ct)
    {
        var entries = from e in db.RegistryEntries.AsNoTracking()
                      join o in db.Organizations on e.OrganizationId equals o.Id
                      where (filter.Industry == null || filter.Industry == "" || o.Industry == filter.Industry)
                         && (filter.PrefectureCode == null || filter.PrefectureCode == "" || e.PrefectureCode == filter.PrefectureCode)
                      select e;
        var alike = await entries.Where(e => e.Status != "suspended" && e.Status != "revoked")
            .GroupBy(e => new { e.Level, e.Status, e.ValidFrom, e.ValidUntil })
            .Select(g => new { g.Key.Level, g.Key.Status, g.Key.ValidFrom, g.Key.ValidUntil, Count = g.Count() })
            .ToListAsync(ct);
        var changed = await entries.Where(e => e.Status == "suspended" || e.Status == "revoked")
            .Select(e => new { e.Level, e.Status, e.ValidFrom, e.ValidUntil, e.StatusChangedAt })
            .ToListAsync(ct);
        var facts = alike.Select(a => new EntryFacts(a.Level, a.ValidFrom, a.ValidUntil, a.Status, null, a.Count))
            .Concat(changed.Select(c => new EntryFacts(c.Level, c.ValidFrom, c.ValidUntil, c.Status, c.StatusChangedAt is { } at ? JapanTime.DateOf(new DateTimeOffset(at, TimeSpan.Zero)) : c.ValidFrom)))
            .ToList();
        var today = JapanTime.DateOf(clock.GetUtcNow());
        return (RegistryHistory.Monthly(facts, RegistryHistory.MonthEnds(today, 12)), RegistryHistory.ExpiriesComing(facts, today, 6));
    }
}
