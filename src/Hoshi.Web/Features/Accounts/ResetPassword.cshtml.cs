using System.Text;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Accounts;

/// <summary>Sets a new password from the mailed link (valid one day, once: the security stamp changes).</summary>
public sealed class ResetPasswordModel(UserManager<HoshiUser> users, AccountStore accounts, IStringLocalizer<AccountsText> text, SessionStore sessions) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.FindByIdAsync(UserId.ToString());
        string? token = null;
        try
        {
            token = Code is null ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Code));
        }
        catch (FormatException)
        {
        }

        if (user is null || token is null)
        {
            ModelState.AddModelError("", text["ResetLinkInvalid"]);
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, token, Password ?? "");
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "InvalidToken" ? "" : "Password", error.Code switch
                {
                    "InvalidToken" => text["ResetLinkInvalid"].Value,
                    "PasswordTooShort" or "PasswordTooLong" or "PasswordCommon" or "PasswordRepetitive" => text[error.Code].Value,
                    _ => error.Description,
                });
            }

            return Page();
        }

        // Proving control of the mailbox ends a lockout, as a new password would.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        // Whoever held a session (perhaps the reason for the reset) is signed out everywhere.
        await sessions.EndAllAsync(user.Id, SessionEnd.PasswordReset, null, user.Id.ToString(), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        await accounts.RecordAsync(user.Id.ToString(), "account.password-reset", null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        Done = true;
        return Page();
    }
}
