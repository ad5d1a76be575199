using Hoshi.Data;
using Hoshi.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E.Organizations;

public sealed class OrganizationJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    private const string Password = "小さな工場の長い合言葉です";

    private async Task<string> ConfirmedPersonAsync(string name)
    {
        var email = $"owner.{Guid.NewGuid():N}@example.jp";
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HoshiUser>>();
        var created = await users.CreateAsync(new HoshiUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = DateTime.UtcNow }, Password);
        Assert.True(created.Succeeded);
        return email;
    }

    [Fact]
    public async Task A_small_company_registers_itself_fixes_its_number_and_issues_a_token()
    {
        var email = await ConfirmedPersonAsync("山本 一郎");
        await server.JourneyAsync(async () =>
        {
            var page = await server.NewPageAsync();
            await page.OpenAsync("/account/sign-in");
            await page.GetByLabel("メールアドレス").FillAsync(email);
            await page.GetByLabel("パスワード").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "サインインする" }).ClickAsync();
            await page.ExpectPathAsync("/");

            await page.GetByTestId("nav-organizations").ClickAsync();
            await page.GetByTestId("create-organization").ClickAsync();
            await page.GetByLabel("法人名(商号)").FillAsync("株式会社やまもと製作所");
            // A typo in the check digit: refused with the reason, everything else kept.
            await page.GetByLabel("法人番号").FillAsync("２１８０-３０１０-１８７７１");
            await page.GetByLabel("従業員数").SelectOptionAsync("UpTo10");
            await page.GetByLabel("業種").FillAsync("24 金属製品製造業");
            await page.GetByLabel("本社の所在地(都道府県)").SelectOptionAsync("23");
            await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("error-summary")).ToContainTextAsync("チェック用数字が合いません");
            await Assertions.Expect(page.GetByLabel("法人番号")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.GetByLabel("法人名(商号)")).ToHaveValueAsync("株式会社やまもと製作所");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "organization-new-error.png"), FullPage = true });

            await page.GetByLabel("法人番号").FillAsync("１１８０-３０１０-１８７７１");
            await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
            await page.ExpectPathAsync("/organizations/*?created=True");
            await Assertions.Expect(page.GetByTestId("organization-name")).ToHaveTextAsync("株式会社やまもと製作所");
            await Assertions.Expect(page.GetByTestId("corporate-number")).ToHaveTextAsync("1180301018771");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "organization-details.png"), FullPage = true });

            await page.GetByTestId("tokens").ClickAsync();
            await page.GetByLabel("名前").FillAsync("調達システム連携");
            await page.GetByRole(AriaRole.Button, new() { Name = "発行する" }).ClickAsync();
            var token = await page.GetByTestId("new-token").InnerTextAsync();
            Assert.StartsWith("hoshi_", token, StringComparison.Ordinal);
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "organization-tokens.png"), FullPage = true });

            // The same page on a phone.
            await page.SetViewportSizeAsync(390, 844);
            await page.GetByRole(AriaRole.Link, new() { Name = "株式会社やまもと製作所" }).ClickAsync();
            await page.ExpectPathAsync("/organizations/*");
            await Assertions.Expect(page.GetByTestId("organization-name")).ToHaveTextAsync("株式会社やまもと製作所");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "organization-details-phone.png"), FullPage = true });
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, "The organization page scrolls sideways on a phone.");
        });
    }
}
