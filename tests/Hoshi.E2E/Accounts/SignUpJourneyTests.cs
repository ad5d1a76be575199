using System.Text.RegularExpressions;
using Hoshi.Tests.Shared;
using Hoshi.Web.Shared.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace Hoshi.E2E.Accounts;

public sealed partial class SignUpJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    [GeneratedRegex("https?://[^\\s]+/account/confirm\\?[^\\s]+")]
    private static partial Regex ConfirmLink();

    [Fact]
    public async Task NewUser_FixesAPasswordError_ConfirmsByMail_AndSignsIn()
    {
        var email = $"hanako.{Guid.NewGuid():N}@example.jp";
        var page = await server.NewPageAsync();
        await HoshiServer.RecordOnFailureAsync(page, "sign-up", async () =>
        {
            await page.GotoAsync("/");
            await page.GetByTestId("nav-sign-up").ClickAsync();
            await page.GetByLabel("お名前").FillAsync("田中 花子");
            await page.GetByLabel("メールアドレス").FillAsync(email);
            await page.GetByLabel("パスワード").FillAsync("password1234");
            await page.GetByRole(AriaRole.Button, new() { Name = "アカウントを作成する" }).ClickAsync();

            // The refused password is explained next to its field; what was typed is kept.
            Assert.Contains("よく使われているため使えません", await page.GetByTestId("error-summary").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("true", await page.GetByLabel("パスワード").GetAttributeAsync("aria-invalid"));
            Assert.Equal(email, await page.GetByLabel("メールアドレス").InputValueAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "sign-up-error.png"), FullPage = true });

            await page.GetByLabel("パスワード").FillAsync("星のまちの小さな部品工場です");
            await page.GetByRole(AriaRole.Button, new() { Name = "アカウントを作成する" }).ClickAsync();
            await page.WaitForURLAsync("**/account/sign-up/sent");

            await using (var scope = server.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<MailSender>().SendDueAsync();
            }

            var mail = Directory.GetFiles(server.MailFolder, "*.eml").Select(f => MimeMessage.Load(f)).Single(m => m.To.Mailboxes.Any(x => x.Address == email));
            var link = new Uri(ConfirmLink().Match(mail.TextBody ?? "").Value);
            await page.GotoAsync(link.PathAndQuery);
            Assert.True(await page.GetByTestId("confirmed").IsVisibleAsync());

            await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "サインイン" }).ClickAsync();
            await page.GetByLabel("メールアドレス").FillAsync(email);
            await page.GetByLabel("パスワード").FillAsync("星のまちの小さな部品工場です");
            await page.GetByRole(AriaRole.Button, new() { Name = "サインインする" }).ClickAsync();
            await page.WaitForURLAsync("**/account");

            Assert.Contains("田中 花子", await page.GetByTestId("signed-in-as").InnerTextAsync(), StringComparison.Ordinal);
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "account.png") });

            // Enrol an authenticator app: the test computes codes from the key shown on the page.
            await page.GetByTestId("two-factor-setup").ClickAsync();
            var key = await page.GetByTestId("authenticator-key").InnerTextAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "two-factor-setup.png"), FullPage = true });
            await page.GetByLabel("確認コード").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
            await page.GetByRole(AriaRole.Button, new() { Name = "2段階認証を有効にする" }).ClickAsync();
            Assert.Equal(10, await page.GetByTestId("recovery-codes").Locator("li").CountAsync());

            await page.GotoAsync("/account");
            await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();
            await page.WaitForURLAsync(server.BaseUrl + "/");

            await page.GetByTestId("nav-sign-in").ClickAsync();
            await page.GetByLabel("メールアドレス").FillAsync(email);
            await page.GetByLabel("パスワード").FillAsync("星のまちの小さな部品工場です");
            await page.GetByRole(AriaRole.Button, new() { Name = "サインインする" }).ClickAsync();
            await page.WaitForURLAsync("**/account/sign-in/code**");
            await page.GetByLabel("確認コード").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
            await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
            await page.WaitForURLAsync("**/account");
            Assert.True(await page.GetByTestId("two-factor-state").IsVisibleAsync());
        });
    }
}
