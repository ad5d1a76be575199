using Hoshi.Data;
using Hoshi.Data.Audit;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// <c>audit-verify</c>: recomputes the audit chain up to its head (records chained meanwhile wait
/// for the next run), as <c>./hoshi audit verify</c> does, every six hours; a broken chain fails the job, naming the first broken record, so that the operator's
/// "audit chain broken" alert (<c>hoshi_audit_chain_broken</c>) fires.
/// </summary>
public sealed class AuditVerifyJob : IScheduledJob
{
    public const string JobName = "audit-verify";

    public string Name => JobName;

    public TimeSpan Interval => TimeSpan.FromHours(6);

    public async Task<JobResult> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var result = await AuditTrail.VerifyAsync(services.GetRequiredService<AppDbContext>(), asOfHead: true, ct);
        return result.Intact
            ? new JobResult("AuditHolds", result.Verified)
            : throw new InvalidOperationException($"The audit chain is broken at record {result.BrokenAt}: {result.Reason}");
    }
}
