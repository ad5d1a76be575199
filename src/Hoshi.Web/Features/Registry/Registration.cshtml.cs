using Hoshi.Data;
using Hoshi.Data.Organizations;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Assessments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Registry;

/// <summary>
/// A registration officer's view of a submitted ★3 result: the summary (organization, scope,
/// expert and registration number, verdict counts, declaration), then register or return with a reason.
/// </summary>
[Authorize]
public sealed class RegistrationModel(AssessmentStore store, AssessmentSteps steps, Independence.IndependenceStore independence, GroupListingStore listings, IAuthorizationService authorization, RegistrationQueries registrations, Organizations.OrganizationQueries organizations, Accounts.PersonQueries people, Experts.ExpertStore experts, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<RegistryText> text, IStringLocalizer<Shared.SharedText> shared) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid AssessmentId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The officer confirmed the step, on the round's version they saw.</summary>
    [BindProperty]
    public bool Confirmed { get; set; }

    [BindProperty]
    public int? RoundVersion { get; set; }

    /// <summary>A step waiting for the officer's confirmation.</summary>
    public Shared.Confirmation? Confirmation { get; private set; }

    /// <summary>Why registering is not possible yet (empty when it is).</summary>
    public IReadOnlyList<StepOutcome> RegisterBlockers { get; private set; } = [];

    public LoadedAssessment Loaded { get; private set; } = null!;

    public OrganizationRecord Organization { get; private set; } = null!;

    public string? ExpertName { get; private set; }

    public string? ExpertNumber { get; private set; }

    public IReadOnlyDictionary<Verdict, int> VerdictCounts { get; private set; } = new Dictionary<Verdict, int>();

    public string ScopeSummary => Domain.Registry.ScopeCoverage.Summary(Loaded.Scope);

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public Task<IActionResult> OnPostRegisterAsync(CancellationToken ct) => StepAsync(AssessmentStep.Register, null, ct);

    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct) => StepAsync(AssessmentStep.Return, Reason, ct);

    private async Task<IActionResult> StepAsync(AssessmentStep step, string? reason, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (reason?.Length > 2000)
        {
            ModelState.AddModelError(nameof(Reason), text["ReasonTooLong"]);
            return Page();
        }

        // Unconfirmed and possible now: ask for confirmation (what happens, to whom) before anything
        // changes. Confirmed: on the version of the round the officer saw, or refused.
        StepOutcome outcome;
        if (!Confirmed)
        {
            outcome = AssessmentLifecycle.Try(Loaded.Assessment.State, step, await steps.FactsAsync(Loaded, reason, ct));
            if (outcome.Allowed)
            {
                var key = step == AssessmentStep.Register ? "Register" : "Return";
                Confirmation = new(key, text["Confirm_" + key], text["Confirm_" + key + "What", Organization.LegalNameJa, Loaded.Assessment.Level.Number()],
                    [new(nameof(RoundVersion), Loaded.Assessment.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new(nameof(Reason), reason)]);
                return Page();
            }
        }
        else if (RoundVersion != Loaded.Assessment.Version)
        {
            ModelState.AddModelError("", shared["ChangedMeanwhile"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        else
        {
            outcome = await steps.StepAsync(Loaded, step, Guid.Parse(users.GetUserId(User)!), HttpContext.Connection.RemoteIpAddress?.ToString(), reason, ct: ct);
        }

        if (!outcome.Allowed)
        {
            ModelState.AddModelError(step == AssessmentStep.Return ? nameof(Reason) : "", text["Refused", Shared.Refusals.Text(shared, outcome.Code, outcome.Argument, outcome.Refusal)]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Message = text[step == AssessmentStep.Register ? "Registered" : "Returned"];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    /// <summary>The expert's profile, with the scheme owner's verification of the qualification.</summary>
    public Data.Accounts.ExpertProfileRecord? ExpertProfile { get; private set; }

    public string? VerifiedByName { get; private set; }

    /// <summary>Once registered: each group company of the scope and whether it consented to be listed.</summary>
    public IReadOnlyList<Data.Assessments.GroupListingRecord> Listings { get; private set; } = [];

    /// <summary>The expert's declaration of no conflict of interest for this round.</summary>
    public IReadOnlyList<(Data.Assessments.IndependenceDeclarationRecord Declaration, string Name)> Declarations { get; private set; } = [];

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var loaded = await store.LoadAsync(AssessmentId, ct);
        if (loaded is null || !await authorization.MayAsync(User, loaded.Assessment, new RegistrationRequirement()))
        {
            return NotFound();
        }

        Loaded = loaded;
        Organization = (await organizations.FindAsync(loaded.Assessment.OrganizationId, ct))!;
        if (loaded.Assessment.ExpertUserId is { } expert)
        {
            ExpertName = await people.NameAsync(expert, ct);
            ExpertProfile = await experts.FindAsync(expert, ct);
            ExpertNumber = ExpertProfile?.RegistrationNumber;
            if (ExpertProfile?.VerificationChangedBy is { } officer)
            {
                VerifiedByName = await people.NameAsync(officer, ct);
            }
        }

        Declarations = await independence.DeclarationsAsync(loaded.Assessment, ct);
        if (await registrations.EntryOfAsync(loaded.Assessment.Id, ct) is { } entryId)
        {
            Listings = await listings.OfEntryAsync(entryId, ct);
        }

        VerdictCounts = (await store.VerdictsAsync(AssessmentId, ct)).Values.GroupBy(v => v.Verdict).ToDictionary(g => g.Key, g => g.Count());
        if (loaded.Assessment.State == AssessmentState.SubmittedForRegistration)
        {
            // Registering that the rules would refuse now is shown disabled, with every reason.
            RegisterBlockers = AssessmentLifecycle.Blockers(loaded.Assessment.State, AssessmentStep.Register, await steps.FactsAsync(loaded, null, ct));
        }

        return null;
    }
}
