using Hoshi.Web.Features.Catalog;

namespace Hoshi.Web.Cli;

/// <summary>
/// <c>seed-demo</c>: loads the shipped catalogs and the demo data. Safe to run again.
/// </summary>
public static class DemoData
{
    public static async Task<int> SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<CatalogStore>();
        await Console.Out.WriteLineAsync("Catalogs shipped with Hoshi:");
        foreach (var result in await store.ImportShippedAsync("cli:seed-demo", ct))
        {
            var outcome = result.Outcome == ImportOutcome.Imported ? "imported" : "already present";
            await Console.Out.WriteLineAsync($"  {result.Id} ({result.Version}): {outcome}");
        }

        return 0;
    }
}
