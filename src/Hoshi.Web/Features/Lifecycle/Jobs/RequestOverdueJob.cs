using System.Globalization;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Lifecycle;

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
