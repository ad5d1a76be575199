using Hoshi.Domain.Organizations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Registry;

/// <summary>One 法人番号 in the registry: every entry ever listed under it, with its status, validity, scope, registering body and certificate.</summary>
public sealed class OrganizationModel(RegistryQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string CorporateNumber { get; set; } = "";

    public IReadOnlyList<RegistryRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Domain.Organizations.CorporateNumber.TryParse(CorporateNumber, out var number, out _))
        {
            return NotFound();
        }

        if (number.Value != CorporateNumber)
        {
            return RedirectToPage(new { corporateNumber = number.Value });
        }

        Rows = await queries.ByCorporateNumberAsync(number.Value, ct);
        return Rows.Count == 0 ? NotFound() : Page();
    }
}
