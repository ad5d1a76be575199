using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Organizations;

/// <summary>Asks before removing a person from the organization.</summary>
public sealed class RemoveMemberModel(
    IAuthorizationService authorization, OrganizationQueries organizations, MembershipStore memberships,
    UserManager<HoshiUser> users, IStringLocalizer<OrganizationsText> text) : OrganizationPage(authorization)
{
    [BindProperty(SupportsGet = true)]
    public Guid UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public MembershipRole Role { get; set; }

    public string MemberName { get; private set; } = "";

    public string OrganizationName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await GuardAsync(Operation.ManageMembers) ?? await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageMembers) is { } denied)
        {
            return denied;
        }

        // The role comes from the confirmation page's link; a value that did not bind would read as the default role.
        if (!ModelState.IsValid)
        {
            return BadRequest();
        }

        var problem = await memberships.RemoveAsync(OrganizationId, UserId, Role, Guid.Parse(users.GetUserId(User)!), Address, ct);
        if (problem == MembershipChangeProblem.NotFound)
        {
            return NotFound();
        }

        if (problem != MembershipChangeProblem.None)
        {
            ModelState.AddModelError("", text["MembershipChange_" + problem]);
            return await LoadAsync(ct);
        }

        TempData["Message"] = text["MemberRemoved", MemberName].Value;
        return RedirectToPage("/Organizations/Details", new { id = OrganizationId });
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var member = await organizations.MemberNameAsync(OrganizationId, UserId, Role, ct);
        if (member is null)
        {
            return NotFound();
        }

        MemberName = member;
        OrganizationName = await organizations.NameAsync(OrganizationId, ct);
        return Page();
    }
}
