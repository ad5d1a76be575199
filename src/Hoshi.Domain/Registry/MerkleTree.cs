using System.Numerics;
using System.Security.Cryptography;

namespace Hoshi.Domain.Registry;

/// <summary>The hashes of an RFC 6962 / RFC 9162 Merkle tree: SHA-256, leaves prefixed 0x00, nodes 0x01.</summary>
public static class MerkleHash
{
    public const int Size = 32;

    /// <summary>The root of the empty tree: the hash of the empty string.</summary>
    public static byte[] Empty() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    public static byte[] Leaf(ReadOnlySpan<byte> leaf)
    {
        var buffer = new byte[leaf.Length + 1];
        leaf.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[(2 * Size) + 1];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The largest power of two smaller than <paramref name="n"/> (n ≥ 2): where RFC 9162 splits a tree.</summary>
    public static long Split(long n) => n < 2 ? throw new ArgumentOutOfRangeException(nameof(n)) : 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));
}

/// <summary>
/// The right edge of an append-only Merkle tree: the roots of its perfect subtrees, largest
/// first (one per set bit of the size). Enough to append a leaf and compute the root without
/// the leaves, so it is what the database keeps beside the log.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<byte[]> _nodes;

    public MerkleFrontier()
        : this(0, [])
    {
    }

    private MerkleFrontier(long size, List<byte[]> nodes)
    {
        Size = size;
        _nodes = nodes;
    }

    public long Size { get; private set; }

    public void Append(byte[] leafHash)
    {
        var node = leafHash;
        // Like adding one to a binary counter: every trailing 1 bit of the size merges a subtree.
        for (var size = Size; (size & 1) == 1; size >>= 1)
        {
            node = MerkleHash.Node(_nodes[^1], node);
            _nodes.RemoveAt(_nodes.Count - 1);
        }

        _nodes.Add(node);
        Size++;
    }

    /// <summary>The tree head: the subtrees folded from the right.</summary>
    public byte[] Root()
    {
        if (_nodes.Count == 0)
        {
            return MerkleHash.Empty();
        }

        var root = _nodes[^1];
        for (var i = _nodes.Count - 2; i >= 0; i--)
        {
            root = MerkleHash.Node(_nodes[i], root);
        }

        return root;
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[_nodes.Count * MerkleHash.Size];
        for (var i = 0; i < _nodes.Count; i++)
        {
            _nodes[i].CopyTo(bytes, i * MerkleHash.Size);
        }

        return bytes;
    }

    public static MerkleFrontier FromBytes(long size, ReadOnlySpan<byte> bytes)
    {
        if (size < 0 || bytes.Length != BitOperations.PopCount((ulong)size) * MerkleHash.Size)
        {
            throw new ArgumentException($"A frontier of a tree of {size} leaves holds {BitOperations.PopCount((ulong)size)} hashes.", nameof(bytes));
        }

        var nodes = new List<byte[]>();
        for (var i = 0; i < bytes.Length; i += MerkleHash.Size)
        {
            nodes.Add(bytes.Slice(i, MerkleHash.Size).ToArray());
        }

        return new MerkleFrontier(size, nodes);
    }
}

/// <summary>
/// A whole Merkle tree in memory, level by level (2 × 32 bytes per leaf), for roots at any
/// earlier size and for inclusion and consistency proofs (RFC 9162 §2.1.3, §2.1.4). Perfect
/// aligned subtrees are looked up; only the ragged right edge is hashed on demand.
/// </summary>
public sealed class MerkleTree
{
    private readonly List<HashList> _levels = [new()];

    public long Size => _levels[0].Count;

    public void Append(byte[] leafHash)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(leafHash.Length, MerkleHash.Size, nameof(leafHash));
        _levels[0].Add(leafHash);
        var index = _levels[0].Count - 1;
        var node = leafHash;
        for (var level = 0; (index & 1) == 1; level++, index >>= 1)
        {
            node = MerkleHash.Node(_levels[level].Get(index - 1), node);
            if (_levels.Count == level + 1)
            {
                _levels.Add(new HashList());
            }

            _levels[level + 1].Add(node);
        }
    }

    public byte[] LeafHash(long index) => _levels[0].Get(index).ToArray();

    /// <summary>The root of the tree made of the first <paramref name="size"/> leaves.</summary>
    public byte[] Root(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        return size == 0 ? MerkleHash.Empty() : Subtree(0, size);
    }

    /// <summary>The audit path of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves (PATH(m, D[n])).</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var proof = new List<byte[]>();
        Path(index, 0, size, proof);
        return proof;
    }

    /// <summary>The proof that the tree of <paramref name="first"/> leaves is a prefix of the tree of <paramref name="second"/> (PROOF(m, D[n])).</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long first, long second)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(second, Size);
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, second);
        var proof = new List<byte[]>();
        SubProof(first, 0, second, true, proof);
        return proof;
    }

    private void Path(long index, long start, long end, List<byte[]> proof)
    {
        var n = end - start;
        if (n == 1)
        {
            return;
        }

        var k = MerkleHash.Split(n);
        if (index - start < k)
        {
            Path(index, start, start + k, proof);
            proof.Add(Subtree(start + k, end));
        }
        else
        {
            Path(index, start + k, end, proof);
            proof.Add(Subtree(start, start + k));
        }
    }

    private void SubProof(long m, long start, long end, bool whole, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!whole)
            {
                proof.Add(Subtree(start, end));
            }

            return;
        }

        var k = MerkleHash.Split(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, whole, proof);
            proof.Add(Subtree(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, false, proof);
            proof.Add(Subtree(start, start + k));
        }
    }

    /// <summary>MTH(D[start:end]).</summary>
    private byte[] Subtree(long start, long end)
    {
        var n = end - start;
        if (BitOperations.IsPow2(n) && start % n == 0)
        {
            var level = BitOperations.Log2((ulong)n);
            return _levels[level].Get(start >> level).ToArray();
        }

        var k = MerkleHash.Split(n);
        return MerkleHash.Node(Subtree(start, start + k), Subtree(start + k, end));
    }

    /// <summary>Hashes packed in one growing array: no object per hash.</summary>
    private sealed class HashList
    {
        private byte[] _data = new byte[MerkleHash.Size * 64];

        public long Count { get; private set; }

        public void Add(ReadOnlySpan<byte> hash)
        {
            if ((Count + 1) * MerkleHash.Size > _data.Length)
            {
                Array.Resize(ref _data, (int)Math.Min(Array.MaxLength, (long)_data.Length * 2));
            }

            hash.CopyTo(_data.AsSpan((int)(Count * MerkleHash.Size)));
            Count++;
        }

        public ReadOnlySpan<byte> Get(long index) => index < 0 || index >= Count
            ? throw new ArgumentOutOfRangeException(nameof(index))
            : _data.AsSpan((int)(index * MerkleHash.Size), MerkleHash.Size);
    }
}
