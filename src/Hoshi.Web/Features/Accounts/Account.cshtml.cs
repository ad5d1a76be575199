using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Accounts;

/// <summary>The person's account: who they are, two-factor, their open sessions (each can be ended), sign-out.</summary>
[Authorize]
public sealed class AccountModel(
    UserManager<HoshiUser> users, SignInManager<HoshiUser> signIn, SessionStore sessions, AccountStore accounts, IStringLocalizer<AccountsText> text, IOptions<SessionSettings> settings) : PageModel
{
    public HoshiUser Me { get; private set; } = null!;

    /// <summary>The person's open sessions, the most recently used first (this one marked).</summary>
    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];

    public SessionSettings Limits => settings.Value;

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } me)
        {
            await signIn.SignOutAsync();
            return RedirectToPage("/Accounts/SignIn");
        }

        Me = me;
        Sessions = await sessions.ListAsync(me.Id, SessionStore.SessionOf(User), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSignOutAsync(CancellationToken ct)
    {
        if (users.GetUserId(User) is { } id)
        {
            await accounts.RecordAsync(id, "account.signed-out", null, Address, ct);
        }

        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }

    /// <summary>Ends one other session (a browser left signed in elsewhere).</summary>
    public async Task<IActionResult> OnPostEndSessionAsync(Guid session, CancellationToken ct)
    {
        var me = Guid.Parse(users.GetUserId(User)!);
        if (session == SessionStore.SessionOf(User))
        {
            return await OnPostSignOutAsync(ct);
        }

        Message = (await sessions.EndOwnAsync(me, session, Address, ct) ? text["SessionEnded"] : text["SessionAlreadyEnded"]).Value;
        return RedirectToPage();
    }

    /// <summary>Signs the person out of every session, this one included.</summary>
    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken ct)
    {
        var me = Guid.Parse(users.GetUserId(User)!);
        await sessions.EndAllAsync(me, SessionEnd.EndedEverywhere, null, me.ToString(), Address, ct);
        await signIn.SignOutAsync();
        TempData["Message"] = text["SignedOutEverywhere"].Value;
        return RedirectToPage("/Accounts/SignIn");
    }

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();
}
