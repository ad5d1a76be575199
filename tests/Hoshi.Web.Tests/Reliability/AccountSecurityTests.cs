using System.Net;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>The application with the per-address throttle at 3 failures in its window.</summary>
public sealed class StrictThrottleFactory : HoshiFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Accounts:FailuresPerAddress", "3");
}

/// <summary>Guessing from one address is slowed; the session cookie is HttpOnly, SameSite and (on HTTPS) Secure.</summary>
[Trait("Category", "Reliability")]
public sealed class SignInThrottleTests(StrictThrottleFactory factory) : IClassFixture<StrictThrottleFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task After_three_failures_from_one_address_sign_in_and_reset_requests_get_429_with_the_wait()
    {
        var organization = await _people.OrganizationAsync("総当たりされる会社", OrganizationRole.Applicant);
        var person = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var browser = _people.NewBrowser();
        for (var i = 0; i < 3; i++)
        {
            var wrong = await FormPost.SendAsync(browser, "/account/sign-in", new() { ["Email"] = i == 0 ? "nobody@example.jp" : person.Email, ["Password"] = "違う合言葉" + i });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        // Even the right password waits now: the address, not the account, is slowed.
        var refused = await FormPost.SendAsync(browser, "/account/sign-in", new() { ["Email"] = person.Email, ["Password"] = person.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 15 * 60);
        Assert.Contains("サインインの失敗が続いたため、受け付けを一時的に止めています。15 分後", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/sign-in")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await FormPost.SendAsync(browser, "/account/forgot-password", new() { ["Email"] = person.Email })).StatusCode);
        Assert.Equal(0, await _people.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.AuditRecords, a => a.Action == "account.signed-in" && a.ObjectId == person.UserId.ToString())));
    }
}

[Trait("Category", "Reliability")]
public sealed class SessionTests(ShiftedClockFactory factory) : IClassFixture<ShiftedClockFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task A_session_left_alone_for_more_than_two_hours_ends_and_one_in_use_goes_on_until_twelve_hours()
    {
        var organization = await _people.OrganizationAsync("席を外す会社", OrganizationRole.Applicant);
        factory.Clock.Shift = TimeSpan.Zero;
        var (_, idle) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var (_, busy) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        try
        {
            factory.Clock.Shift = TimeSpan.FromHours(1);
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/account")).StatusCode);
            factory.Clock.Shift = TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5);
            var ended = await idle.GetAsync("/account");
            Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
            Assert.Equal("/account/sign-in", ended.Headers.Location!.AbsolutePath);
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/account")).StatusCode);

            // Used every hour and a half, the session still ends twelve hours after sign-in.
            for (var hours = 3.5; hours < 12; hours += 1.5)
            {
                factory.Clock.Shift = TimeSpan.FromHours(hours);
                Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/account")).StatusCode);
            }

            factory.Clock.Shift = TimeSpan.FromHours(12) + TimeSpan.FromMinutes(5);
            var expired = await busy.GetAsync("/account");
            Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
            Assert.Equal("/account/sign-in", expired.Headers.Location!.AbsolutePath);
        }
        finally
        {
            factory.Clock.Shift = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Over_https_the_session_and_antiforgery_cookies_are_secure_httponly_and_samesite()
    {
        var organization = await _people.OrganizationAsync("暗号化で使う会社", OrganizationRole.Applicant);
        var person = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var https = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        var page = await https.GetAsync("/account/sign-in");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var signedIn = await FormPost.SendAsync(https, "/account/sign-in", new() { ["Email"] = person.Email, ["Password"] = person.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hoshi.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=31536000", (await https.GetAsync("/")).Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.OrdinalIgnoreCase);
    }
}
