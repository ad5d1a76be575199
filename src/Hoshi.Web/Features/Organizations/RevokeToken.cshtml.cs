using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Organizations;

/// <summary>Asks before revoking a token: whatever system uses it stops working at once.</summary>
public sealed class RevokeTokenModel(
    IAuthorizationService authorization, ApiTokenStore tokens,
    UserManager<HoshiUser> users, IStringLocalizer<OrganizationsText> text) : OrganizationPage(authorization)
{
    [BindProperty(SupportsGet = true)]
    public Guid TokenId { get; set; }

    public ApiTokenRecord Token { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageApiTokens) is { } denied)
        {
            return denied;
        }

        var token = await tokens.FindActiveAsync(OrganizationId, TokenId, ct);
        if (token is null)
        {
            return NotFound();
        }

        Token = token;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageApiTokens) is { } denied)
        {
            return denied;
        }

        if (!await tokens.RevokeAsync(OrganizationId, TokenId, Guid.Parse(users.GetUserId(User)!), Address, ct))
        {
            return NotFound();
        }

        TempData["Message"] = text["TokenRevoked"].Value;
        return RedirectToPage("/Organizations/Tokens", new { id = OrganizationId });
    }
}
