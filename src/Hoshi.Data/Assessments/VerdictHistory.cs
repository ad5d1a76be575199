using Hoshi.Domain.Assessments;

namespace Hoshi.Data.Assessments;

/// <summary>Verdicts keep their history: every change of a <see cref="VerdictRecord"/> goes through here.</summary>
public static class VerdictHistory
{
    /// <summary>Sets a verdict and keeps it in the verdict history (one place for the page, the Excel import and ★4 fix verification).</summary>
    public static void RecordVerdict(this AppDbContext db, VerdictRecord record, int round, Verdict verdict, string? remark, Guid actor, DateTimeOffset now)
    {
        record.Verdict = verdict;
        record.Remark = remark;
        record.UpdatedBy = actor;
        record.UpdatedAt = now.UtcDateTime;
        db.VerdictRevisions.Add(new VerdictRevisionRecord
        {
            Id = Guid.CreateVersion7(now),
            AssessmentId = record.AssessmentId,
            CriterionId = record.CriterionId,
            Round = round,
            Verdict = verdict,
            Remark = remark,
            ChangedBy = actor,
            ChangedAt = now.UtcDateTime,
        });
    }
}
