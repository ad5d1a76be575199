using System.Text;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Hoshi.Web.Features.Accounts;

public sealed class ConfirmEmailModel(UserManager<HoshiUser> users, AccountStore accounts) : PageModel
{
    public bool Confirmed { get; private set; }

    /// <summary>Where to go after signing in (e.g. back to an invitation), if local.</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string SignInLink => Url.IsLocalUrl(ReturnUrl) ? "/account/sign-in?returnUrl=" + Uri.EscapeDataString(ReturnUrl) : "/account/sign-in";

    public async Task OnGetAsync(Guid userId, string? code, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(code) || await users.FindByIdAsync(userId.ToString()) is not { } user)
        {
            return;
        }

        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return;
        }

        var wasConfirmed = user.EmailConfirmed;
        Confirmed = (await users.ConfirmEmailAsync(user, token)).Succeeded;
        if (Confirmed && !wasConfirmed)
        {
            await accounts.RecordAsync(user.Id.ToString(), "account.email-confirmed", null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        }
    }
}
