using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Accounts;

public sealed class SignInModel(UserManager<HoshiUser> users, SignInManager<HoshiUser> signIn, Actors actors, AccountStore accounts, IStringLocalizer<AccountsText> text, IOptions<ExternalSignInSettings> external, SignInThrottle throttle) : PageModel
{
    /// <summary>The external provider's name when OpenID Connect sign-in is configured.</summary>
    public string? External => external.Value.Enabled ? external.Value.DisplayName : null;

    /// <summary>Starts sign-in at the external provider; it comes back to <see cref="ExternalCallbackModel"/>.</summary>
    public IActionResult OnPostExternal()
    {
        if (External is null)
        {
            return NotFound();
        }

        var callback = Url.Page("/Accounts/ExternalCallback", new { returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null });
        return Challenge(signIn.ConfigureExternalAuthenticationProperties(ExternalSignInSettings.Scheme, callback), ExternalSignInSettings.Scheme);
    }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Left by the page that sent the person here (signed out everywhere).</summary>
    [TempData]
    public string? Message { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var email = Email?.Trim() ?? "";
        if (await throttle.BlockedAsync(HttpContext, email, ct) is { } wait)
        {
            ModelState.AddModelError("", SignInThrottle.Refuse(HttpContext, wait, text));
            return Page();
        }

        var user = email.Length == 0 ? null : await users.FindByEmailAsync(email);
        if (user is null)
        {
            // As for an account: after as many failures as lock one, the lockout message (nothing tells them apart).
            ModelState.AddModelError("", await throttle.FailAsync(HttpContext, email, ct) >= AccountsFeature.MaxFailedSignIns
                ? text["SignInLockedOut", (int)AccountsFeature.LockoutDuration.TotalMinutes]
                : text["SignInFailed"]);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Password ?? "", isPersistent: false, lockoutOnFailure: true);
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (result.Succeeded)
        {
            await accounts.RecordAsync(user.Id.ToString(), "account.signed-in", null, address, ct);
            if ((await actors.LoadAsync(user.Id, twoFactorSession: false, ct)).MissingTwoFactor)
            {
                return LocalRedirect(TwoFactorGate.RequiredPath);
            }

            return Redirect(Shared.LocalPath.OrDefault(ReturnUrl, "/"));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Accounts/SignInCode", new { ReturnUrl });
        }

        await throttle.FailAsync(HttpContext, email, ct);
        if (result.IsLockedOut)
        {
            await accounts.RecordAsync(user.Id.ToString(), "account.locked-out", null, address, ct);
            Shared.Telemetry.HoshiMetrics.Lockouts.Add(1);
            ModelState.AddModelError("", text["SignInLockedOut", (int)AccountsFeature.LockoutDuration.TotalMinutes]);
        }
        else if (result.IsNotAllowed && await users.CheckPasswordAsync(user, Password ?? ""))
        {
            // Only whoever knows the password learns that the address still waits for confirmation.
            ModelState.AddModelError("", text["SignInNotConfirmed"]);
        }
        else
        {
            ModelState.AddModelError("", text["SignInFailed"]);
        }

        return Page();
    }
}
