using System.Net;
using System.Text.RegularExpressions;
using Hoshi.Tests.Shared;
using Hoshi.Web.Shared.Mail;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Hoshi.Web.Tests.Accounts;

public sealed partial class TwoFactorTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private const string Password = "星のまちの小さな部品工場です";

    [GeneratedRegex("data-testid=\"authenticator-key\">([a-z0-9 ]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li><code>([^<]+)</code></li>")]
    private static partial Regex RecoveryCodePattern();

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields) =>
        FormPost.SendAsync(client, path, fields);

    /// <summary>A confirmed, signed-in user with two-factor enrolled: the browser, the key and the recovery codes.</summary>
    private async Task<(HttpClient Browser, string Email, string Key, List<string> RecoveryCodes)> EnrolledUserAsync()
    {
        var email = $"sato.{Guid.NewGuid():N}@example.jp";
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await PostFormAsync(browser, "/account/sign-up", new() { ["Input.DisplayName"] = "佐藤 一郎", ["Input.Email"] = email, ["Input.Password"] = Password, ["Input.PreferredLanguage"] = "ja" });
        await Outbox.DeliveredToAsync(factory.Services, email);
        var mail = Directory.GetFiles(factory.MailFolder, "*.eml").Select(f => MimeMessage.Load(f)).Single(m => m.To.Mailboxes.Any(x => x.Address == email));
        await browser.GetStringAsync(FormPost.ConfirmLink(mail.TextBody));
        await PostFormAsync(browser, "/account/sign-in", new() { ["Email"] = email, ["Password"] = Password });

        var setup = await browser.GetStringAsync("/account/two-factor");
        var key = KeyPattern().Match(setup).Groups[1].Value;
        Assert.Contains("data:image/png;base64,", setup, StringComparison.Ordinal);

        var wrong = await PostFormAsync(browser, "/account/two-factor", new() { ["Code"] = "000000" == Totp.Code(key, DateTimeOffset.UtcNow) ? "111111" : "000000" });
        Assert.Contains("コードが正しくありません", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var enabled = await PostFormAsync(browser, "/account/two-factor", new() { ["Code"] = await Totp.NextCodeAsync(key) });
        var html = await enabled.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"two-factor-on\"", html, StringComparison.Ordinal);
        var codes = RecoveryCodePattern().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);

        await PostFormAsync(browser, "/account?handler=SignOut", []);
        return (browser, email, key, codes);
    }

    [Fact]
    public async Task AfterEnrolment_SignInAsksForTheCode_AndAcceptsOnlyTheRightOne()
    {
        var (browser, email, key, _) = await EnrolledUserAsync();

        var password = await PostFormAsync(browser, "/account/sign-in", new() { ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/account/sign-in/code", password.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account")).StatusCode);

        var right = Totp.Code(key, DateTimeOffset.UtcNow);
        var wrong = await PostFormAsync(browser, "/account/sign-in/code", new() { ["Code"] = right == "123456" ? "654321" : "123456" });
        Assert.Contains("コードが正しくありません", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ok = await PostFormAsync(browser, "/account/sign-in/code", new() { ["Code"] = await Totp.NextCodeAsync(key) });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal("/", ok.Headers.Location!.OriginalString);
        Assert.Contains("data-testid=\"two-factor-state\"", await browser.GetStringAsync("/account"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_once_accepted_is_refused_when_replayed_in_another_session()
    {
        var (browser, email, key, _) = await EnrolledUserAsync();
        await PostFormAsync(browser, "/account/sign-in", new() { ["Email"] = email, ["Password"] = Password });
        var code = await Totp.NextCodeAsync(key);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(browser, "/account/sign-in/code", new() { ["Code"] = code })).StatusCode);

        // Someone who saw the code uses it in a session of their own, within its 30 seconds.
        var other = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await PostFormAsync(other, "/account/sign-in", new() { ["Email"] = email, ["Password"] = Password });
        var replayed = await PostFormAsync(other, "/account/sign-in/code", new() { ["Code"] = code });
        Assert.Contains("コードが正しくありません", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/account")).StatusCode);

        // The next code the app shows works.
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(other, "/account/sign-in/code", new() { ["Code"] = await Totp.NextCodeAsync(key) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task ARecoveryCode_SignsInOnce()
    {
        var (browser, email, _, codes) = await EnrolledUserAsync();

        await PostFormAsync(browser, "/account/sign-in", new() { ["Email"] = email, ["Password"] = Password });
        var first = await PostFormAsync(browser, "/account/sign-in/code", new() { ["RecoveryCode"] = codes[0] });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        await PostFormAsync(browser, "/account?handler=SignOut", []);

        await PostFormAsync(browser, "/account/sign-in", new() { ["Email"] = email, ["Password"] = Password });
        var reused = await PostFormAsync(browser, "/account/sign-in/code", new() { ["RecoveryCode"] = codes[0] });
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("コードが正しくありません", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCodeStep_WithoutAPasswordFirst_SendsBackToSignIn()
    {
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await browser.GetAsync("/account/sign-in/code");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/sign-in", response.Headers.Location!.OriginalString);
    }
}
