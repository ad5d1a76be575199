using Hoshi.Domain;
using Hoshi.Domain.Catalog;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Catalog;

public sealed class RequirementPageModel(CatalogStore store, Guidance.CatalogTranslations translations, Guidance.GuidanceStore guidance, Microsoft.AspNetCore.Authorization.IAuthorizationService authorization) : PageModel
{
    public CatalogVersion Catalog { get; private set; } = null!;

    public Requirement Requirement { get; private set; } = null!;

    public CatalogSubcategory Subcategory { get; private set; } = null!;

    public CatalogCategory Category { get; private set; } = null!;

    public Level? Level { get; private set; }

    public IReadOnlyList<Criterion> Criteria { get; private set; } = [];

    /// <summary>Hoshi's help on the criteria, by id.</summary>
    public IReadOnlyDictionary<string, Guidance.StoredHelp> Help { get; private set; } = new Dictionary<string, Guidance.StoredHelp>();

    /// <summary>Whether the reader may edit the help (scheme-owner officers).</summary>
    public bool MayEditHelp { get; private set; }

    public Requirement? Previous { get; private set; }

    public Requirement? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string no, int? level, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } entry || entry.Catalog.FindRequirement(no) is null)
        {
            return NotFound();
        }

        Catalog = translations.For(entry.Catalog, Shared.Language.Current);
        var requirement = Catalog.FindRequirement(no)!;
        Help = await guidance.ForCatalogAsync(id, ct);
        MayEditHelp = User.Identity?.IsAuthenticated == true && await Accounts.AccessChecks.MayAsync(authorization, User, Domain.Accounts.Operation.ViewAllOrganizations);
        Requirement = requirement;
        Subcategory = Catalog.FindSubcategory(requirement.SubcategoryNo)!;
        Category = Catalog.CategoryOf(Subcategory);
        Level = CatalogView.ParseLevel(level) is { } l && requirement.AppliesTo(l) ? l : null;
        Criteria = Level is { } shown ? requirement.CriteriaFor(shown) : requirement.Criteria;

        var siblings = Catalog.Requirements.Where(r => Level is null || r.AppliesTo(Level.Value)).ToList();
        var index = siblings.IndexOf(requirement);
        Previous = index > 0 ? siblings[index - 1] : null;
        Next = index >= 0 && index < siblings.Count - 1 ? siblings[index + 1] : null;
        return Page();
    }

    public string LevelQuery => Level is { } l ? $"?level={(int)l}" : "";
}
