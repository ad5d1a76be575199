using Hoshi.Domain.Registry;

namespace Hoshi.Domain.Suppliers;

/// <summary>What happened to a supplier's registry entry that its buyers should hear of.</summary>
public enum ChangeKind
{
    /// <summary>Newly certified (entered the registry).</summary>
    Certified,

    /// <summary>Still valid, ending within the warning period.</summary>
    ExpiryApproaching,
    Expired,
    Suspended,
    Revoked,

    /// <summary>A suspension was lifted.</summary>
    Reinstated,
}

/// <summary>One registry entry as the change list needs it.</summary>
/// <param name="Recorded">The stored status word (valid, expired, suspended, revoked).</param>
/// <param name="StatusChangedOn">The day (Japan time) of the last status change by a body, if any.</param>
public sealed record EntryFacts(Level Level, string Recorded, DateOnly ValidFrom, DateOnly ValidUntil, DateOnly RegisteredOn, DateOnly? StatusChangedOn);

/// <summary>A change with the day it happened (or, for an approaching expiry, the last valid day).</summary>
public sealed record PortfolioChange(ChangeKind Kind, Level Level, DateOnly On);

/// <summary>
/// The changes of a registry entry within a look-back window, for a buyer's notification list:
/// newly certified, suspended, revoked, reinstated (from the recorded status and its date),
/// expired (the day after the last valid day), and expiry approaching (valid and ending within
/// the warning period, dated by its last valid day).
/// </summary>
public static class PortfolioChanges
{
    public const int DefaultLookBackDays = 90;

    public static IReadOnlyList<PortfolioChange> Of(EntryFacts entry, DateOnly today, int lookBackDays = DefaultLookBackDays, int expiringDays = SupplierStandings.DefaultExpiringDays)
    {
        var since = today.AddDays(-lookBackDays);
        var changes = new List<PortfolioChange>();
        if (entry.RegisteredOn >= since && entry.RegisteredOn <= today)
        {
            changes.Add(new(ChangeKind.Certified, entry.Level, entry.RegisteredOn));
        }

        var status = RegistryStatus.Of(entry.Recorded, entry.ValidUntil, today);
        if (entry.StatusChangedOn is { } changed && changed >= since)
        {
            var kind = entry.Recorded switch
            {
                "suspended" => ChangeKind.Suspended,
                "revoked" => ChangeKind.Revoked,
                "valid" => ChangeKind.Reinstated,
                _ => (ChangeKind?)null,
            };
            if (kind is { } k)
            {
                changes.Add(new(k, entry.Level, changed));
            }
        }

        var expiredOn = entry.ValidUntil.AddDays(1);
        if (status == EntryStatus.Expired && entry.Recorded is "valid" or "expired" && expiredOn >= since && expiredOn <= today)
        {
            changes.Add(new(ChangeKind.Expired, entry.Level, expiredOn));
        }
        else if (status == EntryStatus.Valid && entry.ValidUntil < today.AddDays(expiringDays))
        {
            changes.Add(new(ChangeKind.ExpiryApproaching, entry.Level, entry.ValidUntil));
        }

        return changes;
    }

    /// <summary>
    /// The changes that happened on or after <paramref name="since"/> (a buyer's last visit, as a
    /// day in Japan time): events only — an approaching expiry is a standing, not news.
    /// </summary>
    public static IEnumerable<PortfolioChange> Since(IEnumerable<PortfolioChange> changes, DateOnly since) =>
        changes.Where(c => c.Kind != ChangeKind.ExpiryApproaching && c.On >= since);
}
