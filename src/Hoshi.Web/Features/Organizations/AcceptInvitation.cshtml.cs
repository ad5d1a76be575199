using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Organizations;

/// <summary>
/// The invitation link. Anyone can open it and see what it is for; accepting needs the invited
/// person signed in (after signing up with the invited address if they are new).
/// </summary>
public sealed class AcceptInvitationModel(InvitationStore invitations, UserManager<HoshiUser> users, Actors actors) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Secret { get; set; } = "";

    public FoundInvitation? Found { get; private set; }

    public InvitationProblem Problem { get; private set; }

    public HoshiUser? Me { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Found is null || Me is null)
        {
            return Me is null ? Challenge() : Page();
        }

        Problem = await invitations.AcceptAsync(Secret, Me, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (Problem != InvitationProblem.None)
        {
            return Page();
        }

        actors.Forget();
        return RedirectToPage("/Organizations/Details", new { id = Found.Organization.Id, joined = true });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Found = await invitations.FindAsync(Secret, ct);
        Me = User.Identity?.IsAuthenticated == true ? await users.GetUserAsync(User) : null;
        Problem = Found is null ? InvitationProblem.Unknown : InvitationStore.Problem(Found.State);
        if (Problem == InvitationProblem.None && Me is not null && !string.Equals(Me.Email, Found!.Invitation.Email, StringComparison.OrdinalIgnoreCase))
        {
            Problem = InvitationProblem.OtherEmail;
        }
    }
}
