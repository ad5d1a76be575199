using Hoshi.Domain;
using Hoshi.Domain.Catalog;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Catalog;

public sealed class SearchModel(CatalogStore store) : PageModel
{
    public const int MaxQueryLength = 200;

    public CatalogVersion Catalog { get; private set; } = null!;

    public string Query { get; private set; } = "";

    public Level? Level { get; private set; }

    public IReadOnlyList<CatalogSearchHit> Hits { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, string? q, int? level, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } entry)
        {
            return NotFound();
        }

        Catalog = entry.Catalog;
        Query = (q ?? "").Trim();
        if (Query.Length > MaxQueryLength)
        {
            Query = Query[..MaxQueryLength];
        }

        Level = CatalogView.ParseLevel(level) is { } l && Catalog.Offers(l) ? l : null;
        Hits = CatalogSearch.Find(Catalog, Query, Level);
        return Page();
    }
}
