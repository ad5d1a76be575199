namespace Hoshi.Web.Shared.Telemetry;

/// <summary>
/// What an operator watches (section <c>Hoshi:Telemetry</c>): a Prometheus scrape endpoint, OTLP
/// export of metrics and traces, JSON log lines. All off by default: a one-node embedded Hoshi
/// needs none of them.
/// </summary>
public sealed class TelemetrySettings
{
    public const string Section = "Hoshi:Telemetry";

    /// <summary>Serve <c>/metrics</c> in Prometheus's text format.</summary>
    public bool Prometheus { get; set; }

    /// <summary>
    /// The bearer token a scrape must send (<c>Authorization: Bearer …</c>). Without one, the
    /// endpoint answers only requests from this machine (loopback, not forwarded by a proxy).
    /// Any other request gets 404, as if there were no such page.
    /// </summary>
    public string? PrometheusToken { get; set; }

    /// <summary>An OTLP collector (e.g. <c>http://127.0.0.1:4317</c>): metrics and traces go there.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Log lines as JSON (one object a line, with the trace and span ids).</summary>
    public bool JsonLogs { get; set; }

    /// <summary>How often the database-backed gauges (outbox, imports, jobs, audit chaining) are read.</summary>
    public int SampleSeconds { get; set; } = 15;

    public bool Metrics => Prometheus || !string.IsNullOrWhiteSpace(OtlpEndpoint);
}
