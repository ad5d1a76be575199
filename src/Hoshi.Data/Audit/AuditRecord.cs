using Hoshi.Domain.Audit;

namespace Hoshi.Data.Audit;

/// <summary>One stored link of the audit chain. Append-only: never updated, never deleted.</summary>
public sealed class AuditRecord
{
    public long Sequence { get; set; }

    public DateTime OccurredAt { get; set; }

    public required string Actor { get; set; }

    public string? OrganizationId { get; set; }

    public required string Action { get; set; }

    public required string ObjectType { get; set; }

    public required string ObjectId { get; set; }

    public string? Changes { get; set; }

    public string? Address { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    public AuditEntry ToEntry() =>
        new(Sequence, OccurredAt, new AuditEvent(Actor, OrganizationId, Action, ObjectType, ObjectId, Changes, Address), PreviousHash, Hash);

    public static AuditRecord From(AuditEntry entry) => new()
    {
        Sequence = entry.Sequence,
        OccurredAt = entry.OccurredAt,
        Actor = entry.Event.Actor,
        OrganizationId = entry.Event.OrganizationId,
        Action = entry.Event.Action,
        ObjectType = entry.Event.ObjectType,
        ObjectId = entry.Event.ObjectId,
        Changes = entry.Event.Changes,
        Address = entry.Event.Address,
        PreviousHash = entry.PreviousHash,
        Hash = entry.Hash,
    };
}

/// <summary>The single row that says where the chain ends; appends lock it first.</summary>
public sealed class AuditHead
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    public long LastSequence { get; set; }

    public required string LastHash { get; set; }
}
