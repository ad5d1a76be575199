using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Catalog;

public sealed class VersionsModel(CatalogStore store) : PageModel
{
    public IReadOnlyList<CatalogEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var entries = new List<CatalogEntry>();
        foreach (var summary in await store.ListAsync(ct))
        {
            entries.Add((await store.GetAsync(summary.Id, ct))!);
        }

        Entries = entries;
    }
}
