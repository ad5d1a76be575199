using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Guidance;

/// <summary>Hoshi's help on one criterion of one catalog version (the <c>hoshi-help/1</c> object as JSON); edited by the scheme owner, so versioned.</summary>
public sealed class CriterionHelpRecord : IVersioned
{
    public required string CatalogId { get; set; }

    public required string CriterionId { get; set; }

    public required string Json { get; set; }

    /// <summary>Who last edited it; none while it is as shipped.</summary>
    public Guid? UpdatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>Every saved state of a criterion's help, for its history.</summary>
public sealed class CriterionHelpRevisionRecord
{
    public Guid Id { get; set; }

    public required string CatalogId { get; set; }

    public required string CriterionId { get; set; }

    public required string Json { get; set; }

    public Guid? ChangedBy { get; set; }

    public DateTime ChangedAt { get; set; }
}

internal sealed class CriterionHelpConfiguration : IEntityTypeConfiguration<CriterionHelpRecord>
{
    public void Configure(EntityTypeBuilder<CriterionHelpRecord> builder)
    {
        builder.ToTable("CriterionHelp");
        builder.HasKey(h => new { h.CatalogId, h.CriterionId });
        builder.Property(h => h.CatalogId).HasMaxLength(100);
        builder.Property(h => h.CriterionId).HasMaxLength(50);
        builder.Property(h => h.Version).IsConcurrencyToken();
    }
}

internal sealed class CriterionHelpRevisionConfiguration : IEntityTypeConfiguration<CriterionHelpRevisionRecord>
{
    public void Configure(EntityTypeBuilder<CriterionHelpRevisionRecord> builder)
    {
        builder.ToTable("CriterionHelpRevisions");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.CatalogId).HasMaxLength(100);
        builder.Property(h => h.CriterionId).HasMaxLength(50);
        builder.HasIndex(h => new { h.CatalogId, h.CriterionId, h.ChangedAt });
    }
}

/// <summary>A policy template filled for a round: its values, kept so the sheet can suggest it as the supplement of the linked criteria.</summary>
public sealed class TemplateFillRecord
{
    public Guid Id { get; set; }

    public Guid AssessmentId { get; set; }

    public required string TemplateId { get; set; }

    public required string ValuesJson { get; set; }

    public Guid FilledBy { get; set; }

    public DateTime FilledAt { get; set; }
}

internal sealed class TemplateFillConfiguration : IEntityTypeConfiguration<TemplateFillRecord>
{
    public void Configure(EntityTypeBuilder<TemplateFillRecord> builder)
    {
        builder.ToTable("TemplateFills");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.TemplateId).HasMaxLength(50);
        builder.HasIndex(f => new { f.AssessmentId, f.FilledAt });
        builder.HasOne<Assessments.AssessmentRecord>().WithMany().HasForeignKey(f => f.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
