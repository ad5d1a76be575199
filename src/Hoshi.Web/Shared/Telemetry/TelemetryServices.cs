using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hoshi.Web.Shared.Telemetry;

/// <summary>Metrics, traces and log format for operators (<see cref="TelemetrySettings"/>).</summary>
public static class TelemetryServices
{
    public static WebApplicationBuilder AddHoshiTelemetry(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>() ?? new TelemetrySettings();
        builder.Services.AddOptions<TelemetrySettings>().BindConfiguration(TelemetrySettings.Section);
        builder.Services.AddSingleton<OperationsSample>();
        builder.Services.AddHostedService<OperationsSampler>();

        if (settings.JsonLogs)
        {
            // One JSON object a line; the request's trace and span ids ride in its scope.
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
            builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
            builder.Services.Configure<ConsoleLoggerOptions>(options => options.FormatterName = ConsoleFormatterNames.Json);
        }

        if (!settings.Metrics)
        {
            return builder;
        }

        var otlp = string.IsNullOrWhiteSpace(settings.OtlpEndpoint) ? null : new Uri(settings.OtlpEndpoint);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("hoshi", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(HoshiMetrics.MeterName, "Hoshi.Data", "Npgsql");
                if (settings.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(options => options.Endpoint = otlp);
                }
            });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddSource("Npgsql", HoshiMetrics.MeterName)
                .AddOtlpExporter(options => options.Endpoint = otlp));
        }

        return builder;
    }

    /// <summary>Serves <c>/metrics</c> when configured: to a scrape with the token, or (with no token set) from this machine only.</summary>
    public static WebApplication UseHoshiTelemetry(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<TelemetrySettings>>().Value;
        HoshiMetrics.Observe(app.Services.GetRequiredService<OperationsSample>());
        if (settings.Prometheus)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider: null,
                predicate: context => context.Request.Path == "/metrics" && MayScrape(context, settings.PrometheusToken),
                path: null,
                configureBranchedPipeline: null,
                optionsName: null);
        }

        return app;
    }

    /// <summary>The token, compared in constant time; without one, a loopback request no proxy forwarded.</summary>
    public static bool MayScrape(HttpContext context, string? token)
    {
        if (!string.IsNullOrEmpty(token))
        {
            var sent = context.Request.Headers.Authorization.ToString();
            const string scheme = "Bearer ";
            return sent.StartsWith(scheme, StringComparison.Ordinal)
                && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(sent[scheme.Length..]), System.Text.Encoding.UTF8.GetBytes(token));
        }

        return context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address)
            && !context.Request.Headers.ContainsKey("X-Forwarded-For") && !context.Request.Headers.ContainsKey("X-Original-For");
    }
}
