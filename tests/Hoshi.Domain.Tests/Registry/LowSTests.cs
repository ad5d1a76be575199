using System.Numerics;
using System.Security.Cryptography;
using Hoshi.Domain.Registry;

namespace Hoshi.Domain.Tests.Registry;

public sealed class LowSTests
{
    private static BigInteger S(byte[] signature) => new(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);

    [Fact]
    public void Normalizing_gives_a_low_s_signature_that_still_verifies_and_its_twin_is_high()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var data = "法人番号 1234567890123"u8.ToArray();
        var sawHigh = false;
        for (var i = 0; i < 40; i++)
        {
            var signature = key.SignData(data, HashAlgorithmName.SHA256);
            sawHigh |= !LowS.IsLow(signature);
            var low = LowS.Normalize(signature);
            Assert.True(LowS.IsLow(low));
            Assert.True(key.VerifyData(data, low, HashAlgorithmName.SHA256));
            Assert.Equal(signature.AsSpan(0, 32).ToArray(), low.AsSpan(0, 32).ToArray());

            var twin = LowS.Twin(low);
            Assert.True(key.VerifyData(data, twin, HashAlgorithmName.SHA256));
            Assert.False(LowS.IsLow(twin));
            Assert.Equal(LowS.Order, S(low) + S(twin));
        }

        // .NET signs with either form about half the time: normalization is needed.
        Assert.True(sawHigh);
    }

    [Fact]
    public void Half_the_order_is_low_one_more_is_high_and_zero_or_a_wrong_length_is_neither()
    {
        var signature = new byte[64];
        signature[0] = 1;
        (LowS.Order >> 1).ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(signature, 32);
        Assert.True(LowS.IsLow(signature));
        ((LowS.Order >> 1) + 1).ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(signature, 32);
        Assert.False(LowS.IsLow(signature));
        Assert.False(LowS.IsLow(new byte[64]));
        Assert.False(LowS.IsLow(new byte[63]));
        Assert.Throws<ArgumentException>(() => LowS.Normalize(new byte[65]));
    }
}
