using System.Net;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>
/// Hoshi behind a TLS-terminating proxy at 10.0.0.5 (public URL https): requests come from the
/// proxy, or (a test header says so) straight from another machine.
/// </summary>
public sealed class BehindProxyFactory : HoshiFactory
{
    public const string Proxy = "10.0.0.5";

    /// <summary>The test's stand-in for the TCP peer: the proxy unless it names another.</summary>
    public const string PeerHeader = "X-Test-Peer";

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Hoshi:PublicUrl", "https://hoshi.example.jp");
        builder.UseSetting("Hoshi:Proxies:KnownProxies:0", Proxy);
        builder.UseSetting("Accounts:FailuresPerAddress", "3");
        builder.UseSetting("Accounts:FailuresPerAccount", "4");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, PeerFilter>());
    }

    public override Uri ClientBase => new("https://localhost");

    /// <summary>The in-memory server has no TCP peer: this sets one before Hoshi's own pipeline runs.</summary>
    private sealed class PeerFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextStep) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[PeerHeader].FirstOrDefault() ?? Proxy);
                return nextStep(context);
            });
            next(app);
        };
    }
}

/// <summary>Forwarded headers count only from the known proxy; the throttle keys on the real client and on the account; the sign-in cookie is Secure and HSTS is sent.</summary>
[Trait("Category", "Reliability")]
public sealed class ProxyTests(BehindProxyFactory factory) : IClassFixture<BehindProxyFactory>
{
    private readonly People _people = new(factory);

    private async Task<HttpResponseMessage> SignInAsync(string email, string password, string forwardedFor, string? peer = null)
    {
        // The client speaks HTTPS (to the proxy): the Secure cookies come back.
        var browser = _people.NewBrowser();
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        if (peer is not null)
        {
            browser.DefaultRequestHeaders.Add(BehindProxyFactory.PeerHeader, peer);
        }

        return await FormPost.SendAsync(browser, "/account/sign-in", new() { ["Email"] = email, ["Password"] = password });
    }

    [Fact]
    public async Task Through_the_proxy_each_client_is_counted_on_its_own()
    {
        var organization = await _people.OrganizationAsync("プロキシの向こうの会社", OrganizationRole.Applicant);
        var person = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync($"nobody{i}@example.jp", "違う合言葉", "203.0.113.7")).StatusCode);
        }

        // The guessing client waits; another client behind the same proxy signs in.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(person.Email, person.Password, "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(person.Email, person.Password, "198.51.100.20")).StatusCode);
    }

    [Fact]
    public async Task From_anyone_but_the_proxy_the_forwarded_address_is_ignored()
    {
        var organization = await _people.OrganizationAsync("偽の転送元の会社", OrganizationRole.Applicant);
        var person = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        for (var i = 0; i < 3; i++)
        {
            // A new made-up client address each time: it does not count, the sender's own address does.
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync($"someone{i}@example.jp", "違う合言葉", $"192.0.2.{i + 1}", peer: "10.9.9.9")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(person.Email, person.Password, "192.0.2.99", peer: "10.9.9.9")).StatusCode);
    }

    [Fact]
    public async Task Guessing_at_one_account_from_many_addresses_is_slowed_alike_for_known_and_unknown_accounts()
    {
        var organization = await _people.OrganizationAsync("狙われる会社", OrganizationRole.Applicant);
        var person = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var unknown = $"ghost.{Guid.NewGuid():N}@example.jp";
        var answers = new List<string>();
        foreach (var email in new[] { person.Email, unknown })
        {
            for (var i = 0; i < 4; i++)
            {
                await SignInAsync(email, "違う合言葉" + i, $"198.18.{answers.Count}.{i + 1}");
            }

            var refused = await SignInAsync(email, "違う合言葉", "198.18.200.1");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            answers.Add(WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        }

        Assert.All(answers, a => Assert.Contains("このアカウントへのサインインの失敗が続いたため", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_an_https_public_url_the_sign_in_cookie_is_secure_and_hsts_is_sent_even_over_the_proxys_http()
    {
        var organization = await _people.OrganizationAsync("暗号化の会社", OrganizationRole.Applicant);
        var person = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        var page = await browser.GetAsync("/account/sign-in");
        Assert.Equal("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single());
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));

        // The proxy's plain HTTP leg: the cookie goes back by hand (a cookie jar keeps a Secure cookie off HTTP).
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = person.Email,
            ["Password"] = person.Password,
            ["__RequestVerificationToken"] = FormPost.TokenOf(await page.Content.ReadAsStringAsync()),
        });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in") { Content = form };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var signedIn = await browser.SendAsync(post);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"{signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync()}");
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("hoshi.auth=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }
}
