using Hoshi.Data;
using Hoshi.Data.Registry;
using Hoshi.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Registry;

/// <summary>
/// The registry's transparency log (RFC 6962 / RFC 9162 Merkle tree): every registry event is
/// appended, in the same transaction as the change, as a leaf holding its canonical JSON, and
/// each append stores a signed tree head. Proofs are served from the tree kept in memory.
/// </summary>
public sealed class TransparencyLog(AppDbContext db, RegistryKeys keys, LogTreeCache cache)
{
    /// <summary>
    /// Appends events within the caller's transaction, and a signed head for the new size. The
    /// state row is locked first, so concurrent appends queue instead of taking the same index.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<RegistryEvent> events, DateTimeOffset now, CancellationToken ct = default)
    {
        if (events.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Log appends belong in the transaction of the change they record.");
        }

        var (kid, key) = await keys.SigningKeyAsync(ct);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"LogState\" SET \"Size\" = \"Size\" WHERE \"Id\" = 1", ct);
        var state = await db.LogState.SingleAsync(s => s.Id == LogStateRecord.SingletonId, ct);
        await db.Entry(state).ReloadAsync(ct);
        var frontier = MerkleFrontier.FromBytes(state.Size, state.Frontier);
        foreach (var item in events)
        {
            var data = item.ToCanonicalJson();
            var hash = MerkleHash.Leaf(data);
            db.LogLeaves.Add(new LogLeafRecord { Index = frontier.Size, Data = data, LeafHash = hash, EntryId = item.EntryId, CertificateId = item.CertificateId, RecordedAt = now.UtcDateTime });
            frontier.Append(hash);
        }

        state.Size = frontier.Size;
        state.Frontier = frontier.ToBytes();
        var root = frontier.Root();
        db.LogHeads.Add(new LogHeadRecord { TreeSize = frontier.Size, RootHash = root, Timestamp = now.UtcDateTime, Jws = CertificateJws.SignHead(frontier.Size, root, now, kid, key) });
    }

    public Task<LogHeadRecord?> HeadAsync(CancellationToken ct = default) =>
        db.LogHeads.AsNoTracking().OrderByDescending(h => h.TreeSize).FirstOrDefaultAsync(ct);

    /// <summary>Leaves from <paramref name="start"/> to <paramref name="end"/>, both included (as RFC 6962 get-entries).</summary>
    public async Task<IReadOnlyList<(long Index, byte[] Data)>> EntriesAsync(long start, long end, CancellationToken ct = default)
    {
        var rows = await db.LogLeaves.AsNoTracking().Where(l => l.Index >= start && l.Index <= end).OrderBy(l => l.Index)
            .Select(l => new { l.Index, l.Data }).ToListAsync(ct);
        return [.. rows.Select(r => (r.Index, r.Data))];
    }

    /// <summary>The inclusion proof of a certificate's latest event in the latest signed head, or null when it has none.</summary>
    public async Task<(long LeafIndex, LogHeadRecord Head, byte[] Leaf, IReadOnlyList<byte[]> Path)?> ProofAsync(Guid certificateId, CancellationToken ct = default)
    {
        var head = await HeadAsync(ct);
        var leaf = await db.LogLeaves.AsNoTracking().Where(l => l.CertificateId == certificateId && (head == null || l.Index < head.TreeSize))
            .OrderByDescending(l => l.Index).Select(l => new { l.Index, l.Data }).FirstOrDefaultAsync(ct);
        if (head is null || leaf is null)
        {
            return null;
        }

        var tree = await cache.TreeAsync(db, head.TreeSize, ct);
        return (leaf.Index, head, leaf.Data, await cache.ReadAsync(() => tree.InclusionProof(leaf.Index, head.TreeSize)));
    }

    public async Task<IReadOnlyList<byte[]>> ConsistencyAsync(long first, long second, CancellationToken ct = default)
    {
        var tree = await cache.TreeAsync(db, second, ct);
        return await cache.ReadAsync(() => tree.ConsistencyProof(first, second));
    }
}

/// <summary>
/// The log's tree in memory (64 bytes a leaf), filled from the database on first use and topped
/// up with new leaves when a proof needs a larger tree. One per process.
/// </summary>
public sealed class LogTreeCache : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MerkleTree _tree = new();

    /// <summary>The tree holding at least <paramref name="size"/> leaves.</summary>
    public async Task<MerkleTree> TreeAsync(AppDbContext db, long size, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            while (_tree.Size < size)
            {
                var from = _tree.Size;
                var hashes = await db.LogLeaves.AsNoTracking().Where(l => l.Index >= from && l.Index < size).OrderBy(l => l.Index)
                    .Select(l => l.LeafHash).Take(100_000).ToListAsync(ct);
                if (hashes.Count == 0)
                {
                    throw new InvalidOperationException($"The log holds fewer than {size} leaves.");
                }

                foreach (var hash in hashes)
                {
                    _tree.Append(hash);
                }
            }

            return _tree;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Reads the tree while no one appends to it.</summary>
    public async Task<T> ReadAsync<T>(Func<T> read)
    {
        await _gate.WaitAsync();
        try
        {
            return read();
        }
        finally
        {
            _gate.Release();
        }
    }
}
