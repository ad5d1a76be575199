using System.Globalization;
using Hoshi.Data;
using Hoshi.Data.Organizations;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Web.Shared;
using Hoshi.Web.Shared.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Organizations;

/// <summary>An administrator invites a person by e-mail; the mailed link works once, for seven days.</summary>
public sealed class InviteModel(
    IAuthorizationService authorization, OrganizationQueries organizations, InvitationStore invitations,
    UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<OrganizationsText> text, Shared.PublicUrl publicUrl) : OrganizationPage(authorization)
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public MembershipRole Role { get; set; } = MembershipRole.Member;

    /// <summary>The language of the invitation mail.</summary>
    [BindProperty]
    public string? MailLanguage { get; set; }

    public OrganizationRecord Organization { get; private set; } = null!;

    public IReadOnlyList<MembershipRole> Roles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageMembers) is { } denied)
        {
            return denied;
        }

        MailLanguage = Language.Current;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageMembers) is { } denied)
        {
            return denied;
        }

        await LoadAsync(ct);

        // The role is a choice of the page's select; a value that did not bind would silently read as a member.
        if (ModelState[nameof(Role)]?.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var inviter = await users.GetUserAsync(User);
        try
        {
            var (invitation, secret) = await invitations.CreateAsync(Organization, Email ?? "", Role, inviter!.Id, Address, ct);
            var link = publicUrl.Link(Url.Page("/Organizations/AcceptInvitation", pageHandler: null, values: new { secret })!);
            var pageCulture = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(Language.IsSupported(MailLanguage) ? MailLanguage! : "ja");
            try
            {
                var expires = JapanTime.ToJapan(invitation.ExpiresAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                invitations.QueueMail(invitation.Email, text["InviteMailSubject", Organization.LegalNameJa],
                    text["InviteMailBody", inviter.DisplayName, Organization.LegalNameJa, text["Membership_" + Role], link, expires]);
            }
            finally
            {
                CultureInfo.CurrentUICulture = pageCulture;
            }

            // The invitation, its audit record and its mail are stored together.
            await invitations.SaveAsync(ct);
            TempData["Message"] = text["InvitationSent", invitation.Email].Value;
            return RedirectToPage("/Organizations/Details", new { id = OrganizationId });
        }
        catch (OrganizationInputException e)
        {
            FieldErrors.AddTo(ModelState, e.Errors, "", text);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Organization = (await organizations.FindAsync(OrganizationId, ct))!;
        var held = Organization.Roles.Select(r => r.Role).ToArray();
        Roles = [.. Enum.GetValues<MembershipRole>().Where(r => InvitationRules.MayInviteAs(r, held))];
    }
}
