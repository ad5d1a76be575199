using System.Security.Cryptography;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Evaluations;
using Hoshi.Domain.Accreditation;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Evaluations;
using Hoshi.Web.Features.Accreditation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Evaluations;

/// <summary>A risky service as configured (section <c>Evaluations:RiskyServices</c>).</summary>
public sealed class RiskyServiceSetting
{
    public string Label { get; set; } = "";

    public List<int> Ports { get; set; } = [];

    public List<string> ServiceNames { get; set; } = [];

    public string Protocol { get; set; } = "tcp";
}

/// <summary>What an import of a scan found: the problem, or the hosts outside the recorded scope (flagged, kept).</summary>
public sealed record ScanImport(NmapProblem Problem, IReadOnlyList<string> OutsideScope);

/// <summary>
/// Technical verification of a ★4 evaluation: who performs it (the body or a separately
/// accredited provider), the external scope, the Nmap scan of the external diagnosis (kept with
/// its SHA-256), the internal check or its accepted alternative, and findings linked to criteria.
/// </summary>
public sealed class TechnicalVerificationStore(AppDbContext db, AccreditationStore accreditations, TimeProvider clock, IOptions<EvaluationSettings> settings)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<RiskyService> RiskyServices => settings.Value.RiskyServices is { Count: > 0 } configured
        ? [.. configured.Select(r => new RiskyService(r.Label, r.Ports, r.ServiceNames, r.Protocol))]
        : ExternalDiagnosis.DefaultRiskyServices;

    public Task<TechnicalVerificationRecord?> FindAsync(Guid evaluationId, CancellationToken ct = default) =>
        db.TechnicalVerifications.AsNoTracking().FirstOrDefaultAsync(t => t.EvaluationId == evaluationId, ct);

    public static NmapScan? ScanOf(TechnicalVerificationRecord? record) =>
        record?.ScanJson is { } json ? JsonSerializer.Deserialize<NmapScan>(json, Json) : null;

    public Task<List<TechnicalFindingRecord>> FindingsAsync(Guid evaluationId, CancellationToken ct = default) =>
        db.TechnicalFindings.AsNoTracking().Where(f => f.EvaluationId == evaluationId).OrderBy(f => f.CreatedAt).ToListAsync(ct);

    /// <summary>Who may be named as the provider: the evaluation body itself, or an organization accredited for technical verification.</summary>
    public async Task<List<AccreditedBody>> ProvidersAsync(CancellationToken ct = default) =>
        await accreditations.AccreditedAsync(AccreditationScope.TechnicalVerification, ct);

    /// <summary>Records provider, scope and the internal check; false when someone changed it since <paramref name="expectedVersion"/> or the provider is not allowed.</summary>
    public async Task<bool> SaveSetupAsync(EvaluationRecord evaluation, Guid providerId, string? externalScope, InternalCheckMethod? method, string? notes, int expectedVersion, Guid actor, string? address, CancellationToken ct = default)
    {
        if (providerId != evaluation.BodyId && !await accreditations.MayActAsync(providerId, AccreditationScope.TechnicalVerification, ct))
        {
            return false;
        }

        var record = await db.TechnicalVerifications.FirstOrDefaultAsync(t => t.EvaluationId == evaluation.Id, ct);
        if ((record?.Version ?? 0) != expectedVersion)
        {
            return false;
        }

        if (record is null)
        {
            record = new TechnicalVerificationRecord { EvaluationId = evaluation.Id, Version = 1 };
            db.TechnicalVerifications.Add(record);
        }

        var now = clock.GetUtcNow();
        record.ProviderId = providerId;
        record.ExternalScope = string.IsNullOrWhiteSpace(externalScope) ? null : externalScope.Trim();
        record.InternalMethod = method;
        record.InternalNotes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        db.Audit(new AuditEvent(actor.ToString(), evaluation.ApplicantId.ToString(), "evaluation.technical-setup-saved", "Evaluation", evaluation.Id.ToString(),
            JsonSerializer.Serialize(new { provider = providerId, scope = record.ExternalScope, method = method?.ToString(), notes = record.InternalNotes }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }

        return true;
    }

    /// <summary>Imports a scan for the external diagnosis (Nmap XML, OpenVAS / Greenbone XML, SARIF 2.1.0; see <see cref="ScanReader"/>). Hosts outside the recorded scope are kept and flagged.</summary>
    public async Task<ScanImport> ImportScanAsync(EvaluationRecord evaluation, string fileName, byte[] file, Guid actor, string? address, CancellationToken ct = default)
    {
        var (scan, problem) = ScanReader.Read(file);
        if (scan is null)
        {
            return new ScanImport(problem, []);
        }

        var record = await db.TechnicalVerifications.FirstOrDefaultAsync(t => t.EvaluationId == evaluation.Id, ct);
        if (record is null)
        {
            record = new TechnicalVerificationRecord { EvaluationId = evaluation.Id, ProviderId = evaluation.BodyId, Version = 1 };
            db.TechnicalVerifications.Add(record);
        }

        var now = clock.GetUtcNow();
        var outside = ExternalDiagnosis.OutsideScope(scan, ExternalDiagnosis.ParseScope(record.ExternalScope).Scope);
        record.ScanFileName = Path.GetFileName(fileName) is { Length: > 0 and <= 255 } name ? name : "scan.xml";
        record.ScanSha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        record.ScanJson = JsonSerializer.Serialize(scan, Json);
        record.ScanUploadedAt = now.UtcDateTime;
        record.ScanUploadedBy = actor;
        db.Audit(new AuditEvent(actor.ToString(), evaluation.ApplicantId.ToString(), "evaluation.scan-imported", "Evaluation", evaluation.Id.ToString(),
            JsonSerializer.Serialize(new { file = record.ScanFileName, sha256 = record.ScanSha256, tool = scan.Tool, hosts = scan.Hosts.Count, vulnerabilities = scan.Vulnerabilities.Count, outsideScope = outside }), address), now);
        await db.SaveChangesAsync(ct);
        return new ScanImport(NmapProblem.None, outside);
    }

    /// <summary>
    /// Records what became of a flagged port: linked to a criterion with a note (open: a
    /// nonconformity on that criterion at the decision), resolved, or accepted with a reason. A
    /// later record for the same port replaces the earlier one; both stay.
    /// </summary>
    public async Task LinkFindingAsync(EvaluationRecord evaluation, string host, int port, string protocol, string risk, string? criterionId, string? note,
        FindingDisposition disposition, string? reason, Guid actor, string? address, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var finding = new TechnicalFindingRecord
        {
            Id = Guid.CreateVersion7(now),
            EvaluationId = evaluation.Id,
            Host = host,
            Port = port,
            Protocol = protocol,
            Risk = risk,
            CriterionId = criterionId,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            Disposition = disposition,
            DispositionReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            CreatedBy = actor,
            CreatedAt = now.UtcDateTime,
        };
        db.TechnicalFindings.Add(finding);
        db.Audit(new AuditEvent(actor.ToString(), evaluation.ApplicantId.ToString(), "evaluation.finding-linked", "Evaluation", evaluation.Id.ToString(),
            JsonSerializer.Serialize(new { host, port, protocol, risk, criterion = criterionId, note = finding.Note, disposition = disposition.ToString(), reason = finding.DispositionReason }), address), now);
        await db.SaveChangesAsync(ct);
    }
}
