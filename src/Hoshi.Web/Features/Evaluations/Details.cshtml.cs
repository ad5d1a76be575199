using Hoshi.Data.Evaluations;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Accreditation;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Evaluations;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Accreditation;
using Hoshi.Web.Features.Assessments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Evaluations;

/// <summary>
/// One ★4 evaluation for the evaluation body (accept or decline, appoint the team, plan, start,
/// rechecks, decide with a corrective-action deadline) and for the accreditation body that
/// registers a passed result. The criteria are judged on the review page, as in ★3.
/// </summary>
[Authorize]
public sealed class DetailsModel(EvaluationStore store, AssessmentStore assessments, Independence.IndependenceStore independence, AccreditationStore accreditations, YearlyStore yearly,
    Registry.SuspensionProposalStore suspensions, Actors actors, IAuthorizationService authorization,
    UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<EvaluationsText> text, IStringLocalizer<Shared.SharedText> shared) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public Guid? LeadId { get; set; }

    [BindProperty]
    public List<Guid> AssessorIds { get; set; } = [];

    [BindProperty]
    public string? PlanNotes { get; set; }

    [BindProperty]
    public DateOnly? DocumentReviewOn { get; set; }

    [BindProperty]
    public DateOnly? OnSiteAuditOn { get; set; }

    [BindProperty]
    public DateOnly? TechnicalVerificationOn { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public DateOnly? Deadline { get; set; }

    public EvaluationRecord Evaluation { get; private set; } = null!;

    public LoadedAssessment Loaded { get; private set; } = null!;

    public string ApplicantName { get; private set; } = "";

    public string BodyName { get; private set; } = "";

    public bool MayManage { get; private set; }

    public bool MayJudge { get; private set; }

    public bool MayDecide { get; private set; }

    public IReadOnlyList<Guid> Registrars { get; private set; } = [];

    public bool BodyAccredited { get; private set; }

    public IReadOnlyList<(Guid Id, string Name, bool Lead)> Appointable { get; private set; } = [];

    public IReadOnlyList<Guid> Team { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> PeopleNames { get; private set; } = new Dictionary<Guid, string>();

    public EvaluationLifecycle.Facts Facts { get; private set; } = new();

    public IReadOnlyList<NonconformityRecord> Nonconformities { get; private set; } = [];

    /// <summary>What the evidence still lacks for a decision (shown as a checklist).</summary>
    public IReadOnlyList<DecisionGap> Gaps { get; private set; } = [];

    /// <summary>The person judges on the team but is not independent of the applicant.</summary>
    public ConflictOfInterest Conflict { get; private set; }

    /// <summary>The person has declared no conflict of interest for this round.</summary>
    public bool Declared { get; private set; }

    /// <summary>The team's declarations of no conflict of interest (shown to the body and the registrar).</summary>
    public IReadOnlyList<(Data.Assessments.IndependenceDeclarationRecord Declaration, string Name)> Declarations { get; private set; } = [];

    /// <summary>Yearly self-assessments submitted (or answered), with what changed since the evaluation.</summary>
    public IReadOnlyList<(YearlySelfAssessmentRecord Record, IReadOnlyList<YearlyChange> Changes)> Yearly { get; private set; } = [];

    [BindProperty]
    public Guid NonconformityId { get; set; }

    /// <summary>Proposals to suspend the entry of this ★4 (made by the evaluation body or by Hoshi), newest first.</summary>
    public IReadOnlyList<Data.Registry.SuspensionProposalRecord> Suspensions { get; private set; } = [];

    [BindProperty]
    public string? SuspensionEvidence { get; set; }

    [BindProperty]
    public bool Confirmed { get; set; }

    /// <summary>The evaluation body may propose a suspension: the evaluation is registered and no proposal is open.</summary>
    public bool MayProposeSuspension => MayManage && Evaluation.State == EvaluationState.Registered && Suspensions.All(s => s.State != Domain.Registry.ProposalState.Open);

    /// <summary>A step waiting for the person's confirmation.</summary>
    public Shared.Confirmation? Confirmation { get; private set; }

    public DateOnly DefaultDeadline => CorrectiveActionRules.DefaultDeadline(store.Today, store.CorrectiveActions);

    [TempData]
    public string? Message { get; set; }

    private Guid UserId => Guid.Parse(users.GetUserId(User)!);

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    /// <summary>The nonconformities as OSCAL plan-of-action-and-milestones JSON.</summary>
    public async Task<IActionResult> OnGetPoamAsync([FromServices] TimeProvider clock, [FromServices] Shared.PublicUrl publicUrl, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        var document = OscalPoam.Build(Evaluation, Loaded, ApplicantName, Nonconformities, publicUrl.Base, clock.GetUtcNow());
        return File(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString(Catalog.OscalJson.Options)), "application/json", $"hoshi-star4-poam-{Id}.json");
    }

    /// <summary>The evaluation report as PDF.</summary>
    public async Task<IActionResult> OnGetReportAsync([FromServices] EvaluationReports reports, CancellationToken ct) =>
        await LoadAsync(ct) ?? File(await reports.BuildAsync(Id, ct), "application/pdf", $"hoshi-star4-report-{Id}.pdf");

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct) => StepAsync(EvaluationStep.Accept, m => m.MayManage, ct);

    public Task<IActionResult> OnPostDeclineAsync(CancellationToken ct) => StepAsync(EvaluationStep.Decline, m => m.MayManage, ct);

    public Task<IActionResult> OnPostStartAsync(CancellationToken ct) => StepAsync(EvaluationStep.Start, m => m.MayManage, ct);

    public Task<IActionResult> OnPostRecheckAsync(CancellationToken ct) => StepAsync(EvaluationStep.RequestRecheck, m => m.MayJudge, ct);

    public Task<IActionResult> OnPostDecideAsync(CancellationToken ct) => StepAsync(EvaluationStep.Decide, m => m.MayDecide, ct);

    public Task<IActionResult> OnPostCloseAsync(CancellationToken ct) => StepAsync(EvaluationStep.CloseCorrectiveActions, m => m.MayDecide, ct);

    public Task<IActionResult> OnPostLapseAsync(CancellationToken ct) => StepAsync(EvaluationStep.Lapse, m => m.MayDecide || m.MayManage, ct);

    public Task<IActionResult> OnPostRegisterAsync(CancellationToken ct) => StepAsync(EvaluationStep.Register, m => m.Registrars.Count > 0, ct);

    public async Task<IActionResult> OnPostYearlyRespondAsync(Guid yearlyId, bool concerns, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!MayManage && !MayDecide)
        {
            return Forbid();
        }

        if (Yearly.All(y => y.Record.Id != yearlyId) || !await yearly.RespondAsync(Evaluation, yearlyId, concerns, Reason, UserId, Address, ct))
        {
            ModelState.AddModelError(nameof(Reason), text["YearlyRespondRefused"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Message = text[concerns ? "YearlyConcernsDone" : "YearlyAcknowledgedDone"];
        return RedirectToPage(new { id = Id });
    }

    /// <summary>The evaluation body proposes to suspend the holder's ★4 (reason, evidence, confirmed); an accreditation body decides.</summary>
    public async Task<IActionResult> OnPostProposeSuspensionAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!MayManage)
        {
            return Forbid();
        }

        var refusal = !Confirmed ? "confirm" : await suspensions.ProposeAsync(Evaluation, Reason, SuspensionEvidence, UserId, Address, ct);
        if (refusal is not null)
        {
            ModelState.AddModelError(refusal == "confirm" ? nameof(Confirmed) : nameof(Reason), shared["Suspension_" + refusal]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Message = text["SuspensionProposed"];
        return RedirectToPage(null, null, new { id = Id }, "suspension");
    }

    /// <summary>An accreditation body that accredited the evaluation body accepts (suspends) or rejects a proposal.</summary>
    public async Task<IActionResult> OnPostDecideSuspensionAsync(Guid proposalId, bool accept, int proposalVersion, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (Registrars.Count == 0 || await actors.PersonAsync(User, ct) is not { } actor)
        {
            return Forbid();
        }

        var (found, refusal) = accept && !Confirmed
            ? (true, "confirm")
            : await suspensions.DecideAsync(Evaluation, proposalId, accept, Reason, proposalVersion, actor, Address, ct);
        if (!found)
        {
            return NotFound();
        }

        if (refusal is not null)
        {
            ModelState.AddModelError(refusal == "confirm" ? nameof(Confirmed) : nameof(Reason), shared["Suspension_" + refusal]);
            Response.StatusCode = refusal == "changed" ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
            Suspensions = await suspensions.OfEvaluationAsync(Id, ct);
            return Page();
        }

        Message = text[accept ? "SuspensionAccepted" : "SuspensionRejected"];
        return RedirectToPage(null, null, new { id = Id }, "suspension");
    }

    public Task<IActionResult> OnPostVerifyAsync(CancellationToken ct) => NonconformityAsync(NonconformityAction.Verify, ct);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) => NonconformityAsync(NonconformityAction.Reject, ct);

    private async Task<IActionResult> NonconformityAsync(NonconformityAction action, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!MayDecide)
        {
            return Forbid();
        }

        if (Conflict != ConflictOfInterest.None)
        {
            independence.LogRefusal(UserId, Loaded.Assessment.Id, "judge a corrective action", Conflict);
            return Forbid();
        }

        if (Nonconformities.All(n => n.Id != NonconformityId))
        {
            return NotFound();
        }

        try
        {
            var problem = await store.ActOnNonconformityAsync(NonconformityId, action, Reason, Version, UserId, Address, ct);
            if (problem != CorrectiveActionProblem.None)
            {
                ModelState.AddModelError(nameof(Reason), text["Nonconformity_" + problem]);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            }
        }
        catch (Organizations.ConcurrencyConflictException)
        {
            ModelState.AddModelError("", text["ChangedMeanwhile"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Message = text[action == NonconformityAction.Verify ? "FixVerified" : "FixRejectedDone"];
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostAppointAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!MayManage)
        {
            return Forbid();
        }

        if (LeadId is not { } lead)
        {
            ModelState.AddModelError(nameof(LeadId), text["LeadRequired"]);
            return Page();
        }

        // Whoever judges never belongs to the judged: each person appointed is asked now.
        foreach (var person in AssessorIds.Prepend(lead).Distinct())
        {
            if (await independence.CheckAsync(person, Loaded.Assessment, Loaded.Scope, ct) is var conflict && conflict != ConflictOfInterest.None)
            {
                independence.LogRefusal(person, Loaded.Assessment.Id, "be appointed", conflict);
                var name = (await store.PeopleNamesAsync([person], ct)).GetValueOrDefault(person, "");
                ModelState.AddModelError(nameof(LeadId), text["AppointConflict", name, shared["Conflict_" + conflict]]);
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            }
        }

        var refused = await store.AppointAsync(Id, lead, AssessorIds, UserId, Address, ct);
        if (refused.Count > 0)
        {
            ModelState.AddModelError(nameof(LeadId), text["AppointRefused"]);
            return Page();
        }

        Message = text["Appointed"];
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostPlanAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!MayManage)
        {
            return Forbid();
        }

        if (PlanNotes?.Length > 4000)
        {
            ModelState.AddModelError(nameof(PlanNotes), text["PlanNotesTooLong"]);
            return Page();
        }

        if (!await store.SavePlanAsync(Id, new EvaluationPlan(PlanNotes, DocumentReviewOn, OnSiteAuditOn, TechnicalVerificationOn), Version, UserId, Address, ct))
        {
            ModelState.AddModelError("", text["ChangedMeanwhile"]);
            await LoadAsync(ct);
            return Page();
        }

        Message = text["PlanSaved"];
        return RedirectToPage(new { id = Id });
    }

    private async Task<IActionResult> StepAsync(EvaluationStep step, Func<DetailsModel, bool> allowed, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!allowed(this))
        {
            return Forbid();
        }

        // Judging steps are taken only by a judge independent of the applicant, declared so for this round.
        if (step is EvaluationStep.RequestRecheck or EvaluationStep.Decide or EvaluationStep.CloseCorrectiveActions)
        {
            if (Conflict != ConflictOfInterest.None)
            {
                independence.LogRefusal(UserId, Loaded.Assessment.Id, "take the step " + step, Conflict);
                return Forbid();
            }

            if (!Declared)
            {
                ModelState.AddModelError("", text["DeclareFirst"]);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            }
        }

        // The steps that cannot be undone ask for confirmation first — what happens, to whom — when
        // the lifecycle would allow them now; nothing changes until the person confirms.
        if (Irreversible(step) && !Confirmed
            && EvaluationLifecycle.Try(Evaluation.State, step, Facts with { ReasonGiven = !string.IsNullOrWhiteSpace(Reason), DeadlineGiven = true }) is { Allowed: true } possible)
        {
            var fields = new List<KeyValuePair<string, string?>> { new(nameof(Version), (Request.HasFormContentType && Request.Form.ContainsKey(nameof(Version)) ? Version : Evaluation.Version).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            if (step == EvaluationStep.Decline)
            {
                fields.Add(new(nameof(Reason), Reason));
            }

            if (step == EvaluationStep.Decide && Deadline is { } chosen)
            {
                fields.Add(new(nameof(Deadline), chosen.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
            }

            Confirmation = new(step == EvaluationStep.CloseCorrectiveActions ? "Close" : step.ToString(), text["Confirm_" + step], text["Confirm_" + step + "What", ApplicantName, text["State_" + possible.State]], fields);
            return Page();
        }

        if (Irreversible(step) && Confirmed
            && !(Request.HasFormContentType && Request.Form.ContainsKey(nameof(Version))))
        {
            // A confirmation names the version it was made on; one without is not a confirmation of anything seen.
            ModelState.AddModelError("", text["ChangedMeanwhile"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        // The version the person's page showed: the store answers a conflict when someone else moved
        // the evaluation since, whether before this request read it or while it was being taken.
        int? shown = Request.HasFormContentType && Request.Form.ContainsKey(nameof(Version)) ? Version : null;
        var deadline = step == EvaluationStep.Decide && EvaluationLifecycle.Nonconformities(Facts) > 0 ? Deadline ?? DefaultDeadline : (DateOnly?)null;
        var outcome = shown is { } version && version != Evaluation.Version
            ? EvaluationOutcome.Changed(Evaluation.State, "")
            : await store.StepAsync(Id, step, UserId, Address, Reason, deadline, Registrars.Count > 0 ? Registrars[0] : null, shown, ct);
        if (outcome.Conflict)
        {
            ModelState.AddModelError("", text["ChangedMeanwhile"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            await LoadAsync(ct);
            return Page();
        }

        if (!outcome.Allowed)
        {
            ModelState.AddModelError(step == EvaluationStep.Decline ? nameof(Reason) : "", outcome.Code is { } code && code.StartsWith("evidence.", StringComparison.Ordinal) ? text["Refusal_" + code] : text["Refused", Shared.Refusals.Text(shared, outcome.Code, outcome.Argument, outcome.Refusal)]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Message = text["Done", text["State_" + outcome.State]];
        return RedirectToPage(new { id = Id });
    }

    /// <summary>The ★4 steps that cannot be undone, which ask for confirmation first.</summary>
    private static bool Irreversible(EvaluationStep step) =>
        step is EvaluationStep.Decide or EvaluationStep.CloseCorrectiveActions or EvaluationStep.Register or EvaluationStep.Decline or EvaluationStep.Lapse;

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await store.ResourceAsync(Id, ct) is not { } resource || await actors.PersonAsync(User, ct) is not { } actor)
        {
            return NotFound();
        }

        if (!await authorization.MayAsync(User, resource, EvaluationOperation.See))
        {
            // A separate verification provider's people only see the technical verification.
            return await authorization.MayAsync(User, resource, EvaluationOperation.VerifyTechnically) ? Redirect($"/evaluations/{Id}/technical") : NotFound();
        }

        var evaluation = resource.Evaluation;
        Team = [.. resource.Assessors];
        MayManage = await authorization.MayAsync(User, resource, EvaluationOperation.Manage);
        MayJudge = await authorization.MayAsync(User, resource, EvaluationOperation.Judge);
        MayDecide = await authorization.MayAsync(User, resource, EvaluationOperation.Decide);
        Registrars = evaluation.State is EvaluationState.Passed or EvaluationState.Registered ? await store.RegistrarsForAsync(actor, evaluation.BodyId, ct) : [];

        Evaluation = evaluation;
        Loaded = (await assessments.LoadAsync(evaluation.AssessmentId, ct))!;
        var names = await accreditations.NamesAsync([evaluation.ApplicantId, evaluation.BodyId], ct);
        ApplicantName = names.GetValueOrDefault(evaluation.ApplicantId, "");
        BodyName = names.GetValueOrDefault(evaluation.BodyId, "");
        BodyAccredited = await accreditations.MayActAsync(evaluation.BodyId, AccreditationScope.Evaluation, ct);
        Facts = await store.FactsAsync(evaluation, Loaded, ct: ct);
        Gaps = EvaluationLifecycle.MissingForDecision(Facts);
        if (MayJudge || MayDecide)
        {
            Conflict = await independence.CheckAsync(actor.UserId, Loaded.Assessment, Loaded.Scope, ct);
            Declared = await independence.HasDeclaredAsync(actor.UserId, Loaded.Assessment, ct);
        }

        Declarations = await independence.DeclarationsAsync(Loaded.Assessment, ct);
        Nonconformities = await store.NonconformitiesAsync(Id, ct);
        Facts = Facts with
        {
            // As the store counts them when it takes the step, so that a confirmation is asked only for a step it would take.
            OpenNonconformities = Nonconformities.Count(n => n.Status == NonconformityStatus.Open),
            UnverifiedNonconformities = Nonconformities.Count(n => n.Status != NonconformityStatus.Verified),
        };
        var submitted = (await yearly.ScheduleAsync(evaluation, ct)).Where(i => i.Record?.Status is YearlyStatus.Submitted or YearlyStatus.Acknowledged or YearlyStatus.ConcernsRaised).Select(i => i.Record!).ToList();
        var yearlyRows = new List<(YearlySelfAssessmentRecord, IReadOnlyList<YearlyChange>)>();
        foreach (var record in submitted)
        {
            yearlyRows.Add((record, await yearly.ChangesAsync(evaluation, record, ct)));
        }

        Yearly = yearlyRows;
        Suspensions = evaluation.State == EvaluationState.Registered ? await suspensions.OfEvaluationAsync(Id, ct) : [];
        Appointable = MayManage ? await store.AppointableAsync(evaluation.BodyId, ct) : [];
        PeopleNames = await store.PeopleNamesAsync(Team.Append(evaluation.LeadAssessorId ?? Guid.Empty), ct);
        PlanNotes ??= evaluation.PlanNotes;
        DocumentReviewOn ??= evaluation.DocumentReviewOn;
        OnSiteAuditOn ??= evaluation.OnSiteAuditOn;
        TechnicalVerificationOn ??= evaluation.TechnicalVerificationOn;
        return null;
    }
}
