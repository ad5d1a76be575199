using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Domain.Registry;
using Hoshi.Web.Features.Registry;
using Hoshi.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Cli;

/// <summary>
/// <c>certificate verify FILE [--jwks FILE|URL] [--registry URL] [--offline]</c>, <c>log verify</c>, <c>keys rotate</c> and
/// (<c>seed-registry</c> is the benchmark tool's: bench/Hoshi.Bench.)
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
        keys.Add(CreateKeyFile());
        yield return keys;
    }

    /// <summary>What the registry says of a certificate now: <c>valid</c>, <c>expired</c>, <c>suspended</c>, <c>revoked</c> or <c>unknown</c>.</summary>
    private sealed record RegistryAnswer(string Status, string? Reason, string? Since, bool Current, string Source);

    private static Command VerifyCertificate()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A certificate: the compact JWS as downloaded from /api/certificates/{id}." };
        var jwks = new Option<string>("--jwks") { Description = "The public keys: a JWKS file or URL (e.g. https://…/.well-known/jwks.json). Without it, the keys in this deployment's database.", HelpName = "FILE|URL" };
        var registry = new Option<string>("--registry") { Description = "The registry to ask whether the certificate is suspended or revoked (its base URL, e.g. https://hoshi.example.jp). Defaults to the site of a --jwks URL, or this deployment's database when --jwks is not given.", HelpName = "URL" };
        var offline = new Option<bool>("--offline") { Description = "Check the signature and dates only; do not ask any registry about suspension or revocation." };
        var command = new Command("verify", "Verify a certificate: its ES256 signature (low-S only), its validity dates, and whether the registry has suspended or revoked it; print its claims. Exit 0 when valid, 1 when not.") { file, jwks, registry, offline };
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
            var registryUrl = result.GetValue(registry);
            var noStatus = result.GetValue(offline);
            if (registryUrl is null && source is not null && IsUrl(source))
            {
                registryUrl = new Uri(source).GetLeftPart(UriPartial.Authority);
            }

            if (registryUrl is not null && !IsUrl(registryUrl))
            {
                await Console.Error.WriteLineAsync($"hoshi: --registry takes an http(s) URL, not {registryUrl}");
                return 1;
            }

            if (source is null)
            {
                return await CliHost.RunAsync(async (services, ct2) =>
                {
                    var keys = await services.GetRequiredService<RegistryKeys>().VerificationKeysAsync(ct2);
                    return await ReportAsync(jws, keys, async id => noStatus ? null
                        : registryUrl is not null ? await AskRegistryAsync(registryUrl, id, ct2)
                        : await AskDatabaseAsync(services.GetRequiredService<RegistryQueries>(), services.GetRequiredService<DatabaseSetting>(), id, ct2));
                }, ct);
            }

            IReadOnlyDictionary<string, ECDsa> published;
            try
            {
                published = await LoadJwksAsync(source, ct);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or JsonException or CryptographicException or KeyNotFoundException or InvalidOperationException or UriFormatException)
            {
                await Console.Error.WriteLineAsync($"hoshi: cannot read the keys from {source}: {e.Message}");
                return 1;
            }

            return await ReportAsync(jws, published, async id => noStatus || registryUrl is null ? null : await AskRegistryAsync(registryUrl, id, ct));
        });
        return command;
    }

    private static bool IsUrl(string value) =>
        value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static async Task<RegistryAnswer> AskDatabaseAsync(RegistryQueries queries, DatabaseSetting database, Guid id, CancellationToken ct)
    {
        var source = "this deployment's database (" + database.Describe() + ")";
        if (await queries.CertificateAsync(id, ct) is not { } certificate)
        {
            return new("unknown", null, null, false, source);
        }

        return new(RegistryStatus.Word(certificate.Status),
            certificate.Status is Hoshi.Domain.Registry.EntryStatus.Suspended or Hoshi.Domain.Registry.EntryStatus.Revoked ? certificate.Entry.StatusReason : null,
            certificate.StatusSince is { } since ? RegistryQueries.Date(since) : null, certificate.IsCurrent, source);
    }

    private static async Task<RegistryAnswer?> AskRegistryAsync(string registryUrl, Guid id, CancellationToken ct)
    {
        var url = new Uri(new Uri(registryUrl.TrimEnd('/') + "/"), $"api/certificates/{id}/status");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            using var response = await http.GetAsync(url, ct);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return new("unknown", null, null, false, url.ToString());
            }

            response.EnsureSuccessStatusCode();
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var root = document.RootElement;
            return new(root.GetProperty("status").GetString() ?? "unknown",
                root.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null,
                root.TryGetProperty("since", out var since) && since.ValueKind == JsonValueKind.String ? since.GetString() : null,
                root.TryGetProperty("current", out var current) && current.ValueKind == JsonValueKind.True,
                url.ToString());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"hoshi: cannot ask {url}: {e.Message}");
            return new("unreachable", null, null, false, url.ToString());
        }
    }

    private static async Task<int> ReportAsync(string jws, IReadOnlyDictionary<string, ECDsa> keys, Func<Guid, Task<RegistryAnswer?>> status)
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

        // Format 2 states what the ★ covers; a format 1 certificate (issued before) has only the one-line scope.
        var format = Hoshi.Domain.Registry.ScopeCoverage.FormatOf(token.TryGetPayloadValue<int>("fmt", out var fmt) ? fmt : null);
        await Console.Out.WriteLineAsync($"{"format",-13} {format}");
        if (format >= 2)
        {
            await Console.Out.WriteLineAsync($"{"coverage",-13} {(token.TryGetPayloadValue<string>("coverage", out var coverage) ? coverage : "")}");
            await Console.Out.WriteLineAsync($"{"outsideScheme",-13} {(token.TryGetPayloadValue<string[]>("outsideScheme", out var outside) ? string.Join(", ", outside) : "")}");
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

        if (!Guid.TryParse(token.TryGetPayloadValue<string>("jti", out var jti) ? jti : null, out var id) || await status(id) is not { } answer)
        {
            await Console.Out.WriteLineAsync("Status: not checked (offline). Suspension and revocation are not in the certificate: give --registry URL, or run on the deployment with its database.");
            await Console.Out.WriteLineAsync("Certificate: signature and dates valid today; its registry status was not checked.");
            return 0;
        }

        var detail = (answer.Since is null ? "" : $" since {answer.Since}") + (answer.Reason is null ? "" : $": {answer.Reason}");
        switch (answer.Status)
        {
            case "valid" when answer.Current:
                await Console.Out.WriteLineAsync($"Status: valid (checked against {answer.Source})");
                await Console.Out.WriteLineAsync("Certificate: valid today.");
                return 0;
            case "valid":
                await Console.Error.WriteLineAsync($"SUPERSEDED: the registry has issued a newer certificate for this entry (checked against {answer.Source}). Use the current one.");
                return 1;
            case "suspended":
                await Console.Error.WriteLineAsync($"SUSPENDED{detail} (checked against {answer.Source}).");
                return 1;
            case "revoked":
                await Console.Error.WriteLineAsync($"REVOKED{detail} (checked against {answer.Source}).");
                return 1;
            case "expired":
                await Console.Error.WriteLineAsync($"EXPIRED in the registry{detail} (checked against {answer.Source}).");
                return 1;
            case "unknown":
                await Console.Error.WriteLineAsync($"UNKNOWN: {answer.Source} does not know this certificate.");
                return 1;
            default:
                await Console.Error.WriteLineAsync($"NOT CHECKED: the registry could not be asked ({answer.Source}); the status is unknown.");
                return 1;
        }
    }

    private static async Task<IReadOnlyDictionary<string, ECDsa>> LoadJwksAsync(string source, CancellationToken ct)
    {
        string json;
        if (IsUrl(source))
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

    private static Command CreateKeyFile()
    {
        var path = new Argument<FileInfo>("PATH") { Description = "Where to write the new key file (it must not exist)." };
        var command = new Command("create-file", "Write a new key file (32 random bytes, readable by its owner only) for Hoshi:Keys:KeyFile. Keep it outside the database and its backups; every node needs the same file.") { path };
        command.SetAction(async (result, ct) =>
        {
            var file = result.GetRequiredValue(path);
            try
            {
                KeyFileKeys.Create(file.FullName);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"hoshi: cannot write {file.FullName}: {e.Message}");
                return 1;
            }

            await Console.Out.WriteLineAsync($"Key file written: {file.FullName}. Set Hoshi__Keys__KeyFile={file.FullName} on every node; back it up apart from the database.");
            return 0;
        });
        return command;
    }

    private static Command RotateKeys()
    {
        var command = new Command("rotate", "Encrypt every Data Protection key under the current key file (Hoshi:Keys:KeyFile; the old one in Hoshi:Keys:PreviousKeyFiles), then add a new signing key; the current signing keys stop signing but stay published for verification.");
        command.SetAction((_, ct) => CliHost.RunAsync(async (services, ct2) =>
        {
            var fileKeys = services.GetRequiredService<KeyFileKeys>();
            var outcome = await KeyRingReencryption.ReencryptAsync(services.GetRequiredService<AppDbContext>(), fileKeys, services, ct2);
            await Console.Out.WriteLineAsync($"Data Protection keys encrypted again under key file {fileKeys.CurrentId} ({fileKeys.CurrentPath}): {outcome.Reencrypted}.");
            foreach (var unreadable in outcome.Unreadable)
            {
                await Console.Error.WriteLineAsync($"hoshi: left as it is, no given key file opens it: {unreadable}");
            }

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
