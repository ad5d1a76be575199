using System.Globalization;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Accreditation;
using Hoshi.Domain.Evaluations;
using Hoshi.Domain.Experts;
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

/// <summary>
/// <c>corrective-deadlines</c>: a ★4 evaluation whose corrective-action deadline has passed with
/// nonconformities open fails on time (the lifecycle's Lapse step, audited), and the applicant's
/// administrators and the evaluation body are told.
/// </summary>
public sealed class CorrectiveDeadlineJob : IScheduledJob
{
    public string Name => "corrective-deadlines";

    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task<string> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var today = JapanTime.DateOf(now);
        var lapsed = await db.Evaluations.AsNoTracking()
            .Where(e => e.State == EvaluationState.CorrectiveActions && e.CorrectiveActionDeadline < today).Select(e => e.Id).ToListAsync(ct);
        var failed = 0;
        foreach (var id in lapsed)
        {
            var outcome = await services.GetRequiredService<EvaluationStore>().StepAsync(id, EvaluationStep.Lapse, Guid.Empty, null, ct: ct);
            failed += outcome.Allowed && outcome.State == EvaluationState.Failed ? 1 : 0;
        }

        // Tell (once) about every failure of the last week, so a crash between the two steps loses nothing.
        var since = now.UtcDateTime.AddDays(-7);
        var notifier = services.GetRequiredService<Notifier>();
        var recent = await (from e in db.Evaluations.AsNoTracking()
                            where e.State == EvaluationState.Failed && e.UpdatedAt >= since
                            join o in db.Organizations on e.ApplicantId equals o.Id
                            select new { e.Id, e.ApplicantId, e.BodyId, e.CorrectiveActionDeadline, o.LegalNameJa }).ToListAsync(ct);
        foreach (var e in recent)
        {
            db.ChangeTracker.Clear();
            var people = (await notifier.AdministratorsAsync(e.ApplicantId, ct)).Concat(await YearlySelfAssessmentJob.MembersAsync(db, e.BodyId, ct)).ToList();
            await notifier.NotifyAsync(people, "evaluation-failed", $"evaluation:{e.Id}:failed",
                [e.LegalNameJa, e.CorrectiveActionDeadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""], $"/evaluations/{e.Id}", now, ct);
            await db.SaveChangesAsync(ct);
        }

        return $"{failed} evaluations failed at their deadline";
    }
}

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

/// <summary><c>expert-training</c>: experts are warned 60 days before their training lapses, and told when it has.</summary>
public sealed class ExpertTrainingJob(IOptions<LifecycleSettings> settings) : IScheduledJob
{
    public string Name => "expert-training";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task<string> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var notifier = services.GetRequiredService<Notifier>();
        var today = JapanTime.DateOf(now);
        var experts = await db.ExpertProfiles.AsNoTracking().Where(p => p.TrainingCompletedOn != null).Select(p => new { p.UserId, p.TrainingCompletedOn }).ToListAsync(ct);
        var told = 0;
        foreach (var expert in experts)
        {
            var status = ExpertTraining.StatusOn(expert.TrainingCompletedOn, today);
            if (status.ValidUntil is not { } until)
            {
                continue;
            }

            var day = until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (status.State == TrainingState.Valid && LifecycleRules.TrainingWarningDue(until, today, settings.Value))
            {
                told += await notifier.NotifyAsync([expert.UserId], "training-expiring", $"training:{expert.UserId}:{day}:warning", [day], "/account/expert", now, ct);
            }
            else if (status.State == TrainingState.Expired && today <= until.AddDays(7))
            {
                told += await notifier.NotifyAsync([expert.UserId], "training-expired", $"training:{expert.UserId}:{day}:expired", [day], "/account/expert", now, ct);
            }
        }

        await db.SaveChangesAsync(ct);
        return $"{told} experts told about their training";
    }
}
