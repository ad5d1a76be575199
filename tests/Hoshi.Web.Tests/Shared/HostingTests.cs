using System.Text.RegularExpressions;
using Hoshi.Web.Shared;
using Hoshi.Web.Tests.Reliability;
using Microsoft.Extensions.Configuration;

namespace Hoshi.Web.Tests.Shared;

public sealed class HostingTests
{
    /// <summary>
    /// The settings files are read once: a provider that reloads on change watches the whole content
    /// root, the working folder, and an SQLite database kept under it wakes it on every write (issue 28).
    /// </summary>
    [Fact]
    public async Task The_settings_files_are_read_at_start_and_not_watched()
    {
        // A database of the test's own (its key file is made beside it on start), not ./data.
        var folder = Directory.CreateTempSubdirectory("hoshi-hosting-").FullName;
        try
        {
            await using var app = HoshiApp.Build([$"--HOSHI_DB=sqlite:{Path.Combine(folder, "hoshi.db")}"]);

            var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();

            Assert.Contains(files, provider => provider.Source.Path == "appsettings.json");
            Assert.All(files, provider => Assert.False(provider.Source.ReloadOnChange, provider.Source.Path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The runtime reads the gen0 budget only from the environment, so each launcher sets it: the
    /// operator's command, the systemd unit, the benchmarks' servers and the tests' (one value).
    /// </summary>
    [Theory]
    [InlineData("hoshi")]
    [InlineData("deploy/systemd/hoshi.service")]
    [InlineData("bench/registry/run")]
    [InlineData("bench/suppliers/run")]
    public void Every_launcher_gives_the_server_the_same_gen0_budget(string launcher)
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, launcher));

        var set = Regex.Matches(text, ServerProcess.Gen0BudgetVariable + @"=(?:""\$\{" + ServerProcess.Gen0BudgetVariable + @":-)?(0x[0-9a-fA-F]+)");

        Assert.NotEmpty(set);
        Assert.All(set, match => Assert.Equal(ServerProcess.Gen0Budget, match.Groups[1].Value));
    }
}
