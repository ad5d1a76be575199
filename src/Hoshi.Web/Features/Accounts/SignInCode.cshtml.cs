using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Accounts;

/// <summary>The second step of sign-in: a code from the authenticator app, or a recovery code.</summary>
public sealed class SignInCodeModel(SignInManager<HoshiUser> signIn, AccountStore accounts, IStringLocalizer<AccountsText> text, SignInThrottle throttle) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? RecoveryCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Accounts/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (await throttle.BlockedAsync(HttpContext, user?.Email, ct) is { } wait)
        {
            ModelState.AddModelError("", SignInThrottle.Refuse(HttpContext, wait, text));
            return Page();
        }

        if (user is null)
        {
            ModelState.AddModelError("", text["SignInAgain"]);
            return Page();
        }

        var recovery = (RecoveryCode ?? "").Replace(" ", "", StringComparison.Ordinal);
        var result = recovery.Length > 0
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(recovery)
            : await signIn.TwoFactorAuthenticatorSignInAsync(new string((Code ?? "").Where(char.IsAsciiDigit).ToArray()), isPersistent: false, rememberClient: false);
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (result.Succeeded)
        {
            await accounts.RecordAsync(user.Id.ToString(), recovery.Length > 0 ? "account.signed-in-with-recovery-code" : "account.signed-in", null, address, ct);
            return Redirect(Shared.LocalPath.OrDefault(ReturnUrl, "/"));
        }

        await throttle.FailAsync(HttpContext, user.Email, ct);
        if (result.IsLockedOut)
        {
            Shared.Telemetry.HoshiMetrics.Lockouts.Add(1);
        }

        ModelState.AddModelError(recovery.Length > 0 ? "RecoveryCode" : "Code", result.IsLockedOut ? text["SignInLockedOut", (int)AccountsFeature.LockoutDuration.TotalMinutes] : text["CodeWrong"]);
        return Page();
    }
}
