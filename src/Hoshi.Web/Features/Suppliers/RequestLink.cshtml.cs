using Hoshi.Data;
using Hoshi.Data.Suppliers;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>
/// The mailed link of a request. Anyone with it sees who asks for what; a person of the
/// supplier's organization goes on to its requests; a signed-in person without it is offered to
/// register the organization (number and name filled in); anyone else to sign up or sign in first.
/// </summary>
public sealed class RequestLinkModel(SupplierRequestStore requests, Organizations.OrganizationQueries organizations, Actors actors) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Secret { get; set; } = "";

    public SupplierRequestRecord? Asked { get; private set; }

    public string BuyerName { get; private set; } = "";

    public string SupplierName { get; private set; } = "";

    /// <summary>The signed-in person's organization with the request's 法人番号, if any.</summary>
    public Guid? MyOrganization { get; private set; }

    /// <summary>An organization with that number exists in Hoshi, but the signed-in person is not in it.</summary>
    public bool OrganizationExists { get; private set; }

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public string ReturnUrl => $"/requests/{Secret}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await requests.FindBySecretAsync(Secret, ct) is not { } found)
        {
            return NotFound();
        }

        (Asked, BuyerName, SupplierName) = found;
        var number = Asked.CorporateNumber;
        var claiming = await organizations.WithCorporateNumberAsync(number, ct);
        OrganizationExists = claiming.Count > 0;
        if (SignedIn && await actors.PersonAsync(User, ct) is { } actor)
        {
            MyOrganization = claiming.FirstOrDefault(actor.BelongsTo) is var mine && mine != Guid.Empty ? mine : null;
            if (MyOrganization is { } id)
            {
                return RedirectToPage("/Suppliers/Incoming", new { id });
            }
        }

        return Page();
    }
}
