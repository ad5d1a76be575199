using System.Globalization;
using Hoshi.Data.Accreditation;
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
public sealed class AccreditationJob(IOptions<LifecycleSettings> settings) : PerItemJob<AccreditationJob.Due>
{
    /// <summary>An active accreditation (or one ended within the week) and the accredited organization's name.</summary>
    public sealed record Due(AccreditationRecord Accreditation, string Name);

    public override string Name => "accreditations";

    public override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task<IReadOnlyList<Due>> DueAsync(JobRun run, CancellationToken ct)
    {
        var since = run.Today.AddDays(-7);
        return await (from a in run.Db.Accreditations.AsNoTracking()
                      where a.Status == AccreditationStatus.Active && a.ValidUntil >= since
                      join o in run.Db.Organizations on a.OrganizationId equals o.Id
                      select new Due(a, o.LegalNameJa)).ToListAsync(ct);
    }

    protected override async Task<int> HandleAsync(JobRun run, Due due, CancellationToken ct)
    {
        var (a, notifier, today) = (due.Accreditation, run.Notifier, run.Today);
        var until = a.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var link = $"/accreditations/{a.Id}";
        var admins = await notifier.AdministratorsAsync(a.OrganizationId, ct);
        var told = 0;
        if (LifecycleRules.ReminderDue(a.ValidUntil, today, settings.Value) is { } reminder)
        {
            var kind = reminder.Stage == ReminderStage.Expired ? "accreditation-expired" : "accreditation-expiring";
            told += await notifier.NotifyAsync([.. admins], kind, $"accreditation:{a.Id}:{reminder.Key}", [due.Name, a.Number, until], link, run.Now, ct);
        }

        var held = await run.Db.Surveillances.Where(s => s.AccreditationId == a.Id).Select(s => s.HeldOn).ToListAsync(ct);
        foreach (var day in AccreditationRules.SurveillanceDue(a.ValidFrom, a.ValidUntil).Where(d => d <= today.AddDays(30) && d >= today.AddDays(-60)))
        {
            if (held.Any(h => h > day.AddDays(-180)))
            {
                continue;
            }

            var people = admins.Concat(await notifier.AdministratorsAsync(a.AccreditedById, ct)).ToList();
            told += await notifier.NotifyAsync(people, "surveillance-due", $"accreditation:{a.Id}:surveillance:{day:yyyy-MM-dd}",
                [due.Name, a.Number, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], link, run.Now, ct);
        }

        return told;
    }

    protected override JobResult Summary(int count) => new("AccreditationsTold", count);
}
