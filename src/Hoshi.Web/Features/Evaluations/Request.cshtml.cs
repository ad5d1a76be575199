using Hoshi.Data.Evaluations;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Accreditation;
using Hoshi.Domain.Evaluations;
using Hoshi.Web.Features.Accreditation;
using Hoshi.Web.Features.Assessments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Evaluations;

/// <summary>
/// The applicant's side of a ★4 evaluation: choose an accredited evaluation body and ask it; then
/// see where the evaluation stands (accepted or declined, team, plan, decision, deadline).
/// </summary>
[RequestSizeLimit(EvidenceRules.MaxFileBytes + (2 * 1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = EvidenceRules.MaxFileBytes + (2 * 1024 * 1024))]
public sealed class RequestModel(IAuthorizationService authorization, AssessmentStore store, EvaluationStore evaluations, AccreditationStore accreditations, YearlyStore yearly, AuditStore audits,
    UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<EvaluationsText> text, IStringLocalizer<Shared.SharedText> shared)
    : AssessmentPage(authorization, store, users)
{
    [BindProperty]
    public Guid? BodyId { get; set; }

    public EvaluationRecord? Evaluation { get; private set; }

    public IReadOnlyList<AccreditedBody> Bodies { get; private set; } = [];

    public IReadOnlyList<NonconformityRecord> Nonconformities { get; private set; } = [];

    /// <summary>The yearly self-assessments of a registered ★4 result.</summary>
    public IReadOnlyList<YearlyItem> Yearly { get; private set; } = [];

    [BindProperty]
    public Guid NonconformityId { get; set; }

    [BindProperty]
    public string? Fix { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>The applicant may ask (again): a ★4 draft with no running evaluation.</summary>
    public bool MayRequest => Loaded.Assessment.Level == Level.Star4 && Loaded.Assessment.State == Domain.Assessments.AssessmentState.Draft
        && Evaluation?.State is null or EvaluationState.Declined;

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(Operation.WorkOnAssessments, ct) ?? await ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        if (Loaded.Assessment.Level != Level.Star4)
        {
            return NotFound();
        }

        if (BodyId is not { } body || !(await accreditations.AccreditedAsync(AccreditationScope.Evaluation, ct)).Any(b => b.OrganizationId == body))
        {
            ModelState.AddModelError(nameof(BodyId), text["BodyRequired"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct);
        }

        var (evaluation, refusal, code, argument) = await evaluations.RequestAsync(Loaded, body, UserId, Address, ct);
        if (evaluation is null)
        {
            ModelState.AddModelError("", text["Refused", Shared.Refusals.Text(shared, code, argument, refusal)]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct);
        }

        Message = text["Requested"];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    /// <summary>Starts this year's self-assessment (pre-filled with the evaluated answers) and opens its sheet.</summary>
    public async Task<IActionResult> OnPostYearlyStartAsync(DateOnly due, CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        if (await evaluations.ForAssessmentAsync(AssessmentId, ct) is not { State: EvaluationState.Registered } evaluation
            || await yearly.StartAsync(evaluation, due, UserId, Address, ct) is not { } record)
        {
            return NotFound();
        }

        return Redirect($"/assessments/{record.AssessmentId}/sheet");
    }

    /// <summary>Submits this year's self-assessment to the evaluation body.</summary>
    public async Task<IActionResult> OnPostYearlySubmitAsync(Guid yearlyId, CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        if (await evaluations.ForAssessmentAsync(AssessmentId, ct) is not { State: EvaluationState.Registered } evaluation
            || (await yearly.ScheduleAsync(evaluation, ct)).All(i => i.Record?.Id != yearlyId))
        {
            return NotFound();
        }

        if (await yearly.SubmitAsync(evaluation, yearlyId, UserId, Address, ct) is { } refusal)
        {
            ModelState.AddModelError("", text["Refused", refusal]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct);
        }

        Message = text["YearlySubmitted"];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    /// <summary>The evaluation report as PDF, once the evaluation has started.</summary>
    public async Task<IActionResult> OnGetReportAsync([FromServices] EvaluationReports reports, CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        var evaluation = await evaluations.ForAssessmentAsync(AssessmentId, ct);
        if (evaluation is null || evaluation.State is EvaluationState.Requested or EvaluationState.Declined or EvaluationState.Planning)
        {
            return NotFound();
        }

        return File(await reports.BuildAsync(evaluation.Id, ct), "application/pdf", $"hoshi-star4-report-{evaluation.Id}.pdf");
    }

    /// <summary>The applicant records the fix of one nonconformity (what was done and the evidence).</summary>
    public async Task<IActionResult> OnPostFixAsync(IFormFile? file, CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        var evaluation = await evaluations.ForAssessmentAsync(AssessmentId, ct);
        var nonconformity = evaluation is null ? null : (await evaluations.NonconformitiesAsync(evaluation.Id, ct)).FirstOrDefault(n => n.Id == NonconformityId);
        if (evaluation is null || nonconformity is null)
        {
            return NotFound();
        }

        if (file is { Length: > EvidenceRules.MaxFileBytes })
        {
            ModelState.AddModelError(nameof(Fix), text["EvidenceTooLarge", EvidenceRules.MaxFileBytes / (1024 * 1024)]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct);
        }

        try
        {
            var problem = await evaluations.ActOnNonconformityAsync(NonconformityId, NonconformityAction.SubmitFix, Fix, Version, UserId, Address, ct);
            if (problem != CorrectiveActionProblem.None)
            {
                ModelState.AddModelError(nameof(Fix), text["Nonconformity_" + problem]);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return await ShowAsync(ct);
            }
        }
        catch (Organizations.ConcurrencyConflictException)
        {
            ModelState.AddModelError(nameof(Fix), text["ChangedMeanwhile"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await ShowAsync(ct);
        }

        if (file is { Length: > 0 })
        {
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            await audits.AddEvidenceAsync(evaluation, nonconformity.CriterionId, text["FixEvidenceNote"], file.FileName, file.ContentType, buffer.ToArray(), UserId, Address, ct);
        }

        Message = text["FixRecorded"];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (Loaded.Assessment.Level != Level.Star4)
        {
            return NotFound();
        }

        Evaluation = await evaluations.ForAssessmentAsync(AssessmentId, ct);
        Bodies = await accreditations.AccreditedAsync(AccreditationScope.Evaluation, ct);
        Nonconformities = Evaluation is null ? [] : await evaluations.NonconformitiesAsync(Evaluation.Id, ct);
        Yearly = Evaluation is { State: EvaluationState.Registered } registered ? await yearly.ScheduleAsync(registered, ct) : [];
        var people = Evaluation is null ? [] : new[] { Evaluation.BodyId };
        Names = await accreditations.NamesAsync(people, ct);
        return Page();
    }
}
