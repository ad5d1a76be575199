using System.Globalization;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>Who hears of an entry's expiry: its holder's administrators, and every buyer keeping one of its numbers.</summary>
internal static class ExpiryNotices
{
    public static async Task<int> TellAsync(IServiceProvider services, RegistryEntryRecord entry, string kind, string key, DateTimeOffset now, CancellationToken ct)
    {
        var notifier = services.GetRequiredService<Notifier>();
        var db = services.GetRequiredService<AppDbContext>();
        var holder = await db.Organizations.AsNoTracking().Where(o => o.Id == entry.OrganizationId).Select(o => new { o.LegalNameJa, o.CorporateNumber }).FirstAsync(ct);
        IReadOnlyList<string> arguments = [holder.LegalNameJa, entry.Level.Number().ToString(CultureInfo.InvariantCulture), entry.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)];
        var told = await notifier.NotifyAsync([.. await notifier.AdministratorsAsync(entry.OrganizationId, ct)], kind, key, arguments, $"/organizations/{entry.OrganizationId}", now, ct);
        var numbers = entry.Subjects.Select(s => s.CorporateNumber).ToList();
        foreach (var buyer in (await notifier.BuyersOfAsync(numbers, ct)).GroupBy(b => b.Buyer))
        {
            told += await notifier.NotifyAsync([.. buyer.Select(b => b.User)], kind, key, arguments, $"/organizations/{buyer.Key}/suppliers/changes", now, ct);
        }

        return told;
    }
}
