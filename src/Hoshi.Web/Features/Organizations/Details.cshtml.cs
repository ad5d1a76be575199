using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Organizations;

/// <summary>One organization: its details, roles, members and open invitations, with what the viewer may do.</summary>
public sealed class DetailsModel(
    IAuthorizationService authorization, AppDbContext db, OrganizationStore store, InvitationStore invitations,
    UserManager<HoshiUser> users, IStringLocalizer<OrganizationsText> text) : OrganizationPage(authorization)
{
    public sealed record MemberRow(Guid UserId, string Name, string? Email, MembershipRole Role, DateTime Since);

    public OrganizationRecord Organization { get; private set; } = null!;

    public string? ParentName { get; private set; }

    public IReadOnlyList<MemberRow> Members { get; private set; } = [];

    public IReadOnlyList<InvitationRecord> OpenInvitations { get; private set; } = [];

    public bool MayEdit { get; private set; }

    public bool MayManageMembers { get; private set; }

    public bool MayManageTokens { get; private set; }

    public bool MayViewAudit { get; private set; }

    public bool MayGrantBodyRoles { get; private set; }

    public bool MayWorkOnAssessments { get; private set; }

    public bool MayManageSuppliers { get; private set; }

    public bool MayRespondToBuyers { get; private set; }

    public bool MayManageDisclosure { get; private set; }

    /// <summary>Buyers' requests to this organization that it has not answered yet.</summary>
    public int OpenRequests { get; private set; }

    [BindProperty(SupportsGet = true)]
    public bool Created { get; set; }

    [TempData]
    public string? Message { get; set; }

    [BindProperty]
    public OrganizationRole? GrantRole { get; set; }

    [BindProperty]
    public Guid InvitationId { get; set; }

    [BindProperty]
    public Guid MemberId { get; set; }

    [BindProperty]
    public MembershipRole FromRole { get; set; }

    [BindProperty]
    public MembershipRole ToRole { get; set; }

    /// <summary>The roles a member can have in this organization.</summary>
    public IReadOnlyList<MembershipRole> OfferedRoles { get; private set; } = [];

    public async Task<IActionResult> OnPostChangeRoleAsync([FromServices] MembershipStore memberships, CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageMembers) is { } denied)
        {
            return denied;
        }

        // Both roles come from the page's select and hidden field; a value that did not bind would read as the default role.
        if (!ModelState.IsValid)
        {
            return BadRequest();
        }

        var problem = await memberships.ChangeRoleAsync(OrganizationId, MemberId, FromRole, ToRole, Guid.Parse(users.GetUserId(User)!), Address, ct);
        if (problem != MembershipChangeProblem.None)
        {
            ModelState.AddModelError("", text["MembershipChange_" + problem]);
            return await LoadAsync(ct);
        }

        Message = text["RoleChanged"];
        return RedirectToPage(new { id = OrganizationId });
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await GuardAsync(Operation.ViewOrganization) ?? await LoadAsync(ct);

    /// <summary>A scheme-owner administrator grants a body's role (or any role) to this organization.</summary>
    public async Task<IActionResult> OnPostGrantAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.GrantBodyRoles) is { } denied)
        {
            return denied;
        }

        if (GrantRole is not { } role || !Enum.IsDefined(role))
        {
            ModelState.AddModelError("GrantRole", text["Error_roleRequired"]);
            return await LoadAsync(ct);
        }

        try
        {
            await store.GrantRoleAsync(OrganizationId, role, users.GetUserId(User)!, actorAdministersTheOrganization: false, actorIsSchemeOwnerAdmin: true, ct);
        }
        catch (OrganizationInputException)
        {
            return NotFound();
        }

        Message = text["RoleGranted", text["Role_" + role]];
        return RedirectToPage(new { id = OrganizationId });
    }

    public async Task<IActionResult> OnPostRevokeInvitationAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageMembers) is { } denied)
        {
            return denied;
        }

        Message = await invitations.RevokeAsync(OrganizationId, InvitationId, Guid.Parse(users.GetUserId(User)!), Address, ct)
            ? text["InvitationRevoked"]
            : text["InvitationNotOpen"];
        return RedirectToPage(new { id = OrganizationId });
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var organization = await db.Organizations.AsNoTracking().Include(o => o.Roles).FirstOrDefaultAsync(o => o.Id == OrganizationId, ct);
        if (organization is null)
        {
            return NotFound();
        }

        Organization = organization;
        ParentName = organization.ParentId is { } parent
            ? await db.Organizations.Where(o => o.Id == parent).Select(o => o.LegalNameJa).FirstOrDefaultAsync(ct)
            : null;
        Members = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == OrganizationId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new MemberRow(u.Id, u.DisplayName, u.Email, m.Role, m.CreatedAt))
            .ToListAsync(ct);
        Members = [.. Members.OrderBy(m => m.Role).ThenBy(m => m.Name, StringComparer.Ordinal)];
        MayEdit = await MayAsync(Operation.EditOrganization);
        MayManageMembers = await MayAsync(Operation.ManageMembers);
        MayManageTokens = await MayAsync(Operation.ManageApiTokens);
        MayViewAudit = await MayAsync(Operation.ViewOrganizationAudit);
        MayGrantBodyRoles = await Authorization.MayAsync(User, Operation.GrantBodyRoles);
        MayWorkOnAssessments = await MayAsync(Operation.WorkOnAssessments);
        MayManageSuppliers = await MayAsync(Operation.ManageSuppliers);
        MayRespondToBuyers = await MayAsync(Operation.RespondToBuyers);
        MayManageDisclosure = await MayAsync(Operation.ManageDisclosure);
        if (MayRespondToBuyers && Organization.CorporateNumber is { } number)
        {
            OpenRequests = await db.SupplierRequests.CountAsync(r => r.CorporateNumber == number && r.State == Domain.Suppliers.RequestState.Sent, ct);
        }
        OfferedRoles = [.. Enum.GetValues<MembershipRole>().Where(r => InvitationRules.MayInviteAs(r, [.. organization.Roles.Select(x => x.Role)]))];
        if (MayManageMembers)
        {
            var pending = await db.Invitations.AsNoTracking()
                .Where(i => i.OrganizationId == OrganizationId && i.AcceptedAt == null && i.RevokedAt == null)
                .OrderByDescending(i => i.CreatedAt).Take(100).ToListAsync(ct);
            OpenInvitations = [.. pending.Where(i => invitations.StateOf(i) == InvitationState.Open)];
        }

        return Page();
    }
}
