using System.Globalization;
using System.Text;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Audit;
using Hoshi.Web.Shared.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Accounts;

/// <summary>
/// Asks for a password-reset link by e-mail. The answer is the same whether or not the address
/// has an account, so the page does not reveal who uses Hoshi.
/// </summary>
public sealed class ForgotPasswordModel(UserManager<HoshiUser> users, AccountStore accounts, TimeProvider clock, IStringLocalizer<AccountsText> text, SignInThrottle throttle, Shared.PublicUrl publicUrl) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var email = Email?.Trim() ?? "";
        if (email.Length == 0)
        {
            ModelState.AddModelError("Email", text["Required", text["Email"]]);
            return Page();
        }

        // Every request may send a mail: counted like a failed sign-in, so one address cannot flood inboxes.
        if (await throttle.BlockedAsync(HttpContext, email, ct) is { } wait)
        {
            ModelState.AddModelError("", SignInThrottle.Refuse(HttpContext, wait, text));
            return Page();
        }

        await throttle.FailAsync(HttpContext, email, ct);
        var user = await users.FindByEmailAsync(email);
        if (user is { EmailConfirmed: true } && await accounts.MayMailAsync(user.Id, ct))
        {
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
            var link = publicUrl.Link(Url.Page("/Accounts/ResetPassword", pageHandler: null, values: new { userId = user.Id, code })!);
            var now = clock.GetUtcNow();
            var pageCulture = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(user.PreferredLanguage);
            try
            {
                accounts.QueueMail(user.Email!, text["ResetMailSubject"], text["ResetMailBody", user.DisplayName, link]);
            }
            finally
            {
                CultureInfo.CurrentUICulture = pageCulture;
            }

            await accounts.RecordAsync(user.Id.ToString(), "account.password-reset-requested", null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        }

        Sent = true;
        return Page();
    }
}
