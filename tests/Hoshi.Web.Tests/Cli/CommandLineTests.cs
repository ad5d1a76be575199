using System.Text.Json.Nodes;
using Hoshi.Web.Tests.Shared;

namespace Hoshi.Web.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly HoshiProcess _hoshi = new();

    public void Dispose() => _hoshi.Dispose();

    private static string ShippedCatalogPath(string id) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "catalogs", id + ".json");

    [Theory]
    [InlineData("bogus")]
    [InlineData("serve", "--bad")]
    [InlineData("catalog", "export", "scs-2026-03")]
    [InlineData("catalog", "export", "scs-2026-03", "--format", "pdf")]
    [InlineData("catalog", "import")]
    [InlineData("catalog", "nothing")]
    public async Task BadUsage_PrintsUsageToStderr_AndExitsWith2(params string[] args)
    {
        var (exit, _, err) = await _hoshi.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("Usage:", err, StringComparison.Ordinal);
        Assert.Contains("hoshi", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("migrate")]
    [InlineData("seed-demo")]
    [InlineData("catalog")]
    [InlineData("catalog", "import")]
    [InlineData("catalog", "list")]
    [InlineData("catalog", "export")]
    [InlineData("audit", "verify")]
    [InlineData("certificate", "verify")]
    [InlineData("log", "verify")]
    [InlineData("keys", "rotate")]
    [InlineData("seed-registry")]
    public async Task EveryVerb_HasHelp(params string[] verb)
    {
        var (exit, output, _) = await _hoshi.RunAsync([.. verb, "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains("hoshi " + string.Join(' ', verb), output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seed-registry")]
    [InlineData("seed-assessments")]
    [InlineData("seed-buyer")]
    [InlineData("bench-conformance")]
    public async Task TheBenchmarkVerbs_AreNotInWhatHoshiShips(string verb)
    {
        // Hoshi itself does not know them; the benchmark tool (bench/Hoshi.Bench) does.
        var shipped = await _hoshi.RunProgramAsync("Hoshi.Web.dll", verb);
        var tool = await _hoshi.RunProgramAsync("Hoshi.Bench.dll", verb, "--help");

        Assert.Equal(Hoshi.Web.Cli.HoshiCommandLine.UsageError, shipped.ExitCode);
        Assert.Contains($"Unrecognized command or argument '{verb}'", shipped.Err, StringComparison.Ordinal);
        Assert.Equal(0, tool.ExitCode);
        Assert.Contains("hoshi " + verb, tool.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedDemo_ImportsTheShippedCatalogs_AndIsIdempotent()
    {
        var first = await _hoshi.RunAsync("seed-demo");
        var second = await _hoshi.RunAsync("seed-demo");
        var list = await _hoshi.RunAsync("catalog", "list");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("scs-2026-03 (2026-03-27): imported", first.Out, StringComparison.Ordinal);
        Assert.Contains("scs-2026-03 (2026-03-27): already present", second.Out, StringComparison.Ordinal);
        Assert.Contains("★3 26/81, ★4 43/153", list.Out, StringComparison.Ordinal);
        Assert.Contains("ほしの精密部品株式会社(デモ)", first.Out, StringComparison.Ordinal);
        Assert.Contains("[EvaluationBody, VerificationProvider]", second.Out, StringComparison.Ordinal);
        Assert.Matches("applicant@demo\\.hoshi\\.localhost +hoshi-demo-applicant +OrgAdmin", first.Out);
        Assert.Matches("registrar@demo\\.hoshi\\.localhost +hoshi-demo-registrar +Officer", second.Out);
        Assert.Contains("accredited: 一般社団法人 星セキュリティ評価センター(デモ) (DEMO-A-001, Both)", first.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("accredited:", second.Out, StringComparison.Ordinal);
        Assert.Contains("superseded", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_RefusesAnInvalidFile_NamingFilePathAndRule_AndStoresNothing()
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(ShippedCatalogPath("scs-2026-03")))!;
        json["id"] = "broken-catalog";
        json["requirements"]![3]!["criteria"]![0]!["answerType"] = "multiple";
        var file = Path.Combine(_hoshi.Folder, "broken.json");
        await File.WriteAllTextAsync(file, json.ToJsonString());

        var (exit, _, err) = await _hoshi.RunAsync("catalog", "import", file);
        var list = await _hoshi.RunAsync("catalog", "list");

        Assert.Equal(1, exit);
        Assert.Contains("broken.json: $.requirements[3].criteria[0].answerType: must be one of yesno, choice, text", err, StringComparison.Ordinal);
        Assert.Contains("nothing was stored", err, StringComparison.Ordinal);
        Assert.DoesNotContain("broken-catalog", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_SameIdWithOtherContent_IsRefused()
    {
        Assert.Equal(0, (await _hoshi.RunAsync("catalog", "import", ShippedCatalogPath("scs-2026-03"))).ExitCode);
        var again = await _hoshi.RunAsync("catalog", "import", ShippedCatalogPath("scs-2026-03"));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("nothing changed", again.Out, StringComparison.Ordinal);

        var json = JsonNode.Parse(await File.ReadAllTextAsync(ShippedCatalogPath("scs-2026-03")))!;
        json["title"]!["ja"] = "書き換えたタイトル";
        var file = Path.Combine(_hoshi.Folder, "rewritten.json");
        await File.WriteAllTextAsync(file, json.ToJsonString());

        var (exit, _, err) = await _hoshi.RunAsync("catalog", "import", file);

        Assert.Equal(1, exit);
        Assert.Contains("rewritten.json: catalog version \"scs-2026-03\"", err, StringComparison.Ordinal);
        Assert.Contains("different content", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_OfAMissingFile_SaysSo()
    {
        var (exit, _, err) = await _hoshi.RunAsync("catalog", "import", "/no/such/file.json");

        Assert.Equal(1, exit);
        Assert.Contains("no such file", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogExport_WritesValidOscal_AndTheHoshiFormat()
    {
        await _hoshi.RunAsync("seed-demo");
        var oscal = Path.Combine(_hoshi.Folder, "catalog.oscal.json");

        var (exit, _, _) = await _hoshi.RunAsync("catalog", "export", "scs-2026-03", "--format", "oscal", "--out", oscal);
        var hoshi = await _hoshi.RunAsync("catalog", "export", "scs-2025-12-draft", "--format", "hoshi");
        var unknown = await _hoshi.RunAsync("catalog", "export", "nope", "--format", "hoshi");

        Assert.Equal(0, exit);
        var schema = await OscalSchema.LoadAsync("oscal_catalog_schema.json");
        Assert.Empty(schema.Validate(await File.ReadAllTextAsync(oscal)));
        Assert.Equal(0, hoshi.ExitCode);
        Assert.Equal("scs-2025-12-draft", JsonNode.Parse(hoshi.Out)!["id"]!.GetValue<string>());
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no catalog version has the id \"nope\"", unknown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_CountsAnIntactTrail_AndFindsARowChangedInTheDatabase()
    {
        await _hoshi.RunAsync("seed-demo");
        var intact = await _hoshi.RunAsync("audit", "verify");
        await _hoshi.RunAsync("seed-demo");
        var afterSecondSeed = await _hoshi.RunAsync("audit", "verify");

        Assert.Equal(0, intact.ExitCode);
        var count = int.Parse(System.Text.RegularExpressions.Regex.Match(intact.Out, "intact: ([0-9]+) records verified").Groups[1].Value);
        Assert.True(count >= 2, intact.Out);
        Assert.Contains($"intact: {count} records verified", afterSecondSeed.Out, StringComparison.Ordinal);

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_hoshi.Folder, "hoshi.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"AuditRecords\" SET \"Actor\" = 'someone-else' WHERE \"Sequence\" = 2";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var (exit, _, err) = await _hoshi.RunAsync("audit", "verify");

        Assert.Equal(1, exit);
        Assert.Contains("Audit trail broken at record #2", err, StringComparison.Ordinal);
        Assert.Contains("#1–#1 verified", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadDatabaseSetting_IsExplained()
    {
        _hoshi.DatabaseSetting = "mysql:somewhere";

        var (exit, _, err) = await _hoshi.RunAsync("catalog", "list");

        Assert.Equal(1, exit);
        Assert.Contains("HOSHI_DB must be \"sqlite:PATH\" or \"postgres:CONNECTION-STRING\"", err, StringComparison.Ordinal);
    }
}
