using System.Globalization;
using Hoshi.Domain.Experts;
using Hoshi.Domain.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary><c>expert-training</c>: experts are warned 60 days before their training lapses, and told when it has.</summary>
public sealed class ExpertTrainingJob(IOptions<LifecycleSettings> settings) : PerItemJob<(Guid UserId, DateOnly? TrainingCompletedOn)>
{
    public override string Name => "expert-training";

    public override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task<IReadOnlyList<(Guid UserId, DateOnly? TrainingCompletedOn)>> DueAsync(JobRun run, CancellationToken ct) =>
        [.. (await run.Db.ExpertProfiles.AsNoTracking().Where(p => p.TrainingCompletedOn != null).Select(p => new { p.UserId, p.TrainingCompletedOn }).ToListAsync(ct))
            .Select(p => (p.UserId, p.TrainingCompletedOn))];

    protected override async Task<int> HandleAsync(JobRun run, (Guid UserId, DateOnly? TrainingCompletedOn) expert, CancellationToken ct)
    {
        var status = ExpertTraining.StatusOn(expert.TrainingCompletedOn, run.Today);
        if (status.ValidUntil is not { } until)
        {
            return 0;
        }

        var day = until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (status.State == TrainingState.Valid && LifecycleRules.TrainingWarningDue(until, run.Today, settings.Value))
        {
            return await run.Notifier.NotifyAsync([expert.UserId], "training-expiring", $"training:{expert.UserId}:{day}:warning", [day], "/account/expert", run.Now, ct);
        }

        return status.State == TrainingState.Expired && run.Today <= until.AddDays(7)
            ? await run.Notifier.NotifyAsync([expert.UserId], "training-expired", $"training:{expert.UserId}:{day}:expired", [day], "/account/expert", run.Now, ct)
            : 0;
    }

    protected override JobResult Summary(int count) => new("TrainingTold", count);
}
