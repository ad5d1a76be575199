using Hoshi.Domain.Catalog;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Catalog;

/// <summary>
/// What changed between two catalog versions: counts, then every requirement and criterion added,
/// removed, changed (with the text's differences marked) or renumbered; unchanged ones on request.
/// </summary>
public sealed class DiffModel(CatalogStore store) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "all")]
    public bool ShowUnchanged { get; set; }

    public IReadOnlyList<CatalogSummary> Versions { get; private set; } = [];

    public CatalogComparison? Comparison { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Versions = await store.ListAsync(ct);
        if (Versions.Count < 2)
        {
            return Page();
        }

        // By default: the version before the current one, against the current one.
        var ordered = Versions.OrderBy(v => v.Published ?? DateOnly.MaxValue).ThenBy(v => v.Id, StringComparer.Ordinal).ToList();
        From ??= ordered[^2].Id;
        To ??= ordered[^1].Id;
        if (await store.GetAsync(From, ct) is not { } from || await store.GetAsync(To, ct) is not { } to)
        {
            return NotFound();
        }

        Comparison = CatalogDiff.Compare(from.Catalog, to.Catalog);
        return Page();
    }
}
