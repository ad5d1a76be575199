using System.Security.Cryptography;

namespace Hoshi.Tests.Shared;

/// <summary>
/// An independent RFC 6238 TOTP generator (HMAC-SHA1, 30-second steps, 6 digits) for tests that
/// act as a person's authenticator app. Linked into the test projects that need it.
/// </summary>
internal static class Totp
{
    private static readonly Dictionary<string, long> Given = new(StringComparer.Ordinal);

    /// <summary>
    /// A code Hoshi has not yet been given for <paramref name="base32Key"/> in this test run, as a
    /// person's app would show one at the next sign-in: Hoshi accepts each 30-second step once, and
    /// steps up to two ahead of its clock. When the current step and the two ahead were all given,
    /// this waits for the clock to reach the next step (that is what a person would do too).
    /// </summary>
    public static async Task<string> NextCodeAsync(string base32Key)
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            lock (Given)
            {
                var step = Given.TryGetValue(base32Key, out var last) ? Math.Max(now, last + 1) : now;
                if (step <= now + 2)
                {
                    Given[base32Key] = step;
                    return Code(base32Key, DateTimeOffset.FromUnixTimeSeconds(step * 30));
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(30 - (DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 30)) + TimeSpan.FromMilliseconds(100));
        }
    }

    public static string Code(string base32Key, DateTimeOffset now)
    {
        var key = Base32(base32Key);
        var counter = now.ToUnixTimeSeconds() / 30;
        var message = new byte[8];
        for (var i = 7; i >= 0; i--)
        {
            message[i] = (byte)(counter & 0xFF);
            counter >>= 8;
        }

#pragma warning disable CA5350 // RFC 6238 TOTP is defined over HMAC-SHA1; this is a test's authenticator app.
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
