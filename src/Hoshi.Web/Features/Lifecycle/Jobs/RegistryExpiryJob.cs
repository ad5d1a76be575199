using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// <c>registry-expiry</c>: each valid entry whose last valid day (Japan time) has passed is
/// recorded as expired, with its log event and audit record, and its holder's administrators and
/// the buyers that keep it in their portfolio are told — one transaction per entry, so a crash
/// leaves every entry either wholly done or untouched for the next run.
/// </summary>
public sealed class RegistryExpiryJob : IScheduledJob
{
    public string Name => "registry-expiry";

    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task<string> RunAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var today = JapanTime.DateOf(now);
        var due = await db.RegistryEntries.Where(e => e.Status == "valid" && e.ValidUntil < today).OrderBy(e => e.ValidUntil).Select(e => e.Id).Take(1000).ToListAsync(ct);
        var done = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var entry = await db.RegistryEntries.Include(e => e.Subjects).FirstAsync(e => e.Id == id, ct);
            var book = services.GetRequiredService<RegistryBook>();
            if (!await book.ExpireAsync(entry, now, ct))
            {
                continue;
            }

            await ExpiryNotices.TellAsync(services, entry, "entry-expired", $"entry:{entry.Id}:expired", now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await book.RefreshAsync(entry.Subjects.Select(s => s.CorporateNumber), ct);
            done++;
        }

        return $"{done} entries expired";
    }
}
