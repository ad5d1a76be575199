using Hoshi.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// <c>registry-expiry</c>: each valid entry whose last valid day (Japan time) has passed is
/// recorded as expired, with its log event and audit record, and its holder's administrators and
/// the buyers that keep it in their portfolio are told — one transaction per entry, so a crash
/// leaves every entry either wholly done or untouched for the next run.
/// </summary>
public sealed class RegistryExpiryJob : PerItemJob<Guid>
{
    public override string Name => "registry-expiry";

    public override TimeSpan Interval => TimeSpan.FromMinutes(5);

    protected override async Task<IReadOnlyList<Guid>> DueAsync(JobRun run, CancellationToken ct) =>
        await run.Db.RegistryEntries.Where(e => e.Status == "valid" && e.ValidUntil < run.Today).OrderBy(e => e.ValidUntil).Select(e => e.Id).Take(1000).ToListAsync(ct);

    protected override async Task<int> HandleAsync(JobRun run, Guid id, CancellationToken ct)
    {
        var db = run.Db;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var entry = await db.RegistryEntries.Include(e => e.Subjects).FirstAsync(e => e.Id == id, ct);
        var book = run.Get<RegistryBook>();
        if (!await book.ExpireAsync(entry, run.Now, ct))
        {
            // Not due after all (changed meanwhile): nothing of it is saved.
            db.ChangeTracker.Clear();
            return 0;
        }

        await ExpiryNotices.TellAsync(run.Services, entry, "entry-expired", $"entry:{entry.Id}:expired", run.Now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await book.RefreshAsync(entry.Subjects.Select(s => s.CorporateNumber), ct);
        return 1;
    }

    protected override JobResult Summary(int count) => new("EntriesExpired", count);
}
