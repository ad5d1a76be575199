using Hoshi.Data;
using Hoshi.Domain.Assessments;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Reviews;

/// <summary>One line of a criterion's history: an answer given (Value, Supplement, Reply) or a verdict (Verdict, Remark in Supplement).</summary>
public sealed class HistoryRow
{
    public required string CriterionId { get; init; }

    public DateTime ChangedAt { get; init; }

    public int Round { get; init; }

    public bool IsVerdict { get; init; }

    public string? Value { get; init; }

    public Verdict? Verdict { get; init; }

    public string? Supplement { get; init; }

    public string? Reply { get; init; }
}

/// <summary>The review page's reads beyond the round itself.</summary>
public sealed class ReviewQueries(AppDbContext db)
{
    /// <summary>Every answer and every verdict given on <paramref name="criteria"/> of the round, for the history under each criterion (one statement).</summary>
    public Task<List<HistoryRow>> HistoryAsync(Guid assessmentId, IReadOnlyCollection<string> criteria, CancellationToken ct = default) =>
        // The verdicts first: in a UNION ALL the first part's columns give the types, and a NULL in
        // place of a verdict stored as text would be read as a number.
        db.VerdictRevisions.AsNoTracking().Where(r => r.AssessmentId == assessmentId && criteria.Contains(r.CriterionId))
            .Select(r => new HistoryRow { CriterionId = r.CriterionId, ChangedAt = r.ChangedAt, Round = r.Round, IsVerdict = true, Value = null, Verdict = r.Verdict, Supplement = r.Remark, Reply = null })
            .Concat(db.AnswerRevisions.AsNoTracking().Where(r => r.AssessmentId == assessmentId && criteria.Contains(r.CriterionId))
                .Select(r => new HistoryRow { CriterionId = r.CriterionId, ChangedAt = r.ChangedAt, Round = r.Round, IsVerdict = false, Value = r.Value, Verdict = null, Supplement = r.Supplement, Reply = r.Reply }))
            .ToListAsync(ct);
}
