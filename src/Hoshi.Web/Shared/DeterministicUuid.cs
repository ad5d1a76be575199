using System.Security.Cryptography;
using System.Text;

namespace Hoshi.Web.Shared;

/// <summary>Name-based UUIDs (RFC 9562 version 5): the same name always gives the same UUID.</summary>
public static class DeterministicUuid
{
    // A fixed namespace for every UUID Hoshi derives from names.
    private static readonly byte[] Namespace = Guid.Parse("6f1c0a0e-5b7e-4b0d-9a53-486f73686921").ToByteArray(bigEndian: true);

    public static Guid From(string name)
    {
        var input = Namespace.Concat(Encoding.UTF8.GetBytes(name)).ToArray();
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5 UUIDs; no security relies on it.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
