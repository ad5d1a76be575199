using System.Globalization;
using Hoshi.Data;
using Hoshi.Data.Evaluations;
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
public sealed class YearlySelfAssessmentJob(IOptions<LifecycleSettings> settings) : PerItemJob<YearlySelfAssessmentJob.Due>
{
    /// <summary>A registered ★4 evaluation whose entry is valid, and the holder's name.</summary>
    public sealed record Due(EvaluationRecord Evaluation, string Name);

    public override string Name => "yearly-self-assessments";

    public override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task<IReadOnlyList<Due>> DueAsync(JobRun run, CancellationToken ct) =>
        await (from e in run.Db.Evaluations.AsNoTracking()
               where e.State == EvaluationState.Registered
               join r in run.Db.RegistryEntries on e.AssessmentId equals r.AssessmentId
               where r.Status == "valid"
               join o in run.Db.Organizations on e.ApplicantId equals o.Id
               select new Due(e, o.LegalNameJa)).ToListAsync(ct);

    protected override async Task<int> HandleAsync(JobRun run, Due due, CancellationToken ct)
    {
        var (evaluation, notifier) = (due.Evaluation, run.Notifier);
        var grace = settings.Value.YearlySuspensionGraceDays;
        var told = 0;
        foreach (var item in await run.Get<YearlyStore>().ScheduleAsync(evaluation, ct))
        {
            var day = item.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var link = $"/evaluations/{evaluation.Id}";
            if (item.Status == YearlyStatus.Open && item.Record is null)
            {
                told += await notifier.NotifyAsync([.. await notifier.AdministratorsAsync(evaluation.ApplicantId, ct)], "yearly-open", $"yearly:{evaluation.Id}:{day}:open", [due.Name, day], link, run.Now, ct);
            }
            else if (item.Status == YearlyStatus.Missed)
            {
                // Told before: the day the suspension will be proposed if it is still missing.
                var proposeOn = SuspensionProposals.AutomaticProposalOn(item.DueOn, YearlyStore.Window, grace);
                var people = (await notifier.AdministratorsAsync(evaluation.ApplicantId, ct)).Concat(await MembersAsync(run.Db, evaluation.BodyId, ct)).ToList();
                told += await notifier.NotifyAsync(people, "yearly-missed", $"yearly:{evaluation.Id}:{day}:missed", [due.Name, day, proposeOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], link, run.Now, ct);
                if (SuspensionProposals.AutomaticProposalDue(item.Status, item.DueOn, YearlyStore.Window, grace, run.Today)
                    && await run.Get<Registry.SuspensionProposalStore>().ProposeForMissedYearlyAsync(evaluation, item.DueOn, notifier.InJapanese("MissedYearlyReason", day), ct))
                {
                    told++;
                }
            }
        }

        return told;
    }

    protected override JobResult Summary(int count) => new("YearlyTold", count);

    internal static async Task<IReadOnlyList<Guid>> MembersAsync(AppDbContext db, Guid organization, CancellationToken ct) =>
        await db.Memberships.Where(m => m.OrganizationId == organization).Select(m => m.UserId).ToListAsync(ct);
}
