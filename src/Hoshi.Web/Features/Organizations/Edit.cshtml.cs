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
    IAuthorizationService authorization, AppDbContext db, OrganizationStore store, Actors actors,
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

        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == OrganizationId, ct);
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
        Name = await db.Organizations.Where(o => o.Id == OrganizationId).Select(o => o.LegalNameJa).FirstAsync(ct);
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
        var current = await db.Organizations.Where(o => o.Id == OrganizationId).Select(o => o.ParentId).FirstOrDefaultAsync(ct);
        return await db.Organizations.AsNoTracking().Where(o => administered.Contains(o.Id) || o.Id == current).OrderBy(o => o.LegalNameJa)
            .Select(o => new OrganizationChoice(o.Id, o.LegalNameJa)).ToListAsync(ct);
    }
}
