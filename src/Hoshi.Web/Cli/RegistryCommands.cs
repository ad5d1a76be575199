using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Domain.Registry;
using Hoshi.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Cli;

/// <summary>
/// <c>certificate verify FILE [--jwks FILE|URL]</c>, <c>log verify</c>, <c>keys rotate</c> and
/// <c>seed-registry --count N [--seed S] [--force]</c>.
/// </summary>
public static class RegistryCommands
{
    public static IEnumerable<Command> Create()
    {
        var certificate = new Command("certificate", "Work with registry certificates.");
        certificate.Add(VerifyCertificate());
        yield return certificate;

        var log = new Command("log", "Work with the registry's transparency log.");
        log.Add(VerifyLog());
        yield return log;

        var keys = new Command("keys", "Work with the registry's signing keys.");
        keys.Add(RotateKeys());
        yield return keys;

        yield return RegistrySeed.Command();
    }

    private static Command VerifyCertificate()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A certificate: the compact JWS as downloaded from /api/certificates/{id}." };
        var jwks = new Option<string>("--jwks") { Description = "The public keys: a JWKS file or URL (e.g. https://…/.well-known/jwks.json). Without it, the keys in this deployment's database.", HelpName = "FILE|URL" };
        var command = new Command("verify", "Verify a certificate offline: its ES256 signature and validity dates; print its claims. Exit 0 when valid, 1 when not.") { file, jwks };
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetRequiredValue(file);
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"hoshi: {path.FullName}: no such file");
                return 1;
            }

            var jws = (await File.ReadAllTextAsync(path.FullName, ct)).Trim();
            var source = result.GetValue(jwks);
            if (source is null)
            {
                return await CliHost.RunAsync(async (services, ct2) =>
                    await ReportAsync(jws, await services.GetRequiredService<RegistryKeys>().VerificationKeysAsync(ct2)), ct);
            }

            IReadOnlyDictionary<string, ECDsa> keys;
            try
            {
                keys = await LoadJwksAsync(source, ct);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or JsonException or CryptographicException or KeyNotFoundException or InvalidOperationException or UriFormatException)
            {
                await Console.Error.WriteLineAsync($"hoshi: cannot read the keys from {source}: {e.Message}");
                return 1;
            }

            return await ReportAsync(jws, keys);
        });
        return command;
    }

    private static async Task<int> ReportAsync(string jws, IReadOnlyDictionary<string, ECDsa> keys)
    {
        var now = DateTimeOffset.UtcNow;
        var signature = await CertificateJws.VerifyAsync(jws, keys, CertificateJws.CertificateType, null);
        if (!signature.Valid || signature.Token is not { } token)
        {
            await Console.Error.WriteLineAsync($"INVALID: {signature.Problem}");
            return 1;
        }

        await Console.Out.WriteLineAsync($"Signature: valid (ES256, kid {token.Kid})");
        foreach (var claim in new[] { "iss", "sub", "name", "level", "scope", "registeredBy", "jti" })
        {
            await Console.Out.WriteLineAsync($"{claim,-13} {(token.TryGetPayloadValue<object>(claim, out var value) ? value : "")}");
        }

        var nbf = DateTimeOffset.FromUnixTimeSeconds(token.GetPayloadValue<long>("nbf"));
        var exp = DateTimeOffset.FromUnixTimeSeconds(token.GetPayloadValue<long>("exp"));
        var iat = DateTimeOffset.FromUnixTimeSeconds(token.GetPayloadValue<long>("iat"));
        await Console.Out.WriteLineAsync($"{"iat",-13} {Hoshi.Domain.JapanTime.ToJapan(iat):yyyy-MM-dd HH:mm} JST");
        await Console.Out.WriteLineAsync($"{"valid",-13} {Hoshi.Domain.JapanTime.ToJapan(nbf):yyyy-MM-dd} – {Hoshi.Domain.JapanTime.ToJapan(exp).AddDays(-1):yyyy-MM-dd} (JST, through the end of that day)");
        if (now < nbf)
        {
            await Console.Error.WriteLineAsync($"NOT YET VALID: valid from {Hoshi.Domain.JapanTime.ToJapan(nbf):yyyy-MM-dd}.");
            return 1;
        }

        if (now >= exp)
        {
            await Console.Error.WriteLineAsync($"EXPIRED: the last valid day was {Hoshi.Domain.JapanTime.ToJapan(exp).AddDays(-1):yyyy-MM-dd}.");
            return 1;
        }

        await Console.Out.WriteLineAsync("Certificate: valid today. Suspension or revocation is not in the certificate: check /api/certificates/{id}/status or the log.");
        return 0;
    }

    private static async Task<IReadOnlyDictionary<string, ECDsa>> LoadJwksAsync(string source, CancellationToken ct)
    {
        string json;
        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            json = await http.GetStringAsync(new Uri(source), ct);
        }
        else
        {
            json = await File.ReadAllTextAsync(source, ct);
        }

        using var document = JsonDocument.Parse(json);
        var keys = new Dictionary<string, ECDsa>();
        foreach (var key in document.RootElement.GetProperty("keys").EnumerateArray())
        {
            if (key.TryGetProperty("kid", out var kid) && kid.GetString() is { } id && key.GetProperty("kty").GetString() == "EC")
            {
                keys[id] = RegistryKeys.FromJwk(key.GetRawText());
            }
        }

        return keys.Count == 0 ? throw new InvalidOperationException("the JWKS holds no P-256 key") : keys;
    }

    private static Command VerifyLog()
    {
        var command = new Command("verify", "Recompute the transparency log from its stored events and check every signed head. Exit 0 when all hold, 1 naming the first that does not.");
        command.SetAction((_, ct) => CliHost.RunAsync(async (services, ct2) =>
        {
            var outcome = await LogVerifier.VerifyAsync(services.GetRequiredService<AppDbContext>(), services.GetRequiredService<RegistryKeys>(), ct2);
            if (outcome.Problem is { } problem)
            {
                await Console.Error.WriteLineAsync($"Log broken: {problem}");
                return 1;
            }

            await Console.Out.WriteLineAsync($"Log intact: {outcome.Leaves} leaves, {outcome.Heads} signed heads verified; root {Convert.ToBase64String(outcome.Root)}.");
            return 0;
        }, ct));
        return command;
    }

    private static Command RotateKeys()
    {
        var command = new Command("rotate", "Add a new signing key; the current keys stop signing but stay published for verification.");
        command.SetAction((_, ct) => CliHost.RunAsync(async (services, ct2) =>
        {
            var keys = services.GetRequiredService<RegistryKeys>();
            var record = await keys.RotateAsync(ct2);
            await Console.Out.WriteLineAsync($"New signing key {record.Kid}; {(await keys.PublicJwksAsync(ct2)).Count} keys published.");
            return 0;
        }, ct));
        return command;
    }
}

