using Hoshi.Data.Evaluations;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
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
/// The audit of a ★4 evaluation: visits (date, on site or remote, participants), evidence checked
/// per criterion (a note and a file of up to 20 MB kept with its SHA-256), and the hours each party
/// spent per step. The team records; the parties (body and applicant) list and download.
/// </summary>
[Authorize]
[RequestSizeLimit(EvidenceRules.MaxFileBytes + (2 * 1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = EvidenceRules.MaxFileBytes + (2 * 1024 * 1024))]
public sealed class AuditModel(EvaluationStore evaluations, AuditStore store, AssessmentStore assessments, AccreditationStore accreditations, IAuthorizationService authorization,
    UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<EvaluationsText> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public DateOnly? HeldOn { get; set; }

    [BindProperty]
    public AuditMode? Mode { get; set; }

    [BindProperty]
    public string? Participants { get; set; }

    [BindProperty]
    public string? Notes { get; set; }

    [BindProperty]
    public string? CriterionId { get; set; }

    [BindProperty]
    public string? EvidenceNote { get; set; }

    [BindProperty]
    public EffortStep? Step { get; set; }

    [BindProperty]
    public string? Hours { get; set; }

    public EvaluationRecord Evaluation { get; private set; } = null!;

    public string ApplicantName { get; private set; } = "";

    public IReadOnlyList<AuditVisitRecord> Visits { get; private set; } = [];

    public IReadOnlyList<EvidenceRecord> Evidence { get; private set; } = [];

    public IReadOnlyList<EffortRecord> Effort { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyList<string> Criteria { get; private set; } = [];

    /// <summary>The team may record visits and evidence now.</summary>
    public bool MayRecord { get; private set; }

    /// <summary>The organization this person records effort for (the body, or the applicant), if any.</summary>
    public Guid? EffortParty { get; private set; }

    [TempData]
    public string? Message { get; set; }

    private Guid UserId => Guid.Parse(users.GetUserId(User)!);

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetEvidenceAsync(Guid evidenceId, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (await store.FileAsync(Id, evidenceId, ct) is not { } file)
        {
            return NotFound();
        }

        Response.Headers["X-Content-Type-Options"] = "nosniff";
        return File(file.Content, "application/octet-stream", file.Evidence.FileName);
    }

    public async Task<IActionResult> OnPostVisitAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!MayRecord)
        {
            return Forbid();
        }

        if (HeldOn is null)
        {
            ModelState.AddModelError(nameof(HeldOn), text["HeldOnRequired"]);
        }

        if (Mode is null || !Enum.IsDefined(Mode.Value))
        {
            ModelState.AddModelError(nameof(Mode), text["ModeRequired"]);
        }

        if (string.IsNullOrWhiteSpace(Participants) || Participants.Length > 2000)
        {
            ModelState.AddModelError(nameof(Participants), text["ParticipantsRequired"]);
        }

        if (Notes?.Length > 4000)
        {
            ModelState.AddModelError(nameof(Notes), text["TextTooLong"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        await store.RecordVisitAsync(Evaluation, HeldOn!.Value, Mode!.Value, Participants!, Notes, UserId, Address, ct);
        Message = text["VisitRecorded"];
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostEvidenceAsync(IFormFile? file, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!MayRecord)
        {
            return Forbid();
        }

        if (CriterionId is null || !Criteria.Contains(CriterionId))
        {
            ModelState.AddModelError(nameof(CriterionId), text["CriterionRequired"]);
        }

        if (file is null && string.IsNullOrWhiteSpace(EvidenceNote))
        {
            ModelState.AddModelError(nameof(EvidenceNote), text["EvidenceEmpty"]);
        }

        if (EvidenceNote?.Length > EvidenceRules.MaxNoteLength)
        {
            ModelState.AddModelError(nameof(EvidenceNote), text["TextTooLong"]);
        }

        if (file is { Length: > EvidenceRules.MaxFileBytes })
        {
            ModelState.AddModelError("file", text["EvidenceTooLarge", EvidenceRules.MaxFileBytes / (1024 * 1024)]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        byte[]? bytes = null;
        if (file is { Length: > 0 })
        {
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }

        await store.AddEvidenceAsync(Evaluation, CriterionId!, EvidenceNote, file?.FileName, file?.ContentType, bytes, UserId, Address, ct);
        Message = text["EvidenceAdded"];
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostEffortAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (EffortParty is not { } party)
        {
            return Forbid();
        }

        if (Step is null || !Enum.IsDefined(Step.Value) || !AssessmentLifecycle.TryParseHours(Hours, out var hours))
        {
            ModelState.AddModelError(nameof(Hours), text["HoursInvalid"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        await store.RecordEffortAsync(Evaluation, party, Step.Value, hours, UserId, Address, ct);
        Message = text["EffortRecorded"];
        return RedirectToPage(new { id = Id });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await evaluations.ResourceAsync(Id, ct) is not { } resource)
        {
            return NotFound();
        }

        var evaluation = resource.Evaluation;
        var judge = await authorization.MayAsync(User, resource, EvaluationOperation.Judge);
        var body = judge || await authorization.MayAsync(User, resource, EvaluationOperation.Manage);
        var applicant = await authorization.MayAsync(User, resource, EvaluationOperation.TakePartAsApplicant);
        if (!body && !applicant)
        {
            return NotFound();
        }

        Evaluation = evaluation;
        MayRecord = judge && evaluation.State is EvaluationState.InProgress or EvaluationState.RecheckRequested
            && await accreditations.MayActAsync(evaluation.BodyId, Domain.Accreditation.AccreditationScope.Evaluation, ct);
        EffortParty = body ? evaluation.BodyId : evaluation.ApplicantId;
        Names = await accreditations.NamesAsync([evaluation.ApplicantId, evaluation.BodyId], ct);
        ApplicantName = Names.GetValueOrDefault(evaluation.ApplicantId, "");
        Visits = await store.VisitsAsync(Id, ct);
        Evidence = await store.EvidenceAsync(Id, ct);
        Effort = await store.EffortAsync(Id, ct);
        var loaded = (await assessments.LoadAsync(evaluation.AssessmentId, ct))!;
        Criteria = [.. loaded.Catalog.SheetFor(Level.Star4).SelectMany(r => r.Criteria).Select(c => c.Id)];
        return null;
    }
}
