using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Audit;

/// <summary>Verifies the stored audit chain, reading it a page at a time.</summary>
public static class AuditTrail
{
    private const int PageSize = 1000;

    public static async Task<AuditVerification> VerifyAsync(AppDbContext db, CancellationToken ct = default)
    {
        var head = await db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == AuditHead.SingletonId, ct);
        var verifier = new AuditChainVerifier();
        var after = 0L;
        while (true)
        {
            var page = await db.AuditRecords.AsNoTracking()
                .Where(a => a.Sequence > after)
                .OrderBy(a => a.Sequence)
                .Take(PageSize)
                .ToListAsync(ct);
            if (!page.All(record => verifier.Add(record.ToEntry())) || page.Count < PageSize)
            {
                return verifier.Finish(head.LastSequence, head.LastHash);
            }

            after = page[^1].Sequence;
        }
    }
}
