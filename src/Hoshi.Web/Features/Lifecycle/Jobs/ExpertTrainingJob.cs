using System.Globalization;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Experts;
using Hoshi.Domain.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Lifecycle;

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
