using System.Collections.Concurrent;
using System.Data.Common;
using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Hoshi.Data.Audit;

/// <summary>
/// Moves pending audit records into the hash chain. A change writes its audit record as pending in
/// its own transaction (so the record exists exactly when the change does); after the commit, the
/// writer makes sure a chaining pass that began after its commit has run before it answers. One pass
/// chains every record pending at its start, so writers arriving together share one pass instead
/// of queueing on the chain's head one by one. Passes of this process run one at a time; passes of
/// other processes (more app nodes, the command line) are kept apart by the head row's lock.
/// A record left pending by a crash between commit and pass is chained by the next pass (every
/// audited write runs one, and the server runs one when it starts).
/// </summary>
public static class AuditChaining
{
    private const int PassSize = 500;

    private static readonly ConcurrentDictionary<string, Gate> Gates = new(StringComparer.Ordinal);

    /// <summary>Returns once every record committed before the call is in the chain.</summary>
    public static async Task EnsureChainedAsync(AppDbContext committedWith, CancellationToken ct = default)
    {
        var gate = Gates.GetOrAdd(committedWith.Database.GetConnectionString() ?? "", _ => new Gate());

        // A pass that starts after this moment sees our commit.
        var needed = Interlocked.Read(ref gate.Started) + 1;
        await gate.Lock.WaitAsync(ct);
        try
        {
            if (gate.Completed >= needed)
            {
                return;
            }

            Interlocked.Increment(ref gate.Started);
            var options = (DbContextOptions<AppDbContext>)committedWith.GetService<IDbContextOptions>();
            await using var db = new AppDbContext(options);

            // A pass's transaction is all or nothing: no savepoints around its save.
            db.Database.AutoSavepointsEnabled = false;
            await ChainPendingAsync(db, ct);
            gate.Completed = Interlocked.Read(ref gate.Started);
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    /// <summary>Chains every pending record (in the order they were written); returns how many.</summary>
    public static async Task<int> ChainPendingAsync(AppDbContext db, CancellationToken ct = default)
    {
        var chained = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);

            // The head row's lock keeps passes of other processes apart; the same statement reads it.
            AuditHead? head = null;
            await foreach (var row in db.AuditHeads
                .FromSqlRaw("UPDATE \"AuditHeads\" SET \"LastSequence\" = \"LastSequence\" WHERE \"Id\" = 1 RETURNING *")
                .AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
            {
                head = row;
            }

            var pending = await db.PendingAuditRecords.AsNoTracking().OrderBy(p => p.Id).Take(PassSize).ToListAsync(ct);
            if (pending.Count == 0)
            {
                await transaction.CommitAsync(ct);
                return chained;
            }

            var (sequence, hash) = (head!.LastSequence, head.LastHash);
            var records = new List<AuditRecord>(pending.Count);
            foreach (var record in pending)
            {
                var entry = AuditChain.Append(sequence, hash, new DateTimeOffset(record.OccurredAt, TimeSpan.Zero), record.ToEvent());
                records.Add(AuditRecord.From(entry));
                (sequence, hash) = (entry.Sequence, entry.Hash);
            }

            db.AuditRecords.AddRange(records);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            var ids = pending.Select(p => p.Id).ToList();
            await db.PendingAuditRecords.Where(p => ids.Contains(p.Id)).ExecuteDeleteAsync(ct);
            await db.AuditHeads.Where(h => h.Id == AuditHead.SingletonId)
                .ExecuteUpdateAsync(u => u.SetProperty(h => h.LastSequence, sequence).SetProperty(h => h.LastHash, hash), ct);
            await transaction.CommitAsync(ct);
            chained += pending.Count;
            if (pending.Count < PassSize)
            {
                return chained;
            }
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One per database, for the life of the process.")]
    private sealed class Gate
    {
        public readonly SemaphoreSlim Lock = new(1, 1);
        public long Started;
        public long Completed;
    }
}

/// <summary>After a commit that wrote pending audit records, runs (or waits for) the chaining pass.</summary>
public sealed class AuditChainer : DbTransactionInterceptor
{
    public static readonly AuditChainer Instance = new();

    private AuditChainer()
    {
    }

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db && db.TakeChainAfterCommit())
        {
            // The change is committed: a cancelled request must not leave its record unchained.
            await AuditChaining.EnsureChainedAsync(db, CancellationToken.None);
        }
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is AppDbContext db && db.TakeChainAfterCommit())
        {
            AuditChaining.EnsureChainedAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as AppDbContext)?.TakeChainAfterCommit();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as AppDbContext)?.TakeChainAfterCommit();
        return Task.CompletedTask;
    }
}
