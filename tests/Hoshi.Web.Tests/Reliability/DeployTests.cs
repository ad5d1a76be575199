using System.Diagnostics;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>What deploy/ ships besides the nginx configuration (which the multi-node test runs): the systemd unit passes systemd's own check.</summary>
public sealed class DeployTests
{
    [Fact]
    public async Task The_systemd_unit_passes_systemd_analyze_verify_without_a_warning()
    {
        var unit = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(ProxyProcess.DeployedConfiguration()))!, "systemd", "hoshi.service");
        var analyze = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
        Assert.True(analyze is not null, "systemd-analyze is missing: apt-get install systemd (./run-tests does when run as root)");
        var start = new ProcessStartInfo(analyze!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("verify");
        start.ArgumentList.Add(unit);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        // systemd-analyze exits 0 even for unknown keys; a clean unit prints nothing at all.
        Assert.True(process.ExitCode == 0 && output.Length == 0 && error.Length == 0, $"exit {process.ExitCode}: {output}{error}");
        var text = await File.ReadAllTextAsync(unit);
        foreach (var hardening in new[] { "NoNewPrivileges=yes", "ProtectSystem=strict", "User=hoshi", "Restart=on-failure" })
        {
            Assert.Contains(hardening, text, StringComparison.Ordinal);
        }
    }
}
