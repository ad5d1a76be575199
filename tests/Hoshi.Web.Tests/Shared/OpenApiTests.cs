using System.Text.Json;

namespace Hoshi.Web.Tests.Shared;

/// <summary>The OpenAPI document says what every API answers (issue 23: typed results; issue 26: complete, valid, with the bearer scheme and its scopes).</summary>
public sealed class OpenApiTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    [Theory]
    [InlineData("Registry")]
    [InlineData("Suppliers")]
    [InlineData("Organizations")]
    [InlineData("Catalog")]
    /// <remarks>An operation that takes input (parameters or a body) declares how it refuses it.</remarks>
    public async Task Every_operation_of_the_API_declares_its_success_with_a_schema_and_its_problems(string tag)
    {
        var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name.ToUpperInvariant()} {path.Name}", Operation: op.Value)))
            .Where(o => o.Operation.TryGetProperty("tags", out var tags) && tags.EnumerateArray().Any(t => t.GetString() == tag))
            .ToList();
        Assert.NotEmpty(operations);

        var missing = operations.Where(o =>
        {
            var responses = o.Operation.GetProperty("responses").EnumerateObject().ToList();
            var success = responses.Where(r => r.Name.StartsWith('2')).ToList();
            var problems = responses.Where(r => r.Name.StartsWith('4')).ToList();
            return success.Count == 0
                || success.Any(r => !r.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().All(c => c.Value.TryGetProperty("schema", out _)))
                || (problems.Count == 0 && (o.Operation.TryGetProperty("parameters", out _) || o.Operation.TryGetProperty("requestBody", out _)));
        }).Select(o => o.Name).ToList();
        Assert.True(missing.Count == 0, "Operations without a typed success or their problems: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task The_document_is_valid_OpenAPI_and_declares_the_bearer_scheme_bodies_and_content_types()
    {
        var json = await factory.CreateClient().GetStringAsync("/openapi/v1.json");

        // Read and validated by Microsoft.OpenApi (another reader than the writer's JSON).
        var read = Microsoft.OpenApi.OpenApiDocument.Parse(json, "json");
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        Assert.NotNull(read.Document);
        Assert.Empty(Microsoft.OpenApi.OpenApiElementExtensions.Validate(read.Document, Microsoft.OpenApi.ValidationRuleSet.GetDefaultRuleSet()) ?? []);

        var document = JsonDocument.Parse(json).RootElement;
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));

        JsonElement Operation(string method, string path) => document.GetProperty("paths").GetProperty(path).GetProperty(method);

        // Every operation that takes an organization's token names the scope it needs.
        var scoped = document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/organizations/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Name: $"{o.Name} {p.Name}", Operation: o.Value))).ToList();
        Assert.NotEmpty(scoped);
        Assert.All(scoped, o =>
        {
            var requirement = Assert.Single(o.Operation.GetProperty("security").EnumerateArray());
            var scopes = requirement.GetProperty("bearer").EnumerateArray().Select(x => x.GetString()).ToList();
            Assert.Contains(Assert.Single(scopes), Hoshi.Domain.Accounts.ApiScopes.All.Select(Hoshi.Domain.Accounts.ApiScopes.Name));
        });
        Assert.Equal("suppliers:write", Operation("post", "/api/organizations/{id}/suppliers").GetProperty("security")[0].GetProperty("bearer")[0].GetString());

        // Request bodies and content types beyond JSON.
        var bulk = Operation("post", "/api/registry/status").GetProperty("requestBody").GetProperty("content");
        Assert.True(bulk.TryGetProperty("application/json", out _) && bulk.TryGetProperty("text/csv", out _));
        var import = Operation("post", "/api/organizations/{id}/suppliers/imports").GetProperty("requestBody").GetProperty("content");
        Assert.True(import.TryGetProperty("text/csv", out _) && import.TryGetProperty("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out _));
        Assert.True(Operation("get", "/api/certificates/{id}").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/jwt", out _));

        // The public registry declares its refusals: bad input, not found, too many requests, as problem details.
        var lookup = Operation("get", "/api/registry/{corporateNumber}").GetProperty("responses");
        foreach (var status in new[] { "400", "404", "429" })
        {
            Assert.True(lookup.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), status);
        }
    }
}
