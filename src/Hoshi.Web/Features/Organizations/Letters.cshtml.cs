using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Organizations;

/// <summary>
/// Scheme-owner officers print the letters with a code that organizations asked for, each to the
/// head office the NTA publishes for the number. A printed letter is shown once (its code is not
/// kept); reprinting makes a new code and the old one stops working.
/// </summary>
[Authorize]
public sealed class LettersModel(CorporateNumberLetterStore letters, IAuthorizationService authorization, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<OrganizationsText> text) : PageModel
{
    public IReadOnlyList<LetterToPrint> ToPrint { get; private set; } = [];

    /// <summary>The letter just printed, shown for printing once.</summary>
    public PrintedLetter? Printed { get; private set; }

    [BindProperty]
    public Guid LetterId { get; set; }

    [BindProperty]
    public bool Confirmed { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.GrantBodyRoles))
        {
            return Forbid();
        }

        ToPrint = await letters.ToPrintAsync(ct: ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPrintAsync(CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.GrantBodyRoles))
        {
            return Forbid();
        }

        if (!Confirmed)
        {
            ModelState.AddModelError(nameof(Confirmed), text["LetterPrintConfirmRequired"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            ToPrint = await letters.ToPrintAsync(ct: ct);
            return Page();
        }

        Printed = await letters.PrintAsync(LetterId, Guid.Parse(users.GetUserId(User)!), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (Printed is null)
        {
            ModelState.AddModelError("", text["LetterNotPrintable"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            ToPrint = await letters.ToPrintAsync(ct: ct);
            return Page();
        }

        // The code is in this response only: never cached, never stored.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
