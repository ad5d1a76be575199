using Hoshi.Data.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Accounts;

[Authorize]
public sealed class AccountModel(UserManager<HoshiUser> users, SignInManager<HoshiUser> signIn) : PageModel
{
    public HoshiUser Me { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } me)
        {
            await signIn.SignOutAsync();
            return RedirectToPage("/Accounts/SignIn");
        }

        Me = me;
        return Page();
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
