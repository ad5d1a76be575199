using System.CommandLine;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Cli;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Bench;

/// <summary>
/// <c>seed-buyer --email E --password P</c>: a synthetic buyer organization with one member
/// (e-mail confirmed) and an API token for its suppliers, for benchmarks and demos. Prints
/// <c>organization=…</c> and <c>token=…</c>. Refuses a database with real organizations unless forced.
/// </summary>
public static class PortfolioSeed
{
    public static Command Command()
    {
        var email = new Option<string>("--email") { Description = "The member's e-mail (signs in with it).", Required = true };
        var password = new Option<string>("--password") { Description = "The member's password.", Required = true };
        var force = new Option<bool>("--force") { Description = "Run even though the database holds real (non-synthetic) organizations." };
        var command = new Command("seed-buyer", "Create a synthetic buyer with a member and a suppliers API token (benchmarks and demos).") { email, password, force };
        command.SetAction((result, ct) => CliHost.RunAsync((services, ct2) => RunAsync(services, result.GetValue(email)!, result.GetValue(password)!, result.GetValue(force), ct2), ct));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string email, string password, bool force, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        if (!force && await db.Organizations.AnyAsync(o => !o.IsSynthetic, ct))
        {
            await Console.Error.WriteLineAsync("hoshi: refused: this database holds real (non-synthetic) organizations. Use a database of its own, or pass --force.");
            return 1;
        }

        var organizations = services.GetRequiredService<OrganizationStore>();
        var organization = await organizations.CreateAsync(new NewOrganization("ベンチマーク発注者(合成)", "Benchmark buyer (synthetic)", null, EmployeeBand.From1001To3000, null, "13"), "seed-buyer", ct);
        await organizations.GrantRoleAsync(organization.Id, OrganizationRole.Buyer, "seed-buyer", true, true, ct);
        await db.Organizations.Where(o => o.Id == organization.Id).ExecuteUpdateAsync(u => u.SetProperty(o => o.IsSynthetic, true), ct);
        var users = services.GetRequiredService<UserManager<HoshiUser>>();
        var user = new HoshiUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = "ベンチ 太郎", CreatedAt = DateTime.UtcNow };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            await Console.Error.WriteLineAsync("hoshi: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            return 1;
        }

        db.Memberships.Add(new MembershipRecord { UserId = user.Id, OrganizationId = organization.Id, Role = MembershipRole.OrgAdmin, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(ct);
        var (_, secret) = await services.GetRequiredService<ApiTokenStore>().CreateAsync(organization.Id, "seed-buyer", [ApiScope.SuppliersRead, ApiScope.SuppliersWrite], user.Id, null, ct);
        Console.WriteLine($"organization={organization.Id}");
        Console.WriteLine($"token={secret}");
        return 0;
    }
}
