using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Hoshi.Web.Tests.Cli;

/// <summary>seed-registry, log verify, certificate verify and keys rotate, run as the real program against its own SQLite file.</summary>
public sealed class RegistryCommandTests : IDisposable
{
    private readonly HoshiProcess _hoshi = new();
    private readonly HoshiProcess _twin = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _hoshi.Dispose();
        _twin.Dispose();
    }

    private static List<string> Query(HoshiProcess hoshi, string sql) => hoshi.Query(sql);

    private static void Execute(HoshiProcess hoshi, string sql) => Query(hoshi, sql);

    [Fact]
    public async Task Seed_registry_is_deterministic_and_its_log_and_certificates_verify()
    {
        var seeded = await _hoshi.RunAsync("seed-registry", "--count", "300", "--seed", "7");
        Assert.True(seeded.ExitCode == 0, seeded.Err);
        Assert.Contains("Seeded 300 synthetic organizations", seeded.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await _twin.RunAsync("seed-registry", "--count", "300", "--seed", "7")).ExitCode);

        // The same seed gives the same organizations, entries and certificate ids.
        const string Entries = "SELECT s.CorporateNumber, s.Name, e.Level, e.Status, e.ValidFrom, e.ValidUntil, e.PrefectureCode, e.CertificateId FROM RegistryEntrySubjects s JOIN RegistryEntries e ON e.Id = s.EntryId ORDER BY s.CorporateNumber";
        var mine = Query(_hoshi, Entries);
        Assert.Equal(300, mine.Count);
        Assert.Equal(mine, Query(_twin, Entries));
        Assert.Equal(Query(_hoshi, "SELECT Data FROM LogLeaves ORDER BY \"Index\""), Query(_twin, "SELECT Data FROM LogLeaves ORDER BY \"Index\""));
        Assert.All(mine, row => Assert.True(Hoshi.Domain.Organizations.CorporateNumber.TryParse(row.Split('|')[0], out _, out _)));
        var statuses = mine.Select(r => r.Split('|')[3]).ToHashSet();
        Assert.Contains("valid", statuses);
        Assert.Contains(mine, r => r.Split('|')[2] == "4");
        // As a running registry holds them: an entry past its last day is expired (with its log event), none is still valid.
        Assert.Contains("expired", statuses);
        var today = Hoshi.Domain.JapanTime.DateOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain(mine, r => r.Split('|')[3] == "valid" && string.CompareOrdinal(r.Split('|')[5], today) < 0);
        Assert.Equal(mine.Count(r => r.Split('|')[3] == "expired"), int.Parse(Query(_hoshi, "SELECT COUNT(*) FROM LogLeaves WHERE CAST(Data AS TEXT) LIKE '%\"event\":\"expired\"%'")[0], System.Globalization.CultureInfo.InvariantCulture));

        var verified = await _hoshi.RunAsync("log", "verify");
        Assert.True(verified.ExitCode == 0, verified.Err);
        var leaves = int.Parse(Query(_hoshi, "SELECT COUNT(*) FROM LogLeaves")[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"Log intact: {leaves} leaves", verified.Out, StringComparison.Ordinal);

        // A certificate verifies offline against a JWKS file; a forged one does not.
        var jws = Query(_hoshi, "SELECT Jws FROM Certificates LIMIT 1")[0];
        var certificate = Path.Combine(_hoshi.Folder, "certificate.jwt");
        await File.WriteAllTextAsync(certificate, jws);
        var jwks = Path.Combine(_hoshi.Folder, "jwks.json");
        await File.WriteAllTextAsync(jwks, "{\"keys\":[" + string.Join(",", Query(_hoshi, "SELECT PublicJwk FROM SigningKeys")) + "]}");
        var checkedFile = await _hoshi.RunAsync("certificate", "verify", certificate, "--jwks", jwks);
        Assert.True(checkedFile.ExitCode == 0 || checkedFile.Err.Contains("EXPIRED", StringComparison.Ordinal), checkedFile.Err);
        Assert.Contains("Signature: valid (ES256", checkedFile.Out, StringComparison.Ordinal);
        Assert.Contains("registeredBy  合成データ", checkedFile.Out, StringComparison.Ordinal);

        var parts = jws.Split('.');
        var forged = Path.Combine(_hoshi.Folder, "forged.jwt");
        await File.WriteAllTextAsync(forged, $"{parts[0]}.{parts[1]}A.{parts[2]}");
        var refused = await _hoshi.RunAsync("certificate", "verify", forged, "--jwks", jwks);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("INVALID", refused.Err, StringComparison.Ordinal);

        // After a key rotation old certificates still verify with the database's keys, and new ones use the new key.
        var rotated = await _hoshi.RunAsync("keys", "rotate");
        Assert.True(rotated.ExitCode == 0, rotated.Err);
        Assert.Contains("2 keys published", rotated.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await _hoshi.RunAsync("seed-registry", "--count", "5")).ExitCode);
        Assert.Equal(2, Query(_hoshi, "SELECT DISTINCT Kid FROM Certificates").Count);
        var old = await _hoshi.RunAsync("certificate", "verify", certificate);
        Assert.Contains("Signature: valid", old.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await _hoshi.RunAsync("log", "verify")).ExitCode);

        // A changed event is found.
        var changed = Query(_hoshi, "SELECT MIN(\"Index\") FROM LogLeaves WHERE \"Index\" >= 5 AND CAST(Data AS TEXT) LIKE '%registered%'")[0];
        Execute(_hoshi, $"UPDATE LogLeaves SET Data = CAST(REPLACE(CAST(Data AS TEXT), 'registered', 'revoked') AS BLOB) WHERE \"Index\" = {changed}");
        var broken = await _hoshi.RunAsync("log", "verify");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("leaf " + changed, broken.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_asks_the_database_or_the_registry_about_revocation_and_refuses_a_high_s_twin()
    {
        Assert.Equal(0, (await _hoshi.RunAsync("seed-registry", "--count", "300", "--seed", "11")).ExitCode);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var revoked = await WriteAsync("revoked.jwt", Query(_hoshi, "SELECT c.Jws FROM Certificates c JOIN RegistryEntries e ON e.CertificateId = c.Id WHERE e.Status = 'revoked' LIMIT 1")[0]);
        var validJws = Query(_hoshi, $"SELECT c.Jws FROM Certificates c JOIN RegistryEntries e ON e.CertificateId = c.Id WHERE e.Status = 'valid' AND e.ValidFrom <= '{today}' AND e.ValidUntil > '{today}' LIMIT 1")[0];
        var valid = await WriteAsync("valid.jwt", validJws);
        var jwks = await WriteAsync("jwks.json", "{\"keys\":[" + string.Join(",", Query(_hoshi, "SELECT PublicJwk FROM SigningKeys")) + "]}");

        // On the deployment itself: the database says revoked.
        var local = await _hoshi.RunAsync("certificate", "verify", revoked);
        Assert.Equal(1, local.ExitCode);
        Assert.Contains("Signature: valid", local.Out, StringComparison.Ordinal);
        Assert.Contains("REVOKED since", local.Err, StringComparison.Ordinal);
        Assert.Contains("合成データ:虚偽の申告が判明", local.Err, StringComparison.Ordinal);
        Assert.Contains("this deployment's database", local.Err, StringComparison.Ordinal);
        var good = await _hoshi.RunAsync("certificate", "verify", valid);
        Assert.True(good.ExitCode == 0, good.Err);
        Assert.Contains("Status: valid (checked against this deployment's database", good.Out, StringComparison.Ordinal);

        // Offline (a key file and no registry) it says plainly that the status was not checked.
        var offline = await _hoshi.RunAsync("certificate", "verify", revoked, "--jwks", jwks);
        Assert.Equal(0, offline.ExitCode);
        Assert.Contains("Status: not checked", offline.Out, StringComparison.Ordinal);
        Assert.Contains("Status: not checked", (await _hoshi.RunAsync("certificate", "verify", revoked, "--offline")).Out, StringComparison.Ordinal);

        // Against the registry's URL: the keys' site is asked, or the one given.
        using (var server = await Hoshi.Web.Tests.Reliability.ServerProcess.StartAsync(_hoshi.DatabaseSetting, _hoshi.Folder, Hoshi.Web.Tests.Reliability.ServerProcess.FreePort()))
        {
            var site = server.Address.ToString().TrimEnd('/');
            var remote = await _hoshi.RunAsync("certificate", "verify", revoked, "--jwks", site + "/.well-known/jwks.json");
            Assert.Equal(1, remote.ExitCode);
            Assert.Contains("REVOKED since", remote.Err, StringComparison.Ordinal);
            Assert.Contains($"checked against {site}/api/certificates/", remote.Err, StringComparison.Ordinal);
            var named = await _hoshi.RunAsync("certificate", "verify", revoked, "--jwks", jwks, "--registry", site);
            Assert.Equal(1, named.ExitCode);
            Assert.Contains("REVOKED", named.Err, StringComparison.Ordinal);
            var fine = await _hoshi.RunAsync("certificate", "verify", valid, "--registry", site);
            Assert.True(fine.ExitCode == 0, fine.Err);
            Assert.Contains($"Status: valid (checked against {site}/api/certificates/", fine.Out, StringComparison.Ordinal);
        }

        // The twin signature (r, n − s) is as valid to ECDSA, and refused: one encoding per certificate.
        var parts = validJws.Split('.');
        var signature = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[2]);
        Assert.True(Hoshi.Domain.Registry.LowS.IsLow(signature));
        var twin = await WriteAsync("twin.jwt", $"{parts[0]}.{parts[1]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(Hoshi.Domain.Registry.LowS.Twin(signature))}");
        foreach (var run in new[] { await _hoshi.RunAsync("certificate", "verify", twin, "--jwks", jwks), await _hoshi.RunAsync("certificate", "verify", twin) })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("INVALID: the signature is not in low-S form", run.Err, StringComparison.Ordinal);
        }
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(_hoshi.Folder, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    [Fact]
    public async Task Seed_registry_refuses_a_database_with_real_organizations_unless_forced()
    {
        Assert.Equal(0, (await _hoshi.RunAsync("migrate")).ExitCode);
        Execute(_hoshi, $"INSERT INTO Organizations (Id, LegalNameJa, EmployeeBand, IsSynthetic, CreatedAt, Version) VALUES ('{Guid.NewGuid().ToString().ToUpperInvariant()}', '本物の株式会社', 'UpTo10', 0, '2026-11-01 00:00:00', 0)");
        var refused = await _hoshi.RunAsync("seed-registry", "--count", "10");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("real (non-synthetic) organizations", refused.Err, StringComparison.Ordinal);
        Assert.Equal("0", Query(_hoshi, "SELECT COUNT(*) FROM RegistryEntries")[0]);
        Assert.Equal(0, (await _hoshi.RunAsync("seed-registry", "--count", "10", "--force")).ExitCode);
        Assert.Equal("10", Query(_hoshi, "SELECT COUNT(*) FROM RegistryEntries")[0]);
        Assert.Equal(2, (await _hoshi.RunAsync("seed-registry")).ExitCode);
    }
}
