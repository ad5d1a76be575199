using Hoshi.Data.Evaluations;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
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
/// Technical verification of a ★4 evaluation, for the body's team: provider and scope, the
/// external diagnosis from an Nmap XML scan (hosts, open ports, services and versions; risky
/// services and hosts outside the scope flagged), findings linked to criteria, the internal check.
/// </summary>
[Authorize]
[RequestSizeLimit(NmapReader.MaxBytes + (2 * 1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = NmapReader.MaxBytes + (2 * 1024 * 1024))]
public sealed class TechnicalModel(EvaluationStore evaluations, TechnicalVerificationStore store, AssessmentStore assessments, AccreditationStore accreditations, IAuthorizationService authorization,
    UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<EvaluationsText> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public Guid? ProviderId { get; set; }

    [BindProperty]
    public string? ExternalScope { get; set; }

    [BindProperty]
    public InternalCheckMethod? InternalMethod { get; set; }

    [BindProperty]
    public string? InternalNotes { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public string? Host { get; set; }

    [BindProperty]
    public int Port { get; set; }

    [BindProperty]
    public string? Protocol { get; set; }

    [BindProperty]
    public string? Risk { get; set; }

    [BindProperty]
    public string? CriterionId { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public FindingDisposition Disposition { get; set; }

    [BindProperty]
    public string? DispositionReason { get; set; }

    public EvaluationRecord Evaluation { get; private set; } = null!;

    public string ApplicantName { get; private set; } = "";

    public TechnicalVerificationRecord? Record { get; private set; }

    public NmapScan? Scan { get; private set; }

    /// <summary>The most severe vulnerabilities shown (the scan keeps them all; the file is kept with its hash).</summary>
    public int VulnerabilitiesShown => 500;

    public IReadOnlyList<PortFlag> Flags { get; private set; } = [];

    public IReadOnlyList<string> OutsideScope { get; private set; } = [];

    public IReadOnlyList<string> UnreadableScope { get; private set; } = [];

    public IReadOnlyList<TechnicalFindingRecord> Findings { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Providers { get; private set; } = [];

    public IReadOnlyList<string> Criteria { get; private set; } = [];

    public bool MayWork { get; private set; }

    /// <summary>The person works for the separate verification provider (who may not change the provider).</summary>
    public bool IsProvider { get; private set; }

    [TempData]
    public string? Message { get; set; }

    private Guid UserId => Guid.Parse(users.GetUserId(User)!);

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostSetupAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!MayWork)
        {
            return Forbid();
        }

        if (ExternalScope?.Length > 4000 || InternalNotes?.Length > 4000)
        {
            ModelState.AddModelError(nameof(ExternalScope), text["TextTooLong"]);
            return Page();
        }

        if (IsProvider)
        {
            ProviderId = Record?.ProviderId;
        }

        if (ProviderId is not { } provider || Providers.All(p => p.Id != provider)
            || !await store.SaveSetupAsync(Evaluation, provider, ExternalScope, InternalMethod, InternalNotes, Version, UserId, Address, ct))
        {
            ModelState.AddModelError(nameof(ProviderId), text["SetupRefused"]);
            await LoadAsync(ct);
            return Page();
        }

        Message = text["SetupSaved"];
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostScanAsync(IFormFile? file, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!MayWork)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            return Refuse(text["Nmap_NotXml"]);
        }

        if (file.Length > NmapReader.MaxBytes)
        {
            return Refuse(text["Nmap_TooLarge", NmapReader.MaxBytes / (1024 * 1024)]);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var import = await store.ImportScanAsync(Evaluation, file.FileName, buffer.ToArray(), UserId, Address, ct);
        if (import.Problem != NmapProblem.None)
        {
            return Refuse(text["Nmap_" + import.Problem, NmapReader.MaxBytes / (1024 * 1024), NmapReader.MaxHosts, ScanReader.MaxFindings]);
        }

        Message = import.OutsideScope.Count == 0 ? text["ScanImported"] : text["ScanImportedOutside", string.Join(", ", import.OutsideScope)];
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostLinkAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!MayWork)
        {
            return Forbid();
        }

        var flag = Flags.FirstOrDefault(f => f.Host == Host && f.Port.Number == Port && f.Port.Protocol == Protocol);
        if (flag is null || (CriterionId is not null && !Criteria.Contains(CriterionId)) || Note?.Length > 2000 || DispositionReason?.Length > 2000)
        {
            ModelState.AddModelError(nameof(CriterionId), text["LinkRefused"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        // Resolving or accepting a risky service needs the reason; leaving it open needs the criterion it makes nonconformant.
        if (Disposition != FindingDisposition.Open ? string.IsNullOrWhiteSpace(DispositionReason) : CriterionId is null)
        {
            ModelState.AddModelError(nameof(DispositionReason), text[Disposition != FindingDisposition.Open ? "DispositionReasonRequired" : "OpenFindingNeedsCriterion"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        await store.LinkFindingAsync(Evaluation, flag.Host, flag.Port.Number, flag.Port.Protocol, flag.Risk, CriterionId, Note, Disposition, DispositionReason, UserId, Address, ct);
        Message = text["FindingLinked"];
        return RedirectToPage(new { id = Id });
    }

    private PageResult Refuse(string message)
    {
        ModelState.AddModelError("file", message);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await evaluations.ResourceAsync(Id, ct) is not { } resource)
        {
            return NotFound();
        }

        var evaluation = resource.Evaluation;
        var judge = await authorization.MayAsync(User, resource, EvaluationOperation.Judge);

        // A separate provider's people work here too (and only here).
        var provider = await authorization.MayAsync(User, resource, EvaluationOperation.VerifyTechnically);
        if (!judge && !provider && !await authorization.MayAsync(User, resource, EvaluationOperation.Manage))
        {
            return NotFound();
        }

        Record = await store.FindAsync(Id, ct);

        Evaluation = evaluation;
        var accredited = provider
            ? await accreditations.MayActAsync(Record!.ProviderId, Domain.Accreditation.AccreditationScope.TechnicalVerification, ct)
            : await accreditations.MayActAsync(evaluation.BodyId, Domain.Accreditation.AccreditationScope.Evaluation, ct);
        MayWork = (judge || provider) && accredited && evaluation.State is EvaluationState.Planning or EvaluationState.InProgress;
        IsProvider = provider;
        ApplicantName = (await accreditations.NamesAsync([evaluation.ApplicantId], ct)).GetValueOrDefault(evaluation.ApplicantId, "");
        Scan = TechnicalVerificationStore.ScanOf(Record);
        var (scope, unreadable) = ExternalDiagnosis.ParseScope(Record?.ExternalScope);
        UnreadableScope = unreadable;
        Flags = Scan is null ? [] : ExternalDiagnosis.Flags(Scan, store.RiskyServices);
        OutsideScope = Scan is null ? [] : ExternalDiagnosis.OutsideScope(Scan, scope);
        Findings = await store.FindingsAsync(Id, ct);
        var bodyName = (await accreditations.NamesAsync([evaluation.BodyId], ct)).GetValueOrDefault(evaluation.BodyId, "");
        Providers = [(evaluation.BodyId, bodyName), .. (await store.ProvidersAsync(ct)).Where(p => p.OrganizationId != evaluation.BodyId).Select(p => (p.OrganizationId, p.Name))];
        var loaded = (await assessments.LoadAsync(evaluation.AssessmentId, ct))!;
        Criteria = [.. loaded.Catalog.SheetFor(Level.Star4).SelectMany(r => r.Criteria).Select(c => c.Id)];
        if (Request.Method == "GET")
        {
            Version = Record?.Version ?? 0;
            ProviderId = Record?.ProviderId ?? evaluation.BodyId;
            ExternalScope = Record?.ExternalScope;
            InternalMethod = Record?.InternalMethod;
            InternalNotes = Record?.InternalNotes;
        }

        return null;
    }
}
