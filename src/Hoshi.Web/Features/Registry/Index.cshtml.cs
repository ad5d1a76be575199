using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Registry;

/// <summary>
/// The public registry (台帳): search by name (kana- and width-insensitive) or 法人番号, level,
/// status and prefecture, 50 rows a page. Expired, suspended and revoked entries stay listed
/// with their status.
/// </summary>
public sealed class IndexModel(RegistryQueries queries, IStringLocalizer<RegistryText> text) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "level")]
    public string? Level { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "prefecture")]
    public string? Prefecture { get; set; }

    /// <summary>The page number, as <c>p</c>: "page" is the route value Razor Pages routes by.</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public string? PageText { get; set; }

    public IReadOnlyList<RegistryRow> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var search = RegistryApi.ParseSearch(Query, Level, Status, Prefecture, PageText, null, errors, PageSize);
        if (search is null)
        {
            foreach (var field in errors.Keys)
            {
                ModelState.AddModelError(field, text["SearchInvalid_" + field]);
            }

            return;
        }

        (Rows, Total) = await queries.SearchAsync(search, ct);
        PageNumber = search.Page;
        if (PageNumber > PageCount && Total > 0)
        {
            PageNumber = PageCount;
            (Rows, Total) = await queries.SearchAsync(search with { Page = PageNumber }, ct);
        }
    }

    /// <summary>The link to another page of the same search.</summary>
    public string LinkTo(int page) => Url.Page(null, new { q = Query, level = Level, status = Status, prefecture = Prefecture, p = page })!;
}
