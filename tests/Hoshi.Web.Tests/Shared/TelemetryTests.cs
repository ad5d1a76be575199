using System.Net;
using Hoshi.Web.Shared.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Hoshi.Web.Tests.Shared;

/// <summary>Hoshi with the Prometheus endpoint on and a scrape token.</summary>
public sealed class MetricsFactory : HoshiFactory
{
    public const string Token = "scrape-token-for-tests";

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Hoshi:Telemetry:Prometheus", "true");
        builder.UseSetting("Hoshi:Telemetry:PrometheusToken", Token);
        builder.UseSetting("Hoshi:Telemetry:SampleSeconds", "1");
    }
}

/// <summary>The scrape endpoint: off by default, then only with the token (or, without one, from this machine and not through a proxy).</summary>
public sealed class TelemetryTests(MetricsFactory factory) : IClassFixture<MetricsFactory>
{
    [Fact]
    public async Task Metrics_are_off_by_default()
    {
        using var plain = new HoshiFactory();
        using var client = plain.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new("Bearer", MetricsFactory.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_scrape_needs_the_token_and_shows_requests_and_the_operators_gauges()
    {
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/registry")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = new("Bearer", MetricsFactory.Token + "x");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(wrong)).StatusCode);

        // The gauges read the database every second here: wait for one reading.
        string text = "";
        for (var i = 0; i < 50 && !text.Contains("hoshi_sample_age_seconds", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            scrape.Headers.Authorization = new("Bearer", MetricsFactory.Token);
            var response = await client.SendAsync(scrape);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
        }

        Assert.Matches("http_server_request_duration_seconds_count\\{[^\\n]*http_route=\"registry\"[^\\n]*\\} [1-9]", text);
        foreach (var gauge in new[] { "hoshi_outbox_backlog", "hoshi_outbox_failing", "hoshi_imports_queued", "hoshi_audit_pending", "hoshi_jobs_failing", "hoshi_registry_snapshot_age_seconds", "hoshi_sample_age_seconds" })
        {
            Assert.Contains(gauge, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("127.0.0.1", null, null, true)]
    [InlineData("::1", null, null, true)]
    [InlineData("127.0.0.1", "X-Forwarded-For", null, false)]
    [InlineData("127.0.0.1", "X-Original-For", null, false)]
    [InlineData("10.0.0.9", null, null, false)]
    [InlineData("10.0.0.9", null, "Bearer t", true)]
    [InlineData("127.0.0.1", null, "Bearer u", false)]
    public void Who_may_scrape(string peer, string? forwardedHeader, string? authorization, bool allowed)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwardedHeader is not null)
        {
            context.Request.Headers[forwardedHeader] = "203.0.113.7";
        }

        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        Assert.Equal(allowed, TelemetryServices.MayScrape(context, authorization is null ? null : "t"));
    }
}
