using Hoshi.Data;
using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Organizations;

/// <summary>Changes an organization's details. Two administrators editing at once: the second is told, nothing is overwritten.</summary>
public sealed class EditModel(
    IAuthorizationService authorization, OrganizationQueries organizations, OrganizationStore store, Actors actors,
    UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<OrganizationsText> text) : OrganizationPage(authorization)
{
    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    public string Name { get; private set; } = "";

    public IReadOnlyList<OrganizationChoice> Parents { get; private set; } = [];

    public bool Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.EditOrganization) is { } denied)
        {
            return denied;
        }

        var organization = (await organizations.FindAsync(OrganizationId, ct))!;
        Input = OrganizationInput.From(organization);
        Name = organization.LegalNameJa;
        Parents = await ParentsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.EditOrganization) is { } denied)
        {
            return denied;
        }

        Parents = await ParentsAsync(ct);
        Name = await organizations.NameAsync(OrganizationId, ct);
        if (Input.ParentId is { } parent && Parents.All(p => p.Id != parent))
        {
            ModelState.AddModelError("Input.ParentId", text["Error_parentNotYours"]);
            return Page();
        }

        try
        {
            await store.UpdateAsync(OrganizationId, Input.Version, Input.ToNew(), users.GetUserId(User)!, Address, ct);
            TempData["Message"] = text["Saved"].Value;
            return RedirectToPage("/Organizations/Details", new { id = OrganizationId });
        }
        catch (OrganizationInputException e)
        {
            FieldErrors.AddTo(ModelState, e.Errors, "Input.", text);
        }
        catch (ConcurrencyConflictException)
        {
            // Keep what this person typed; tell them, and let them compare with the current details.
            Conflict = true;
            ModelState.AddModelError("", text["EditConflict"]);
        }

        return Page();
    }

    /// <summary>The parent can be another organization this person administers (not this one).</summary>
    private async Task<IReadOnlyList<OrganizationChoice>> ParentsAsync(CancellationToken ct)
    {
        var actor = await actors.PersonAsync(User, ct);
        var administered = actor?.Memberships.Where(m => m.Role == MembershipRole.OrgAdmin && m.OrganizationId != OrganizationId).Select(m => m.OrganizationId).ToList() ?? [];
        return await organizations.ChoicesAsync(administered, OrganizationId, ct);
    }
}
