using System.CommandLine;
using Hoshi.Data.Accounts;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Hoshi.Web.Cli;

/// <summary><c>account sign-out EMAIL</c>: the operator ends every session of one person (a lost laptop, a stolen cookie, someone who left).</summary>
public static class AccountCommands
{
    public static Command Create()
    {
        var account = new Command("account", "Work with people's accounts.");
        var email = new Argument<string>("EMAIL") { Description = "The person's e-mail address." };
        var signOut = new Command("sign-out", "End every open session of the person at once, on every node.") { email };
        signOut.SetAction((result, ct) => CliHost.RunAsync(async (services, ct2) =>
        {
            var address = result.GetValue(email)!;
            var users = services.GetRequiredService<UserManager<HoshiUser>>();
            if (await users.FindByEmailAsync(address) is not { } user)
            {
                await Console.Error.WriteLineAsync($"hoshi: no account has the address {address}.");
                return 1;
            }

            var sessions = ActivatorUtilities.CreateInstance<SessionStore>(services);
            var ended = await sessions.EndAllAsync(user.Id, SessionEnd.EndedByOperator, null, "operator", null, ct2);
            await Console.Out.WriteLineAsync($"Ended {ended} session(s) of {address}.");
            return 0;
        }, ct));
        account.Add(signOut);
        return account;
    }
}
