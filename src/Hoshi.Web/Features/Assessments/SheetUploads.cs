using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Hoshi.Domain.Assessments;
using Hoshi.Web.Shared.Excel;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Assessments;

/// <summary>One refused row as people read it: where (sheet, row, column) and why.</summary>
public sealed record ImportLine(int Row, string? CriterionId, string Where, string Message);

/// <summary>What the import page shows after an upload.</summary>
public sealed class SheetImportView
{
    public required string Sheet { get; init; }

    public int Accepted { get; init; }

    public int Unchanged { get; init; }

    public int Refused { get; init; }

    /// <summary>The accepted rows were written.</summary>
    public bool Imported { get; init; }

    /// <summary>Someone saved in Hoshi while the import ran; nothing was written.</summary>
    public bool Conflict { get; init; }

    public IReadOnlyList<ImportLine> RefusedLines { get; init; } = [];

    public IReadOnlyList<string> AcceptedIds { get; init; } = [];

    /// <summary>The valid rows, sealed, for the "import the valid rows" confirmation; null when there is nothing to confirm.</summary>
    public string? Pending { get; init; }
}

/// <summary>
/// The web side of sheet uploads shared by the applicant's and the expert's import pages: reading
/// the upload within its limit, the row report in people's words, and sealing the rows of a file
/// with refused rows so that the user can confirm importing the valid ones without uploading again
/// (sealed with Data Protection, good for one hour, bound to the round and the person).
/// </summary>
public sealed class SheetUploads(IDataProtectionProvider protection, TimeProvider clock, IStringLocalizer<AssessmentsText> text)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The uploaded bytes, or the message saying why the upload is refused before it is read.</summary>
    public static async Task<(byte[]? Bytes, XlsxProblem Problem)> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return (null, XlsxProblem.NotXlsx);
        }

        if (file.Length > XlsxReader.MaxUploadBytes)
        {
            return (null, XlsxProblem.TooLarge);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return (buffer.ToArray(), XlsxProblem.None);
    }

    public string FileProblem(XlsxReadResult file) =>
        text["Xlsx_" + file.Problem, file.Sheet ?? "", file.MissingColumn ?? "", XlsxReader.MaxUploadBytes / (1024 * 1024)];

    public string FileProblem(XlsxProblem problem) => FileProblem(new XlsxReadResult(problem));

    public SheetImportView Report<TChange, TRow>(XlsxReadResult file, SheetImportResult<TChange> result, Guid assessmentId, Guid userId, string kind, string? fileName, IReadOnlyList<TRow> rows)
        where TRow : notnull
    {
        var plan = result.Plan;
        var letters = file.ColumnLetters ?? new Dictionary<string, string>();
        var lines = plan.Rows.Where(r => r.Outcome == RowOutcome.Refused).Select(r =>
        {
            var header = SheetWorkbook.HeaderOf(r.Column ?? SheetColumn.CriterionId);
            var where = text["ImportWhere", file.Sheet ?? "", r.Row, letters.GetValueOrDefault(header, "?"), header];
            return new ImportLine(r.Row, r.CriterionId, where, text["Import_" + r.Problem]);
        }).ToList();
        var offerConfirmation = !result.Imported && !result.Conflict && plan.Refused > 0 && plan.Changes.Count > 0;
        return new SheetImportView
        {
            Sheet = file.Sheet ?? "",
            Accepted = plan.Accepted,
            Unchanged = plan.Unchanged,
            Refused = plan.Refused,
            Imported = result.Imported,
            Conflict = result.Conflict,
            RefusedLines = lines,
            AcceptedIds = [.. plan.Rows.Where(r => r.Outcome == RowOutcome.Accepted).Select(r => r.CriterionId ?? "")],
            Pending = offerConfirmation ? Seal(new Pending<TRow>(assessmentId, userId, kind, clock.GetUtcNow(), fileName, file.Sheet, file.ColumnLetters, rows)) : null,
        };
    }

    /// <summary>The rows sealed by <see cref="Report"/>, if the seal is intact, fresh, and for this round, person and kind.</summary>
    public Pending<TRow>? Open<TRow>(string? sealedRows, Guid assessmentId, Guid userId, string kind)
    {
        if (string.IsNullOrEmpty(sealedRows))
        {
            return null;
        }

        try
        {
            var bytes = Protector().Unprotect(WebEncoders.Base64UrlDecode(sealedRows));
            using var zip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            var pending = JsonSerializer.Deserialize<Pending<TRow>>(zip, Json);
            return pending is not null && pending.AssessmentId == assessmentId && pending.UserId == userId && pending.Kind == kind
                && pending.SealedAt <= clock.GetUtcNow() && clock.GetUtcNow() - pending.SealedAt < TimeSpan.FromHours(1) ? pending : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException or InvalidDataException)
        {
            return null;
        }
    }

    private string Seal<TRow>(Pending<TRow> pending)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(zip, pending, Json);
        }

        return WebEncoders.Base64UrlEncode(Protector().Protect(buffer.ToArray()));
    }

    private IDataProtector Protector() => protection.CreateProtector("Hoshi.Assessments.SheetImport");
}

/// <summary>The rows of an upload waiting for the user's confirmation.</summary>
public sealed record Pending<TRow>(Guid AssessmentId, Guid UserId, string Kind, DateTimeOffset SealedAt, string? FileName, string? Sheet, IReadOnlyDictionary<string, string>? ColumnLetters, IReadOnlyList<TRow> Rows);
