using System.Net;
using Hoshi.Web.Shared.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task A_broken_audit_chain_fails_the_audit_verify_job_and_raises_its_gauge()
    {
        using var fresh = new HoshiFactory();
        var people = new People(fresh);
        await people.OrganizationAsync("監査される株式会社", Hoshi.Domain.Organizations.OrganizationRole.Applicant);
        var runner = fresh.Services.GetRequiredService<Hoshi.Web.Features.Lifecycle.SchedulerRunner>();
        Assert.Contains(Hoshi.Web.Features.Lifecycle.AuditVerifyJob.JobName, (await runner.RunDueAsync("test-node")).Ran);
        Assert.False((await people.WithDbAsync(db => OperationsSample.ReadAsync(db, DateTime.UtcNow, default))).AuditChainBroken);

        // Someone edits a record behind Hoshi's back; the job's next run finds it.
        await people.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditRecords\" SET \"Actor\" = 'someone-else' WHERE \"Sequence\" = 2");
            return await db.ScheduledJobs.Where(j => j.Name == Hoshi.Web.Features.Lifecycle.AuditVerifyJob.JobName)
                .ExecuteUpdateAsync(u => u.SetProperty(j => j.NextRunAt, DateTime.UtcNow.AddMinutes(-1)));
        });
        Assert.Contains(Hoshi.Web.Features.Lifecycle.AuditVerifyJob.JobName, (await runner.RunDueAsync("test-node")).Failed);
        var figures = await people.WithDbAsync(db => OperationsSample.ReadAsync(db, DateTime.UtcNow, default));
        Assert.True(figures.AuditChainBroken);
        Assert.Equal(1, figures.JobsFailing);
    }

    /// <summary>The Prometheus name of one of Hoshi's instruments (the exporter's rules: dots to underscores, unit suffix, _total for counters).</summary>
    private static string PrometheusName(System.Diagnostics.Metrics.Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        name += instrument.Unit switch { "s" => "_seconds", "By" => "_bytes", _ => "" };
        var counter = instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() is var kind
            && (kind == typeof(System.Diagnostics.Metrics.Counter<>) || kind == typeof(System.Diagnostics.Metrics.ObservableCounter<>));
        return counter ? name + "_total" : name;
    }

    [Fact]
    public async Task The_dashboard_and_the_alert_rules_name_only_metrics_a_node_exports()
    {
        var deploy = Reliability.ProxyProcess.DeployedConfiguration();
        var folder = Path.GetDirectoryName(Path.GetDirectoryName(deploy))!;
        var dashboard = await File.ReadAllTextAsync(Path.Combine(folder, "grafana", "hoshi-dashboard.json"));
        var alerts = await File.ReadAllTextAsync(Path.Combine(folder, "prometheus", "hoshi-alerts.yml"));
        _ = System.Text.Json.JsonDocument.Parse(dashboard);
        static string Base(string name) => System.Text.RegularExpressions.Regex.Replace(name, "_(bucket|count|sum)$", "");
        var named = System.Text.RegularExpressions.Regex.Matches(dashboard + alerts, "\\b(hoshi|http_server|dotnet|kestrel|aspnetcore)_[a-z0-9_]+").Select(m => Base(m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("hoshi_audit_chain_broken", named);
        Assert.Contains("hoshi_outbox_oldest_age_seconds", named);

        // What a node exports: a scrape, plus Hoshi's own instruments (a counter shows in a scrape only once something counted).
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/registry")).StatusCode);
        var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new("Bearer", MetricsFactory.Token);
        var exported = (await (await client.SendAsync(scrape)).Content.ReadAsStringAsync()).Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#').Select(line => Base(line.Split('{', ' ')[0])).ToHashSet(StringComparer.Ordinal);
        using (var listener = new System.Diagnostics.Metrics.MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name is HoshiMetrics.MeterName or Hoshi.Data.StatementCounter.MeterName)
                {
                    lock (exported)
                    {
                        exported.Add(PrometheusName(instrument));
                    }
                }
            };
            listener.Start();
        }

        Assert.All(named, name => Assert.True(exported.Contains(name), $"{name} is in the dashboard or the alert rules but no node exports it"));
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
