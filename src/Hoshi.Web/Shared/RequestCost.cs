using System.Diagnostics;
using System.Globalization;
using System.Net;
using Hoshi.Data;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Shared;

/// <summary>
/// What a request costs, for whoever tunes Hoshi (section <c>Hoshi:Diagnostics</c>, all off by default):
/// <see cref="ServerTiming"/> answers every request with <c>Server-Timing: db;dur=…;desc="N statements"</c>;
/// <see cref="Counters"/> maps <c>GET /diagnostics/counters</c>, answered to the same machine only,
/// with the process's requests, statements, CPU time and allocated bytes so far (what
/// <c>bench/requests/run</c> reads before and after a load run).
/// </summary>
public sealed class DiagnosticsSettings
{
    public const string Section = "Hoshi:Diagnostics";

    public bool ServerTiming { get; set; }

    public bool Counters { get; set; }
}

/// <summary>The process's own figures since start, as <c>/diagnostics/counters</c> reports them.</summary>
public sealed record ProcessCounters(long Requests, long Statements, double CpuMilliseconds, long AllocatedBytes, int Gen0Collections, int Gen2Collections, long WorkingSetBytes, long JittedMethods);

/// <summary>Starts the statement tally of each request and, when asked, reports it in <c>Server-Timing</c>.</summary>
public sealed class RequestCost(RequestDelegate next, IOptions<DiagnosticsSettings> settings)
{
    private static long _requests;

    public Task InvokeAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var tally = StatementCounter.Begin();
        if (settings.Value.ServerTiming)
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Append("Server-Timing", string.Create(CultureInfo.InvariantCulture, $"db;dur={tally.Duration.TotalMilliseconds:0.###};desc=\"{tally.Count} statements\""));
                return Task.CompletedTask;
            });
        }

        return next(context);
    }

    /// <summary>Requests begun since the process started.</summary>
    public static long Requests => Interlocked.Read(ref _requests);
}

/// <summary><c>GET /diagnostics/counters</c> when <see cref="DiagnosticsSettings.Counters"/> is on.</summary>
public static class ProcessDiagnostics
{
    public static ProcessCounters Now()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessCounters(
            RequestCost.Requests,
            StatementCounter.Total,
            process.TotalProcessorTime.TotalMilliseconds,
            GC.GetTotalAllocatedBytes(precise: false),
            GC.CollectionCount(0),
            GC.CollectionCount(2),
            process.WorkingSet64,
            System.Runtime.JitInfo.GetCompiledMethodCount());
    }

    public static IEndpointRouteBuilder MapDiagnostics(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<DiagnosticsSettings>>().Value.Counters)
        {
            app.MapGet("/diagnostics/counters", IResult (HttpContext context) =>
                    context.Connection.RemoteIpAddress is { } from && IPAddress.IsLoopback(from)
                        ? TypedResults.Ok(Now())
                        : TypedResults.NotFound())
                .ExcludeFromDescription();
        }

        return app;
    }
}
