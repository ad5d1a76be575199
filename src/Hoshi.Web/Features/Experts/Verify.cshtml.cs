using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Experts;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Experts;

/// <summary>
/// A scheme-owner officer checks one expert: the 情報処理安全確保支援士 number against IPA's public
/// register, or a qualification on the accepted list, and verifies, refuses or suspends (with a
/// reason). Each decision is audited and mailed to the expert.
/// </summary>
[Authorize]
public sealed class VerifyModel(ExpertStore experts, Accounts.PersonQueries people, IAuthorizationService authorization, UserManager<HoshiUser> users, IStringLocalizer<ExpertsText> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid UserId { get; set; }

    [BindProperty]
    public VerificationAction Action { get; set; }

    [BindProperty]
    public string? Basis { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public bool Confirmed { get; set; }

    /// <summary>A refusal or suspension waiting for the officer's confirmation.</summary>
    public Shared.Confirmation? Confirmation { get; private set; }

    public ExpertProfileRecord Profile { get; private set; } = null!;

    public string Name { get; private set; } = "";

    public string Email { get; private set; } = "";

    public string? ChangedByName { get; private set; }

    public TrainingStatus Training { get; private set; } = new(TrainingState.Missing, null);

    public IReadOnlyList<string> Accepted => experts.AcceptedQualifications;

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        // Refusing and suspending stop an expert from being chosen: they ask for confirmation first,
        // saying what happens and to whom, when the rules allow them; nothing changes before.
        if (Action is VerificationAction.Refuse or VerificationAction.Suspend)
        {
            if (!Confirmed)
            {
                var (_, possible) = ExpertVerification.Apply(Profile.Verification, Action, Reason, Basis, Profile.RegistrationNumber is not null, Accepted);
                if (possible == VerificationProblem.None)
                {
                    Confirmation = new("", text["Confirm_" + Action], text["Confirm_" + Action + "What", Name],
                    [
                        new(nameof(Action), Action.ToString()),
                        new(nameof(Reason), Reason),
                        new(nameof(Version), Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ]);
                    return Page();
                }
            }
            else if (!Request.Form.ContainsKey(nameof(Version)))
            {
                // A confirmation names the version it was made on; one without confirms nothing seen.
                ModelState.AddModelError("", text["Conflict"]);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            }
        }

        try
        {
            var problem = await experts.DecideVerificationAsync(UserId, Action, Basis, Reason, Version, Guid.Parse(users.GetUserId(User)!), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            if (problem != VerificationProblem.None)
            {
                ModelState.AddModelError(problem == VerificationProblem.BasisRequired ? nameof(Basis) : problem == VerificationProblem.ReasonRequired ? nameof(Reason) : "",
                    text["VerificationProblem_" + problem]);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            }
        }
        catch (ConcurrencyConflictException)
        {
            ModelState.AddModelError("", text["Conflict"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            await LoadAsync(ct);
            return Page();
        }

        Message = text["VerificationDone_" + Action, Name];
        return Redirect($"/experts/{UserId}");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.VerifyExperts))
        {
            return Forbid();
        }

        if (await experts.FindAsync(UserId, ct) is not { } profile)
        {
            return NotFound();
        }

        Profile = profile;
        (Name, Email) = (await people.ContactAsync(UserId, ct))!.Value;
        Training = experts.StatusOf(profile);
        if (profile.VerificationChangedBy is { } officer)
        {
            ChangedByName = await people.NameAsync(officer, ct);
        }

        return null;
    }
}
