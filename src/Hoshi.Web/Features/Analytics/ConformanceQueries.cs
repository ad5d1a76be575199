using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Analytics;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Analytics;

/// <summary>What the analytics are computed over.</summary>
public sealed record AnalyticsFilter(Level Level, string CatalogId, DateOnly? From, DateOnly? To, string? Industry, string? PrefectureCode, bool BySubcategory);

/// <summary>Both views of conformance: the applicants' own answers and the experts' or evaluators' final verdicts.</summary>
public sealed record ConformanceReport(ConformanceTable Answers, ConformanceTable Verdicts, IReadOnlyList<LowCriterion> LowAnswers, IReadOnlyList<LowCriterion> LowVerdicts, IReadOnlyDictionary<string, string> Labels, int Organizations);

/// <summary>
/// Reads finished rounds (reviewed or further) of one level and catalog version with their
/// organizations' bands, and their answers (yes met, no not met; not applicable left out) and final
/// verdicts (conformant met, nonconformant not met; recheck left out), for the conformance tables.
/// </summary>
public sealed class ConformanceQueries(AppDbContext db)
{
    private static readonly AssessmentState[] Finished =
        [AssessmentState.Approved, AssessmentState.NotApproved, AssessmentState.SubmittedForRegistration, AssessmentState.Registered, AssessmentState.Returned];

    public async Task<ConformanceReport> ReportAsync(CatalogVersion catalog, AnalyticsFilter filter, CancellationToken ct = default)
    {
        var rounds = from a in db.Assessments.AsNoTracking()
                     where a.Level == filter.Level && a.CatalogVersionId == filter.CatalogId && Finished.Contains(a.State)
                     join o in db.Organizations on a.OrganizationId equals o.Id
                     select new { a.Id, a.OrganizationId, a.UpdatedAt, o.EmployeeBand, o.Industry, o.PrefectureCode };
        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue).AddHours(-9);
            rounds = rounds.Where(r => r.UpdatedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue).AddHours(-9);
            rounds = rounds.Where(r => r.UpdatedAt < end);
        }

        if (filter.Industry is { Length: > 0 } industry)
        {
            rounds = rounds.Where(r => r.Industry == industry);
        }

        if (filter.PrefectureCode is { Length: > 0 } prefecture)
        {
            rounds = rounds.Where(r => r.PrefectureCode == prefecture);
        }

        var list = await rounds.ToListAsync(ct);
        var ids = list.Select(r => r.Id).ToList();
        var answers = new Dictionary<Guid, Dictionary<string, bool>>();
        var verdicts = new Dictionary<Guid, Dictionary<string, bool>>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var a in await db.Answers.AsNoTracking().Where(a => chunk.Contains(a.AssessmentId) && (a.Value == YesNo.Yes || a.Value == YesNo.No)).Select(a => new { a.AssessmentId, a.CriterionId, a.Value }).ToListAsync(ct))
            {
                (answers.TryGetValue(a.AssessmentId, out var d) ? d : answers[a.AssessmentId] = new(StringComparer.Ordinal))[a.CriterionId] = a.Value == YesNo.Yes;
            }

            foreach (var v in await db.Verdicts.AsNoTracking().Where(v => chunk.Contains(v.AssessmentId) && v.Verdict != Verdict.Recheck).Select(v => new { v.AssessmentId, v.CriterionId, v.Verdict }).ToListAsync(ct))
            {
                (verdicts.TryGetValue(v.AssessmentId, out var d) ? d : verdicts[v.AssessmentId] = new(StringComparer.Ordinal))[v.CriterionId] = v.Verdict == Verdict.Conformant;
            }
        }

        // One round per organization: its latest in the period.
        var latest = list.GroupBy(r => r.OrganizationId).Select(g => g.MaxBy(r => r.UpdatedAt)!).ToList();
        var answerResults = latest.Select(r => new OrganizationResult(r.OrganizationId, r.EmployeeBand, answers.GetValueOrDefault(r.Id) ?? [])).ToList();
        var verdictResults = latest.Select(r => new OrganizationResult(r.OrganizationId, r.EmployeeBand, verdicts.GetValueOrDefault(r.Id) ?? [])).ToList();

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var groups = new List<(string, IReadOnlyCollection<string>)>();
        foreach (var category in catalog.Categories)
        {
            var units = filter.BySubcategory ? category.Subcategories.Select(s => (s.No, s.Name.JaText, Subs: (IEnumerable<string>)[s.No])) : [(category.No, category.Name.JaText, Subs: category.Subcategories.Select(s => s.No))];
            foreach (var (key, label, subs) in units)
            {
                var subSet = subs.ToHashSet(StringComparer.Ordinal);
                var criteria = catalog.Requirements.Where(r => subSet.Contains(r.SubcategoryNo)).SelectMany(r => r.CriteriaFor(filter.Level)).Select(c => c.Id).ToList();
                if (criteria.Count > 0)
                {
                    groups.Add((key, criteria));
                    labels[key] = label;
                }
            }
        }

        var bands = AnalysisBand.Defaults(filter.Level);
        var all = groups.SelectMany(g => g.Item2).ToList();
        return new ConformanceReport(
            Conformance.Table(groups, bands, answerResults), Conformance.Table(groups, bands, verdictResults),
            Conformance.AtOrBelow(all, answerResults), Conformance.AtOrBelow(all, verdictResults), labels, latest.Count);
    }
}
