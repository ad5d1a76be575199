using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Organizations;

/// <summary>The organization's API tokens: issue one (shown once), see when each was last used, revoke.</summary>
public sealed class TokensModel(
    IAuthorizationService authorization, OrganizationQueries organizations, ApiTokenStore tokens,
    UserManager<HoshiUser> users, IStringLocalizer<OrganizationsText> text) : OrganizationPage(authorization)
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<ApiScope> Scopes { get; set; } = [ApiScope.OrganizationRead];

    public string OrganizationName { get; private set; } = "";

    public IReadOnlyList<ApiTokenRecord> Tokens { get; private set; } = [];

    /// <summary>The token just issued: shown on this response only.</summary>
    public string? NewSecret { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await GuardAsync(Operation.ManageApiTokens) ?? await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageApiTokens) is { } denied)
        {
            return denied;
        }

        try
        {
            var (_, secret) = await tokens.CreateAsync(OrganizationId, Name, [.. Scopes.Where(Enum.IsDefined)], Guid.Parse(users.GetUserId(User)!), Address, ct);
            NewSecret = secret;
            Name = null;
        }
        catch (OrganizationInputException e)
        {
            FieldErrors.AddTo(ModelState, e.Errors, "", text);
        }

        // Never cached: the secret must not be kept by the browser or a proxy.
        Response.Headers.CacheControl = "no-store";
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        OrganizationName = await organizations.NameAsync(OrganizationId, ct);
        Tokens = await tokens.ListAsync(OrganizationId, ct);
        return Page();
    }
}
