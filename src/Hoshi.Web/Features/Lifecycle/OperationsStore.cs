using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Lifecycle;
using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>What the scheme owner's operations page reads (jobs, the mail outbox) and its one write: send failing mail again.</summary>
public sealed class OperationsStore(AppDbContext db, TimeProvider clock)
{
    public const int MaxFailing = 100;

    public Task<List<ScheduledJobRecord>> JobsAsync(CancellationToken ct = default) =>
        db.ScheduledJobs.AsNoTracking().OrderBy(j => j.Name).ToListAsync(ct);

    public Task<int> WaitingMailAsync(CancellationToken ct = default) =>
        db.OutboxMessages.CountAsync(m => m.SentAt == null, ct);

    /// <summary>The oldest unsent mail that failed at least once.</summary>
    public Task<List<Data.Mail.OutboxMessage>> FailingMailAsync(CancellationToken ct = default) =>
        db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null && m.FailedAttempts > 0).OrderBy(m => m.CreatedAt).Take(MaxFailing).ToListAsync(ct);

    /// <summary>Sends every failing mail again at the next pass of the sender; returns how many. Audited.</summary>
    public async Task<int> RetryFailingMailAsync(string actor, string? address, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var at = now.UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var count = await db.OutboxMessages.Where(m => m.SentAt == null && m.FailedAttempts > 0).ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, at), ct);
        db.Audit(new AuditEvent(actor, null, "mail.retry-requested", "Outbox", "all", JsonSerializer.Serialize(new { count }), address), now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return count;
    }
}
