using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Audit;

/// <summary>Verifies the stored audit chain, reading it a page at a time.</summary>
public static class AuditTrail
{
    private const int PageSize = 1000;

    /// <summary>
    /// The whole chain against its head (<c>./hoshi audit verify</c>): a record after the head is a
    /// break too. With <paramref name="asOfHead"/> (the scheduled <c>audit-verify</c> job, on a live
    /// database), only the records up to the head read first: those chained while the verification
    /// runs are left to the next one, instead of looking like a chain longer than its head.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(AppDbContext db, CancellationToken ct = default) => await VerifyAsync(db, asOfHead: false, ct);

    public static async Task<AuditVerification> VerifyAsync(AppDbContext db, bool asOfHead, CancellationToken ct = default)
    {
        var head = await db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == AuditHead.SingletonId, ct);
        var verifier = new AuditChainVerifier();
        var after = 0L;
        while (true)
        {
            var page = await db.AuditRecords.AsNoTracking()
                .Where(a => a.Sequence > after && (!asOfHead || a.Sequence <= head.LastSequence))
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
