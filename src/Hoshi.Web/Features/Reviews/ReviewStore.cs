using System.Globalization;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Audit;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Shared.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Reviews;

/// <summary>The outcome of saving one verdict.</summary>
public sealed record VerdictSaveResult(bool Saved, int Version, string? Problem, VerdictRecord? Current)
{
    public bool Conflict => !Saved && Problem is null && Current is not null;
}

/// <summary>
/// The expert's (or the ★4 team's) verdicts on a round: one at a time from the review page, or
/// a whole uploaded sheet. Every change audited and kept in the verdict history.
/// </summary>
public sealed class ReviewStore(AppDbContext db, TimeProvider clock)
{
    public Task<List<AssessmentRecord>> AssignedToAsync(Guid expertUserId, CancellationToken ct = default) =>
        db.Assessments.AsNoTracking().Where(a => a.ExpertUserId == expertUserId).OrderByDescending(a => a.UpdatedAt).ToListAsync(ct);

    /// <summary>Saves a verdict while the round is under review, unless someone saved it since <paramref name="expectedVersion"/>.</summary>
    public async Task<VerdictSaveResult> SaveVerdictAsync(LoadedAssessment loaded, string criterionId, Verdict? verdict, string? remark, int expectedVersion, Guid expert, string? address, CancellationToken ct = default)
    {
        var assessment = loaded.Assessment;
        var criterion = loaded.Catalog.FindCriterion(criterionId);
        if (criterion is null || !criterion.AppliesTo(assessment.Level))
        {
            return new(false, 0, "notOnSheet", null);
        }

        if (!AssessmentLifecycle.ExpertMayGiveVerdicts(assessment.State))
        {
            return new(false, 0, "locked", null);
        }

        if (verdict is not { } given || VerdictRules.Check(given, remark) is not null)
        {
            return new(false, 0, verdict is null ? "verdictRequired" : "remarkRequired", null);
        }

        remark = string.IsNullOrWhiteSpace(remark) ? null : remark.Trim();
        var now = clock.GetUtcNow();
        var record = await db.Verdicts.FirstOrDefaultAsync(v => v.AssessmentId == assessment.Id && v.CriterionId == criterionId, ct);
        if ((record?.Version ?? 0) != expectedVersion)
        {
            return new(false, record?.Version ?? 0, null, record);
        }

        if (record is null)
        {
            record = new VerdictRecord { AssessmentId = assessment.Id, CriterionId = criterionId, Version = 1 };
            db.Verdicts.Add(record);
        }
        else if (record.Verdict == given && record.Remark == remark)
        {
            return new(true, record.Version, null, null);
        }
        else if (assessment.Level == Level.Star4 && record.Verdict != given && (remark is null || remark == record.Remark))
        {
            // In a ★4 evaluation a changed verdict (e.g. after the audit) says why it changed.
            return new(false, record.Version, "reasonRequired", null);
        }

        db.RecordVerdict(record, assessment.Round, given, remark, expert, now);
        db.Audit(new AuditEvent(expert.ToString(), assessment.OrganizationId.ToString(), "assessment.verdict-saved", "Verdict", $"{assessment.Id}/{criterionId}",
            JsonSerializer.Serialize(new { verdict = given.ToString(), remark }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Verdicts.AsNoTracking().FirstOrDefaultAsync(v => v.AssessmentId == assessment.Id && v.CriterionId == criterionId, ct);
            return new(false, current?.Version ?? 0, null, current);
        }

        return new(true, record.Version, null, null);
    }

    /// <summary>
    /// Imports the verdicts of an uploaded expert's sheet in one save, like the applicant's import:
    /// nothing is written when a row is refused unless <paramref name="validRowsOnly"/>.
    /// </summary>
    public async Task<SheetImportResult<VerdictChange>> ImportVerdictsAsync(LoadedAssessment loaded, IReadOnlyList<VerdictRow> rows, SheetVocabulary vocabulary, bool mayJudge, bool validRowsOnly,
        string? fileName, Guid expert, string? address, CancellationToken ct = default)
    {
        var assessment = loaded.Assessment;
        var held = await db.Verdicts.AsNoTracking().Where(v => v.AssessmentId == assessment.Id).ToDictionaryAsync(v => v.CriterionId, v => new HeldVerdict(v.Verdict, v.Remark, v.Version), ct);
        var plan = SheetImportRules.PlanVerdicts(loaded.Catalog, assessment.Level, vocabulary, rows, held, mayJudge && AssessmentLifecycle.ExpertMayGiveVerdicts(assessment.State),
            reasonForChange: assessment.Level == Level.Star4);
        if (plan.Changes.Count == 0 || (!plan.IsClean && !validRowsOnly))
        {
            return new(plan, false, false);
        }

        var now = clock.GetUtcNow();
        var ids = plan.Changes.Select(c => c.CriterionId).ToList();
        var tracked = await db.Verdicts.Where(v => v.AssessmentId == assessment.Id && ids.Contains(v.CriterionId)).ToDictionaryAsync(v => v.CriterionId, ct);
        foreach (var change in plan.Changes)
        {
            if (!tracked.TryGetValue(change.CriterionId, out var record))
            {
                record = new VerdictRecord { AssessmentId = assessment.Id, CriterionId = change.CriterionId, Version = 1 };
                db.Verdicts.Add(record);
            }
            else if (record.Version != change.ExpectedVersion)
            {
                db.ChangeTracker.Clear();
                return new(plan, false, true);
            }

            db.RecordVerdict(record, assessment.Round, change.Verdict, change.Remark, expert, now);
            db.Audit(new AuditEvent(expert.ToString(), assessment.OrganizationId.ToString(), "assessment.verdict-saved", "Verdict", $"{assessment.Id}/{change.CriterionId}",
                JsonSerializer.Serialize(new { verdict = change.Verdict.ToString(), remark = change.Remark, source = "excel" }), address), now);
        }

        db.Audit(new AuditEvent(expert.ToString(), assessment.OrganizationId.ToString(), "assessment.verdicts-imported", "Assessment", assessment.Id.ToString(),
            JsonSerializer.Serialize(new { file = fileName, accepted = plan.Accepted, unchanged = plan.Unchanged, refused = plan.Refused }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new(plan, false, true);
        }

        return new(plan, true, false);
    }
}
