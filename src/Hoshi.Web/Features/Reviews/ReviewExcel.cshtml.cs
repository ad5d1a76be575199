using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Shared.Excel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Reviews;

/// <summary>
/// The expert's sheet as Excel: the applicant's answers read-only with 評価結果 and 評価結果の補足
/// to fill, uploaded back with the same row-by-row report as the applicant's sheet. Only the
/// expert the applicant asked may open it.
/// </summary>
[Authorize]
[RequestSizeLimit(SheetExcelLimits.RequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = SheetExcelLimits.RequestBytes)]
public sealed class ReviewExcelModel(AssessmentStore store, ReviewStore reviews, Independence.IndependenceStore independence, ReviewerAccess access, SheetUploads uploads, Actors actors, IAuthorizationService authorization, Organizations.OrganizationQueries organizations,
    UserManager<Data.Accounts.HoshiUser> users, TimeProvider clock, IStringLocalizer<AssessmentsText> text, Guidance.GuidanceStore guidance) : PageModel
{
    private const string Kind = "verdicts";

    [BindProperty(SupportsGet = true)]
    public Guid AssessmentId { get; set; }

    public LoadedAssessment Loaded { get; private set; } = null!;

    /// <summary>Verdicts may be imported now by this person.</summary>
    public bool MayUpload { get; private set; }

    public SheetImportView? Report { get; private set; }

    private Guid UserId => Guid.Parse(users.GetUserId(User)!);

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var loaded = await store.LoadAsync(AssessmentId, ct);
        if (loaded is null || !await authorization.MayAsync(User, loaded, ReviewOperation.See) || await actors.PersonAsync(User, ct) is not { } actor)
        {
            return NotFound();
        }

        var reviewer = await access.ReviewerAsync(actor, loaded, ct);

        // A judge who is not independent of the round is refused outright (and logged).
        if (reviewer.MayJudge && reviewer.Conflict != ConflictOfInterest.None && HttpMethods.IsPost(Request.Method))
        {
            independence.LogRefusal(actor.UserId, loaded.Assessment.Id, "import verdicts", reviewer.Conflict);
            return Forbid();
        }

        MayUpload = reviewer.Judges;

        Loaded = loaded;
        return null;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        var answers = await store.AnswersAsync(AssessmentId, ct);
        var verdicts = await store.VerdictsAsync(AssessmentId, ct);
        var organization = await organizations.NameAsync(Loaded.Assessment.OrganizationId, ct);
        var now = clock.GetUtcNow();
        var help = (await guidance.ForCatalogAsync(Loaded.Catalog.Id, Loaded.Help, ct)).ToDictionary(h => h.Key, h => h.Value.Help);
        var bytes = SheetWorkbook.ForExpert(Loaded, answers, verdicts, help, organization, now, text);
        return File(bytes, SheetExcelLimits.ContentType, SheetWorkbook.SafeFileName(text["ExcelExpertFileName", Loaded.Assessment.Level.Number(), organization, Domain.JapanTime.DateOf(now).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)]));
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!MayUpload)
        {
            return Refuse(text["ExcelExpertLocked", text["State_" + Loaded.Assessment.State]]);
        }

        var (bytes, tooLarge) = await SheetUploads.ReadAsync(file, ct);
        if (bytes is null)
        {
            return Refuse(uploads.FileProblem(tooLarge));
        }

        var (sheet, rows) = SheetWorkbook.ReadExpert(bytes);
        if (sheet.Problem != XlsxProblem.None)
        {
            return Refuse(uploads.FileProblem(sheet));
        }

        var result = await reviews.ImportVerdictsAsync(Loaded, rows, SheetWorkbook.Vocabulary(text), MayUpload, validRowsOnly: false, file!.FileName, UserId, Address, ct);
        Report = uploads.Report(sheet, result, AssessmentId, UserId, Kind, file.FileName, rows);
        Response.StatusCode = result.Imported || result.Plan.IsClean ? StatusCodes.Status200OK : result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? pending, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (uploads.Open<VerdictRow>(pending, AssessmentId, UserId, Kind) is not { } rows)
        {
            return Refuse(text["ExcelPendingExpired"]);
        }

        var result = await reviews.ImportVerdictsAsync(Loaded, rows.Rows, SheetWorkbook.Vocabulary(text), MayUpload, validRowsOnly: true, rows.FileName, UserId, Address, ct);
        Report = uploads.Report(new XlsxReadResult(XlsxProblem.None, rows.Sheet, ColumnLetters: rows.ColumnLetters), result, AssessmentId, UserId, Kind, rows.FileName, rows.Rows);
        Response.StatusCode = result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status200OK;
        return Page();
    }

    private PageResult Refuse(string message)
    {
        ModelState.AddModelError("file", message);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
