using System.Text.Json;

namespace Hoshi.Web.Tests.Shared;

/// <summary>The OpenAPI document says what the registry and suppliers APIs answer (issue 23: typed results).</summary>
public sealed class OpenApiTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    [Theory]
    [InlineData("Registry")]
    [InlineData("Suppliers")]
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
                || problems.Count == 0;
        }).Select(o => o.Name).ToList();
        Assert.True(missing.Count == 0, "Operations without a typed success or their problems: " + string.Join(", ", missing));
    }
}
