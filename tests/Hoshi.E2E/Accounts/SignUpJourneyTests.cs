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
        await server.JourneyAsync(async () =>
        {
            var page = await server.NewPageAsync();
            await page.OpenAsync("/");
            await page.GetByTestId("nav-sign-up").ClickAsync();
            await page.GetByLabel("お名前").FillAsync("田中 花子");
            await page.GetByLabel("メールアドレス").FillAsync(email);
            await page.GetByLabel("パスワード").FillAsync("password1234");
            await page.GetByRole(AriaRole.Button, new() { Name = "アカウントを作成する" }).ClickAsync();

            // The refused password is explained next to its field; what was typed is kept.
            await Assertions.Expect(page.GetByTestId("error-summary")).ToContainTextAsync("よく使われているため使えません");
            await Assertions.Expect(page.GetByLabel("パスワード")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.GetByLabel("メールアドレス")).ToHaveValueAsync(email);
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "sign-up-error.png"), FullPage = true });

            await page.GetByLabel("パスワード").FillAsync("星のまちの小さな部品工場です");
            await page.GetByRole(AriaRole.Button, new() { Name = "アカウントを作成する" }).ClickAsync();
            await page.ExpectPathAsync("/account/sign-up/sent");

            // The confirmation mail, once the outbox has written it (its own background pass may be the one that does).
            var mail = await server.MailToAsync(email);
            var link = new Uri(ConfirmLink().Match(mail.TextBody ?? "").Value);
            await page.OpenAsync(link.PathAndQuery);
            await Assertions.Expect(page.GetByTestId("confirmed")).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "サインイン" }).ClickAsync();
            await page.GetByLabel("メールアドレス").FillAsync(email);
            await page.GetByLabel("パスワード").FillAsync("星のまちの小さな部品工場です");
            await page.GetByRole(AriaRole.Button, new() { Name = "サインインする" }).ClickAsync();

            // Signed in, the home says what awaits her: nothing yet, and how to start.
            await page.ExpectPathAsync("/");
            await Assertions.Expect(page.GetByTestId("inbox-empty")).ToContainTextAsync("まだどの組織にも所属していません");
            await page.OpenAsync("/account");
            await Assertions.Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync("田中 花子");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "account.png") });

            // Enrol an authenticator app: the test computes codes from the key shown on the page.
            await page.GetByTestId("two-factor-setup").ClickAsync();
            var key = await page.GetByTestId("authenticator-key").InnerTextAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "two-factor-setup.png"), FullPage = true });
            await page.GetByLabel("確認コード").FillAsync(await Totp.NextCodeAsync(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "2段階認証を有効にする" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);

            await page.OpenAsync("/account");
            await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト", Exact = true }).ClickAsync();
            await page.ExpectPathAsync("/");

            await page.GetByTestId("nav-sign-in").ClickAsync();
            await page.GetByLabel("メールアドレス").FillAsync(email);
            await page.GetByLabel("パスワード").FillAsync("星のまちの小さな部品工場です");
            await page.GetByRole(AriaRole.Button, new() { Name = "サインインする" }).ClickAsync();
            await page.ExpectPathAsync("/account/sign-in/code");
            // Each code is accepted once: the app's next code, never the one just used to enrol.
            await page.GetByLabel("確認コード").FillAsync(await Totp.NextCodeAsync(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
            await page.ExpectPathAsync("/");
            await page.OpenAsync("/account");
            await Assertions.Expect(page.GetByTestId("two-factor-state")).ToBeVisibleAsync();
        });
    }
}
