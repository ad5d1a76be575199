using System.Collections.Concurrent;
using System.Data.Common;
using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Hoshi.Data.Audit;

/// <summary>
/// Moves pending audit records into the hash chain. A change writes its audit record as pending in
/// its own transaction (so the record exists exactly when the change does); after the commit, the
/// writer makes sure a chaining pass that began after its commit has run before it answers. One pass
/// chains every record pending at its start, so writers arriving together share one pass instead
/// of queueing on the chain's head one by one. Passes of this process run one at a time; passes of
/// other processes (more app nodes, the command line) are kept apart by the head row's lock.
/// A record left pending by a crash between commit and pass is chained by the next pass (every
/// audited write runs one, and the server runs one when it starts). On SQLite a save chains its own
/// records in its transaction instead (<c>AppDbContext.ChainsInTransaction</c>).
/// </summary>
public static class AuditChaining
{
    private const int PassSize = 500;

    private static readonly ConcurrentDictionary<string, Gate> Gates = new(StringComparer.Ordinal);

    /// <summary>
    /// After a commit that wrote pending records: <see cref="EnsureChainedAsync"/>, never cancelled (the
    /// change is stored; a cancelled request must not leave its record unchained). Should the pass fail
    /// (the database gone for a moment, the connection pool timing out), the change is stored all the
    /// same and its record waits, pending, for the next pass (any later audited write runs one, and the
    /// server at start): the failure is logged, and the writer is told its change is saved, which it is.
    /// </summary>
    public static async Task AfterCommitAsync(AppDbContext committedWith)
    {
        try
        {
            await EnsureChainedAsync(committedWith, CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            committedWith.GetService<ILoggerFactory>().CreateLogger(typeof(AuditChaining)).LogWarning(e,
                "Audit: the chaining pass after a commit failed; the change is stored and its audit record stays pending until the next pass");
        }
    }

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
            // Its columns named, not "*": PostgreSQL keeps the statement prepared on the connection,
            // and a prepared statement whose result gains a column (a later migration) fails.
            AuditHead? head = null;
            await foreach (var row in db.AuditHeads
                .FromSqlRaw("UPDATE \"AuditHeads\" SET \"LastSequence\" = \"LastSequence\" WHERE \"Id\" = 1 RETURNING \"Id\", \"LastSequence\", \"LastHash\"")
                .AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
            {
                head = row;
            }

            // Tracked, as they are removed below (and a caller may still track some it wrote).
            var pending = await db.PendingAuditRecords.OrderBy(p => p.Id).Take(PassSize).ToListAsync(ct);
            if (pending.Count == 0)
            {
                await transaction.CommitAsync(ct);
                return chained;
            }

            // The chained records in, the pending ones out and the head moved, in one batch (one round
            // trip on PostgreSQL); the head's lock keeps other passes from the same pending rows.
            (var records, head!.LastSequence, head.LastHash) = Link(head!.LastSequence, head.LastHash, pending);
            db.AuditRecords.AddRange(records);
            db.PendingAuditRecords.RemoveRange(pending);
            db.AuditHeads.Update(head);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            await transaction.CommitAsync(ct);
            chained += pending.Count;
            if (pending.Count < PassSize)
            {
                return chained;
            }
        }
    }

    /// <summary>
    /// The records that append <paramref name="pending"/>, in the order given, to a chain ending at
    /// <paramref name="sequence"/> and <paramref name="hash"/>, and the chain's new end.
    /// </summary>
    internal static (List<AuditRecord> Records, long Sequence, string Hash) Link(long sequence, string hash, IReadOnlyList<PendingAuditRecord> pending)
    {
        var records = new List<AuditRecord>(pending.Count);
        foreach (var record in pending)
        {
            var entry = AuditChain.Append(sequence, hash, new DateTimeOffset(record.OccurredAt, TimeSpan.Zero), record.ToEvent());
            records.Add(AuditRecord.From(entry));
            (sequence, hash) = (entry.Sequence, entry.Hash);
        }

        return (records, sequence, hash);
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
            await AuditChaining.AfterCommitAsync(db);
        }
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is AppDbContext db && db.TakeChainAfterCommit())
        {
            AuditChaining.AfterCommitAsync(db).GetAwaiter().GetResult();
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
