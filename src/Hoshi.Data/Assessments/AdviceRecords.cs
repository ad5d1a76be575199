using Hoshi.Domain.Assessments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Assessments;

/// <summary>
/// A person from outside the applicant invited beside it on one round (issue 25: an adviser). The
/// row stays after removal (<see cref="RemovedAt"/>): an adviser can never judge the round.
/// </summary>
public sealed class AdviserRecord
{
    public Guid AssessmentId { get; set; }

    public Guid UserId { get; set; }

    public Guid InvitedBy { get; set; }

    public DateTime InvitedAt { get; set; }

    public Guid? RemovedBy { get; set; }

    public DateTime? RemovedAt { get; set; }
}

/// <summary>
/// A note on one criterion of a round: a member's question, a comment, or a proposed answer (from
/// an adviser, or from an imported self-check named in <see cref="Source"/>) that a member accepts
/// or declines.
/// </summary>
public sealed class CriterionNoteRecord : IVersioned
{
    public Guid Id { get; set; }

    public Guid AssessmentId { get; set; }

    public required string CriterionId { get; set; }

    public NoteKind Kind { get; set; }

    public NoteState State { get; set; }

    public Guid AuthorId { get; set; }

    public string? Text { get; set; }

    public string? ProposedValue { get; set; }

    public string? ProposedSupplement { get; set; }

    /// <summary>Where a proposal not typed by its author came from (the file and the other scheme's items).</summary>
    public string? Source { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid? DecidedBy { get; set; }

    public DateTime? DecidedAt { get; set; }

    public int Version { get; set; }
}

internal sealed class AdviserConfiguration : IEntityTypeConfiguration<AdviserRecord>
{
    public void Configure(EntityTypeBuilder<AdviserRecord> builder)
    {
        builder.ToTable("Advisers");
        builder.HasKey(a => new { a.AssessmentId, a.UserId });
        builder.HasIndex(a => a.UserId);
        builder.HasOne<AssessmentRecord>().WithMany().HasForeignKey(a => a.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.HoshiUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CriterionNoteConfiguration : IEntityTypeConfiguration<CriterionNoteRecord>
{
    public void Configure(EntityTypeBuilder<CriterionNoteRecord> builder)
    {
        builder.ToTable("CriterionNotes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.CriterionId).HasMaxLength(50);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Text).HasMaxLength(Advice.MaxTextLength);
        builder.Property(n => n.ProposedValue).HasMaxLength(AnswerRules.MaxTextLength);
        builder.Property(n => n.ProposedSupplement).HasMaxLength(Advice.MaxTextLength);
        builder.Property(n => n.Source).HasMaxLength(300);
        builder.Property(n => n.Version).IsConcurrencyToken();
        builder.HasIndex(n => new { n.AssessmentId, n.CriterionId });
        builder.HasOne<AssessmentRecord>().WithMany().HasForeignKey(n => n.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
