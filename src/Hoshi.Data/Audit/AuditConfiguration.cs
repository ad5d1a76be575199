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
        EventColumns(builder);
        builder.Property(a => a.PreviousHash).HasMaxLength(64);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.HasIndex(a => new { a.OrganizationId, a.Sequence });
        builder.HasIndex(a => new { a.ObjectType, a.ObjectId });
    }

    /// <summary>The columns of an <see cref="AuditEvent"/>, the same in a chained and in a pending record.</summary>
    internal static void EventColumns(EntityTypeBuilder builder)
    {
        builder.Property<string>(nameof(AuditEvent.Actor)).HasMaxLength(200);
        builder.Property<string?>(nameof(AuditEvent.OrganizationId)).HasMaxLength(64);
        builder.Property<string>(nameof(AuditEvent.Action)).HasMaxLength(100);
        builder.Property<string>(nameof(AuditEvent.ObjectType)).HasMaxLength(100);
        builder.Property<string>(nameof(AuditEvent.ObjectId)).HasMaxLength(200);
        builder.Property<string?>(nameof(AuditEvent.Address)).HasMaxLength(64);
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
