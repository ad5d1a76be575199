using System.Numerics;

namespace Hoshi.Domain.Registry;

/// <summary>
/// ECDSA P-256 signatures in low-S form. For every valid signature (r, s) the twin (r, n − s) is
/// valid too, so a certificate would have two encodings with the same meaning (malleable). Hoshi
/// signs only with s ≤ n/2 and accepts only that form.
/// </summary>
public static class LowS
{
    /// <summary>The order n of the P-256 group.</summary>
    public static readonly BigInteger Order = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);

    private static readonly BigInteger Half = Order >> 1;

    /// <summary>The size of a JWS ES256 signature: r and s, 32 bytes each, big-endian.</summary>
    public const int SignatureLength = 64;

    /// <summary>Whether <paramref name="signature"/> (r ‖ s) has 0 &lt; s ≤ n/2.</summary>
    public static bool IsLow(ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureLength)
        {
            return false;
        }

        var s = new BigInteger(signature[32..], isUnsigned: true, isBigEndian: true);
        return s.Sign > 0 && s <= Half;
    }

    /// <summary>The low-S form of <paramref name="signature"/> (r ‖ s): s replaced by n − s when s &gt; n/2.</summary>
    public static byte[] Normalize(ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureLength)
        {
            throw new ArgumentException($"An ES256 signature is {SignatureLength} bytes.", nameof(signature));
        }

        var result = signature.ToArray();
        var s = new BigInteger(signature[32..], isUnsigned: true, isBigEndian: true);
        if (s > Half)
        {
            Write(Order - s, result.AsSpan(32));
        }

        return result;
    }

    /// <summary>The twin signature (r, n − s): as valid to ECDSA as the original.</summary>
    public static byte[] Twin(ReadOnlySpan<byte> signature)
    {
        var result = signature.ToArray();
        var s = new BigInteger(signature[32..], isUnsigned: true, isBigEndian: true);
        Write(Order - s, result.AsSpan(32));
        return result;
    }

    private static void Write(BigInteger value, Span<byte> into)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        into.Clear();
        bytes.CopyTo(into[(into.Length - bytes.Length)..]);
    }
}
