using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Audit;
using Hoshi.Web.Features.Assessments;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Reviews;

/// <summary>The outcome of recording a scope verdict: saved, refused (the problems), or changed by someone else since the page was loaded.</summary>
public sealed record ScopeVerdictResult(bool Saved, IReadOnlyList<ScopeReviewProblem> Problems, bool Conflict = false);

/// <summary>
/// The judge's verdict on a round's scope (★3 expert, ★4 lead assessor) and the applicant's reply
/// to a scope recheck; the rules are <see cref="ScopeReview"/>. Who may judge is the page's
/// decision (independence and role); this store checks the round's state and the versions.
/// </summary>
public sealed class ScopeReviewStore(AppDbContext db, TimeProvider clock)
{
    public Task<ScopeReviewRecord?> ForAsync(Guid assessmentId, CancellationToken ct = default) =>
        db.ScopeReviews.AsNoTracking().FirstOrDefaultAsync(r => r.AssessmentId == assessmentId, ct);

    /// <summary>
    /// Records the verdict on the scope as it is now, unless someone recorded one since
    /// <paramref name="expectedVersion"/> (0 for none yet). Only while verdicts may be given.
    /// </summary>
    public async Task<ScopeVerdictResult> JudgeAsync(LoadedAssessment loaded, ScopeVerdict? verdict, string? remark, IReadOnlyDictionary<ScopeExclusion, string?> reasons, int expectedVersion,
        Guid judge, string? address, CancellationToken ct = default)
    {
        var assessment = loaded.Assessment;
        if (!AssessmentLifecycle.ExpertMayGiveVerdicts(assessment.State))
        {
            return new(false, [new("Verdict", "locked")]);
        }

        var scope = loaded.Scope;
        var problems = ScopeReview.Check(verdict, remark, reasons, scope);
        if (problems.Count > 0)
        {
            return new(false, problems);
        }

        var record = await db.ScopeReviews.FirstOrDefaultAsync(r => r.AssessmentId == assessment.Id, ct);
        if ((record?.Version ?? 0) != expectedVersion)
        {
            return new(false, [], Conflict: true);
        }

        var kept = ScopeReview.KeptReasons(reasons, scope);
        var now = clock.GetUtcNow();
        if (record is null)
        {
            record = new ScopeReviewRecord { AssessmentId = assessment.Id, Fingerprint = "", Version = 1 };
            db.ScopeReviews.Add(record);
        }

        record.Verdict = verdict!.Value;
        record.Remark = string.IsNullOrWhiteSpace(remark) ? null : remark.Trim();
        record.ReasonsJson = JsonSerializer.Serialize(kept.ToDictionary(p => p.Key.ToString(), p => p.Value));
        record.Fingerprint = ScopeReview.Fingerprint(scope);
        record.Round = assessment.Round;
        record.JudgedBy = judge;
        record.JudgedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(judge.ToString(), assessment.OrganizationId.ToString(), "assessment.scope-judged", "Assessment", assessment.Id.ToString(),
            JsonSerializer.Serialize(new { verdict = record.Verdict.ToString(), remark = record.Remark, reasons = kept.ToDictionary(p => p.Key.ToString(), p => p.Value), fingerprint = record.Fingerprint }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new(false, [], Conflict: true);
        }

        return new(true, []);
    }
}
