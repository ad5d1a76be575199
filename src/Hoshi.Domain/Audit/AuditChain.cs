using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hoshi.Domain.Audit;

/// <summary>What happened, before it takes its place in the chain.</summary>
/// <param name="Actor">Who did it: a user id, or <c>system</c>, or <c>cli:NAME</c>.</param>
/// <param name="OrganizationId">On behalf of which organization, if any.</param>
/// <param name="Action">What was done, e.g. <c>catalog.imported</c>.</param>
/// <param name="ObjectType">The kind of object changed, e.g. <c>CatalogVersion</c>.</param>
/// <param name="ObjectId">Which object.</param>
/// <param name="Changes">What changed, as compact JSON, or null.</param>
/// <param name="Address">The client's network address, if the change came over the network.</param>
public sealed record AuditEvent(string Actor, string? OrganizationId, string Action, string ObjectType, string ObjectId, string? Changes, string? Address);

/// <summary>One link of the chain: the event, when, its place, and the hashes binding it to the one before.</summary>
public sealed record AuditEntry(long Sequence, DateTime OccurredAt, AuditEvent Event, string PreviousHash, string Hash);

/// <summary>The result of checking a chain: how many records held, and the first that did not.</summary>
public sealed record AuditVerification(long Verified, long? BrokenAt, string? Reason)
{
    public bool Intact => BrokenAt is null;
}

/// <summary>
/// The rules of the tamper-evident audit trail. Each entry's hash is SHA-256 over the previous
/// entry's hash and the canonical JSON of the entry (sequence, time to the millisecond in UTC, and
/// every field of the event). Changing, removing or reordering any entry breaks every hash after it.
/// </summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Audit times are kept to the millisecond, so every database stores exactly what was hashed.</summary>
    public static DateTime Truncate(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    public static AuditEntry Append(long previousSequence, string previousHash, DateTimeOffset now, AuditEvent auditEvent)
    {
        var sequence = previousSequence + 1;
        var at = Truncate(now);
        return new AuditEntry(sequence, at, auditEvent, previousHash, Hash(sequence, at, auditEvent, previousHash));
    }

    public static string Hash(long sequence, DateTime occurredAt, AuditEvent e, string previousHash)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("prev", previousHash);
            w.WriteNumber("seq", sequence);
            w.WriteString("at", DateTime.SpecifyKind(occurredAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("actor", e.Actor);
            w.WriteString("org", e.OrganizationId);
            w.WriteString("action", e.Action);
            w.WriteString("type", e.ObjectType);
            w.WriteString("id", e.ObjectId);
            w.WriteString("changes", e.Changes);
            w.WriteString("address", e.Address);
            w.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    /// <summary>Checks a whole chain at once; see <see cref="AuditChainVerifier"/>.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> entries, long headSequence, string headHash)
    {
        var verifier = new AuditChainVerifier();
        foreach (var entry in entries)
        {
            if (!verifier.Add(entry))
            {
                break;
            }
        }

        return verifier.Finish(headSequence, headHash);
    }
}

/// <summary>
/// Checks entries one by one, in sequence order (so a long chain can be streamed), then that the
/// chain ends where the recorded head says, so that removing the newest entries is found too.
/// </summary>
public sealed class AuditChainVerifier
{
    private long _expectedSequence = 1;
    private string _previousHash = AuditChain.Genesis;
    private AuditVerification? _broken;

    /// <summary>Takes the next entry; false once the chain is found broken.</summary>
    public bool Add(AuditEntry entry)
    {
        if (_broken is not null)
        {
            return false;
        }

        var verified = _expectedSequence - 1;
        if (entry.Sequence != _expectedSequence)
        {
            _broken = new(verified, _expectedSequence, $"record #{_expectedSequence} is missing (found #{entry.Sequence} next)");
        }
        else if (entry.PreviousHash != _previousHash)
        {
            _broken = new(verified, entry.Sequence, $"record #{entry.Sequence} does not point to the hash of the record before it");
        }
        else if (AuditChain.Hash(entry.Sequence, entry.OccurredAt, entry.Event, entry.PreviousHash) != entry.Hash)
        {
            _broken = new(verified, entry.Sequence, $"record #{entry.Sequence} was changed after it was written (its hash does not match its content)");
        }
        else
        {
            _previousHash = entry.Hash;
            _expectedSequence++;
            return true;
        }

        return false;
    }

    public AuditVerification Finish(long headSequence, string headHash)
    {
        if (_broken is not null)
        {
            return _broken;
        }

        var last = _expectedSequence - 1;
        if (last == headSequence && _previousHash == headHash)
        {
            return new(last, null, null);
        }

        return last < headSequence
            ? new(last, last + 1, $"records #{last + 1}–#{headSequence} are missing (the chain ends at #{last})")
            : new(last, last, $"the chain ends at #{last}, but the recorded head is #{headSequence}");
    }
}
