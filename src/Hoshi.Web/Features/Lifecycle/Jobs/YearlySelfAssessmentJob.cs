using System.Globalization;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Evaluations;
using Hoshi.Domain.Lifecycle;
using Hoshi.Domain.Registry;
using Hoshi.Web.Features.Evaluations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// <c>yearly-self-assessments</c>: for each registered ★4 holder, each anniversary's yearly
/// self-assessment — its window opening told to the holder's administrators; a missed one (30
/// days after the anniversary, not submitted) flagged to them and to the evaluation body with the
/// day Hoshi will propose the suspension; past <c>Lifecycle:YearlySuspensionGraceDays</c> (30)
/// more, the suspension proposed to the accreditation body.
/// </summary>
public sealed class YearlySelfAssessmentJob(IOptions<LifecycleSettings> settings) : IScheduledJob
{
    public string Name => "yearly-self-assessments";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task<string> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var yearly = services.GetRequiredService<YearlyStore>();
        var notifier = services.GetRequiredService<Notifier>();
        var proposals = services.GetRequiredService<Registry.SuspensionProposalStore>();
        var grace = settings.Value.YearlySuspensionGraceDays;
        var today = JapanTime.DateOf(now);
        var evaluations = await (from e in db.Evaluations.AsNoTracking()
                                 where e.State == EvaluationState.Registered
                                 join r in db.RegistryEntries on e.AssessmentId equals r.AssessmentId
                                 where r.Status == "valid"
                                 join o in db.Organizations on e.ApplicantId equals o.Id
                                 select new { e, o.LegalNameJa }).ToListAsync(ct);
        var told = 0;
        foreach (var x in evaluations)
        {
            foreach (var item in await yearly.ScheduleAsync(x.e, ct))
            {
                var due = item.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var link = $"/evaluations/{x.e.Id}";
                if (item.Status == YearlyStatus.Open && item.Record is null)
                {
                    told += await notifier.NotifyAsync([.. await notifier.AdministratorsAsync(x.e.ApplicantId, ct)], "yearly-open", $"yearly:{x.e.Id}:{due}:open", [x.LegalNameJa, due], link, now, ct);
                }
                else if (item.Status == YearlyStatus.Missed)
                {
                    // Told before: the day the suspension will be proposed if it is still missing.
                    var proposeOn = SuspensionProposals.AutomaticProposalOn(item.DueOn, YearlyStore.Window, grace);
                    var people = (await notifier.AdministratorsAsync(x.e.ApplicantId, ct)).Concat(await MembersAsync(db, x.e.BodyId, ct)).ToList();
                    told += await notifier.NotifyAsync(people, "yearly-missed", $"yearly:{x.e.Id}:{due}:missed", [x.LegalNameJa, due, proposeOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], link, now, ct);
                    if (SuspensionProposals.AutomaticProposalDue(item.Status, item.DueOn, YearlyStore.Window, grace, today)
                        && await proposals.ProposeForMissedYearlyAsync(x.e, item.DueOn, notifier.InJapanese("MissedYearlyReason", due), ct))
                    {
                        told++;
                    }
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        return $"{told} people told about yearly self-assessments";
    }

    internal static async Task<IReadOnlyList<Guid>> MembersAsync(AppDbContext db, Guid organization, CancellationToken ct) =>
        await db.Memberships.Where(m => m.OrganizationId == organization).Select(m => m.UserId).ToListAsync(ct);
}
