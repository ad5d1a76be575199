using System.Globalization;
using Hoshi.Domain.Accounts;

namespace Hoshi.Domain.Registry;

/// <summary>What happened to a registry entry, as the transparency log records it.</summary>
public enum RegistryEventKind
{
    Registered,
    Renewed,
    Suspended,
    Reinstated,
    Revoked,
    Expired,

    /// <summary>A group company consented to be listed under an entry (its 法人番号 in the event).</summary>
    Listed,
}

/// <summary>
/// One registry event, the leaf of the transparency log. Its canonical JSON is what is hashed,
/// so every field a reader needs to check a certificate against the log is in it.
/// </summary>
public sealed record RegistryEvent(
    RegistryEventKind Kind,
    Guid EntryId,
    Guid CertificateId,
    IReadOnlyList<string> CorporateNumbers,
    Level Level,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    DateTimeOffset At,
    string? Reason)
{
    public static string Word(RegistryEventKind kind) => kind.ToString().ToLowerInvariant();

    public byte[] ToCanonicalJson()
    {
        var fields = new Dictionary<string, object?>
        {
            ["event"] = Word(Kind),
            ["entryId"] = EntryId.ToString(),
            ["certificateId"] = CertificateId.ToString(),
            ["corporateNumbers"] = CorporateNumbers.Order(StringComparer.Ordinal).ToList(),
            ["level"] = Level.Number(),
            ["validFrom"] = ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["validUntil"] = ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["timestamp"] = At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (Reason is not null)
        {
            fields["reason"] = Reason;
        }

        return CanonicalJson.Serialize(fields);
    }
}

/// <summary>A suspension, reinstatement or revocation asked of an entry.</summary>
public enum RegistryAction
{
    Suspend,
    Reinstate,
    Revoke,
}

/// <summary>
/// Suspension and revocation (by the registering body or an accreditation body): a valid entry
/// can be suspended; a suspended one reinstated; any entry not yet revoked can be revoked, and
/// revocation is final. Every change needs a reason; an evidence note is optional.
/// </summary>
public static class RegistryStatusRules
{
    public const int MaxReasonLength = 2000;

    /// <summary>Null when allowed, else why not (a stable word: notValid, notSuspended, revoked, reasonRequired, reasonTooLong).</summary>
    public static string? Refusal(EntryStatus current, RegistryAction action, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "reasonRequired";
        }

        if (reason.Trim().Length > MaxReasonLength)
        {
            return "reasonTooLong";
        }

        return (action, current) switch
        {
            (_, EntryStatus.Revoked) => "revoked",
            (RegistryAction.Suspend, not EntryStatus.Valid) => "notValid",
            (RegistryAction.Reinstate, not EntryStatus.Suspended) => "notSuspended",
            _ => null,
        };
    }

    /// <summary>The status recorded after the action (the date still decides whether a reinstated entry is expired).</summary>
    public static string RecordedAfter(RegistryAction action) => action switch
    {
        RegistryAction.Suspend => "suspended",
        RegistryAction.Reinstate => "valid",
        RegistryAction.Revoke => "revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static RegistryEventKind EventOf(RegistryAction action) => action switch
    {
        RegistryAction.Suspend => RegistryEventKind.Suspended,
        RegistryAction.Reinstate => RegistryEventKind.Reinstated,
        RegistryAction.Revoke => RegistryEventKind.Revoked,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>The body that registered the entry, or any accreditation body, or the scheme owner.</summary>
    public static bool MayChange(Actor actor, Guid registeredBy) =>
        RegistrationAccess.MayRegister(actor, registeredBy) || AccreditationAccess.BodiesOf(actor).Count > 0 || actor.IsSchemeOwnerAdmin;
}
