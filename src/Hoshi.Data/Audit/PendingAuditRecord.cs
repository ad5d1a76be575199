using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Audit;

/// <summary>
/// An audit record written in the transaction of the change it records, not yet in the chain.
/// <see cref="AuditChaining"/> moves it into <see cref="AuditRecord"/> (sequence and hash) right
/// after the commit, so no change waits on the chain's single head while it holds its own locks.
/// On SQLite (one writer at a time) a save chains its records at once and writes none of these;
/// records an older version left pending there are chained when Hoshi starts.
/// </summary>
public sealed class PendingAuditRecord
{
    public long Id { get; set; }

    public DateTime OccurredAt { get; set; }

    public required string Actor { get; set; }

    public string? OrganizationId { get; set; }

    public required string Action { get; set; }

    public required string ObjectType { get; set; }

    public required string ObjectId { get; set; }

    public string? Changes { get; set; }

    public string? Address { get; set; }

    public AuditEvent ToEvent() => new(Actor, OrganizationId, Action, ObjectType, ObjectId, Changes, Address);

    public static PendingAuditRecord From(AuditEvent auditEvent, DateTimeOffset at) => new()
    {
        OccurredAt = at.UtcDateTime,
        Actor = auditEvent.Actor,
        OrganizationId = auditEvent.OrganizationId,
        Action = auditEvent.Action,
        ObjectType = auditEvent.ObjectType,
        ObjectId = auditEvent.ObjectId,
        Changes = auditEvent.Changes,
        Address = auditEvent.Address,
    };
}

internal sealed class PendingAuditRecordConfiguration : IEntityTypeConfiguration<PendingAuditRecord>
{
    public void Configure(EntityTypeBuilder<PendingAuditRecord> builder)
    {
        builder.ToTable("PendingAuditRecords");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        AuditRecordConfiguration.EventColumns(builder);
    }
}
