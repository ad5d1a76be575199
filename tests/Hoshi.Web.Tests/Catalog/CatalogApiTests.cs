using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hoshi.Web.Tests.Shared;

namespace Hoshi.Web.Tests.Catalog;

public sealed class CatalogApiTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> GetJson(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Versions_ListsTheShippedCatalogs_PublishedFirst_WithCountsPerLevel()
    {
        var versions = await GetJson("/api/catalog/versions");

        Assert.Equal(["scs-2026-03", "scs-2025-12-draft"], versions.EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        var current = versions[0];
        Assert.Equal("published", current.GetProperty("status").GetString());
        Assert.Equal("2026-03-27", current.GetProperty("published").GetString());
        var levels = current.GetProperty("levels").EnumerateArray()
            .Select(l => (l.GetProperty("level").GetInt32(), l.GetProperty("requirements").GetInt32(), l.GetProperty("criteria").GetInt32()));
        Assert.Equal([(3, 26, 81), (4, 43, 153)], levels);
        Assert.Equal("superseded", versions[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Version_ReturnsTheFullTree()
    {
        var tree = await GetJson("/api/catalog/versions/scs-2026-03");

        Assert.Equal("hoshi-catalog/1", tree.GetProperty("format").GetString());
        Assert.Equal("published", tree.GetProperty("status").GetString());
        var requirements = tree.GetProperty("requirements").EnumerateArray().ToList();
        Assert.Equal(43, requirements.Count);
        Assert.Equal(153, requirements.Sum(r => r.GetProperty("criteria").GetArrayLength()));
        Assert.NotEmpty(tree.GetProperty("categories").EnumerateArray());
        var first = requirements[0].GetProperty("criteria")[0];
        Assert.Equal("yesno", first.GetProperty("answerType").GetString());
        Assert.NotEmpty(first.GetProperty("text").GetProperty("ja").GetString()!);
    }

    [Theory]
    [InlineData("/api/catalog/versions/no-such-version")]
    [InlineData("/api/catalog/versions/no-such-version/oscal")]
    public async Task UnknownVersion_Answers404ProblemJson(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains("no-such-version", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiPath_Answers404ProblemJson()
    {
        var response = await _client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("scs-2026-03", 43, 153)]
    [InlineData("scs-2025-12-draft", 44, 157)]
    public async Task Oscal_IsAValidOscalCatalog_WithLevelsAsGroups_AndCriteriaAsObjectives(string id, int star4Requirements, int star4Criteria)
    {
        var response = await _client.GetAsync($"/api/catalog/versions/{id}/oscal");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();

        var schema = await OscalSchema.LoadAsync("oscal_catalog_schema.json");
        var errors = schema.Validate(text);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Take(10).Select(e => $"{e.Path}: {e.Kind}")));
        OscalSchema.AssertPropsInHoshisNamespace(text);

        var catalog = JsonDocument.Parse(text).RootElement.GetProperty("catalog");
        Assert.Equal("1.0.6", catalog.GetProperty("metadata").GetProperty("oscal-version").GetString());
        var star4 = catalog.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "star4");
        var controls = star4.GetProperty("groups").EnumerateArray()
            .SelectMany(c => c.GetProperty("groups").EnumerateArray())
            .SelectMany(s => s.GetProperty("controls").EnumerateArray())
            .ToList();
        Assert.Equal(star4Requirements, controls.Count);
        Assert.Equal(star4Criteria, controls.Sum(c => c.GetProperty("parts").EnumerateArray().Count(p => p.GetProperty("name").GetString() == "assessment-objective")));
    }

    [Fact]
    public async Task OscalSchema_RejectsABrokenExport_SoTheValidationAboveMeansSomething()
    {
        var text = await _client.GetStringAsync("/api/catalog/versions/scs-2026-03/oscal");
        var broken = JsonNode.Parse(text)!;
        broken["catalog"]!["uuid"] = "not-a-uuid";
        broken["catalog"]!["groups"]![0]!["groups"]![0]!["groups"]![0]!["controls"]![0]!.AsObject().Remove("title");

        var schema = await OscalSchema.LoadAsync("oscal_catalog_schema.json");
        var errors = schema.Validate(broken.ToJsonString());

        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task Oscal_IsStable_BetweenRequests()
    {
        var first = await _client.GetStringAsync("/api/catalog/versions/scs-2026-03/oscal");
        var second = await _client.GetStringAsync("/api/catalog/versions/scs-2026-03/oscal");

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task OpenApi_DescribesTheCatalogAndHealthEndpoints_AndTheBrowsablePageLoads()
    {
        var document = await GetJson("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/catalog/versions", paths);
        Assert.Contains("/api/catalog/versions/{id}", paths);
        Assert.Contains("/api/catalog/versions/{id}/oscal", paths);
        Assert.Contains("/health/ready", paths);

        var page = await _client.GetAsync("/api/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/openapi/v1.json", await (await _client.GetAsync("/api/docs/index.js")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
