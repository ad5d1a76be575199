using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Web.Shared.Excel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Assessments;

/// <summary>
/// The sheet as Excel: download it in the scheme's layout, fill it offline, upload it. The upload
/// is checked row by row; nothing is imported when a row is refused unless the user then confirms
/// importing the valid rows.
/// </summary>
[RequestSizeLimit(SheetExcelLimits.RequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = SheetExcelLimits.RequestBytes)]
public sealed class SheetExcelModel(IAuthorizationService authorization, AssessmentStore store, SheetUploads uploads, Organizations.OrganizationQueries organizations,
    UserManager<Data.Accounts.HoshiUser> users, TimeProvider clock, IStringLocalizer<AssessmentsText> text, Guidance.GuidanceStore guidance)
    : AssessmentPage(authorization, store, users)
{
    private const string Kind = "answers";

    /// <summary>Answers may be imported now (a draft, or the recheck items during a recheck).</summary>
    public bool MayUpload => Loaded.Assessment.State is AssessmentState.Draft or AssessmentState.RecheckRequested;

    public SheetImportView? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(Operation.WorkOnAssessments, ct) ?? Page();

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        var answers = await Store.AnswersAsync(AssessmentId, ct);
        var verdicts = Loaded.Assessment.State == AssessmentState.RecheckRequested ? await Store.VerdictsAsync(AssessmentId, ct) : [];
        var organization = await organizations.NameAsync(Loaded.Assessment.OrganizationId, ct);
        var now = clock.GetUtcNow();
        var help = (await guidance.ForCatalogAsync(Loaded.Catalog.Id, Loaded.Help, ct)).ToDictionary(h => h.Key, h => h.Value.Help);
        var bytes = SheetWorkbook.ForApplicant(Loaded, answers, verdicts, help, organization, now, text);
        return File(bytes, SheetExcelLimits.ContentType, SheetWorkbook.SafeFileName(text["ExcelFileName", Loaded.Assessment.Level.Number(), organization, Domain.JapanTime.DateOf(now).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)]));
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        if (!MayUpload)
        {
            return Refuse(text["ExcelLocked", text["State_" + Loaded.Assessment.State]]);
        }

        var (bytes, tooLarge) = await SheetUploads.ReadAsync(file, ct);
        if (bytes is null)
        {
            return Refuse(uploads.FileProblem(tooLarge));
        }

        var (sheet, rows) = SheetWorkbook.ReadApplicant(bytes);
        if (sheet.Problem != XlsxProblem.None)
        {
            return Refuse(uploads.FileProblem(sheet));
        }

        var result = await Store.ImportAnswersAsync(AssessmentId, rows, SheetWorkbook.Vocabulary(text), validRowsOnly: false, file!.FileName, UserId, Address, ct);
        Report = uploads.Report(sheet, result, AssessmentId, UserId, Kind, file.FileName, rows);
        Response.StatusCode = result.Imported || result.Plan.IsClean ? StatusCodes.Status200OK : result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? pending, CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        if (uploads.Open<AnswerRow>(pending, AssessmentId, UserId, Kind) is not { } rows)
        {
            return Refuse(text["ExcelPendingExpired"]);
        }

        var result = await Store.ImportAnswersAsync(AssessmentId, rows.Rows, SheetWorkbook.Vocabulary(text), validRowsOnly: true, rows.FileName, UserId, Address, ct);
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

/// <summary>Upload limits of the sheet import pages.</summary>
public static class SheetExcelLimits
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The request may be a little larger than the file limit, so an over-large file gets a clear message rather than a bare 413.</summary>
    public const long RequestBytes = XlsxReader.MaxUploadBytes + (2 * 1024 * 1024);
}
