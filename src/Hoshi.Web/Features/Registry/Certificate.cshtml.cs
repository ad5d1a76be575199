using Hoshi.Domain;
using Hoshi.Domain.Registry;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Shared.Pdf;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace Hoshi.Web.Features.Registry;

/// <summary>
/// A certificate: what it certifies, its current status, a QR code of its verification address,
/// the signed JWS and a PDF. The registering body, accreditation bodies and the scheme owner also
/// see how to suspend, reinstate or revoke the entry.
/// </summary>
public sealed class CertificateModel(RegistryQueries queries, RegistryBook book, Actors actors, Microsoft.AspNetCore.Authorization.IAuthorizationService authorization, Shared.PublicUrl publicUrl, IStringLocalizer<RegistryText> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public CertificateView Certificate { get; private set; } = null!;

    public bool MayChange { get; private set; }

    /// <summary>The round this entry came from, for the holder's own people.</summary>
    public Guid? OwnRound { get; private set; }

    [BindProperty]
    public RegistryAction? Action { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Evidence { get; set; }

    [BindProperty]
    public bool Confirmed { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string VerificationUrl => publicUrl.Link($"/registry/certificates/{Id}");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    /// <summary>The QR code of the verification address, as a PNG data URI.</summary>
    public string QrDataUri()
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(VerificationUrl, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        var c = Certificate;
        var stream = new MemoryStream();
        using (var pdf = new PdfReport(stream, text["CertificateTitle"], $"{text["CertificateTitle"]} {c.Id}"))
        {
            pdf.Title(text["CertificatePdfTitle", c.Entry.Level.Number()]);
            pdf.Field(text["Name"], c.Name);
            pdf.Field(text["CorporateNumber"], c.CorporateNumber);
            pdf.Field(text["Level"], "★" + c.Entry.Level.Number());
            pdf.Field(text["Scope"], $"{text["Coverage_" + c.Entry.Coverage]} — {c.Entry.ScopeSummary}");
            pdf.Paragraph(text["OutsideScheme"]);
            pdf.Field(text["Validity"], $"{c.Entry.ValidFrom:yyyy-MM-dd} – {c.Entry.ValidUntil:yyyy-MM-dd}");
            pdf.Field(text["RegisteredBy"], c.RegisteredBy);
            pdf.Field(text["CertificateId"], c.Id.ToString());
            pdf.Field(text["StatusOnIssue"], text["StatusAt", text["Status_" + RegistryStatus.Word(c.Status)], queries.Today.ToString("yyyy-MM-dd")]);
            pdf.Heading(text["VerifyTitle"]);
            pdf.Paragraph(text["VerifyPdfText", VerificationUrl]);
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(VerificationUrl, QRCodeGenerator.ECCLevel.M);
            pdf.Modules([.. data.ModuleMatrix.Select(row => (IReadOnlyList<bool>)[.. row.Cast<bool>()])], 110, VerificationUrl);
            pdf.Paragraph(text["JwsLabel"], muted: true);
            pdf.Paragraph(c.Jws, muted: true);
        }

        return File(stream.ToArray(), "application/pdf", $"hoshi-certificate-{c.Id}.pdf");
    }

    public async Task<IActionResult> OnPostChangeAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        if (!MayChange || await actors.PersonAsync(User, ct) is not { } actor)
        {
            return NotFound();
        }

        if (Action is not { } action)
        {
            ModelState.AddModelError(nameof(Action), text["ChooseAction"]);
            return Page();
        }

        // Suspending and revoking change the public registry at once and tell the holder's buyers: the
        // officer confirms first (revoking, moreover, cannot be undone).
        if (action is RegistryAction.Revoke or RegistryAction.Suspend && !Confirmed)
        {
            ModelState.AddModelError(nameof(Confirmed), text["RevokeConfirmRequired"]);
            return Page();
        }

        var outcome = await book.ChangeStatusAsync(Certificate.Entry.Id, action, Reason, Evidence, Version, actor, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (outcome is null)
        {
            return NotFound();
        }

        if (outcome.Refusal is { } refusal)
        {
            ModelState.AddModelError(refusal is "reasonRequired" or "reasonTooLong" ? nameof(Reason) : refusal == "evidenceTooLong" ? nameof(Evidence) : "", text["Refusal_" + refusal]);
            await LoadAsync(ct);
            return Page();
        }

        Message = text["Changed_" + action];
        return RedirectToPage(new { id = Id });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var certificate = await queries.CertificateAsync(Id, ct);
        if (certificate is null)
        {
            return NotFound();
        }

        Certificate = certificate;
        if (User.Identity?.IsAuthenticated == true && await actors.PersonAsync(User, ct) is { } actor)
        {
            MayChange = RegistryStatusRules.MayChange(actor, certificate.Entry.RegisteredByOrganizationId);

            // The holder's own people find their way back to the round this entry came from.
            OwnRound = certificate.Entry.AssessmentId is { } round && await authorization.MayAsync(User, Domain.Accounts.Operation.WorkOnAssessments, certificate.Entry.OrganizationId) ? round : null;
        }

        if (!ModelState.ContainsKey(nameof(Version)) || Request.Method == "GET")
        {
            Version = certificate.Entry.Version;
        }

        return null;
    }
}
