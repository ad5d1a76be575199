using Hoshi.Domain;
using Hoshi.Domain.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hoshi.Web.Features.Catalog;

/// <summary>Public, read-only catalog API under <c>/api/catalog</c>.</summary>
public static class CatalogApi
{
    public sealed record LevelCount(int Level, string Name, int Requirements, int Criteria);

    public sealed record VersionItem(
        string Id,
        string Version,
        string Status,
        string? Published,
        IReadOnlyDictionary<string, string> Title,
        IReadOnlyList<LevelCount> Levels,
        string ContentHash);

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/catalog").WithTags("Catalog");

        api.MapGet("/versions", async (CatalogStore store, CancellationToken ct) =>
            {
                var items = new List<VersionItem>();
                foreach (var summary in await store.ListAsync(ct))
                {
                    var entry = await store.GetAsync(summary.Id, ct);
                    items.Add(ToItem(entry!));
                }

                return TypedResults.Ok(items);
            })
            .WithSummary("Catalog versions, the published one first.");

        api.MapGet("/versions/{id}", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string id, CatalogStore store, CancellationToken ct) =>
                await store.GetAsync(id, ct) is { } entry
                    ? TypedResults.Text(CatalogWriter.ToJson(entry.Catalog, status: entry.Status), "application/json")
                    : NotFound(id))
            .WithSummary("A catalog version as a full tree in the hoshi-catalog/1 format (levels, categories, requirements, criteria).")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/versions/{id}/oscal", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string id, CatalogStore store, CancellationToken ct) =>
                await store.GetAsync(id, ct) is { } entry
                    ? TypedResults.Text(OscalCatalog.Build(entry).ToJsonString(OscalJson.Options), "application/json")
                    : NotFound(id))
            .WithSummary("A catalog version as an OSCAL 1.0.6 catalog.")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    public static VersionItem ToItem(CatalogEntry entry)
    {
        var c = entry.Catalog;
        return new VersionItem(
            c.Id,
            c.Version,
            CatalogWriter.StatusText(entry.Status),
            c.Published?.ToString("yyyy-MM-dd"),
            c.Title.All,
            [.. c.Levels.Select(l => new LevelCount(l.Level.Number(), l.Name.JaText, c.CountRequirements(l.Level), c.CountCriteria(l.Level)))],
            entry.ContentHash);
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(
            title: "Catalog version not found",
            detail: $"No catalog version has the id \"{id}\".",
            statusCode: StatusCodes.Status404NotFound);
}
