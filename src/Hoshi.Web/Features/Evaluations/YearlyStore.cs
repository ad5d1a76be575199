using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Data.Evaluations;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Evaluations;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Evaluations;

/// <summary>One due date of a holder's yearly self-assessment and where it stands.</summary>
public sealed record YearlyItem(DateOnly DueOn, YearlyStatus Status, YearlySelfAssessmentRecord? Record);

/// <summary>
/// Yearly self-assessments of a ★4 holder: started on a new ★4 round pre-filled with the answers
/// of the evaluation (the holder changes what changed), submitted to the evaluation body, which
/// acknowledges it or raises concerns and sees what moved between met and not met.
/// </summary>
public sealed class YearlyStore(AppDbContext db, AssessmentStore assessments, CatalogStore catalogs, TimeProvider clock)
{
    public static readonly YearlyWindow Window = new();

    public DateOnly Today => JapanTime.DateOf(clock.GetUtcNow());

    /// <summary>The due dates of a registered evaluation's entry and their status today; empty before registration.</summary>
    public async Task<IReadOnlyList<YearlyItem>> ScheduleAsync(EvaluationRecord evaluation, CancellationToken ct = default)
    {
        var entry = await db.RegistryEntries.AsNoTracking().FirstOrDefaultAsync(e => e.AssessmentId == evaluation.AssessmentId, ct);
        if (entry is null)
        {
            return [];
        }

        var records = await db.YearlySelfAssessments.AsNoTracking().Where(y => y.EvaluationId == evaluation.Id).ToDictionaryAsync(y => y.DueOn, ct);
        return [.. YearlySelfAssessmentRules.DueDates(entry.ValidFrom, entry.ValidUntil).Select(due =>
        {
            var record = records.GetValueOrDefault(due);
            return new YearlyItem(due, YearlySelfAssessmentRules.StatusOn(due, Today, Window, record?.Status), record);
        })];
    }

