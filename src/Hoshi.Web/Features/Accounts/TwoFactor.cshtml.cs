using System.Security.Claims;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace Hoshi.Web.Features.Accounts;

/// <summary>Enrols an authenticator app (TOTP): QR code and key, a first code to prove it works, recovery codes.</summary>
[Authorize]
public sealed class TwoFactorModel(UserManager<HoshiUser> users, SignInManager<HoshiUser> signIn, AccountStore accounts, IStringLocalizer<AccountsText> text, SessionStore sessions) : PageModel
{
    public const int RecoveryCodeCount = 10;

    public bool Enabled { get; private set; }

    /// <summary>Sent here by <see cref="TwoFactorGate"/>: the person's role requires two-factor sign-in.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Required { get; set; }

    /// <summary>Two-factor is on, but this session was opened without a code.</summary>
    public bool SessionWithoutCode { get; private set; }

    /// <summary>The shared secret, grouped in fours for typing.</summary>
    public string Key { get; private set; } = "";

    public string QrCodeDataUri { get; private set; } = "";

    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    [BindProperty]
    public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        var code = new string((Code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError("Code", text["CodeWrong"]);
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];
        await accounts.RecordAsync(user.Id.ToString(), "account.two-factor-enabled", null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        // The person just proved they hold the authenticator: this session now counts as two-factor.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", Actors.TwoFactorClaimValue)]);
        // Sessions opened elsewhere without the second factor end; this one goes on.
        await sessions.EndAllAsync(user.Id, SessionEnd.TwoFactorChanged, SessionStore.SessionOf(User), user.Id.ToString(), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        Enabled = true;
        return Page();
    }

    public async Task<IActionResult> OnPostSignInAgainAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage("/Accounts/SignIn");
    }

    private async Task LoadAsync(HoshiUser user)
    {
        Enabled = user.TwoFactorEnabled;
        SessionWithoutCode = Enabled && !User.IsSignedInWithTwoFactor();
        if (Enabled)
        {
            return;
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            // A new key changes the security stamp, which ends sessions holding the old one: this one is renewed.
            await signIn.RefreshSignInAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }

        Key = string.Join(' ', key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        var uri = $"otpauth://totp/{Uri.EscapeDataString("Hoshi:" + user.Email)}?secret={key}&issuer=Hoshi&digits=6";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }
}
