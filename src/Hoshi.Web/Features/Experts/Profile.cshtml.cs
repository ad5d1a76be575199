using Hoshi.Data.Accounts;
using Hoshi.Domain.Experts;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Experts;

/// <summary>A person registers as an expert (社内外の資格者): registration number, qualifications, training date.</summary>
[Authorize]
public sealed class ProfileModel(ExpertStore experts, Actors actors, UserManager<HoshiUser> users, IStringLocalizer<ExpertsText> text) : PageModel
{
    [BindProperty]
    public string? RegistrationNumber { get; set; }

    [BindProperty]
    public string? Qualifications { get; set; }

    [BindProperty]
    public string? Affiliation { get; set; }

    [BindProperty]
    public DateOnly? TrainingCompletedOn { get; set; }

    /// <summary>The profile version the form was opened with; empty for a new profile.</summary>
    [BindProperty]
    public int? Version { get; set; }

    public bool Registered { get; private set; }

    public TrainingStatus Status { get; private set; } = new(TrainingState.Missing, null);

    public bool Saved { get; private set; }

    public VerificationState Verification { get; private set; }

    public string? VerificationReason { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var profile = await experts.FindAsync(Guid.Parse(users.GetUserId(User)!), ct);
        Registered = profile is not null;
        RegistrationNumber = profile?.RegistrationNumber;
        Qualifications = profile?.Qualifications;
        Affiliation = profile?.Affiliation;
        TrainingCompletedOn = profile?.TrainingCompletedOn;
        Version = profile?.Version;
        Status = experts.StatusOf(profile);
        Verification = profile?.Verification ?? VerificationState.Pending;
        VerificationReason = profile?.VerificationReason;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = Guid.Parse(users.GetUserId(User)!);
        if (ModelState.TryGetValue(nameof(TrainingCompletedOn), out var dateState) && dateState.Errors.Count > 0)
        {
            dateState.Errors.Clear();
            ModelState.AddModelError(nameof(TrainingCompletedOn), text["Error_date"]);
        }

        if (ModelState.IsValid)
        {
            try
            {
                var profile = await experts.SaveAsync(userId, Version, new ExpertInput(RegistrationNumber, Qualifications, Affiliation, TrainingCompletedOn), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
                actors.Forget();
                Saved = true;
                RegistrationNumber = profile.RegistrationNumber;
                Version = profile.Version;
            }
            catch (OrganizationInputException e)
            {
                FieldErrors.AddTo(ModelState, e.Errors, "", text);
            }
            catch (ConcurrencyConflictException)
            {
                ModelState.AddModelError("", text["Conflict"]);
            }
        }

        var current = await experts.FindAsync(userId, ct);
        Registered = current is not null;
        Status = experts.StatusOf(current);
        Verification = current?.Verification ?? VerificationState.Pending;
        VerificationReason = current?.VerificationReason;
        return Page();
    }
}
