using Hoshi.Data;

namespace Hoshi.Web.Shared;

public static class Health
{
    public sealed record HealthStatus(string Status);

    /// <summary>
    /// <c>/health/live</c>: the process answers (touches nothing). <c>/health/ready</c>: the database
    /// answers and every migration is applied. 200 <c>{"status":"ok"}</c>, otherwise 503.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var ok = new HealthStatus("ok");
        var group = app.MapGroup("/health").WithTags("Health");
        group.MapGet("/live", () => TypedResults.Ok(ok))
            .WithSummary("Liveness: the process answers.");
        group.MapGet("/ready", async Task<IResult> (AppDbContext db, CancellationToken ct) =>
                await HoshiDatabase.IsReadyAsync(db, ct)
                    ? TypedResults.Ok(ok)
                    : TypedResults.Json(new HealthStatus("unavailable"), statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithSummary("Readiness: the database is reachable and migrated.")
            .Produces<HealthStatus>()
            .Produces<HealthStatus>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
