using Hoshi.Data;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Organizations;

/// <summary>Registers a new organization; the person creating it becomes its administrator.</summary>
[Authorize]
public sealed class CreateModel(OrganizationStore store, OrganizationQueries organizations, Actors actors, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<OrganizationsText> text) : PageModel
{
    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    /// <summary>Declared roles: applicant (supplier) and/or buyer.</summary>
    [BindProperty]
    public List<OrganizationRole> Roles { get; set; } = [OrganizationRole.Applicant];

    public IReadOnlyList<OrganizationChoice> Parents { get; private set; } = [];

    /// <summary>Where to go once created (a buyer's request link sends people here and back).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>A buyer's request link fills in the supplier's 法人番号 and name.</summary>
    public async Task OnGetAsync(string? corporateNumber, string? name, CancellationToken ct)
    {
        Parents = await ParentsAsync(ct);
        Input.CorporateNumber = corporateNumber?.Length <= 20 ? corporateNumber : null;
        Input.LegalNameJa = name?.Length <= 300 ? name : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Guid.TryParse(users.GetUserId(User), out var userId))
        {
            return Challenge();
        }

        Parents = await ParentsAsync(ct);
        if (Input.ParentId is { } parent && Parents.All(p => p.Id != parent))
        {
            ModelState.AddModelError("Input.ParentId", text["Error_parentNotYours"]);
        }

        if (Roles.Count == 0 || Roles.Any(r => !r.IsSelfDeclared()))
        {
            ModelState.AddModelError("Roles", text["Error_roleRequired"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var organization = await store.CreateWithAdministratorAsync(Input.ToNew(), userId, Roles, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            actors.Forget();
            return Shared.LocalPath.OrDefault(ReturnUrl, "") is { Length: > 0 } back
                ? Redirect(back)
                : RedirectToPage("/Organizations/Details", new { id = organization.Id, created = true });
        }
        catch (OrganizationInputException e)
        {
            FieldErrors.AddTo(ModelState, e.Errors, "Input.", text);
            return Page();
        }
    }

    /// <summary>A new organization can join a group whose organization this person administers.</summary>
    private async Task<IReadOnlyList<OrganizationChoice>> ParentsAsync(CancellationToken ct)
    {
        if (await actors.PersonAsync(User, ct) is not { } actor)
        {
            return [];
        }

        var administered = actor.Memberships.Where(m => m.Role == MembershipRole.OrgAdmin).Select(m => m.OrganizationId).ToList();
        return await organizations.ChoicesAsync(administered, ct: ct);
    }
}
