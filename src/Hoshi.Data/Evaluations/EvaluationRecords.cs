using Hoshi.Domain.Evaluations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Evaluations;

/// <summary>
/// A ★4 third-party evaluation of one ★4 round (its sheet, verdicts and rechecks are the round's,
/// as in ★3): the body asked, the team, the plan, the decision and the corrective actions.
/// </summary>
public sealed class EvaluationRecord : IVersioned
{
    public Guid Id { get; set; }

    /// <summary>The ★4 round evaluated.</summary>
    public Guid AssessmentId { get; set; }

    public Guid ApplicantId { get; set; }

    /// <summary>The evaluation body asked.</summary>
    public Guid BodyId { get; set; }

    /// <summary>A separate accredited technical verification provider, if any.</summary>
    public Guid? VerificationProviderId { get; set; }

    private EvaluationState _state;

    /// <summary>Set when the record is made; changed only by <see cref="Apply"/>.</summary>
    public EvaluationState State { get => _state; init => _state = value; }

    /// <summary>Takes the step the lifecycle allowed (<see cref="EvaluationLifecycle.Try"/>).</summary>
    public void Apply(EvaluationOutcome outcome)
    {
        if (!outcome.Allowed)
        {
            throw new InvalidOperationException($"A refused step does not change the evaluation: {outcome.Refusal}");
        }

        _state = outcome.State;
    }

    public Guid? LeadAssessorId { get; set; }

    /// <summary>事前調整: notes of the pre-coordination.</summary>
    public string? PlanNotes { get; set; }

    public DateOnly? DocumentReviewOn { get; set; }

    public DateOnly? OnSiteAuditOn { get; set; }

    public DateOnly? TechnicalVerificationOn { get; set; }

    /// <summary>Why the body declined.</summary>
    public string? DeclineReason { get; set; }

    public DateOnly? DecidedOn { get; set; }

    /// <summary>The last day for corrective actions.</summary>
    public DateOnly? CorrectiveActionDeadline { get; set; }

    public Guid RequestedBy { get; set; }

    public DateTime RequestedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>A person of the body on the evaluation team (the lead assessor is on <see cref="EvaluationRecord"/>).</summary>
public sealed class EvaluationAssessorRecord
{
    public Guid EvaluationId { get; set; }

    public Guid UserId { get; set; }

