using System.Security.Cryptography;
using Hoshi.Domain.Registry;
using Hoshi.Tests.Shared;

namespace Hoshi.Domain.Tests.Registry;

/// <summary>
/// The transparency log's tree against RFC 6962's test vectors, against the RFC's recursive
/// definitions (MTH, PATH, PROOF) computed naively, and against the RFC 9162 verification
/// algorithms (§2.1.3.2, §2.1.4.2) written here from the text.
/// </summary>
public sealed class MerkleTreeTests
{
    // The leaves and roots of the RFC 6962 reference tests (certificate-transparency's merkle tree test vectors).
    private static readonly byte[][] VectorLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    private static readonly string[] VectorRoots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void Roots_match_the_reference_vectors_in_the_tree_and_the_frontier()
    {
        var tree = new MerkleTree();
        var frontier = new MerkleFrontier();
        for (var i = 0; i < VectorLeaves.Length; i++)
        {
            var leaf = MerkleHash.Leaf(VectorLeaves[i]);
            tree.Append(leaf);
            frontier.Append(leaf);
            Assert.Equal(VectorRoots[i], Convert.ToHexStringLower(tree.Root(i + 1)));
            Assert.Equal(VectorRoots[i], Convert.ToHexStringLower(frontier.Root()));
        }

        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(tree.Root(0)));
        Assert.Equal(Convert.ToHexStringLower(new MerkleFrontier().Root()), Convert.ToHexStringLower(tree.Root(0)));
    }

    [Fact]
    public void Every_size_up_to_70_agrees_with_the_recursive_definition_and_its_proofs_verify()
    {
        var leaves = Enumerable.Range(0, 70).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i * 7919))).ToList();
        var tree = new MerkleTree();
        var frontier = new MerkleFrontier();
        foreach (var leaf in leaves)
        {
            tree.Append(leaf);
            frontier.Append(leaf);
            var size = (int)tree.Size;
            var root = Reference.Mth(leaves, 0, size);
            Assert.Equal(root, tree.Root(size));
            Assert.Equal(root, frontier.Root());

            var restored = MerkleFrontier.FromBytes(frontier.Size, frontier.ToBytes());
            Assert.Equal(root, restored.Root());
        }

        for (var n = 1; n <= leaves.Count; n++)
        {
            var root = Reference.Mth(leaves, 0, n);
            for (var m = 0; m < n; m++)
            {
                var proof = tree.InclusionProof(m, n);
                Assert.Equal(Reference.Path(leaves, m, 0, n), proof);
                Assert.True(Rfc9162.VerifyInclusion(m, n, leaves[m], proof, root), $"inclusion {m} in {n}");
                Assert.False(Rfc9162.VerifyInclusion(m, n, leaves[(m + 1) % n], proof, root) && n > 1, $"a wrong leaf {m} in {n}");
            }

            for (var m = 1; m <= n; m++)
            {
                var proof = tree.ConsistencyProof(m, n);
                Assert.Equal(Reference.Proof(leaves, m, n), proof);
                Assert.True(Rfc9162.VerifyConsistency(m, n, Reference.Mth(leaves, 0, m), root, proof), $"consistency {m} → {n}");
                if (m < n)
                {
                    Assert.False(Rfc9162.VerifyConsistency(m, n, Reference.Mth(leaves, 0, m), MerkleHash.Leaf([1, 2, 3]), proof), $"a wrong second root {m} → {n}");
                }
            }
        }
    }

    [Fact]
    public void Proofs_outside_the_tree_are_refused()
    {
        var tree = new MerkleTree();
        tree.Append(MerkleHash.Leaf([1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.InclusionProof(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.InclusionProof(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.ConsistencyProof(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.ConsistencyProof(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Root(2));
        Assert.Throws<ArgumentException>(() => MerkleFrontier.FromBytes(3, new byte[32]));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 4)]
    [InlineData(1025, 1024)]
    public void The_split_is_the_largest_power_of_two_below_n(long n, long k) => Assert.Equal(k, MerkleHash.Split(n));

    /// <summary>RFC 6962 §2.1, word for word, over a list of leaf hashes.</summary>
    private static class Reference
    {
        public static byte[] Mth(List<byte[]> d, int start, int end)
        {
            var n = end - start;
            if (n == 0)
            {
                return SHA256.HashData([]);
            }

            if (n == 1)
            {
                return d[start];
            }

            var k = (int)MerkleHash.Split(n);
            return MerkleHash.Node(Mth(d, start, start + k), Mth(d, start + k, end));
        }

        public static List<byte[]> Path(List<byte[]> d, int m, int start, int end)
        {
            var n = end - start;
            if (n == 1)
            {
                return [];
            }

            var k = (int)MerkleHash.Split(n);
            return m - start < k
                ? [.. Path(d, m, start, start + k), Mth(d, start + k, end)]
                : [.. Path(d, m, start + k, end), Mth(d, start, start + k)];
        }

        public static List<byte[]> Proof(List<byte[]> d, int m, int n) => SubProof(d, m, 0, n, true);

        private static List<byte[]> SubProof(List<byte[]> d, int m, int start, int end, bool b)
        {
            var n = end - start;
            if (m == n)
            {
                return b ? [] : [Mth(d, start, end)];
            }

            var k = (int)MerkleHash.Split(n);
            return m <= k
                ? [.. SubProof(d, m, start, start + k, b), Mth(d, start + k, end)]
                : [.. SubProof(d, m - k, start + k, end, false), Mth(d, start, start + k)];
        }
    }
}
