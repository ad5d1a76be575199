using Microsoft.Data.Sqlite;

namespace Hoshi.Web.Tests.Cli;

/// <summary>
/// The Data Protection key ring (which protects the registry's signing keys and the sign-in
/// cookies) is encrypted with a key file kept outside the database: a backup alone unlocks nothing.
/// </summary>
public sealed class KeyFileTests : IDisposable
{
    private readonly HoshiProcess _origin = new();
    private readonly HoshiProcess _elsewhere = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _origin.Dispose();
        _elsewhere.Dispose();
    }

    private static List<string> Query(HoshiProcess hoshi, string sql) => hoshi.Query(sql);

    [Fact]
    public async Task A_backup_restored_without_the_key_file_cannot_use_the_signing_key_and_with_it_can()
    {
        var original = Path.Combine(_origin.Folder, "origin.keys");
        var made = await _origin.RunAsync("keys", "create-file", original);
        Assert.True(made.ExitCode == 0, made.Err);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(original));
        }

        Assert.Equal(1, (await _origin.RunAsync("keys", "create-file", original)).ExitCode);
        _origin.Environment["Hoshi__Keys__KeyFile"] = original;

        var seeded = await _origin.RunAsync("seed-registry", "--count", "5", "--seed", "3");
        Assert.True(seeded.ExitCode == 0, seeded.Err);

        // The key ring in the database holds no key in plain text.
        var ring = Query(_origin, "SELECT Xml FROM DataProtectionKeys");
        Assert.NotEmpty(ring);
        Assert.All(ring, xml =>
        {
            Assert.Contains("hoshiKeyFileEncrypted", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("requiresEncryption", xml, StringComparison.Ordinal);
        });

        var backup = Path.Combine(_origin.Folder, "hoshi.backup");
        var saved = await _origin.RunAsync("backup", "--out", backup);
        Assert.True(saved.ExitCode == 0, saved.Err);

        // Another machine with its own key file: the restored signing key cannot be decrypted, nothing is signed.
        var other = Path.Combine(_elsewhere.Folder, "other.keys");
        Assert.Equal(0, (await _elsewhere.RunAsync("keys", "create-file", other)).ExitCode);
        _elsewhere.Environment["Hoshi__Keys__KeyFile"] = other;
        var restored = await _elsewhere.RunAsync("restore", backup, "--yes");
        Assert.True(restored.ExitCode == 0, restored.Err);
        var certificates = Query(_elsewhere, "SELECT CAST(COUNT(*) AS TEXT) FROM Certificates")[0];
        var refused = await _elsewhere.RunAsync("seed-registry", "--count", "2", "--seed", "4");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("cannot be decrypted", refused.Err, StringComparison.Ordinal);
        Assert.Equal(certificates, Query(_elsewhere, "SELECT CAST(COUNT(*) AS TEXT) FROM Certificates")[0]);

        // With the original key file it can.
        _elsewhere.Environment["Hoshi__Keys__KeyFile"] = original;
        var signed = await _elsewhere.RunAsync("seed-registry", "--count", "2", "--seed", "4");
        Assert.True(signed.ExitCode == 0, signed.Err);

        // Moving to a new key file: rotate with the old one named as previous, then the new one alone suffices.
        var next = Path.Combine(_elsewhere.Folder, "next.keys");
        Assert.Equal(0, (await _elsewhere.RunAsync("keys", "create-file", next)).ExitCode);
        _elsewhere.Environment["Hoshi__Keys__KeyFile"] = next;
        _elsewhere.Environment["Hoshi__Keys__PreviousKeyFiles__0"] = original;
        var rotated = await _elsewhere.RunAsync("keys", "rotate");
        Assert.True(rotated.ExitCode == 0, rotated.Err);
        Assert.Contains("Data Protection keys encrypted again under key file", rotated.Out, StringComparison.Ordinal);
        _elsewhere.Environment.Remove("Hoshi__Keys__PreviousKeyFiles__0");
        var afterwards = await _elsewhere.RunAsync("seed-registry", "--count", "2", "--seed", "5");
        Assert.True(afterwards.ExitCode == 0, afterwards.Err);
        Assert.DoesNotContain(Query(_elsewhere, "SELECT Xml FROM DataProtectionKeys"), xml => xml.Contains("requiresEncryption", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_postgresql_and_no_key_file_the_server_does_not_start()
    {
        _origin.DatabaseSetting = "postgres:Host=127.0.0.1;Port=1;Username=nobody;Database=nothing;Timeout=1";
        var serve = await _origin.RunAsync("serve", "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, serve.ExitCode);
        Assert.Contains("Hoshi:Keys:KeyFile is not set", serve.Err, StringComparison.Ordinal);
        Assert.Contains("./hoshi keys create-file", serve.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_file_that_is_named_but_missing_stops_the_start()
    {
        _origin.Environment["Hoshi__Keys__KeyFile"] = Path.Combine(_origin.Folder, "missing.keys");
        var serve = await _origin.RunAsync("serve", "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, serve.ExitCode);
        Assert.Contains("does not exist", serve.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_origin.Folder, "missing.keys")));
    }
}
