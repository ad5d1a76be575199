using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E;

/// <summary>Organizations and people made straight in the database, then signed in through the real pages.</summary>
public static class People
{
    public const string Password = "ブラウザ試験用の長い合言葉です";

    public static async Task<Guid> OrganizationAsync(this HoshiServer server, string name, string? corporateNumber, OrganizationRole role, EmployeeBand band = EmployeeBand.From11To50, string prefecture = "13")
    {
        await using var scope = server.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<OrganizationStore>();
        var organization = await store.CreateAsync(new NewOrganization(name, null, corporateNumber, band, null, prefecture), "test");
        await store.GrantRoleAsync(organization.Id, role, "test", true, true);
        return organization.Id;
    }

    /// <summary>A confirmed person in <paramref name="organization"/>, with an authenticator when <paramref name="twoFactor"/>.</summary>
    public static async Task<(string Email, Guid Id, string? Key)> PersonAsync(this HoshiServer server, Guid organization, MembershipRole role, bool twoFactor, string name)
    {
        var email = $"p.{Guid.NewGuid():N}@example.jp";
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HoshiUser>>();
        var user = new HoshiUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        string? key = null;
        if (twoFactor)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Memberships.Add(new MembershipRecord { UserId = user.Id, OrganizationId = organization, Role = role, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return (email, user.Id, key);
    }

    /// <summary>A new browser signed in through the sign-in page (and the code page with an authenticator).</summary>
    public static Task<IPage> SignInAsync(this HoshiServer server, string email, string? key) => server.SignInAsync(email, key, Password);

    public static async Task<IPage> SignInAsync(this HoshiServer server, string email, string? key, string password)
    {
        var page = await server.NewPageAsync();
        await page.OpenAsync("/account/sign-in");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインインする" }).ClickAsync();
        if (key is not null)
        {
            await page.ExpectPathAsync("/account/sign-in/code");
            await page.GetByLabel("確認コード").FillAsync(await Totp.NextCodeAsync(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        }

        await page.ExpectPathAsync("/");
        return page;
    }
}
