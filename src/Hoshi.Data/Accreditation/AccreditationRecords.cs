using Hoshi.Domain.Accreditation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Accreditation;

/// <summary>An accreditation the accreditation body granted to an evaluation body or verification provider.</summary>
public sealed class AccreditationRecord : IVersioned
{
    public Guid Id { get; set; }

    /// <summary>The accredited organization.</summary>
    public Guid OrganizationId { get; set; }

    /// <summary>The accreditation body that granted it.</summary>
    public Guid AccreditedById { get; set; }

    public required string Number { get; set; }

    public AccreditationScope Scope { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidUntil { get; set; }

    public AccreditationStatus Status { get; set; }

    /// <summary>Why it was last suspended or withdrawn.</summary>
    public string? StatusReason { get; set; }

    public DateTime? StatusChangedAt { get; set; }

    public Guid CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public int Version { get; set; }

    public AccreditationTerms Terms => new(Scope, ValidFrom, ValidUntil, Status);
}

/// <summary>A surveillance visit to an accredited organization and its result.</summary>
public sealed class SurveillanceRecord
{
    public Guid Id { get; set; }

    public Guid AccreditationId { get; set; }

    public DateOnly HeldOn { get; set; }

    public SurveillanceResult Result { get; set; }

    public string? Notes { get; set; }

    public Guid RecordedBy { get; set; }

    public DateTime RecordedAt { get; set; }
}

internal sealed class AccreditationConfiguration : IEntityTypeConfiguration<AccreditationRecord>
{
    public void Configure(EntityTypeBuilder<AccreditationRecord> builder)
    {
        builder.ToTable("Accreditations");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Number).HasMaxLength(AccreditationRules.MaxNumberLength);
        builder.Property(a => a.Scope).HasConversion<int>();
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.StatusReason).HasMaxLength(2000);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Ignore(a => a.Terms);
        builder.HasIndex(a => new { a.AccreditedById, a.Number }).IsUnique();
        builder.HasIndex(a => a.OrganizationId);
        builder.HasOne<Organizations.OrganizationRecord>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SurveillanceConfiguration : IEntityTypeConfiguration<SurveillanceRecord>
{
    public void Configure(EntityTypeBuilder<SurveillanceRecord> builder)
    {
        builder.ToTable("Surveillances");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Result).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Notes).HasMaxLength(4000);
        builder.HasIndex(s => s.AccreditationId);
        builder.HasOne<AccreditationRecord>().WithMany().HasForeignKey(s => s.AccreditationId).OnDelete(DeleteBehavior.Cascade);
    }
}
