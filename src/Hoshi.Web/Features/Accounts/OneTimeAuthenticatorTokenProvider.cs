using Hoshi.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace Hoshi.Web.Features.Accounts;

/// <summary>
/// Authenticator-app codes (RFC 6238: 30-second steps, 6 digits, up to two steps either side for
/// the phone's clock), each step accepted once per person: the last accepted step is stored with
/// the account, and a code of that step or an earlier one is refused, so a code seen over someone's
/// shoulder or replayed into a second session does not sign in (ASVS V6.5). Two sessions sending the
/// same code at once cannot both win: storing the step updates the account under its concurrency
/// stamp, and the slower update fails.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider : IUserTwoFactorTokenProvider<HoshiUser>
{
    public const string LoginProvider = "Hoshi";
    public const string LastStepName = "AuthenticatorLastStep";

    /// <summary>Steps accepted before and after the current one (the phone's clock may be off by a minute).</summary>
    public static readonly VerificationWindow Window = new(previous: 2, future: 2);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<HoshiUser> manager, HoshiUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>Codes come from the person's app; Hoshi never sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<HoshiUser> manager, HoshiUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<HoshiUser> manager, HoshiUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = token.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(key) || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        byte[] secret;
        try
        {
            secret = Base32Encoding.ToBytes(key);
        }
        catch (ArgumentException)
        {
            return false;
        }

        // The person's phone keeps wall-clock time; so does this check.
        if (!new Totp(secret).VerifyTotp(DateTime.UtcNow, code, out var step, Window))
        {
            return false;
        }

        // "step:key fingerprint": a new key (enrolling again) starts afresh.
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(secret).AsSpan(0, 8));
        var last = (await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepName))?.Split(':');
        if (last is [var lastText, var lastFingerprint] && lastFingerprint == fingerprint
            && long.TryParse(lastText, System.Globalization.CultureInfo.InvariantCulture, out var lastStep) && step <= lastStep)
        {
            return false;
        }

        var value = step.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + fingerprint;
        return (await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepName, value)).Succeeded;
    }
}
