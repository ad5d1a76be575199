using System.Globalization;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// Who hears of some entries' expiry, read once for all of them: each holder's name and
/// administrators, and the people of every buyer keeping one of their numbers (not archived).
/// </summary>
internal sealed record ExpiryAudience(
    IReadOnlyDictionary<Guid, string> HolderNames,
    ILookup<Guid, Guid> Administrators,
    ILookup<string, (Guid Buyer, Guid User)> BuyersByNumber);

/// <summary>Who hears of an entry's expiry: its holder's administrators, and every buyer keeping one of its numbers.</summary>
internal static class ExpiryNotices
{
    /// <summary>The audience of these entries, in three statements whatever their number.</summary>
    public static async Task<ExpiryAudience> AudienceAsync(AppDbContext db, IReadOnlyCollection<RegistryEntryRecord> entries, CancellationToken ct)
    {
        var holders = entries.Select(e => e.OrganizationId).Distinct().ToList();
        var numbers = entries.SelectMany(e => e.Subjects).Select(s => s.CorporateNumber).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => holders.Contains(o.Id)).Select(o => new { o.Id, o.LegalNameJa }).ToDictionaryAsync(o => o.Id, o => o.LegalNameJa, ct);
        var administrators = await db.Memberships.AsNoTracking().Where(m => holders.Contains(m.OrganizationId) && m.Role == MembershipRole.OrgAdmin)
            .Select(m => new { m.OrganizationId, m.UserId }).ToListAsync(ct);
        var buyers = await (from s in db.Suppliers
                            where numbers.Contains(s.CorporateNumber) && s.ArchivedAt == null
                            join m in db.Memberships on s.BuyerId equals m.OrganizationId
                            where m.Role == MembershipRole.OrgAdmin || m.Role == MembershipRole.Member
                            select new { s.CorporateNumber, s.BuyerId, m.UserId }).Distinct().ToListAsync(ct);
        return new ExpiryAudience(
            names,
            administrators.ToLookup(a => a.OrganizationId, a => a.UserId),
            buyers.ToLookup(b => b.CorporateNumber, b => (b.BuyerId, b.UserId), StringComparer.Ordinal));
    }

    public static async Task<int> TellAsync(IServiceProvider services, RegistryEntryRecord entry, string kind, string key, DateTimeOffset now, CancellationToken ct) =>
        await TellAsync(services, entry, await AudienceAsync(services.GetRequiredService<AppDbContext>(), [entry], ct), kind, key, now, ct);

    /// <summary>Tells the entry's audience (taken from <paramref name="audience"/>); no statement when nobody is to hear of it.</summary>
    public static async Task<int> TellAsync(IServiceProvider services, RegistryEntryRecord entry, ExpiryAudience audience, string kind, string key, DateTimeOffset now, CancellationToken ct)
    {
        var notifier = services.GetRequiredService<Notifier>();
        IReadOnlyList<string> arguments = [audience.HolderNames.GetValueOrDefault(entry.OrganizationId, ""), entry.Level.Number().ToString(CultureInfo.InvariantCulture), entry.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)];
        var told = await notifier.NotifyAsync([.. audience.Administrators[entry.OrganizationId]], kind, key, arguments, $"/organizations/{entry.OrganizationId}", now, ct);
        var buyers = entry.Subjects.SelectMany(s => audience.BuyersByNumber[s.CorporateNumber]).Distinct();
        foreach (var buyer in buyers.GroupBy(b => b.Buyer))
        {
            told += await notifier.NotifyAsync([.. buyer.Select(b => b.User)], kind, key, arguments, $"/organizations/{buyer.Key}/suppliers/changes", now, ct);
        }

        return told;
    }
}
