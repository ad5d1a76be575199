using System.Security.Claims;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Accounts;

/// <summary>
/// Back from the OpenID Connect provider. A known external login signs in (with the second factor
/// if the account has one). An unknown one creates an account from the provider's verified e-mail,
/// unless an account already uses that e-mail: accounts are never linked by e-mail alone, since
/// that would let a provider take over an account.
/// </summary>
public sealed class ExternalCallbackModel(UserManager<HoshiUser> users, SignInManager<HoshiUser> signIn, Actors actors, AccountStore accounts, TimeProvider clock, IStringLocalizer<AccountsText> text,
    Organizations.CorporateIdentityStore identity, Microsoft.Extensions.Options.IOptions<ExternalSignInSettings> settings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null)
        {
            Problem = text["ExternalFailed"];
            return Page();
        }

        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: false);
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Accounts/SignInCode", new { ReturnUrl });
        }

        if (result.IsLockedOut)
        {
            Problem = text["SignInLockedOut", (int)AccountsFeature.LockoutDuration.TotalMinutes];
            return Page();
        }

        if (!result.Succeeded)
        {
            var email = info.Principal.FindFirstValue("email");
            var verified = string.Equals(info.Principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
            if (string.IsNullOrWhiteSpace(email) || !verified)
            {
                Problem = text["ExternalNoEmail"];
                return Page();
            }

            if (await users.FindByEmailAsync(email) is not null)
            {
                Problem = text["ExternalEmailInUse", email];
                return Page();
            }

            var now = clock.GetUtcNow();
            var user = new HoshiUser
            {
                Id = Guid.CreateVersion7(now),
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = info.Principal.FindFirstValue("name") ?? email,
                PreferredLanguage = Shared.Language.Current,
                CreatedAt = now.UtcDateTime,
            };
            await using var transaction = await accounts.BeginTransactionAsync(ct);
            var created = await users.CreateAsync(user);
            if (!created.Succeeded || !(await users.AddLoginAsync(user, info)).Succeeded)
            {
                Problem = text["ExternalFailed"];
                return Page();
            }

            await accounts.RecordAsync(user.Id.ToString(), "account.created", JsonSerializer.Serialize(new { email, provider = info.LoginProvider }), address, ct);
            await transaction.CommitAsync(ct);
            await signIn.SignInAsync(user, isPersistent: false, info.LoginProvider);
        }

        var signedIn = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
        await accounts.RecordAsync(signedIn!.Id.ToString(), "account.signed-in", JsonSerializer.Serialize(new { provider = info.LoginProvider }), address, ct);
        await ProveCorporateNumberAsync(info.Principal, signedIn.Id, address, ct);
        if ((await actors.LoadAsync(signedIn.Id, twoFactorSession: false, ct)).MissingTwoFactor)
        {
            return LocalRedirect(TwoFactorGate.RequiredPath);
        }

        return Redirect(Shared.LocalPath.OrDefault(ReturnUrl, "/"));
    }

    /// <summary>
    /// A GビズID-style sign-in whose ID token carries a 法人番号 proves that number for the
    /// organizations the person administers and that claim it (first verified wins, as always).
    /// </summary>
    private async Task ProveCorporateNumberAsync(ClaimsPrincipal principal, Guid person, string? address, CancellationToken ct)
    {
        if (settings.Value.CorporateNumberClaim is not { Length: > 0 } claim
            || !Domain.Organizations.CorporateNumber.TryParse(principal.FindFirstValue(claim), out var number, out _))
        {
            return;
        }

        var claimed = await identity.ClaimingAsync(person, number.Value, ct);
        foreach (var organization in claimed)
        {
            await identity.VerifyAsync(organization, number.Value, Organizations.CorporateIdentityStore.GbizId, "GビズID sign-in", person, address, ct);
        }
    }
}