    public DateTime AppointedAt { get; set; }
}

internal sealed class EvaluationConfiguration : IEntityTypeConfiguration<EvaluationRecord>
{
    public void Configure(EntityTypeBuilder<EvaluationRecord> builder)
    {
        builder.ToTable("Evaluations");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.PlanNotes).HasMaxLength(4000);
        builder.Property(e => e.DeclineReason).HasMaxLength(2000);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => e.AssessmentId);
        builder.HasIndex(e => new { e.BodyId, e.State });
        builder.HasIndex(e => e.ApplicantId);
        builder.HasOne<Assessments.AssessmentRecord>().WithMany().HasForeignKey(e => e.AssessmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organizations.OrganizationRecord>().WithMany().HasForeignKey(e => e.BodyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EvaluationAssessorConfiguration : IEntityTypeConfiguration<EvaluationAssessorRecord>
{
    public void Configure(EntityTypeBuilder<EvaluationAssessorRecord> builder)
    {
        builder.ToTable("EvaluationAssessors");
        builder.HasKey(a => new { a.EvaluationId, a.UserId });
        builder.HasIndex(a => a.UserId);
        builder.HasOne<EvaluationRecord>().WithMany().HasForeignKey(a => a.EvaluationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A nonconformity found by a ★4 evaluation and its corrective action.</summary>
public sealed class NonconformityRecord : IVersioned
{
    public Guid Id { get; set; }

    public Guid EvaluationId { get; set; }

    public required string CriterionId { get; set; }

    /// <summary>The assessor's remark when deciding.</summary>
    public string? Finding { get; set; }

    public NonconformityStatus Status { get; set; }

    /// <summary>What the applicant did, and the evidence it names.</summary>
    public string? Fix { get; set; }

    public Guid? FixedBy { get; set; }

    public DateTime? FixedAt { get; set; }

    /// <summary>Why the body found the last fix insufficient.</summary>
    public string? RejectionReason { get; set; }

    public Guid? VerifiedBy { get; set; }

    public DateTime? VerifiedAt { get; set; }

    public int Version { get; set; }
}

internal sealed class NonconformityConfiguration : IEntityTypeConfiguration<NonconformityRecord>
{
    public void Configure(EntityTypeBuilder<NonconformityRecord> builder)
    {
        builder.ToTable("Nonconformities");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.CriterionId).HasMaxLength(50);
        builder.Property(n => n.Finding).HasMaxLength(2000);
        builder.Property(n => n.Fix).HasMaxLength(4000);
        builder.Property(n => n.RejectionReason).HasMaxLength(2000);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Version).IsConcurrencyToken();
        builder.HasIndex(n => new { n.EvaluationId, n.CriterionId }).IsUnique();
        builder.HasOne<EvaluationRecord>().WithMany().HasForeignKey(n => n.EvaluationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The technical verification of a ★4 evaluation (one per evaluation): who, the external scope and scan, the internal check.</summary>
public sealed class TechnicalVerificationRecord : IVersioned
{
    /// <summary>The evaluation's id.</summary>
    public Guid EvaluationId { get; set; }

    /// <summary>The evaluation body itself, or a separate accredited technical verification provider.</summary>
    public Guid ProviderId { get; set; }

    /// <summary>Public IP addresses and ranges in scope of the external diagnosis, as recorded.</summary>
    public string? ExternalScope { get; set; }

    public InternalCheckMethod? InternalMethod { get; set; }

    public string? InternalNotes { get; set; }

    public string? ScanFileName { get; set; }

    public string? ScanSha256 { get; set; }

    /// <summary>The parsed scan (<see cref="NmapScan"/>) as JSON.</summary>
    public string? ScanJson { get; set; }

    public DateTime? ScanUploadedAt { get; set; }

    public Guid? ScanUploadedBy { get; set; }

    public int Version { get; set; }
}

/// <summary>A finding of the technical verification linked to a criterion by an assessor.</summary>
public sealed class TechnicalFindingRecord
{
    public Guid Id { get; set; }

    public Guid EvaluationId { get; set; }

    public required string Host { get; set; }

    public int Port { get; set; }

    public required string Protocol { get; set; }

    public required string Risk { get; set; }

    public string? CriterionId { get; set; }

    public string? Note { get; set; }

    /// <summary>Open (a nonconformity on its criterion at the decision), resolved, or accepted with a reason.</summary>
    public FindingDisposition Disposition { get; set; }

    /// <summary>How it was resolved, or why the risk was accepted.</summary>
    public string? DispositionReason { get; set; }

    public Guid CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>Hours one party spent on one step of an evaluation.</summary>
public sealed class EffortRecord
{
    public Guid EvaluationId { get; set; }

    public Guid OrganizationId { get; set; }

    public EffortStep Step { get; set; }

    public decimal Hours { get; set; }

    public Guid RecordedBy { get; set; }

    public DateTime RecordedAt { get; set; }
}

internal sealed class TechnicalVerificationConfiguration : IEntityTypeConfiguration<TechnicalVerificationRecord>
{
    public void Configure(EntityTypeBuilder<TechnicalVerificationRecord> builder)
    {
        builder.ToTable("TechnicalVerifications");
        builder.HasKey(t => t.EvaluationId);
        builder.Property(t => t.ExternalScope).HasMaxLength(4000);
        builder.Property(t => t.InternalMethod).HasConversion<string>().HasMaxLength(30);
        builder.Property(t => t.InternalNotes).HasMaxLength(4000);
        builder.Property(t => t.ScanFileName).HasMaxLength(255);
        builder.Property(t => t.ScanSha256).HasMaxLength(64);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasOne<EvaluationRecord>().WithOne().HasForeignKey<TechnicalVerificationRecord>(t => t.EvaluationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TechnicalFindingConfiguration : IEntityTypeConfiguration<TechnicalFindingRecord>
{
    public void Configure(EntityTypeBuilder<TechnicalFindingRecord> builder)
    {
        builder.ToTable("TechnicalFindings");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Host).HasMaxLength(100);
        builder.Property(f => f.Protocol).HasMaxLength(10);
        builder.Property(f => f.Risk).HasMaxLength(100);
        builder.Property(f => f.CriterionId).HasMaxLength(50);
        builder.Property(f => f.Note).HasMaxLength(2000);
        builder.Property(f => f.Disposition).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.DispositionReason).HasMaxLength(2000);
        builder.HasIndex(f => f.EvaluationId);
        builder.HasOne<EvaluationRecord>().WithMany().HasForeignKey(f => f.EvaluationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EffortConfiguration : IEntityTypeConfiguration<EffortRecord>
{
    public void Configure(EntityTypeBuilder<EffortRecord> builder)
    {
        builder.ToTable("EvaluationEfforts");
        builder.HasKey(e => new { e.EvaluationId, e.OrganizationId, e.Step });
        builder.Property(e => e.Step).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Hours).HasPrecision(7, 1);
        builder.HasOne<EvaluationRecord>().WithMany().HasForeignKey(e => e.EvaluationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>An on-site (or remote) audit of a ★4 evaluation.</summary>
public sealed class AuditVisitRecord
{
    public Guid Id { get; set; }

    public Guid EvaluationId { get; set; }

    public DateOnly HeldOn { get; set; }

    public AuditMode Mode { get; set; }

    public required string Participants { get; set; }

    public string? Notes { get; set; }

    public Guid RecordedBy { get; set; }

    public DateTime RecordedAt { get; set; }
}

/// <summary>Evidence checked for a criterion: a note and, optionally, a file (its bytes in <see cref="EvidenceContentRecord"/>).</summary>
public sealed class EvidenceRecord
{
    public Guid Id { get; set; }

    public Guid EvaluationId { get; set; }

    public required string CriterionId { get; set; }

    public string? Note { get; set; }

    public string? FileName { get; set; }

    public string? ContentType { get; set; }

    public long Size { get; set; }

    public string? Sha256 { get; set; }

    public Guid RecordedBy { get; set; }

    public DateTime RecordedAt { get; set; }
}

/// <summary>The bytes of an evidence file, apart so that lists never load them.</summary>
public sealed class EvidenceContentRecord
{
    public Guid EvidenceId { get; set; }

    public required byte[] Content { get; set; }
}

internal sealed class AuditVisitConfiguration : IEntityTypeConfiguration<AuditVisitRecord>
{
    public void Configure(EntityTypeBuilder<AuditVisitRecord> builder)
    {
        builder.ToTable("AuditVisits");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Mode).HasConversion<string>().HasMaxLength(10);
        builder.Property(v => v.Participants).HasMaxLength(2000);
        builder.Property(v => v.Notes).HasMaxLength(4000);
        builder.HasIndex(v => v.EvaluationId);
        builder.HasOne<EvaluationRecord>().WithMany().HasForeignKey(v => v.EvaluationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvidenceConfiguration : IEntityTypeConfiguration<EvidenceRecord>
{
    public void Configure(EntityTypeBuilder<EvidenceRecord> builder)
    {
        builder.ToTable("Evidence");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.CriterionId).HasMaxLength(50);
        builder.Property(e => e.Note).HasMaxLength(EvidenceRules.MaxNoteLength);
        builder.Property(e => e.FileName).HasMaxLength(255);
        builder.Property(e => e.ContentType).HasMaxLength(100);
        builder.Property(e => e.Sha256).HasMaxLength(64);
        builder.HasIndex(e => new { e.EvaluationId, e.CriterionId });
        builder.HasOne<EvaluationRecord>().WithMany().HasForeignKey(e => e.EvaluationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvidenceContentConfiguration : IEntityTypeConfiguration<EvidenceContentRecord>
{
    public void Configure(EntityTypeBuilder<EvidenceContentRecord> builder)
    {
        builder.ToTable("EvidenceContents");
        builder.HasKey(e => e.EvidenceId);
        builder.HasOne<EvidenceRecord>().WithOne().HasForeignKey<EvidenceContentRecord>(e => e.EvidenceId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A yearly self-assessment of a ★4 holder for one due date, answered on its own ★4 round and submitted to the evaluation body.</summary>
public sealed class YearlySelfAssessmentRecord : IVersioned
{
    public Guid Id { get; set; }

    /// <summary>The evaluation that led to the registration.</summary>
    public Guid EvaluationId { get; set; }

    public DateOnly DueOn { get; set; }

    /// <summary>The ★4 round holding this year's answers.</summary>
    public Guid AssessmentId { get; set; }

    public YearlyStatus Status { get; set; }

    public DateTime? SubmittedAt { get; set; }

    public Guid? SubmittedBy { get; set; }

    /// <summary>The body's concerns, or its acknowledgement note.</summary>
    public string? Response { get; set; }

    public DateTime? RespondedAt { get; set; }

    public Guid? RespondedBy { get; set; }

    public int Version { get; set; }
}

internal sealed class YearlySelfAssessmentConfiguration : IEntityTypeConfiguration<YearlySelfAssessmentRecord>
{
    public void Configure(EntityTypeBuilder<YearlySelfAssessmentRecord> builder)
    {
        builder.ToTable("YearlySelfAssessments");
        builder.HasKey(y => y.Id);
        builder.Property(y => y.Id).ValueGeneratedNever();
        builder.Property(y => y.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(y => y.Response).HasMaxLength(4000);
        builder.Property(y => y.Version).IsConcurrencyToken();
        builder.HasIndex(y => new { y.EvaluationId, y.DueOn }).IsUnique();
        builder.HasOne<EvaluationRecord>().WithMany().HasForeignKey(y => y.EvaluationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Assessments.AssessmentRecord>().WithMany().HasForeignKey(y => y.AssessmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