    /// <summary>Starts this year's round, pre-filled with the evaluated answers; null when the window is not open.</summary>
    public async Task<YearlySelfAssessmentRecord?> StartAsync(EvaluationRecord evaluation, DateOnly due, Guid actor, string? address, CancellationToken ct = default)
    {
        var item = (await ScheduleAsync(evaluation, ct)).FirstOrDefault(i => i.DueOn == due);
        if (item is null || item.Status != YearlyStatus.Open || item.Record is not null)
        {
            return item?.Record;
        }

        var evaluated = await db.Assessments.AsNoTracking().FirstAsync(a => a.Id == evaluation.AssessmentId, ct);
        var current = await catalogs.CurrentAsync(ct) ?? throw new InvalidOperationException("No published catalog version.");
        var now = clock.GetUtcNow();
        var round = new AssessmentRecord
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = evaluated.OrganizationId,
            Level = Level.Star4,
            CatalogVersionId = current.Id,
            State = AssessmentState.Draft,
            ScopeJson = evaluated.ScopeJson,
            CreatedBy = actor,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        db.Assessments.Add(round);
        foreach (var answer in await db.Answers.AsNoTracking().Where(a => a.AssessmentId == evaluated.Id).ToListAsync(ct))
        {
            db.Answers.Add(new AnswerRecord
            {
                AssessmentId = round.Id,
                CriterionId = answer.CriterionId,
                Value = answer.Value,
                Supplement = answer.Supplement,
                UpdatedBy = actor,
                UpdatedAt = now.UtcDateTime,
                Version = 1,
            });
        }

        var record = new YearlySelfAssessmentRecord
        {
            Id = Guid.CreateVersion7(now),
            EvaluationId = evaluation.Id,
            DueOn = due,
            AssessmentId = round.Id,
            Status = YearlyStatus.Open,
            Version = 1,
        };
        db.YearlySelfAssessments.Add(record);
        db.Audit(new AuditEvent(actor.ToString(), evaluated.OrganizationId.ToString(), "evaluation.yearly-started", "Evaluation", evaluation.Id.ToString(),
            JsonSerializer.Serialize(new { due, round = round.Id }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone else started it at the same moment: theirs stands.
            db.ChangeTracker.Clear();
            return await db.YearlySelfAssessments.AsNoTracking().FirstAsync(y => y.EvaluationId == evaluation.Id && y.DueOn == due, ct);
        }

        return record;
    }

    /// <summary>Submits this year's round to the evaluation body; refused (with why) while the sheet is incomplete or the window is closed.</summary>
    public async Task<string?> SubmitAsync(EvaluationRecord evaluation, Guid yearlyId, Guid actor, string? address, CancellationToken ct = default)
    {
        var record = await db.YearlySelfAssessments.FirstAsync(y => y.Id == yearlyId && y.EvaluationId == evaluation.Id, ct);
        if (YearlySelfAssessmentRules.StatusOn(record.DueOn, Today, Window, record.Status) != YearlyStatus.Open)
        {
            return "The yearly self-assessment is not open for submission.";
        }

        var loaded = (await assessments.LoadAsync(record.AssessmentId, ct))!;
        var answers = await assessments.AnswersAsync(record.AssessmentId, ct);
        var progress = SheetProgress.Of(loaded.Catalog, Level.Star4, id => answers.TryGetValue(id, out var a) ? (a.Value, a.Supplement) : null);
        if (!progress.IsComplete)
        {
            return $"{progress.Missing.Count} criteria are not answered completely.";
        }

        var now = clock.GetUtcNow();
        var round = await db.Assessments.FirstAsync(a => a.Id == record.AssessmentId, ct);
        round.SubmitYearly();
        round.UpdatedAt = now.UtcDateTime;
        record.Status = YearlyStatus.Submitted;
        record.SubmittedAt = now.UtcDateTime;
        record.SubmittedBy = actor;
        db.Audit(new AuditEvent(actor.ToString(), evaluation.ApplicantId.ToString(), "evaluation.yearly-submitted", "Evaluation", evaluation.Id.ToString(),
            JsonSerializer.Serialize(new { due = record.DueOn }), address), now);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The body acknowledges a submitted yearly self-assessment or raises concerns (with text).</summary>
    public async Task<bool> RespondAsync(EvaluationRecord evaluation, Guid yearlyId, bool concerns, string? response, Guid actor, string? address, CancellationToken ct = default)
    {
        var record = await db.YearlySelfAssessments.FirstAsync(y => y.Id == yearlyId && y.EvaluationId == evaluation.Id, ct);
        if (record.Status != YearlyStatus.Submitted || (concerns && string.IsNullOrWhiteSpace(response)) || response?.Length > 4000)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        record.Status = concerns ? YearlyStatus.ConcernsRaised : YearlyStatus.Acknowledged;
        record.Response = string.IsNullOrWhiteSpace(response) ? null : response.Trim();
        record.RespondedAt = now.UtcDateTime;
        record.RespondedBy = actor;
        db.Audit(new AuditEvent(actor.ToString(), evaluation.ApplicantId.ToString(), "evaluation.yearly-" + (concerns ? "concerns" : "acknowledged"), "Evaluation", evaluation.Id.ToString(),
            JsonSerializer.Serialize(new { due = record.DueOn, response = record.Response }), address), now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>What moved between met and not met since the evaluation.</summary>
    public async Task<IReadOnlyList<YearlyChange>> ChangesAsync(EvaluationRecord evaluation, YearlySelfAssessmentRecord record, CancellationToken ct = default)
    {
        var then = await db.Answers.AsNoTracking().Where(a => a.AssessmentId == evaluation.AssessmentId).ToDictionaryAsync(a => a.CriterionId, a => a.Value, ct);
        var now = await db.Answers.AsNoTracking().Where(a => a.AssessmentId == record.AssessmentId).ToDictionaryAsync(a => a.CriterionId, a => a.Value, ct);
        return YearlySelfAssessmentRules.Changes(then, now);
    }
}
