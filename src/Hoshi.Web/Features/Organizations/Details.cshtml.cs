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
    IAuthorizationService authorization, OrganizationQueries organizations, OrganizationStore store, InvitationStore invitations, CorporateIdentityStore identity,
    CorporateNumberLetterStore letters, Registry.GroupListingStore listings, UserManager<HoshiUser> users, IStringLocalizer<OrganizationsText> text) : OrganizationPage(authorization)
{

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

    /// <summary>Whether the 法人番号 is proven, and what the NTA's published data says about the claim.</summary>
    public IdentityStatus Identity { get; private set; } = new(false, null, null, null, [], false);

    /// <summary>Registry entries of other organizations that name this one as a group company and wait for its answer (administrators of a verified organization).</summary>
    public IReadOnlyList<Registry.PendingListing> PendingListings { get; private set; } = [];

    [BindProperty]
    public string? VerificationNote { get; set; }

    [BindProperty]
    public string? NumberShown { get; set; }

    [BindProperty]
    public bool Confirmed { get; set; }

    [BindProperty]
    public Guid EntryId { get; set; }

    /// <summary>A scheme-owner officer records that a submitted document (登記事項証明書 …) proves the organization's 法人番号.</summary>
    public async Task<IActionResult> OnPostVerifyIdentityAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.GrantBodyRoles) is { } denied)
        {
            return denied;
        }

        if (!Confirmed || string.IsNullOrWhiteSpace(VerificationNote) || VerificationNote.Length > 2000)
        {
            ModelState.AddModelError(nameof(VerificationNote), text["IdentityNoteRequired"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await LoadAsync(ct);
        }

        var problem = await identity.VerifyAsync(OrganizationId, NumberShown, CorporateIdentityStore.OfficerDocument, VerificationNote, Guid.Parse(users.GetUserId(User)!), Address, ct);
        if (problem != IdentityProblem.None)
        {
            ModelState.AddModelError("", text["IdentityProblem_" + problem]);
            Response.StatusCode = problem == IdentityProblem.NumberChanged ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
            return await LoadAsync(ct);
        }

        Message = text["IdentityVerified"];
        return RedirectToPage(new { id = OrganizationId });
    }

    /// <summary>The organization's latest letter with a code (the mailed proof of its 法人番号), for its administrators.</summary>
    public LetterView? Letter { get; private set; }

    [BindProperty]
    public string? Code { get; set; }

    /// <summary>The administrator asks for a letter with a code to the NTA's head-office address of the number.</summary>
    public async Task<IActionResult> OnPostRequestLetterAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.EditOrganization) is { } denied)
        {
            return denied;
        }

        var problem = await letters.RequestAsync(OrganizationId, Guid.Parse(users.GetUserId(User)!), Address, ct);
        if (problem != LetterRequestProblem.None)
        {
            ModelState.AddModelError("", text["LetterProblem_" + problem]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await LoadAsync(ct);
        }

        Message = text["LetterRequested"];
        return Redirect($"/organizations/{OrganizationId}#mailed-code");
    }

    /// <summary>The administrator enters the code from the letter.</summary>
    public async Task<IActionResult> OnPostEnterCodeAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.EditOrganization) is { } denied)
        {
            return denied;
        }

        var entry = await letters.EnterAsync(OrganizationId, Code, Guid.Parse(users.GetUserId(User)!), Address, ct);
        if (entry is { Outcome: CodeOutcome.Accepted, Problem: IdentityProblem.None })
        {
            Message = text["IdentityVerified"];
            return RedirectToPage(new { id = OrganizationId });
        }

        ModelState.AddModelError(entry.Outcome == CodeOutcome.Wrong ? nameof(Code) : "", entry.Outcome == CodeOutcome.Accepted
            ? text["IdentityProblem_" + entry.Problem]
            : text["CodeOutcome_" + entry.Outcome, entry.AttemptsLeft]);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await LoadAsync(ct);
    }

    /// <summary>A scheme-owner officer confirms the parent relation (the company is then listed under its parent's entries without asking).</summary>
    public async Task<IActionResult> OnPostConfirmParentAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.GrantBodyRoles) is { } denied)
        {
            return denied;
        }

        Message = await identity.ConfirmParentAsync(OrganizationId, Guid.Parse(users.GetUserId(User)!), Address, ct) ? text["ParentConfirmed"] : text["ParentNotConfirmable"];
        return RedirectToPage(new { id = OrganizationId });
    }

    /// <summary>The organization's administrator accepts or declines being listed under another organization's entry.</summary>
    public async Task<IActionResult> OnPostListingAsync(bool accept, CancellationToken ct)
    {
        if (await GuardAsync(Operation.EditOrganization) is { } denied)
        {
            return denied;
        }

        var organization = (await organizations.FindAsync(OrganizationId, ct))!;
        if (!CorporateIdentity.IsVerified(organization.CorporateNumber, organization.VerifiedCorporateNumber, organization.CorporateNumberVerifiedAt))
        {
            return Forbid();
        }

        if (!Confirmed)
        {
            ModelState.AddModelError(nameof(Confirmed), text["ListingConfirmRequired"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await LoadAsync(ct);
        }

        if (!await listings.AnswerAsync(EntryId, organization.VerifiedCorporateNumber!, accept, Guid.Parse(users.GetUserId(User)!), OrganizationId, Address, ct))
        {
            return NotFound();
        }

        Message = text[accept ? "ListingAccepted" : "ListingDeclined"];
        return RedirectToPage(new { id = OrganizationId });
    }

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
        var organization = await organizations.FindAsync(OrganizationId, ct);
        if (organization is null)
        {
            return NotFound();
        }

        Organization = organization;
        ParentName = organization.ParentId is { } parent
            ? (await organizations.NamesAsync([parent], ct)).GetValueOrDefault(parent)
            : null;
        Members = await organizations.MembersAsync(OrganizationId, ct);
        MayEdit = await MayAsync(Operation.EditOrganization);
        MayManageMembers = await MayAsync(Operation.ManageMembers);
        MayManageTokens = await MayAsync(Operation.ManageApiTokens);
        MayViewAudit = await MayAsync(Operation.ViewOrganizationAudit);
        MayGrantBodyRoles = await Authorization.MayAsync(User, Operation.GrantBodyRoles);
        MayWorkOnAssessments = await MayAsync(Operation.WorkOnAssessments);
        MayManageSuppliers = await MayAsync(Operation.ManageSuppliers);
        MayRespondToBuyers = await MayAsync(Operation.RespondToBuyers);
        MayManageDisclosure = await MayAsync(Operation.ManageDisclosure);
        if (MayRespondToBuyers && Organization.VerifiedCorporateNumber is { } number)
        {
            OpenRequests = await organizations.OpenSupplierRequestsAsync(number, ct);
        }
        Identity = await identity.StatusAsync(organization, ct);
        if (MayEdit && !Identity.Verified)
        {
            Letter = await letters.LatestAsync(OrganizationId, ct);
        }

        if (MayEdit && Identity.Verified)
        {
            PendingListings = await listings.PendingForAsync(organization.VerifiedCorporateNumber, ct);
        }

        OfferedRoles = [.. Enum.GetValues<MembershipRole>().Where(r => InvitationRules.MayInviteAs(r, [.. organization.Roles.Select(x => x.Role)]))];
        if (MayManageMembers)
        {
            var pending = await organizations.PendingInvitationsAsync(OrganizationId, ct);
            OpenInvitations = [.. pending.Where(i => invitations.StateOf(i) == InvitationState.Open)];
        }

        return Page();
    }
}
