using System.Globalization;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Lifecycle;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// <c>registry-expiry</c>: each valid entry whose last valid day (Japan time) has passed is
/// recorded as expired, with its log event and audit record, and its holder's administrators and
/// the buyers that keep it in their portfolio are told — one transaction per entry, so a crash
/// leaves every entry either wholly done or untouched for the next run.
/// </summary>
public sealed class RegistryExpiryJob : IScheduledJob
{
    public string Name => "registry-expiry";

    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task<string> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var today = JapanTime.DateOf(now);
        var due = await db.RegistryEntries.Where(e => e.Status == "valid" && e.ValidUntil < today).OrderBy(e => e.ValidUntil).Select(e => e.Id).Take(1000).ToListAsync(ct);
        var done = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var entry = await db.RegistryEntries.Include(e => e.Subjects).FirstAsync(e => e.Id == id, ct);
            var book = services.GetRequiredService<RegistryBook>();
            if (!await book.ExpireAsync(entry, now, ct))
            {
                continue;
            }

            await ExpiryNotices.TellAsync(services, entry, "entry-expired", $"entry:{entry.Id}:expired", now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await book.RefreshAsync(entry.Subjects.Select(s => s.CorporateNumber), ct);
            done++;
        }

        return $"{done} entries expired";
    }
}

/// <summary>
/// <c>expiry-reminders</c>: for each valid entry within 90 days of its last day, the reminder the
/// day calls for (90, 30 or 7 days before) to its holder's administrators and its buyers, once.
/// </summary>
public sealed class ExpiryReminderJob(IOptions<LifecycleSettings> settings) : IScheduledJob
{
    public string Name => "expiry-reminders";

    public TimeSpan Interval => TimeSpan.FromMinutes(30);

    public async Task<string> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var today = JapanTime.DateOf(now);
        var horizon = today.AddDays(settings.Value.ReminderDays.DefaultIfEmpty(0).Max());
        var entries = await db.RegistryEntries.AsNoTracking().Include(e => e.Subjects)
            .Where(e => e.Status == "valid" && e.ValidUntil >= today && e.ValidUntil <= horizon).ToListAsync(ct);
        var sent = 0;
        foreach (var entry in entries)
        {
            if (LifecycleRules.ReminderDue(entry.ValidUntil, today, settings.Value) is not { Stage: ReminderStage.Before } reminder)
            {
                continue;
            }

            db.ChangeTracker.Clear();
            sent += await ExpiryNotices.TellAsync(services, entry, "expiry-reminder", $"entry:{entry.Id}:{reminder.Key}", now, ct);
            await db.SaveChangesAsync(ct);
        }

        return $"{sent} reminders";
    }
}

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

/// <summary>
/// <c>request-overdue</c>: a buyer's request whose due date has passed without the supplier holding
/// the level is flagged, once, to the buyer's people and to the supplier's administrators.
/// </summary>
public sealed class RequestOverdueJob : IScheduledJob
{
    public string Name => "request-overdue";

    public TimeSpan Interval => TimeSpan.FromMinutes(30);

    public async Task<string> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var notifier = services.GetRequiredService<Notifier>();
        var registry = services.GetRequiredService<RegistryQueries>();
        var today = JapanTime.DateOf(now);
        var requests = await (from r in db.SupplierRequests.AsNoTracking()
                              where r.State != RequestState.Withdrawn && r.DueOn < today
                              join s in db.Suppliers on r.SupplierId equals s.Id
                              join b in db.Organizations on r.BuyerId equals b.Id
                              select new { r, s.Name, Buyer = b.LegalNameJa }).ToListAsync(ct);
        var flagged = 0;
        foreach (var x in requests)
        {
            var key = $"request:{x.r.Id}:overdue";
            var held = (await registry.ByCorporateNumberAsync(x.r.CorporateNumber, ct)).Select(e => new HeldEntry((Level)e.Level, e.Status, e.ValidUntil)).ToList();
            var standing = SupplierStandings.Of(held, (Level)x.r.Level, today);
            if (SupplierRequests.Progress(x.r.State, (Level)x.r.Level, x.r.DueOn, standing, today) != RequestProgress.Overdue)
            {
                continue;
            }

            db.ChangeTracker.Clear();
            IReadOnlyList<string> arguments = [x.Name, x.r.Level.ToString(CultureInfo.InvariantCulture), x.r.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), x.Buyer];
            var buyerPeople = await db.Memberships.Where(m => m.OrganizationId == x.r.BuyerId && (m.Role == Domain.Accounts.MembershipRole.OrgAdmin || m.Role == Domain.Accounts.MembershipRole.Member)).Select(m => m.UserId).ToListAsync(ct);
            flagged += await notifier.NotifyAsync(buyerPeople, "request-overdue", key, arguments, $"/organizations/{x.r.BuyerId}/suppliers/{x.r.SupplierId}", now, ct);
            foreach (var supplier in await db.Organizations.Where(o => o.VerifiedCorporateNumber == x.r.CorporateNumber).Select(o => o.Id).ToListAsync(ct))
            {
                flagged += await notifier.NotifyAsync([.. await notifier.AdministratorsAsync(supplier, ct)], "request-overdue", key, arguments, $"/organizations/{supplier}/requests", now, ct);
            }

            await db.SaveChangesAsync(ct);
        }

        return $"{flagged} people told of overdue requests";
    }
}
