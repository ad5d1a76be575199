using System.Net;
using System.Text.RegularExpressions;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Tests.Accounts;

/// <summary>Password reset by a mailed link, with the password rules, and without revealing who has an account.</summary>
public sealed partial class PasswordResetTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [GeneratedRegex("https?://[^\\s]+(/account/reset-password\\?[^\\s]+)")]
    private static partial Regex ResetLink();

    [Fact]
    public async Task A_person_resets_the_password_with_the_mailed_link_once()
    {
        var person = await _people.PersonAsync(await _people.OrganizationAsync("忘れっぽい会社", OrganizationRole.Applicant), MembershipRole.Member);
        var browser = _people.NewBrowser();
        var asked = await FormPost.SendAsync(browser, "/account/forgot-password", new() { ["Email"] = person.Email });
        Assert.Contains("data-testid=\"reset-sent\"", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mail = await _people.MailToAsync(person.Email);
        Assert.Equal("【Hoshi】パスワードの再設定", mail.Subject);
        var link = WebUtility.HtmlDecode(ResetLink().Match(mail.TextBody ?? "").Groups[1].Value);

        var common = await FormPost.SendAsync(browser, link, new() { ["Password"] = "password1234" });
        Assert.Contains("よく使われる", await common.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        const string newPassword = "新しい合言葉は山の上の小さな星";
        var done = await FormPost.SendAsync(browser, link, new() { ["Password"] = newPassword });
        Assert.Contains("data-testid=\"reset-done\"", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var old = await FormPost.SendAsync(_people.NewBrowser(), "/account/sign-in", new() { ["Email"] = person.Email, ["Password"] = person.Password });
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        var fresh = await FormPost.SendAsync(_people.NewBrowser(), "/account/sign-in", new() { ["Email"] = person.Email, ["Password"] = newPassword });
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);

        // The link is spent: the password change renewed the account's security stamp.
        var reused = await FormPost.SendAsync(browser, link, new() { ["Password"] = "もう一度変えようとする長い合言葉" });
        Assert.Contains("このリンクは無効か、期限が切れています", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "account.password-reset" && a.ObjectId == person.UserId.ToString())));
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail()
    {
        var email = $"nobody.{Guid.NewGuid():N}@example.jp";
        var response = await FormPost.SendAsync(_people.NewBrowser(), "/account/forgot-password", new() { ["Email"] = email });
        Assert.Contains("data-testid=\"reset-sent\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == email)));
    }

    [Fact]
    public async Task The_sixth_reset_mail_in_an_hour_is_not_sent_and_the_answer_stays_the_same()
    {
        var person = await _people.PersonAsync(await _people.OrganizationAsync("何度も忘れる会社", OrganizationRole.Applicant), MembershipRole.Member);
        for (var i = 0; i < 6; i++)
        {
            var asked = await FormPost.SendAsync(_people.NewBrowser(), "/account/forgot-password", new() { ["Email"] = person.Email });
            Assert.Contains("data-testid=\"reset-sent\"", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(5, await _people.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == person.Email)));
    }
}
