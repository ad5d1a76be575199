using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Audit;

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.ToTable("AuditRecords");
        builder.HasKey(a => a.Sequence);
        builder.Property(a => a.Sequence).ValueGeneratedNever();
        builder.Property(a => a.Actor).HasMaxLength(200);
        builder.Property(a => a.OrganizationId).HasMaxLength(64);
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.ObjectType).HasMaxLength(100);
        builder.Property(a => a.ObjectId).HasMaxLength(200);
        builder.Property(a => a.Address).HasMaxLength(64);
        builder.Property(a => a.PreviousHash).HasMaxLength(64);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.HasIndex(a => new { a.OrganizationId, a.Sequence });
        builder.HasIndex(a => new { a.ObjectType, a.ObjectId });
    }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> builder)
    {
        builder.ToTable("AuditHeads");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.LastHash).HasMaxLength(64);
        builder.HasData(new AuditHead { Id = AuditHead.SingletonId, LastSequence = 0, LastHash = AuditChain.Genesis });
    }
}
