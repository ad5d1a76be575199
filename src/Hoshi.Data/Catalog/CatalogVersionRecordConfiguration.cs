using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Catalog;

internal sealed class CatalogVersionRecordConfiguration : IEntityTypeConfiguration<CatalogVersionRecord>
{
    public void Configure(EntityTypeBuilder<CatalogVersionRecord> builder)
    {
        builder.ToTable("CatalogVersions");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.Label).HasMaxLength(200);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.TitleJa).HasMaxLength(500);
        builder.Property(c => c.TitleEn).HasMaxLength(500);
        builder.Property(c => c.ContentHash).HasMaxLength(64).IsFixedLength(false);
        builder.Property(c => c.ImportedBy).HasMaxLength(200);
        builder.Property(c => c.Version).IsConcurrencyToken();
    }
}
