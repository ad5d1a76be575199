using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Suppliers;

/// <summary>A supplier in a buyer's portfolio, by its 法人番号, with the buyer's own details.</summary>
public sealed class SupplierRecord : IVersioned
{
    public Guid Id { get; set; }

    public Guid BuyerId { get; set; }

    public required string CorporateNumber { get; set; }

    public required string Name { get; set; }

    /// <summary>The buyer's internal supplier code.</summary>
    public string? SupplierCode { get; set; }

    public string? Department { get; set; }

    public string? ContactEmail { get; set; }

    /// <summary>Tags, trimmed, comma-separated.</summary>
    public string? Tags { get; set; }

    /// <summary>The level the buyer requires (from its decision); null until decided or when out of scope.</summary>
    public int? RequiredLevel { get; set; }

    public DateTime? ArchivedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid CreatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }
}

internal sealed class SupplierConfiguration : IEntityTypeConfiguration<SupplierRecord>
{
    public void Configure(EntityTypeBuilder<SupplierRecord> builder)
    {
        builder.ToTable("Suppliers");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.CorporateNumber).HasMaxLength(13);
        builder.Property(s => s.Name).HasMaxLength(300);
        builder.Property(s => s.SupplierCode).HasMaxLength(100);
        builder.Property(s => s.Department).HasMaxLength(200);
        builder.Property(s => s.ContactEmail).HasMaxLength(320);
        builder.Property(s => s.Tags).HasMaxLength(500);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.BuyerId, s.CorporateNumber }).IsUnique();
        builder.HasIndex(s => s.CorporateNumber);
        builder.HasOne<Organizations.OrganizationRecord>().WithMany().HasForeignKey(s => s.BuyerId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>One decision of the level a buyer requires of a supplier (モデル分岐図), kept as history: the latest is in force.</summary>
public sealed class LevelDecisionRecord
{
    public Guid Id { get; set; }

    public Guid SupplierId { get; set; }

    public bool ImportantConfidentialInformation { get; set; }

    public bool UnacceptableDelay { get; set; }

    public bool AccessToInternalSystems { get; set; }

    public string? DelayViewpoints { get; set; }

    /// <summary>The adjustments with their reasons, as JSON (<c>{"RecentIncidents":"…"}</c>).</summary>
    public string? Adjustments { get; set; }

    public string? AdditionalRequirements { get; set; }

    public string? OutOfScopeReason { get; set; }

    /// <summary>What the three answers give.</summary>
    public int FlowLevel { get; set; }

    /// <summary>What is required after adjustments; null when out of scope.</summary>
    public int? RequiredLevel { get; set; }

    public Guid DecidedBy { get; set; }

    public DateTime DecidedAt { get; set; }
}

internal sealed class LevelDecisionConfiguration : IEntityTypeConfiguration<LevelDecisionRecord>
{
    public void Configure(EntityTypeBuilder<LevelDecisionRecord> builder)
    {
        builder.ToTable("LevelDecisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.DelayViewpoints).HasMaxLength(2000);
        builder.Property(d => d.Adjustments).HasMaxLength(4500);
        builder.Property(d => d.AdditionalRequirements).HasMaxLength(2000);
        builder.Property(d => d.OutOfScopeReason).HasMaxLength(2000);
        builder.HasIndex(d => new { d.SupplierId, d.DecidedAt });
        builder.HasOne<SupplierRecord>().WithMany().HasForeignKey(d => d.SupplierId).OnDelete(DeleteBehavior.Cascade);
    }
}
