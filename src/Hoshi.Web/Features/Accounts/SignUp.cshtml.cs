using System.Globalization;
using System.Text;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Audit;
using Hoshi.Web.Shared;
using Hoshi.Web.Shared.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Accounts;

public sealed class SignUpModel(UserManager<HoshiUser> users, AccountStore accounts, TimeProvider clock, IStringLocalizer<AccountsText> text, Shared.PublicUrl publicUrl) : PageModel
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;

    [BindProperty]
    public SignUpInput Input { get; set; } = new();

    /// <summary>Where to go after confirming and signing in (e.g. back to an invitation), if local.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet() => Input.PreferredLanguage = Language.Current;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = Input.DisplayName?.Trim() ?? "";
        var email = Input.Email?.Trim() ?? "";
        if (name.Length == 0)
        {
            ModelState.AddModelError("Input.DisplayName", text["Required", text["DisplayName"]]);
        }
        else if (name.Length > MaxNameLength)
        {
            ModelState.AddModelError("Input.DisplayName", text["TooLong", text["DisplayName"], MaxNameLength]);
        }

        if (email.Length == 0)
        {
            ModelState.AddModelError("Input.Email", text["Required", text["Email"]]);
        }
        else if (email.Length > MaxEmailLength || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            ModelState.AddModelError("Input.Email", text["InvalidEmail"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var now = clock.GetUtcNow();
        var user = new HoshiUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = email,
            Email = email,
            DisplayName = name,
            PreferredLanguage = Language.IsSupported(Input.PreferredLanguage) ? Input.PreferredLanguage! : "ja",
            CreatedAt = now.UtcDateTime,
        };

        // An address that has an account gets the same answer as a new one (nothing tells a stranger
        // who has an account); its owner is told by mail, once the password would have been accepted.
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            if (Domain.Accounts.PasswordPolicy.Check(Input.Password) is { } problem)
            {
                ModelState.AddModelError("Input.Password", text["Password" + problem].Value);
                return Page();
            }

            await TellOwnerAsync(existing, now, ct);
            return RedirectToPage("/Accounts/SignUpSent");
        }

        // The account, its audit record and its confirmation mail are stored together, or not at all.
        await using var transaction = await accounts.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, Input.Password ?? "");
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                var (field, message) = error.Code switch
                {
                    "PasswordTooShort" or "PasswordTooLong" or "PasswordCommon" or "PasswordRepetitive" => ("Input.Password", text[error.Code].Value),
                    // Taken meanwhile by a concurrent sign-up: the same answer as for a new address.
                    "DuplicateEmail" or "DuplicateUserName" => ("", ""),
                    "InvalidEmail" or "InvalidUserName" => ("Input.Email", text["InvalidEmail"].Value),
                    _ => ("", error.Description),
                };
                if (message.Length == 0)
                {
                    return RedirectToPage("/Accounts/SignUpSent");
                }

                if (!ModelState.TryGetValue(field, out var entry) || entry.Errors.All(e => e.ErrorMessage != message))
                {
                    ModelState.AddModelError(field, message);
                }
            }

            return Page();
        }

        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var link = publicUrl.Link(Url.Page("/Accounts/ConfirmEmail", pageHandler: null, values: new { userId = user.Id, code, returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null })!);
        // The mail speaks the language the person chose, whatever the page's language.
        var pageCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(user.PreferredLanguage);
        try
        {
            accounts.QueueMail(email, text["ConfirmMailSubject"], text["ConfirmMailBody", name, link]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = pageCulture;
        }

        await accounts.RecordAsync(user.Id.ToString(), "account.created", JsonSerializer.Serialize(new { email }), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        await transaction.CommitAsync(ct);
        return RedirectToPage("/Accounts/SignUpSent");
    }

    private async Task TellOwnerAsync(HoshiUser owner, DateTimeOffset now, CancellationToken ct)
    {
        if (!await accounts.MayMailAsync(owner.Id, ct))
        {
            return;
        }

        var pageCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(owner.PreferredLanguage);
        try
        {
            accounts.QueueMail(owner.Email!, text["ExistingAccountMailSubject"],
                text["ExistingAccountMailBody", owner.DisplayName, publicUrl.Link("/account/sign-in"), publicUrl.Link("/account/forgot-password")]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = pageCulture;
        }

        await accounts.RecordAsync(owner.Id.ToString(), "account.sign-up-for-existing", null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
    }

    public sealed class SignUpInput
    {
        public string? DisplayName { get; set; }

        public string? Email { get; set; }

        public string? Password { get; set; }

        public string? PreferredLanguage { get; set; }
    }
}
