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
    /// <summary>
    /// The latest <paramref name="perKind"/> answers and the latest <paramref name="perKind"/> verdicts given
    /// on each of <paramref name="criteria"/> of the round, for the history under each criterion (one
    /// statement). Autosave keeps every pause in typing, so a criterion's history grows with the round's
    /// life; the page shows its latest lines and reads no more than it can show.
    /// </summary>
    public Task<List<HistoryRow>> HistoryAsync(Guid assessmentId, IReadOnlyCollection<string> criteria, int perKind, CancellationToken ct = default)
    {
        var later = perKind - 1;
        // A line is read when fewer than perKind lines of its kind on its criterion are later than it
        // (one step back along the index on (round, criterion, time) for each line at most perKind long).
        // The verdicts first: in a UNION ALL the first part's columns give the types, and a NULL in
        // place of a verdict stored as text would be read as a number.
        return db.VerdictRevisions.AsNoTracking()
            .Where(r => r.AssessmentId == assessmentId && criteria.Contains(r.CriterionId)
                && !db.VerdictRevisions.Where(o => o.AssessmentId == assessmentId && o.CriterionId == r.CriterionId && o.ChangedAt > r.ChangedAt).Skip(later).Any())
            .Select(r => new HistoryRow { CriterionId = r.CriterionId, ChangedAt = r.ChangedAt, Round = r.Round, IsVerdict = true, Value = null, Verdict = r.Verdict, Supplement = r.Remark, Reply = null })
            .Concat(db.AnswerRevisions.AsNoTracking()
                .Where(r => r.AssessmentId == assessmentId && criteria.Contains(r.CriterionId)
                    && !db.AnswerRevisions.Where(o => o.AssessmentId == assessmentId && o.CriterionId == r.CriterionId && o.ChangedAt > r.ChangedAt).Skip(later).Any())
                .Select(r => new HistoryRow { CriterionId = r.CriterionId, ChangedAt = r.ChangedAt, Round = r.Round, IsVerdict = false, Value = r.Value, Verdict = null, Supplement = r.Supplement, Reply = r.Reply }))
            .ToListAsync(ct);
    }
}
