using System.Globalization;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Evaluations;
using Hoshi.Web.Features.Evaluations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// <c>corrective-deadlines</c>: a ★4 evaluation whose corrective-action deadline has passed with
/// nonconformities open fails on time (the lifecycle's Lapse step, audited), and the applicant's
/// administrators and the evaluation body are told.
/// </summary>
public sealed class CorrectiveDeadlineJob : IScheduledJob
{
    public string Name => "corrective-deadlines";

    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task<JobResult> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
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

        return new JobResult("EvaluationsFailed", failed);
    }
}
