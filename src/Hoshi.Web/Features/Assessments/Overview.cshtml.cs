using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Assessments;

/// <summary>A round's home: where it stands, progress per category, and what is still missing.</summary>
public sealed class OverviewModel(IAuthorizationService authorization, AssessmentStore store, AssessmentSteps steps, Evaluations.EvaluationStore evaluations, Catalog.CatalogStore catalogs, Organizations.OrganizationQueries organizations, Registry.RegistrationQueries registrations, Accounts.PersonQueries people, AssignmentStore assignments, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<AssessmentsText> text, IStringLocalizer<Shared.SharedText> shared)
    : AssessmentPage(authorization, store, users)
{
    /// <summary>A newer published catalog a draft may move to, with what the move would do.</summary>
    public (string Id, Domain.Catalog.MigrationPlan Plan)? NewerCatalog { get; private set; }

    /// <summary>What an earlier move to a newer catalog left to check.</summary>
    public AssessmentStore.CatalogMove? LastMove { get; private set; }

    /// <summary>Takes another judged round's answers as proposals for the criteria not answered yet (issue 25).</summary>
    public async Task<IActionResult> OnPostImportAnswersAsync(Guid source, CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        var taken = await Store.ImportFromRoundAsync(Loaded, source, UserId, Address, ct);
        if (taken == 0)
        {
            ModelState.AddModelError("", text["ImportNothingTaken"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct);
        }

        Message = text["ImportTaken", taken];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    public async Task<IActionResult> OnPostMoveCatalogAsync(bool confirm, int version, CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        if (!confirm)
        {
            ModelState.AddModelError("confirm", text["MoveConfirmRequired"]);
            return await ShowAsync(ct);
        }

        if (!await Store.MoveToCurrentCatalogAsync(AssessmentId, version, UserId, Address, ct))
        {
            ModelState.AddModelError("confirm", text["MoveRefused"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await ShowAsync(ct);
        }

        Message = text["MoveDone"];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    public const int MissingShown = 30;

    /// <summary>A registered round's certificate and the holder's registry page.</summary>
    public (Guid Certificate, string CorporateNumber)? Registered { get; private set; }

    private Dictionary<string, (string CategoryNo, string Title)>? _located;

    /// <summary>
    /// Where a criterion is on the sheet (its category page) and a short title to show beside its
    /// number, so that a link to a recheck or a missing answer opens the right page at the item.
    /// </summary>
    public (string CategoryNo, string Title) Locate(string criterionId)
    {
        _located ??= Loaded.Catalog.SheetFor(Loaded.Assessment.Level)
            .SelectMany(r => r.Criteria.Select(c => (c.Id, r.Subcategory.CategoryNo, Text: c.Text.For(Shared.Language.Current))))
            .GroupBy(c => c.Id).ToDictionary(g => g.Key, g => (g.First().CategoryNo, Shorten(g.First().Text)));
        return _located.GetValueOrDefault(criterionId, ("", ""));
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 60 ? line : line[..59] + "…";
    }

    public SheetProgress Progress { get; private set; } = null!;

    /// <summary>Each person's share of the work, by name (work shared in the company).</summary>
    public IReadOnlyList<(string Name, Domain.Assessments.AssigneeProgress Progress)> Sharing { get; private set; } = [];

    /// <summary>The organization's other judged rounds whose answers this draft may take as proposals.</summary>
    public IReadOnlyList<Data.Assessments.AssessmentRecord> ImportSources { get; private set; } = [];

    /// <summary>Whether the person may share the work (an administrator).</summary>
    public bool MayShare { get; private set; }

    /// <summary>A renewal's criteria that no longer wait for "confirm or change" (of <see cref="SheetProgress.Total"/>); null when the round is not a renewal.</summary>
    public int? CarriedConfirmed { get; private set; }

    /// <summary>A renewal's carried-over answers still to confirm or change, by category.</summary>
    public IReadOnlyList<(string CategoryNo, int Count)> CarriedWaiting { get; private set; } = [];

    public bool ScopeComplete { get; private set; }

    public int ScopeOpen { get; private set; }

    public string OrganizationName { get; private set; } = "";

    public string? ExpertName { get; private set; }

    [BindProperty]
    public string? ExpertEmail { get; set; }

    /// <summary>Verdicts other than 適合, shown to the applicant once the expert has decided or asked for rechecks.</summary>
    public IReadOnlyList<Data.Assessments.VerdictRecord> Findings { get; private set; } = [];

    /// <summary>The judge's recheck of the scope itself, shown with the findings.</summary>
    public Data.Assessments.ScopeReviewRecord? ScopeFinding { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnPostChooseExpertAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        if (Loaded.Assessment.Level != Level.Star3)
        {
            return NotFound();
        }

        var (problem, conflict) = await steps.ChooseExpertAsync(Loaded, ExpertEmail ?? "", UserId, Address, ct);
        if (problem != ExpertChoiceProblem.None)
        {
            ModelState.AddModelError(nameof(ExpertEmail), problem == ExpertChoiceProblem.Conflict
                ? text["Expert_Conflict", shared["Conflict_" + conflict]] : text["Expert_" + problem]);
            OfferInvitation = problem == ExpertChoiceProblem.NotAnExpert && Organizations.InvitationStore.IsValidEmail(ExpertEmail?.Trim() ?? "");

            // Choosing someone the rules refuse is forbidden, whatever form sent it.
            Response.StatusCode = problem == ExpertChoiceProblem.Conflict ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct);
        }

        Message = text["ExpertChosen"];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    /// <summary>Set when the address typed is not a registered expert yet: offer to invite them.</summary>
    public bool OfferInvitation { get; private set; }

    public async Task<IActionResult> OnPostInviteExpertAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        if (Loaded.Assessment.Level != Level.Star3)
        {
            return NotFound();
        }

        var email = ExpertEmail?.Trim() ?? "";
        if (!Organizations.InvitationStore.IsValidEmail(email))
        {
            ModelState.AddModelError(nameof(ExpertEmail), text["ExpertEmailInvalid"]);
            return await ShowAsync(ct);
        }

        if (!await steps.InviteExpertAsync(AssessmentId, email, Shared.Language.Current, UserId, Address, ct))
        {
            ModelState.AddModelError(nameof(ExpertEmail), text["ExpertInviteLimit", AssessmentSteps.MaxExpertInvitationsPerDay]);
            return await ShowAsync(ct);
        }

        Message = text["ExpertInvited", email];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    public async Task<IActionResult> OnPostAnswerRechecksAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        // A ★4 round's rechecks go back to the evaluation body through the evaluation.
        var refusal = Loaded.Assessment.Level == Level.Star4
            ? await evaluations.ForAssessmentAsync(AssessmentId, ct) is { } evaluation
                ? (await evaluations.StepAsync(evaluation.Id, Domain.Evaluations.EvaluationStep.AnswerRechecks, UserId, Address, ct: ct)) is { Allowed: false } refused ? Shared.Refusals.Text(shared, refused.Code, refused.Argument, refused.Refusal) : null
                : Shared.Refusals.Text(shared, "step.notNow", null, "No evaluation.")
            : (await steps.StepAsync(Loaded, AssessmentStep.AnswerRechecks, UserId, Address, ct: ct)) is { Allowed: false } no ? Shared.Refusals.Text(shared, no.Code, no.Argument, no.Refusal) : null;
        if (refusal is not null)
        {
            ModelState.AddModelError("", text["StepRefused", refusal]);
            return await ShowAsync(ct);
        }

        Message = text["RechecksAnswered"];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    [BindProperty]
    public DeclarationInput Declaration { get; set; } = new();

    /// <summary>Hours spent on the scope questionnaire, asked when sending for review.</summary>
    [BindProperty]
    public string? HoursOnScope { get; set; }

    [BindProperty]
    public string? HoursOnSheet { get; set; }

    public IReadOnlyList<(Guid Id, string Name)> RegistrationBodies { get; private set; } = [];

    public string? RegistrationBodyName { get; private set; }

    public sealed class DeclarationInput
    {
        public string? DeclarantName { get; set; }

        public string? DeclarantTitle { get; set; }

        public DateOnly? DeclaredOn { get; set; }

        public bool Confirmed { get; set; }

        public Guid? RegistrationBodyId { get; set; }
    }

    /// <summary>Management declares conformity and the result goes to the chosen registration body.</summary>
    public async Task<IActionResult> OnPostDeclareAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        if (Loaded.Assessment.Level != Level.Star3)
        {
            return NotFound();
        }

        var organization = Loaded.Holder.Name;
        var refused = await steps.DeclareAsync(AssessmentId, Declaration.DeclarantName, Declaration.DeclarantTitle, Declaration.DeclaredOn,
            Declaration.Confirmed, DeclarationText(organization), Declaration.RegistrationBodyId, UserId, Address, ct);
        foreach (var field in refused)
        {
            ModelState.AddModelError("Declaration." + field, text["Declaration_" + field]);
        }

        if (refused.Count > 0)
        {
            return await ShowAsync(ct);
        }

        Loaded = (await Store.LoadAsync(AssessmentId, ct))!;
        var outcome = await steps.StepAsync(Loaded, AssessmentStep.SubmitForRegistration, UserId, Address, ct: ct);
        if (!outcome.Allowed)
        {
            ModelState.AddModelError("", text["StepRefused", Shared.Refusals.Text(shared, outcome.Code, outcome.Argument, outcome.Refusal)]);
            return await ShowAsync(ct);
        }

        Message = text["SubmittedForRegistration"];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    public async Task<IActionResult> OnPostReopenAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        var outcome = await steps.StepAsync(Loaded, AssessmentStep.Reopen, UserId, Address, ct: ct);
        if (!outcome.Allowed)
        {
            ModelState.AddModelError("", text["StepRefused", Shared.Refusals.Text(shared, outcome.Code, outcome.Argument, outcome.Refusal)]);
            return await ShowAsync(ct);
        }

        Message = text["Reopened"];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    /// <summary>The declaration's words (Japanese, as the scheme states it), stored verbatim with the result.</summary>
    public string DeclarationText(string organization) => text["DeclarationText", organization, Loaded.Assessment.Level.Number()];

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        if (Loaded.Assessment.Level != Level.Star3)
        {
            return NotFound();
        }

        var scopeOk = AssessmentLifecycle.TryParseHours(HoursOnScope, out var onScope);
        var sheetOk = AssessmentLifecycle.TryParseHours(HoursOnSheet, out var onSheet);
        if (!scopeOk)
        {
            ModelState.AddModelError(nameof(HoursOnScope), text["HoursInvalid", text["HoursOnScopeLabel"]]);
        }

        if (!sheetOk)
        {
            ModelState.AddModelError(nameof(HoursOnSheet), text["HoursInvalid", text["HoursOnSheetLabel"]]);
        }

        // Every blocker at once (scope, sheet, expert, hours), not the first one found per attempt.
        var facts = await steps.FactsAsync(Loaded, ct: ct);
        foreach (var blocker in AssessmentLifecycle.Blockers(Loaded.Assessment.State, AssessmentStep.SubmitForReview, facts with { EffortGiven = scopeOk && sheetOk }))
        {
            ModelState.AddModelError("", text["StepRefused", Shared.Refusals.Text(shared, blocker.Code, blocker.Argument, blocker.Refusal)]);
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync(ct);
        }

        await steps.RecordEffortAsync(AssessmentId, onScope, onSheet, UserId, Address, ct);
        Loaded = (await Store.LoadAsync(AssessmentId, ct))!;
        var outcome = await steps.StepAsync(Loaded, AssessmentStep.SubmitForReview, UserId, Address, ct: ct);
        if (!outcome.Allowed)
        {
            ModelState.AddModelError("", text["StepRefused", Shared.Refusals.Text(shared, outcome.Code, outcome.Argument, outcome.Refusal)]);
            return await ShowAsync(ct);
        }

        Message = text["SubmittedForReview"];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var answers = await Store.AnswersAsync(AssessmentId, ct);
        Progress = SheetProgress.Of(Loaded.Catalog, Loaded.Assessment.Level, id => answers.TryGetValue(id, out var a) ? (a.Value, a.Supplement) : null);
        var given = await assignments.OfAsync(AssessmentId, ct);
        if (given.Count > 0)
        {
            // Work shared in the company: each person's progress on what was given to them.
            var members = await assignments.MembersAsync(Loaded.Assessment.OrganizationId, ct);
            var missing = Progress.Missing.Select(m => m.CriterionId).ToHashSet(StringComparer.Ordinal);
            Sharing = [.. Domain.Assessments.Assignments.Progress(given, id => !missing.Contains(id), Domain.JapanTime.DateOf(DateTimeOffset.UtcNow))
                .Select(p => (members.FirstOrDefault(m => m.Id == p.AssigneeId).Name ?? "", p)).OrderBy(x => x.Item1, StringComparer.Ordinal)];
        }

        MayShare = await Accounts.AccessChecks.MayAsync(Authorization, User, Operation.ManageMembers, Loaded.Assessment.OrganizationId);
        if (Loaded.Assessment.State == AssessmentState.Draft && Loaded.AnyImportSource)
        {
            ImportSources = await Store.ImportSourcesAsync(Loaded.Assessment, ct);
        }

        if (Loaded.Assessment.PreviousRoundId is not null || answers.Values.Any(a => a.CarriedFrom is not null))
        {
            // A renewal, or answers taken from another round: how many of the sheet's criteria no longer wait for "confirm or change", and where the rest are.
            var waiting = answers.Values.Where(a => a.CarriedFrom is not null).Select(a => a.CriterionId).Where(id => Locate(id).CategoryNo.Length > 0).ToList();
            CarriedWaiting = [.. waiting.GroupBy(id => Locate(id).CategoryNo).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key, Domain.Catalog.CatalogNumber.Comparer)];
            CarriedConfirmed = Progress.Total - waiting.Count;
        }

        var scopeProblems = ScopeRules.Check(Loaded.Scope);
        ScopeComplete = scopeProblems.Count == 0;
        ScopeOpen = scopeProblems.Count;
        ExpertName = Loaded.Assessment.ExpertUserId is { } expert
            ? await people.ContactAsync(expert, ct) is { } contact ? $"{contact.Name} ({contact.Email})" : null
            : null;
        if (Loaded.Assessment.State is not (AssessmentState.Draft or AssessmentState.UnderReview))
        {
            Findings = [.. (await Store.VerdictsAsync(AssessmentId, ct)).Values.Where(v => v.Verdict != Verdict.Conformant).OrderBy(v => v.CriterionId, StringComparer.Ordinal)];
            ScopeFinding = await Store.ScopeRecheckAsync(AssessmentId, ct);
        }

        if (Loaded.Assessment.State == AssessmentState.Registered)
        {
            Registered = await registrations.CertificateOfAsync(AssessmentId, ct);
        }

        // The registration bodies are needed for the declaration (an approved round) and to name the chosen one.
        if (Loaded.Assessment.State == AssessmentState.Approved || Loaded.Assessment.DeclaredOn is not null)
        {
            RegistrationBodies = [.. (await organizations.WithRoleAsync(Domain.Organizations.OrganizationRole.RegistrationBody, ct)).Select(o => (o.Id, o.Name))];
            RegistrationBodyName = RegistrationBodies.FirstOrDefault(b => b.Id == Loaded.Assessment.RegistrationBodyId).Name;
        }
        Declaration.DeclaredOn ??= Domain.JapanTime.DateOf(DateTimeOffset.UtcNow);
        HoursOnScope ??= Loaded.Assessment.HoursOnScope?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        HoursOnSheet ??= Loaded.Assessment.HoursOnSheet?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        OrganizationName = Loaded.Holder.Name;
        LastMove = AssessmentStore.ReadMove(Loaded.Assessment.CatalogMoveJson);
        if (Loaded.Assessment.State == AssessmentState.Draft && await catalogs.CurrentAsync(ct) is { } current && current.Id != Loaded.Assessment.CatalogVersionId
            && (await catalogs.GetAsync(current.Id, ct))?.Catalog is { } target && target.Offers(Loaded.Assessment.Level))
        {
            NewerCatalog = (current.Id, await Store.PlanMoveAsync(Loaded, target, ct));
        }

        return Page();
    }
}