/// <summary>Recomputes the log: every leaf's hash from its data, the root at every signed head, each head's signature.</summary>
public static class LogVerifier
{
    public sealed record Outcome(long Leaves, int Heads, byte[] Root, string? Problem);

    public static async Task<Outcome> VerifyAsync(AppDbContext db, RegistryKeys keys, CancellationToken ct)
    {
        var verification = await keys.VerificationKeysAsync(ct);
        var heads = await db.LogHeads.AsNoTracking().OrderBy(h => h.TreeSize).ToListAsync(ct);
        var state = await db.LogState.AsNoTracking().SingleAsync(ct);
        var frontier = new MerkleFrontier();
        var next = 0;
        var checkedHeads = 0;

        async Task<string?> CheckHeadsAsync()
        {
            while (next < heads.Count && heads[next].TreeSize == frontier.Size)
            {
                var head = heads[next++];
                var root = frontier.Root();
                if (!root.AsSpan().SequenceEqual(head.RootHash))
                {
                    return $"the head of size {head.TreeSize} says root {Convert.ToBase64String(head.RootHash)}, the leaves give {Convert.ToBase64String(root)}";
                }

                var signed = await CertificateJws.VerifyAsync(head.Jws, verification, CertificateJws.HeadType, null);
                if (!signed.Valid || signed.Token is not { } token)
                {
                    return $"the head of size {head.TreeSize} is not validly signed: {signed.Problem}";
                }

                if (token.GetPayloadValue<long>("treeSize") != head.TreeSize || token.GetPayloadValue<string>("rootHash") != Convert.ToBase64String(head.RootHash))
                {
                    return $"the signed content of the head of size {head.TreeSize} differs from the stored head";
                }

                checkedHeads++;
            }

            return next < heads.Count && heads[next].TreeSize < frontier.Size ? $"a head of size {heads[next].TreeSize} is out of order" : null;
        }

        if (await CheckHeadsAsync() is { } early)
        {
            return new(frontier.Size, checkedHeads, frontier.Root(), early);
        }

        const int Batch = 20_000;
        for (long from = 0; ; from += Batch)
        {
            var leaves = await db.LogLeaves.AsNoTracking().Where(l => l.Index >= from && l.Index < from + Batch).OrderBy(l => l.Index)
                .Select(l => new { l.Index, l.Data, l.LeafHash }).ToListAsync(ct);
            if (leaves.Count == 0)
            {
                break;
            }

            foreach (var leaf in leaves)
            {
                if (leaf.Index != frontier.Size)
                {
                    return new(frontier.Size, checkedHeads, frontier.Root(), $"leaf {frontier.Size} is missing");
                }

                var hash = MerkleHash.Leaf(leaf.Data);
                if (!hash.AsSpan().SequenceEqual(leaf.LeafHash))
                {
                    return new(frontier.Size, checkedHeads, frontier.Root(), $"leaf {leaf.Index}'s stored hash does not match its data");
                }

                frontier.Append(hash);
                if (await CheckHeadsAsync() is { } problem)
                {
                    return new(frontier.Size, checkedHeads, frontier.Root(), problem);
                }
            }
        }

        if (next < heads.Count)
        {
            return new(frontier.Size, checkedHeads, frontier.Root(), $"a head of size {heads[next].TreeSize} is larger than the {frontier.Size} leaves stored");
        }

        if (state.Size != frontier.Size || !state.Frontier.AsSpan().SequenceEqual(frontier.ToBytes()))
        {
            return new(frontier.Size, checkedHeads, frontier.Root(), $"the log state says {state.Size} leaves, the leaves stored are {frontier.Size}");
        }

        return new(frontier.Size, checkedHeads, frontier.Root(), null);
    }
}
