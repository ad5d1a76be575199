using Hoshi.Data;
using Hoshi.Data.Accreditation;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Accreditation;
using Hoshi.Domain.Evaluations;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Accreditation;

/// <summary>
/// One accreditation for the accreditation body that granted it: where it stands today, the
/// surveillance due and held, the evaluations it covers that are running, and suspension,
/// reinstatement and withdrawal (with a reason and a confirmation).
/// </summary>
[Authorize]
public sealed class DetailsModel(AccreditationStore store, IAuthorizationService authorization, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<AccreditationText> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public AccreditationAction? Action { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public bool Confirmed { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public DateOnly? HeldOn { get; set; }

    [BindProperty]
    public SurveillanceResult? Result { get; set; }

    [BindProperty]
    public string? Notes { get; set; }

    public AccreditationRecord Accreditation { get; private set; } = null!;

    /// <summary>A suspension or withdrawal waiting for the person's confirmation.</summary>
    public Shared.Confirmation? Confirmation { get; private set; }

    public string OrganizationName { get; private set; } = "";

    public AccreditationStanding Standing { get; private set; }

    public IReadOnlyList<DateOnly> SurveillanceDue { get; private set; } = [];

    public IReadOnlyList<SurveillanceRecord> Surveillances { get; private set; } = [];

    /// <summary>The organization's running evaluations (as evaluation body), which stop when it may not act.</summary>
    public int RunningEvaluations { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostActAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (Action is not { } action)
        {
            return BadRequest();
        }

        if (Reason?.Length > 2000)
        {
            ModelState.AddModelError(nameof(Reason), text["ReasonTooLong"]);
            return Page();
        }

        // Suspending and withdrawing stop a body's evaluations: they ask for confirmation first,
        // saying what happens and to whom, when the rules would allow them now; nothing changes before.
        if (action != AccreditationAction.Reinstate && !Confirmed)
        {
            var (_, problem) = AccreditationRules.Apply(Accreditation.Status, action, Reason);
            if (problem != AccreditationProblem.None)
            {
                ModelState.AddModelError(nameof(Reason), text["Problem_" + problem, AccreditationRules.MaxValidityYears]);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            }

            Confirmation = new("Act", text["Confirm_" + action], text["Confirm_" + action + "What", OrganizationName, RunningEvaluations],
            [
                new(nameof(Action), action.ToString()),
                new(nameof(Reason), Reason),
                new(nameof(Version), Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ]);
            return Page();
        }

        if (action != AccreditationAction.Reinstate && !Request.Form.ContainsKey(nameof(Version)))
        {
            // A confirmation names the version it was made on; one without confirms nothing seen.
            ModelState.AddModelError("", text["ChangedMeanwhile"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        try
        {
            var problem = await store.ActAsync(Id, action, Reason, Version, Guid.Parse(users.GetUserId(User)!), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            if (problem != AccreditationProblem.None)
            {
                ModelState.AddModelError(nameof(Reason), text["Problem_" + problem, AccreditationRules.MaxValidityYears]);
                return Page();
            }
        }
        catch (ConcurrencyConflictException)
        {
            ModelState.AddModelError("", text["ChangedMeanwhile"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            await LoadAsync(ct);
            Version = Accreditation.Version;
            return Page();
        }

        Message = text["Done_" + action];
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostSurveillanceAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (HeldOn is null)
        {
            ModelState.AddModelError(nameof(HeldOn), text["HeldOnRequired"]);
        }

        if (Result is null || !Enum.IsDefined(Result.Value))
        {
            ModelState.AddModelError(nameof(Result), text["ResultRequired"]);
        }

        if (Notes?.Length > 4000)
        {
            ModelState.AddModelError(nameof(Notes), text["NotesTooLong"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await store.RecordSurveillanceAsync(Id, HeldOn!.Value, Result!.Value, Notes, Guid.Parse(users.GetUserId(User)!), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        Message = text["SurveillanceRecorded"];
        return RedirectToPage(new { id = Id });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var accreditation = await store.FindAsync(Id, ct);
        if (accreditation is null || !await authorization.MayAsync(User, accreditation, new AccreditationRequirement()))
        {
            return NotFound();
        }

        Accreditation = accreditation;
        if (!(Request.HasFormContentType && Request.Form.ContainsKey(nameof(Version))))
        {
            // The version the person's page showed is kept as posted: the store refuses a step on an older one.
            Version = accreditation.Version;
        }

        OrganizationName = (await store.NamesAsync([accreditation.OrganizationId], ct)).GetValueOrDefault(accreditation.OrganizationId, "");
        Standing = AccreditationRules.StandingOn(accreditation.Terms, store.Today);
        SurveillanceDue = AccreditationRules.SurveillanceDue(accreditation.ValidFrom, accreditation.ValidUntil);
        Surveillances = await store.SurveillancesAsync(Id, ct);
        RunningEvaluations = await store.RunningEvaluationsAsync(accreditation.OrganizationId, ct);
        return null;
    }
}
