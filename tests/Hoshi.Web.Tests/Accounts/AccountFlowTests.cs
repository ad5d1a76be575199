using System.Net;
using System.Text.RegularExpressions;
using Hoshi.Data;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Shared.Mail;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Hoshi.Web.Tests.Accounts;

/// <summary>Sign-up, e-mail confirmation, sign-in, lockout and sign-out over HTTP, as a browser does them.</summary>
public sealed partial class AccountFlowTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private const string GoodPassword = "星のまちの小さな部品工場です";

    private HttpClient NewBrowser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields) =>
        FormPost.SendAsync(client, path, fields);

    private static Task<HttpResponseMessage> SignUpAsync(HttpClient client, string email, string password, string name = "田中 花子", string language = "ja") =>
        PostFormAsync(client, "/account/sign-up", new()
        {
            ["Input.DisplayName"] = name,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.PreferredLanguage"] = language,
        });

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        PostFormAsync(client, "/account/sign-in", new() { ["Email"] = email, ["Password"] = password });

    private async Task<MimeMessage> MailToAsync(string email)
    {
        await Outbox.DeliveredToAsync(factory.Services, email);

        foreach (var file in Directory.GetFiles(factory.MailFolder, "*.eml"))
        {
            var message = await MimeMessage.LoadAsync(file);
            if (message.To.Mailboxes.Any(m => m.Address == email))
            {
                return message;
            }
        }

        throw new InvalidOperationException($"No mail to {email}.");
    }

    private static string NewEmail() => $"hanako.{Guid.NewGuid():N}@example.jp";

    [Fact]
    public async Task SignUp_Confirm_SignIn_SignOut()
    {
        var email = NewEmail();
        using var browser = NewBrowser();

        var signUp = await SignUpAsync(browser, email, GoodPassword);
        Assert.Equal(HttpStatusCode.Redirect, signUp.StatusCode);
        Assert.Equal("/account/sign-up/sent", signUp.Headers.Location!.OriginalString);

        // Not confirmed yet: sign-in is refused with a reason.
        var early = await SignInAsync(browser, email, GoodPassword);
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Contains("メールアドレスの確認が済んでいません", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mail = await MailToAsync(email);
        Assert.Equal("【Hoshi】メールアドレスの確認", mail.Subject);
        Assert.Contains("田中 花子 様", mail.TextBody, StringComparison.Ordinal);
        var link = FormPost.ConfirmLink(mail.TextBody);
        var confirm = await browser.GetStringAsync(link);
        Assert.Contains("data-testid=\"confirmed\"", confirm, StringComparison.Ordinal);

        var signIn = await SignInAsync(browser, email, GoodPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
        var account = await browser.GetStringAsync("/account");
        Assert.Contains("田中 花子 さんとしてサインインしています", account, StringComparison.Ordinal);

        var signOut = await PostFormAsync(browser, "/account?handler=SignOut", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var after = await browser.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("http://localhost/account/sign-in", after.Headers.Location!.ToString(), StringComparison.Ordinal);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var actions = await db.AuditRecords.Where(a => a.Action.StartsWith("account.")).Select(a => a.Action).ToListAsync();
        Assert.Contains("account.created", actions);
        Assert.Contains("account.email-confirmed", actions);
        Assert.Contains("account.signed-in", actions);
    }

    [Fact]
    public async Task SignUp_WritesTheMailInTheChosenLanguage_WhateverThePagesLanguage()
    {
        var email = NewEmail();
        using var browser = NewBrowser();

        await SignUpAsync(browser, email, GoodPassword, "Hanako Tanaka", language: "en");

        var mail = await MailToAsync(email);
        Assert.Equal("[Hoshi] Confirm your e-mail address", mail.Subject);
        Assert.StartsWith("Dear Hanako Tanaka,", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoUsers_FromSeedDemo_CanSignIn_AndBelongToTheirOrganization()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await Hoshi.Web.Cli.DemoData.SeedAsync(scope.ServiceProvider, CancellationToken.None));
        }

        using var browser = NewBrowser();
        var signIn = await SignInAsync(browser, "buyer@demo.hoshi.localhost", "hoshi-demo-buyer");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("鈴木 花子", await browser.GetStringAsync("/account"), StringComparison.Ordinal);
        await using var check = factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        var membership = await db.Memberships.Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Email, m.Role, m.OrganizationId })
            .SingleAsync(x => x.Email == "buyer@demo.hoshi.localhost");
        Assert.Equal(Hoshi.Domain.Accounts.MembershipRole.OrgAdmin, membership.Role);
        Assert.Equal("星野自動車株式会社(デモ)", (await db.Organizations.SingleAsync(o => o.Id == membership.OrganizationId)).LegalNameJa);
    }

    [Fact]
    public async Task Account_RequiresSignIn()
    {
        using var browser = NewBrowser();

        var response = await browser.GetAsync("/account");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "hanako@example.jp", GoodPassword, "お名前を入力してください")]
    [InlineData("田中 花子", "not-an-address", GoodPassword, "メールアドレスの形式が正しくありません")]
    [InlineData("田中 花子", "NEW", "short", "パスワードは12文字以上にしてください")]
    [InlineData("田中 花子", "NEW", "password1234", "よく使われているため使えません")]
    public async Task SignUp_RefusesBadInput_NamingTheFieldAndRule_AndCreatesNothing(string name, string email, string password, string message)
    {
        if (email == "NEW")
        {
            email = NewEmail();
        }

        using var browser = NewBrowser();
        var response = await SignUpAsync(browser, email, password, name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(name), html, StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    [Fact]
    public async Task SignUp_WithAnEmailAlreadyRegistered_AnswersAsForANewOne_AndTellsTheOwnerByMail()
    {
        var email = NewEmail();
        using var browser = NewBrowser();
        await SignUpAsync(browser, email, GoodPassword);
        var fresh = await SignUpAsync(NewBrowser(), NewEmail(), GoodPassword);

        var again = await SignUpAsync(NewBrowser(), email, "別の人が選んだ長い合言葉です");

        // The same answer as for an address nobody has: nothing tells a stranger the account exists.
        Assert.Equal(fresh.StatusCode, again.StatusCode);
        Assert.Equal(fresh.Headers.Location, again.Headers.Location);
        await Outbox.DeliveredToAsync(factory.Services, email);
        var subjects = new List<string>();
        foreach (var file in Directory.GetFiles(factory.MailFolder, "*.eml"))
        {
            var message = await MimeMessage.LoadAsync(file);
            if (message.To.Mailboxes.Any(m => m.Address == email))
            {
                subjects.Add(message.Subject ?? "");
            }
        }

        Assert.Equal(["【Hoshi】このメールアドレスのアカウントはすでにあります", "【Hoshi】メールアドレスの確認"], subjects.Order(StringComparer.Ordinal));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.CountAsync(u => u.Email == email));
    }

    [Fact]
    public async Task SignIn_OnAnUnconfirmedAccount_SaysSoOnlyToWhoeverKnowsThePassword()
    {
        var email = NewEmail();
        using var browser = NewBrowser();
        await SignUpAsync(browser, email, GoodPassword);
        var wrong = await SignInAsync(NewBrowser(), email, "推測した違う合言葉です");
        var wrongText = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("メールアドレスまたはパスワードが違います", wrongText, StringComparison.Ordinal);
        Assert.DoesNotContain("確認が済んでいません", wrongText, StringComparison.Ordinal);
        Assert.Contains("メールアドレスの確認が済んでいません", await (await SignInAsync(NewBrowser(), email, GoodPassword)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AnswersTheSame_ForAKnownAndAnUnknownAddress_UpToTheLockout()
    {
        var known = NewEmail();
        await SignUpAsync(NewBrowser(), known, GoodPassword);
        var link = FormPost.ConfirmLink((await MailToAsync(known)).TextBody);
        await NewBrowser().GetAsync(link);
        var unknown = NewEmail();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var forKnown = Message(await (await SignInAsync(NewBrowser(), known, "違う合言葉その" + attempt)).Content.ReadAsStringAsync());
            var forUnknown = Message(await (await SignInAsync(NewBrowser(), unknown, "違う合言葉その" + attempt)).Content.ReadAsStringAsync());
            Assert.Equal(forKnown, forUnknown);
            Assert.Contains(attempt < 5 ? "パスワードが違います" : "ロックされています", forKnown, StringComparison.Ordinal);
        }
    }

    private static string Message(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "<div class=\"error-summary\"[\\s\\S]*?</div>").Value);

    [Fact]
    public async Task SignIn_LocksTheAccount_AfterFiveWrongPasswords()
    {
        var email = NewEmail();
        using var browser = NewBrowser();
        await SignUpAsync(browser, email, GoodPassword);
        var link = FormPost.ConfirmLink((await MailToAsync(email)).TextBody);
        await browser.GetStringAsync(link);

        for (var i = 0; i < AccountsFeature.MaxFailedSignIns - 1; i++)
        {
            var wrong = await SignInAsync(browser, email, "wrong password " + i);
            Assert.Contains("メールアドレスまたはパスワードが違います", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var fifth = await SignInAsync(browser, email, "wrong password 5");
        Assert.Contains("ロックされています", await fifth.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var right = await SignInAsync(browser, email, GoodPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("ロックされています", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirm_WithABadCode_SaysSo()
    {
        using var browser = NewBrowser();

        var html = await browser.GetStringAsync($"/account/confirm?userId={Guid.NewGuid()}&code=bogus");

        Assert.Contains("確認のリンクが正しくないか", html, StringComparison.Ordinal);
    }
}
