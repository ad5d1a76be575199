using Hoshi.Domain.Registry;

namespace Hoshi.Domain.Suppliers;

/// <summary>Where a supplier stands for its buyer, from the registry.</summary>
public enum SupplierStatus
{
    Valid,

    /// <summary>Valid, but the held star ends within the warning period (60 days by default).</summary>
    Expiring,
    Expired,
    Suspended,
    Revoked,

    /// <summary>Nothing in the registry.</summary>
    None,
}

/// <summary>One registry entry of the supplier, with its status of today.</summary>
/// <remarks><paramref name="Coverage"/> and <paramref name="Scope"/> say what the ★ covers (the whole organization or named parts).</remarks>
public sealed record HeldEntry(Level Level, EntryStatus Status, DateOnly ValidUntil, Coverage Coverage = Coverage.Whole, string? Scope = null);

/// <summary>The supplier's row in a portfolio: its status, the star it holds, until when, and whether it falls short of what is required.</summary>
public sealed record SupplierStanding(SupplierStatus Status, Level? HeldLevel, DateOnly? ValidUntil, bool Gap)
{
    /// <summary>The valid ★ held covers only named parts of the organization (shown as a flag to buyers).</summary>
    public bool Partial { get; init; }

    /// <summary>The one-line scope of the valid ★ held.</summary>
    public string? Scope { get; init; }

    /// <summary>Sorting key: suppliers at risk first (revoked, suspended, expired, short of the requirement, expiring), valid last.</summary>
    public int RiskRank => (Status, Gap) switch
    {
        (SupplierStatus.Revoked, _) => 0,
        (SupplierStatus.Suspended, _) => 1,
        (SupplierStatus.Expired, _) => 2,
        (SupplierStatus.None, true) => 3,
        (_, true) => 4,
        (SupplierStatus.Expiring, _) => 5,
        (SupplierStatus.None, false) => 6,
        _ => 7,
    };
}

/// <summary>
/// A supplier's standing: the highest valid star it holds (expiring when it ends within the
/// warning period); without a valid one, the status of its latest entry (expired, suspended,
/// revoked), else none. A gap is a required level not met by the valid star held.
/// </summary>
public static class SupplierStandings
{
    public const int DefaultExpiringDays = 60;

    public static SupplierStanding Of(IReadOnlyCollection<HeldEntry> entries, Level? required, DateOnly today, int expiringDays = DefaultExpiringDays)
    {
        var best = entries.Where(e => e.Status == EntryStatus.Valid).OrderByDescending(e => e.Level).ThenByDescending(e => e.ValidUntil).FirstOrDefault();
        if (best is not null)
        {
            var status = best.ValidUntil < today.AddDays(expiringDays) ? SupplierStatus.Expiring : SupplierStatus.Valid;
            return new SupplierStanding(status, best.Level, best.ValidUntil, required is { } needed && best.Level < needed)
            {
                Partial = best.Coverage == Coverage.Partial,
                Scope = best.Scope,
            };
        }

        var latest = entries.OrderByDescending(e => e.ValidUntil).ThenByDescending(e => e.Level).FirstOrDefault();
        var lapsed = latest?.Status switch
        {
            EntryStatus.Revoked => SupplierStatus.Revoked,
            EntryStatus.Suspended => SupplierStatus.Suspended,
            EntryStatus.Expired => SupplierStatus.Expired,
            _ => SupplierStatus.None,
        };
        return new SupplierStanding(lapsed, null, latest?.ValidUntil, required is not null);
    }
}
