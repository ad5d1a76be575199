using Hoshi.Data;
using Hoshi.Domain.Audit;
using Hoshi.Web.Shared.Mail;
using Microsoft.EntityFrameworkCore.Storage;

namespace Hoshi.Web.Features.Accounts;

/// <summary>
/// The account pages' writes beside ASP.NET Core Identity: the audit record of each account event,
/// and the mail that goes with it, saved together (in the caller's transaction when one is open).
/// </summary>
public sealed class AccountStore(AppDbContext db, TimeProvider clock)
{
    /// <summary>A transaction that also holds Identity's writes (both use the request's context).</summary>
    public Task<IDbContextTransaction> BeginTransactionAsync(CancellationToken ct = default) => db.Database.BeginTransactionAsync(ct);

    /// <summary>Whether a stranger may make Hoshi mail this account now (<see cref="AccountMail"/>).</summary>
    public Task<bool> MayMailAsync(Guid userId, CancellationToken ct = default) => AccountMail.MaySendAsync(db, userId, clock.GetUtcNow(), ct);

    /// <summary>Queues a mail; it is sent only if the next <see cref="RecordAsync"/> saves.</summary>
    public void QueueMail(string to, string subject, string body) => MailOutbox.Enqueue(db, to, subject, body, null, clock.GetUtcNow());

    /// <summary>Records an event of the account <paramref name="userId"/> (with any queued mail) in one save.</summary>
    public async Task RecordAsync(string userId, string action, string? data, string? address, CancellationToken ct = default)
    {
        db.Audit(new AuditEvent(userId, null, action, "User", userId, data, address), clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }
}
