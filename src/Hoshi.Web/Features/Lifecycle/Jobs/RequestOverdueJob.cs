using System.Globalization;
using Hoshi.Data.Suppliers;
using Hoshi.Domain;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// <c>request-overdue</c>: a buyer's request whose due date has passed without the supplier holding
/// the level is flagged, once, to the buyer's people and to the supplier's administrators.
/// </summary>
public sealed class RequestOverdueJob : PerItemJob<RequestOverdueJob.Due>
{
    /// <summary>A request past its due date, with the names its notice needs.</summary>
    public sealed record Due(SupplierRequestRecord Request, string SupplierName, string BuyerName);

    public override string Name => "request-overdue";

    public override TimeSpan Interval => TimeSpan.FromMinutes(30);

    protected override async Task<IReadOnlyList<Due>> DueAsync(JobRun run, CancellationToken ct)
    {
        var db = run.Db;
        var today = run.Today;
        return await (from r in db.SupplierRequests.AsNoTracking()
                      where r.State != RequestState.Withdrawn && r.DueOn < today
                      join s in db.Suppliers on r.SupplierId equals s.Id
                      join b in db.Organizations on r.BuyerId equals b.Id
                      select new Due(r, s.Name, b.LegalNameJa)).ToListAsync(ct);
    }

    protected override async Task<int> HandleAsync(JobRun run, Due due, CancellationToken ct)
    {
        var (request, db, notifier) = (due.Request, run.Db, run.Notifier);
        var held = (await run.Get<RegistryQueries>().ByCorporateNumberAsync(request.CorporateNumber, ct)).Select(e => new HeldEntry((Level)e.Level, e.Status, e.ValidUntil)).ToList();
        var standing = SupplierStandings.Of(held, (Level)request.Level, run.Today);
        if (SupplierRequests.Progress(request.State, (Level)request.Level, request.DueOn, standing, run.Today) != RequestProgress.Overdue)
        {
            return 0;
        }

        var key = $"request:{request.Id}:overdue";
        IReadOnlyList<string> arguments = [due.SupplierName, request.Level.ToString(CultureInfo.InvariantCulture), request.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), due.BuyerName];
        var buyerPeople = await db.Memberships.Where(m => m.OrganizationId == request.BuyerId && (m.Role == Domain.Accounts.MembershipRole.OrgAdmin || m.Role == Domain.Accounts.MembershipRole.Member)).Select(m => m.UserId).ToListAsync(ct);
        var told = await notifier.NotifyAsync(buyerPeople, "request-overdue", key, arguments, $"/organizations/{request.BuyerId}/suppliers/{request.SupplierId}", run.Now, ct);
        foreach (var supplier in await db.Organizations.Where(o => o.VerifiedCorporateNumber == request.CorporateNumber).Select(o => o.Id).ToListAsync(ct))
        {
            told += await notifier.NotifyAsync([.. await notifier.AdministratorsAsync(supplier, ct)], "request-overdue", key, arguments, $"/organizations/{supplier}/requests", run.Now, ct);
        }

        return told;
    }

    protected override JobResult Summary(int count) => new("OverdueTold", count);
}
