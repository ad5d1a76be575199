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
