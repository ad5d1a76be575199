using System.Security.Cryptography;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Evaluations;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Evaluations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Evaluations;

/// <summary>The on-site (or remote) audit of a ★4 evaluation: visits, evidence per criterion with files kept with their SHA-256, and effort per step and party.</summary>
public sealed class AuditStore(AppDbContext db, TimeProvider clock)
{
    public Task<List<AuditVisitRecord>> VisitsAsync(Guid evaluationId, CancellationToken ct = default) =>
        db.AuditVisits.AsNoTracking().Where(v => v.EvaluationId == evaluationId).OrderBy(v => v.HeldOn).ToListAsync(ct);

    public Task<List<EvidenceRecord>> EvidenceAsync(Guid evaluationId, CancellationToken ct = default) =>
        db.Evidence.AsNoTracking().Where(e => e.EvaluationId == evaluationId).OrderBy(e => e.CriterionId).ThenBy(e => e.RecordedAt).ToListAsync(ct);

    public async Task<(EvidenceRecord Evidence, byte[] Content)?> FileAsync(Guid evaluationId, Guid evidenceId, CancellationToken ct = default)
    {
        var evidence = await db.Evidence.AsNoTracking().FirstOrDefaultAsync(e => e.Id == evidenceId && e.EvaluationId == evaluationId && e.FileName != null, ct);
        if (evidence is null)
        {
            return null;
        }

        var content = await db.EvidenceContents.AsNoTracking().Where(c => c.EvidenceId == evidenceId).Select(c => c.Content).FirstAsync(ct);
        return (evidence, content);
    }

    public async Task RecordVisitAsync(EvaluationRecord evaluation, DateOnly heldOn, AuditMode mode, string participants, string? notes, Guid actor, string? address, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var visit = new AuditVisitRecord
        {
            Id = Guid.CreateVersion7(now),
            EvaluationId = evaluation.Id,
            HeldOn = heldOn,
            Mode = mode,
            Participants = participants.Trim(),
            Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(),
            RecordedBy = actor,
            RecordedAt = now.UtcDateTime,
        };
        db.AuditVisits.Add(visit);
        db.Audit(new AuditEvent(actor.ToString(), evaluation.ApplicantId.ToString(), "evaluation.audit-recorded", "Evaluation", evaluation.Id.ToString(),
            JsonSerializer.Serialize(new { heldOn, mode = mode.ToString(), visit.Participants, visit.Notes }), address), now);
        await db.SaveChangesAsync(ct);
    }

    public async Task<EvidenceRecord> AddEvidenceAsync(EvaluationRecord evaluation, string criterionId, string? note, string? fileName, string? contentType, byte[]? file, Guid actor, string? address, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var evidence = new EvidenceRecord
        {
            Id = Guid.CreateVersion7(now),
            EvaluationId = evaluation.Id,
            CriterionId = criterionId,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            RecordedBy = actor,
            RecordedAt = now.UtcDateTime,
        };
        if (file is not null)
        {
            evidence.FileName = Path.GetFileName(fileName) is { Length: > 0 } name ? (name.Length > 255 ? name[^255..] : name) : "evidence";
            evidence.ContentType = contentType is { Length: > 0 and <= 100 } type ? type : "application/octet-stream";
            evidence.Size = file.Length;
            evidence.Sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
            db.EvidenceContents.Add(new EvidenceContentRecord { EvidenceId = evidence.Id, Content = file });
        }

        db.Evidence.Add(evidence);
        db.Audit(new AuditEvent(actor.ToString(), evaluation.ApplicantId.ToString(), "evaluation.evidence-added", "Evidence", evidence.Id.ToString(),
            JsonSerializer.Serialize(new { criterion = criterionId, evidence.Note, evidence.FileName, evidence.Size, evidence.Sha256 }), address), now);
        await db.SaveChangesAsync(ct);
        return evidence;
    }

    public Task<List<EffortRecord>> EffortAsync(Guid evaluationId, CancellationToken ct = default) =>
        db.EvaluationEfforts.AsNoTracking().Where(e => e.EvaluationId == evaluationId).ToListAsync(ct);

    /// <summary>Records (or corrects) the hours one party spent on one step.</summary>
    public async Task RecordEffortAsync(EvaluationRecord evaluation, Guid organizationId, EffortStep step, decimal hours, Guid actor, string? address, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var record = await db.EvaluationEfforts.FirstOrDefaultAsync(e => e.EvaluationId == evaluation.Id && e.OrganizationId == organizationId && e.Step == step, ct);
        if (record is null)
        {
            record = new EffortRecord { EvaluationId = evaluation.Id, OrganizationId = organizationId, Step = step };
            db.EvaluationEfforts.Add(record);
        }

        record.Hours = hours;
        record.RecordedBy = actor;
        record.RecordedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(actor.ToString(), evaluation.ApplicantId.ToString(), "evaluation.effort-recorded", "Evaluation", evaluation.Id.ToString(),
            JsonSerializer.Serialize(new { organization = organizationId, step = step.ToString(), hours }), address), now);
        await db.SaveChangesAsync(ct);
    }
}
