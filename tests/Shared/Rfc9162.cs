using System.Security.Cryptography;

namespace Hoshi.Tests.Shared;

/// <summary>
/// RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), written from the text as a client of
/// the log would run them, with its own SHA-256: independent of Hoshi's tree code.
/// </summary>
internal static class Rfc9162
{
    public static byte[] LeafHash(byte[] leaf) => SHA256.HashData([0x00, .. leaf]);

    private static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    public static bool VerifyInclusion(long leafIndex, long treeSize, byte[] hash, IReadOnlyList<byte[]> path, byte[] root)
    {
        if (leafIndex >= treeSize)
        {
            return false;
        }

        long fn = leafIndex, sn = treeSize - 1;
        var r = hash;
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    public static bool VerifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, IReadOnlyList<byte[]> proof)
    {
        if (first == second)
        {
            return proof.Count == 0 && firstHash.AsSpan().SequenceEqual(secondHash);
        }

        var path = new List<byte[]>(proof);
        if ((first & (first - 1)) == 0)
        {
            path.Insert(0, firstHash);
        }

        if (path.Count == 0)
        {
            return false;
        }

        long fn = first - 1, sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        byte[] fr = path[0], sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Node(c, fr);
                sr = Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = Node(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return fr.AsSpan().SequenceEqual(firstHash) && sr.AsSpan().SequenceEqual(secondHash) && sn == 0;
    }
}
