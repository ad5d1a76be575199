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

    public EvaluationState State { get; set; }

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
