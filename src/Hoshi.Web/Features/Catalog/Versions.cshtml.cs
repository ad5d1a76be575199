using Hoshi.Domain.Accounts;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Catalog;

/// <summary>
/// The catalog versions; for scheme-owner officers also: import a new version (JSON, as
/// FORMAT.md describes) and publish a draft, which supersedes the version published before it.
/// </summary>
[RequestSizeLimit(MaxUploadBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes + (1024 * 1024))]
public sealed class VersionsModel(CatalogStore store, IAuthorizationService authorization, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<CatalogText> text) : PageModel
{
    public const long MaxUploadBytes = 5 * 1024 * 1024;

    public IReadOnlyList<CatalogEntry> Entries { get; private set; } = [];

    public bool MayManage { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.ViewAllOrganizations))
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }

        if (file is null || file.Length == 0 || file.Length > MaxUploadBytes)
        {
            return await RefuseAsync(text["ImportFileProblem", MaxUploadBytes / (1024 * 1024)], ct);
        }

        using var reader = new StreamReader(file.OpenReadStream());
        var json = await reader.ReadToEndAsync(ct);
        try
        {
            var result = await store.ImportAsync(json, Path.GetFileName(file.FileName), users.GetUserId(User), ct);
            Message = text["Imported_" + result.Outcome, result.Id];
            return RedirectToPage();
        }
        catch (CatalogValidationException e)
        {
            return await RefuseAsync(text["ImportInvalid", string.Join(" / ", e.Errors.Take(5).Select(x => x.Path + ": " + x.Message))], ct);
        }
        catch (CatalogConflictException e)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await RefuseAsync(e.Message, ct, conflict: true);
        }
    }

    public async Task<IActionResult> OnPostPublishAsync(string id, bool confirm, CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.ViewAllOrganizations))
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }

        if (!confirm)
        {
            return await RefuseAsync(text["PublishConfirmRequired"], ct);
        }

        if (!await store.PublishAsync(id, users.GetUserId(User)!, ct))
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await RefuseAsync(text["PublishRefused", id], ct, conflict: true);
        }

        Message = text["Published", id];
        return RedirectToPage();
    }

    private async Task<IActionResult> RefuseAsync(string message, CancellationToken ct, bool conflict = false)
    {
        ModelState.AddModelError("file", message);
        if (!conflict)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var entries = new List<CatalogEntry>();
        foreach (var summary in await store.ListAsync(ct))
        {
            entries.Add((await store.GetAsync(summary.Id, ct))!);
        }

        Entries = entries;
        MayManage = await authorization.MayAsync(User, Operation.ViewAllOrganizations);
    }
}
