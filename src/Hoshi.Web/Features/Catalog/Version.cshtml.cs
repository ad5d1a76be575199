using Hoshi.Domain;
using Hoshi.Domain.Catalog;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Catalog;

public sealed class VersionModel(CatalogStore store, Guidance.CatalogTranslations translations) : PageModel
{
    public CatalogEntry Entry { get; private set; } = null!;

    public CatalogSummary? Current { get; private set; }

    /// <summary>The level shown, or null for all levels.</summary>
    public Level? Level { get; private set; }

    public IReadOnlyList<Requirement> Requirements { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, int? level, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } entry)
        {
            return NotFound();
        }

        Entry = entry;
        Level = CatalogView.ParseLevel(level) is { } l && entry.Catalog.Offers(l) ? l : null;
        Requirements = [.. translations.For(entry.Catalog, Shared.Language.Current).Requirements.Where(r => Level is null || r.AppliesTo(Level.Value))];
        if (entry.Status != CatalogStatus.Published)
        {
            Current = await store.CurrentAsync(ct);
        }

        return Page();
    }

    public int CriteriaShown(Requirement requirement) =>
        Level is { } l ? requirement.CriteriaFor(l).Count : requirement.Criteria.Count;
}
