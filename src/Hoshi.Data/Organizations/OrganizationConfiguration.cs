using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Organizations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<OrganizationRecord>
{
    public void Configure(EntityTypeBuilder<OrganizationRecord> builder)
    {
        builder.ToTable("Organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.LegalNameJa).HasMaxLength(300);
        builder.Property(o => o.NameEn).HasMaxLength(300);
        builder.Property(o => o.CorporateNumber).HasMaxLength(13).IsFixedLength(false);
        // Unverified claims of one number may coexist; the first verified claim blocks it for others.
        builder.HasIndex(o => o.CorporateNumber);
        builder.Property(o => o.VerifiedCorporateNumber).HasMaxLength(13);
        builder.HasIndex(o => o.VerifiedCorporateNumber).IsUnique();
        builder.Property(o => o.CorporateNumberVerificationMethod).HasMaxLength(30);
        builder.Property(o => o.EmployeeBand).HasConversion<string>().HasMaxLength(30);
        builder.Property(o => o.Industry).HasMaxLength(200);
        builder.Property(o => o.PrefectureCode).HasMaxLength(2);
        builder.HasOne<OrganizationRecord>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Roles).WithOne().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(o => o.Version).IsConcurrencyToken();
    }
}

internal sealed class OrganizationRoleConfiguration : IEntityTypeConfiguration<OrganizationRoleRecord>
{
    public void Configure(EntityTypeBuilder<OrganizationRoleRecord> builder)
    {
        builder.ToTable("OrganizationRoles");
        builder.HasKey(r => new { r.OrganizationId, r.Role });
        builder.Property(r => r.Role).HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.GrantedBy).HasMaxLength(200);
        builder.HasIndex(r => r.Role);
    }
}

internal sealed class CorporationConfiguration : IEntityTypeConfiguration<CorporationRecord>
{
    public void Configure(EntityTypeBuilder<CorporationRecord> builder)
    {
        builder.ToTable("Corporations");
        builder.HasKey(c => c.Number);
        builder.Property(c => c.Number).HasMaxLength(13);
        builder.Property(c => c.Name).HasMaxLength(300);
        builder.Property(c => c.Furigana).HasMaxLength(500);
        builder.Property(c => c.Address).HasMaxLength(600);
        builder.Property(c => c.PrefectureCode).HasMaxLength(2);
        builder.Property(c => c.PostalCode).HasMaxLength(7);
        builder.Property(c => c.ClosedReason).HasMaxLength(2);
    }
}
