using System.Net;
using System.Text.Json;

namespace Hoshi.Web.Tests.Registry;

/// <summary>A deployment's first start: one signing key, an empty log that says so.</summary>
public sealed class EmptyRegistryTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    [Fact]
    public async Task A_new_deployment_publishes_one_key_and_an_empty_log()
    {
        var client = factory.CreateClient();
        var jwks = JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks.json")).RootElement.GetProperty("keys");
        var key = Assert.Single(jwks.EnumerateArray());
        Assert.Equal(("EC", "P-256", "ES256", "sig"), (key.GetProperty("kty").GetString(), key.GetProperty("crv").GetString(), key.GetProperty("alg").GetString(), key.GetProperty("use").GetString()));
        Assert.False(key.TryGetProperty("d", out _), "the private part is never published");

        var head = await client.GetAsync("/api/log/head");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Equal("application/problem+json", head.Content.Headers.ContentType?.MediaType);
        var entries = JsonDocument.Parse(await client.GetStringAsync("/api/log/entries?start=0&end=10")).RootElement.GetProperty("entries");
        Assert.Equal(0, entries.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/log/consistency?first=1&second=1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/log/entries?start=-1&end=3")).StatusCode);
        var search = JsonDocument.Parse(await client.GetStringAsync("/api/registry")).RootElement;
        Assert.Equal((0, 1, 20), (search.GetProperty("total").GetInt32(), search.GetProperty("page").GetInt32(), search.GetProperty("pageSize").GetInt32()));
    }
}
