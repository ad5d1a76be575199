using Hoshi.Data;
using Hoshi.Data.Assessments;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Reviews;

/// <summary>The review page's reads beyond the round itself.</summary>
public sealed class ReviewQueries(AppDbContext db)
{
    /// <summary>Every answer and every verdict given on <paramref name="criteria"/> of the round, for the history under each criterion.</summary>
    public async Task<(List<AnswerRevisionRecord> Answers, List<VerdictRevisionRecord> Verdicts)> HistoryAsync(Guid assessmentId, IReadOnlyCollection<string> criteria, CancellationToken ct = default) =>
        (await db.AnswerRevisions.AsNoTracking().Where(r => r.AssessmentId == assessmentId && criteria.Contains(r.CriterionId)).ToListAsync(ct),
         await db.VerdictRevisions.AsNoTracking().Where(r => r.AssessmentId == assessmentId && criteria.Contains(r.CriterionId)).ToListAsync(ct));
}
