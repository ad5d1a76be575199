using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>
/// A buyer reads the details a supplier disclosed to it. Without a grant in force (none, another
/// buyer's, revoked, ended) the answer is 404 with no data; every reading is in the supplier's audit trail.
/// </summary>
public sealed class DisclosedModel(IAuthorizationService authorization, DisclosureStore disclosures, UserManager<Data.Accounts.HoshiUser> users)
    : OrganizationPage(authorization)
{
    [BindProperty(SupportsGet = true)]
    public Guid GrantId { get; set; }

    public DisclosedResult Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ViewSuppliers) is { } denied)
        {
            return denied;
        }

        if (await disclosures.OpenAsync(OrganizationId, GrantId, Guid.Parse(users.GetUserId(User)!), Address, ct) is not { } result)
        {
            return NotFound();
        }

        Result = result;
        return Page();
    }
}
