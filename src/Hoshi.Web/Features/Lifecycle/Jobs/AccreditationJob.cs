using System.Globalization;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Accreditation;
using Hoshi.Domain.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// <c>accreditations</c>: an accreditation's end approaching (90, 30, 7 days) and passed, told to the
/// accredited organization's administrators; a surveillance visit due within 30 days and not yet
/// held, flagged to them and to the accreditation body.
/// </summary>
public sealed class AccreditationJob(IOptions<LifecycleSettings> settings) : IScheduledJob
{
    public string Name => "accreditations";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task<string> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var notifier = services.GetRequiredService<Notifier>();
        var today = JapanTime.DateOf(now);
        var accreditations = await (from a in db.Accreditations.AsNoTracking()
                                    where a.Status == AccreditationStatus.Active && a.ValidUntil >= today.AddDays(-7)
                                    join o in db.Organizations on a.OrganizationId equals o.Id
                                    select new { a, o.LegalNameJa }).ToListAsync(ct);
        var told = 0;
        foreach (var x in accreditations)
        {
            var a = x.a;
            var until = a.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var link = $"/accreditations/{a.Id}";
            var admins = await notifier.AdministratorsAsync(a.OrganizationId, ct);
            if (LifecycleRules.ReminderDue(a.ValidUntil, today, settings.Value) is { } reminder)
            {
                var kind = reminder.Stage == ReminderStage.Expired ? "accreditation-expired" : "accreditation-expiring";
                told += await notifier.NotifyAsync([.. admins], kind, $"accreditation:{a.Id}:{reminder.Key}", [x.LegalNameJa, a.Number, until], link, now, ct);
            }

            var held = await db.Surveillances.Where(s => s.AccreditationId == a.Id).Select(s => s.HeldOn).ToListAsync(ct);
            foreach (var due in AccreditationRules.SurveillanceDue(a.ValidFrom, a.ValidUntil).Where(d => d <= today.AddDays(30) && d >= today.AddDays(-60)))
            {
                if (held.Any(h => h > due.AddDays(-180)))
                {
                    continue;
                }

                var people = admins.Concat(await notifier.AdministratorsAsync(a.AccreditedById, ct)).ToList();
                told += await notifier.NotifyAsync(people, "surveillance-due", $"accreditation:{a.Id}:surveillance:{due:yyyy-MM-dd}",
                    [x.LegalNameJa, a.Number, due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], link, now, ct);
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        return $"{told} people told about accreditations";
    }
}
