using System.Net;
using System.Text.RegularExpressions;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Tests.Accounts;

/// <summary>
/// Sessions live on the server: a copied sign-in cookie stops working the moment its session
/// ends — at sign-out, after a password reset, on removal from the organization, when the person
/// ends it from the account page or signs out everywhere.
/// </summary>
public sealed partial class SessionRevocationTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private static readonly Uri Site = new("http://localhost");
    private readonly People _people = new(factory);

    [GeneratedRegex("https?://[^\\s]+(/account/reset-password\\?[^\\s]+)")]
    private static partial Regex ResetLink();

    [Fact]
    public async Task A_cookie_kept_from_before_sign_out_no_longer_opens_the_account()
    {
        var organization = await _people.OrganizationAsync("クッキーを盗まれる会社", OrganizationRole.Applicant);
        var person = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var jar = new CookieContainer();
        var browser = await _people.SignedInAsync(person, jar);
        var copied = jar.GetCookieHeader(Site);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(copied, "/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(copied, $"/organizations/{organization}/tokens")).StatusCode);

        var signedOut = await FormPost.SendWithTokenFromAsync(browser, "/account", "/account?handler=SignOut", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        await AssertSentToSignInAsync(copied, "/account");
        await AssertSentToSignInAsync(copied, $"/organizations/{organization}/tokens");
        Assert.Equal("signed-out", await EndReasonAsync(person.UserId));
    }

    [Fact]
    public async Task A_password_reset_ends_every_session_of_the_person()
    {
        var organization = await _people.OrganizationAsync("パスワードを盗まれる会社", OrganizationRole.Applicant);
        var person = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var jar = new CookieContainer();
        _ = await _people.SignedInAsync(person, jar);
        var copied = jar.GetCookieHeader(Site);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(copied, "/account")).StatusCode);

        var owner = _people.NewBrowser();
        await FormPost.SendAsync(owner, "/account/forgot-password", new() { ["Email"] = person.Email });
        var link = WebUtility.HtmlDecode(ResetLink().Match((await _people.MailToAsync(person.Email)).TextBody ?? "").Groups[1].Value);
        var done = await FormPost.SendAsync(owner, link, new() { ["Password"] = "取り戻した新しい合言葉は川のそば" });
        Assert.Contains("data-testid=\"reset-done\"", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await AssertSentToSignInAsync(copied, "/account");
        await AssertSentToSignInAsync(copied, $"/organizations/{organization}/tokens");
        Assert.Equal("password-reset", await EndReasonAsync(person.UserId));
    }

    [Fact]
    public async Task A_person_removed_from_the_organization_is_signed_out_at_once()
    {
        var organization = await _people.OrganizationAsync("人を外す会社", OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var member = await _people.PersonAsync(organization, MembershipRole.Member);
        var jar = new CookieContainer();
        _ = await _people.SignedInAsync(member, jar);
        var copied = jar.GetCookieHeader(Site);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(copied, $"/organizations/{organization}")).StatusCode);

        var removed = await FormPost.SendAsync(admin, $"/organizations/{organization}/members/{member.UserId}/remove?role=Member", []);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);

        await AssertSentToSignInAsync(copied, "/account");
        Assert.Equal("removed-from-organization", await EndReasonAsync(member.UserId));
    }

    [Fact]
    public async Task The_account_page_lists_the_sessions_and_ends_one_or_all()
    {
        var organization = await _people.OrganizationAsync("端末の多い会社", OrganizationRole.Applicant);
        var person = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var laptop = await _people.SignedInAsync(person);
        var phoneJar = new CookieContainer();
        _ = await _people.SignedInAsync(person, phoneJar);
        var phone = phoneJar.GetCookieHeader(Site);
        var thirdJar = new CookieContainer();
        _ = await _people.SignedInAsync(person, thirdJar);
        var third = thirdJar.GetCookieHeader(Site);

        var page = await laptop.GetStringAsync("/account");
        Assert.Equal(3, Regex.Count(page, "data-testid=\"session\""));
        Assert.Equal(1, Regex.Count(page, "data-testid=\"session-current\""));
        Assert.Contains("サインイン中の端末", page, StringComparison.Ordinal);

        // End the phone's session from the laptop: the phone is out, the laptop and the third stay in.
        var phoneSession = await _people.WithDbAsync(db => db.Sessions.Where(s => s.UserId == person.UserId && s.EndedAt == null).OrderBy(s => s.CreatedAt).Skip(1).Select(s => s.Id).FirstAsync());
        var ended = await FormPost.SendWithTokenFromAsync(laptop, "/account", "/account?handler=EndSession", new() { ["session"] = phoneSession.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Contains("その端末をサインアウトしました", await laptop.GetStringAsync("/account"), StringComparison.Ordinal);
        await AssertSentToSignInAsync(phone, "/account");
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(third, "/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/account")).StatusCode);

        // Another person's session cannot be ended from here.
        var (stranger, _) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        var strangerSession = await _people.WithDbAsync(db => db.Sessions.Where(s => s.UserId == stranger.UserId).Select(s => s.Id).FirstAsync());
        await FormPost.SendWithTokenFromAsync(laptop, "/account", "/account?handler=EndSession", new() { ["session"] = strangerSession.ToString() });
        Assert.Null(await _people.WithDbAsync(db => db.Sessions.Where(s => s.Id == strangerSession).Select(s => s.EndedAt).FirstAsync()));

        // Everywhere: the laptop and the third are out.
        var everywhere = await FormPost.SendWithTokenFromAsync(laptop, "/account", "/account?handler=SignOutEverywhere", []);
        Assert.Equal("/account/sign-in", everywhere.Headers.Location!.OriginalString);
        Assert.Contains("すべての端末からサインアウトしました", await laptop.GetStringAsync("/account/sign-in"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/account")).StatusCode);
        await AssertSentToSignInAsync(third, "/account");
        Assert.Equal(0, await _people.WithDbAsync(db => db.Sessions.CountAsync(s => s.UserId == person.UserId && s.EndedAt == null)));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "account.sessions-ended" && a.ObjectId == person.UserId.ToString())));
    }

    [Fact]
    public async Task A_cookie_issued_without_a_session_record_is_refused()
    {
        var organization = await _people.OrganizationAsync("古いクッキーの会社", OrganizationRole.Applicant);
        var person = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var jar = new CookieContainer();
        _ = await _people.SignedInAsync(person, jar);
        var copied = jar.GetCookieHeader(Site);

        // The record is gone (as after a restore of an older backup): the cookie alone opens nothing.
        await _people.WithDbAsync(db => db.Sessions.Where(s => s.UserId == person.UserId).ExecuteDeleteAsync());
        await AssertSentToSignInAsync(copied, "/account");
    }

    private async Task<HttpResponseMessage> ReplayAsync(string cookie, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await _people.ReplayBrowser().SendAsync(request);
    }

    private async Task AssertSentToSignInAsync(string cookie, string path)
    {
        var response = await ReplayAsync(cookie, path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/sign-in", response.Headers.Location!.AbsolutePath);
    }

    private Task<string?> EndReasonAsync(Guid userId) =>
        _people.WithDbAsync(db => db.Sessions.Where(s => s.UserId == userId && s.EndedAt != null).OrderByDescending(s => s.EndedAt).Select(s => s.EndReason).FirstAsync());
}
