using System.Net;
using System.Text.RegularExpressions;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Assessments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Accounts;

/// <summary>Hoshi answering at https://hoshi.example.jp, with host filtering off so that a forged Host reaches the pages.</summary>
public sealed class PublicUrlFactory : HoshiFactory
{
    public const string PublicUrl = "https://hoshi.example.jp";

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Hoshi:PublicUrl", PublicUrl);
        builder.UseSetting("AllowedHosts", "*");
    }

    /// <summary>People reach an https public URL over HTTPS: the Secure sign-in cookie comes back.</summary>
    public override Uri ClientBase => new("https://localhost");
}

/// <summary>
/// Every link in a mail starts with <c>Hoshi:PublicUrl</c>, whatever Host the request named: a forged
/// Host once turned a password-reset mail into a link to the attacker's site (account takeover).
/// </summary>
public sealed partial class PublicUrlTests(PublicUrlFactory factory) : IClassFixture<PublicUrlFactory>
{
    private readonly People _people = new(factory);

    [GeneratedRegex("https?://[^\\s/]+/[^\\s]*")]
    private static partial Regex AnyLink();

    /// <summary>A browser whose requests say <c>Host: evil.test</c>.</summary>
    private HttpClient ForgedHostBrowser() =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://evil.test"), AllowAutoRedirect = false, HandleCookies = true });

    private static void AssertEveryLinkIsPublic(string? text)
    {
        var links = AnyLink().Matches(text ?? "").Select(m => m.Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.StartsWith(PublicUrlFactory.PublicUrl + "/", link, StringComparison.Ordinal));
        Assert.DoesNotContain("evil.test", text ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_mail_asked_with_a_forged_host_links_to_the_public_url()
    {
        var person = await _people.PersonAsync(await _people.OrganizationAsync("ホスト偽装を受ける会社", OrganizationRole.Applicant), MembershipRole.Member);
        var asked = await FormPost.SendAsync(ForgedHostBrowser(), "/account/forgot-password", new() { ["Email"] = person.Email });
        Assert.Contains("data-testid=\"reset-sent\"", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mail = await _people.MailToAsync(person.Email);
        AssertEveryLinkIsPublic(mail.TextBody);
        Assert.Contains(PublicUrlFactory.PublicUrl + "/account/reset-password?", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_up_confirmation_asked_with_a_forged_host_links_to_the_public_url()
    {
        var email = $"signup.{Guid.NewGuid():N}@example.jp";
        var response = await FormPost.SendAsync(ForgedHostBrowser(), "/account/sign-up", new()
        {
            ["Input.DisplayName"] = "偽装 太郎",
            ["Input.Email"] = email,
            ["Input.Password"] = "ホストを偽っても安全な長い合言葉",
            ["Input.PreferredLanguage"] = "ja",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var mail = await _people.MailToAsync(email);
        AssertEveryLinkIsPublic(mail.TextBody);
        Assert.Contains(PublicUrlFactory.PublicUrl + "/account/confirm?", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_sent_with_a_forged_host_links_to_the_public_url()
    {
        var organization = await _people.OrganizationAsync("招待を送る会社", OrganizationRole.Applicant);
        var admin = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var browser = ForgedHostBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, "/account/sign-in", new() { ["Email"] = admin.Email, ["Password"] = admin.Password })).StatusCode);

        var email = $"invited.{Guid.NewGuid():N}@example.jp";
        var sent = await FormPost.SendAsync(browser, $"/organizations/{organization}/invite", new() { ["Email"] = email, ["Role"] = "Member", ["MailLanguage"] = "ja" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var mail = await _people.MailToAsync(email);
        AssertEveryLinkIsPublic(mail.TextBody);
        Assert.Contains(PublicUrlFactory.PublicUrl + "/invitations/", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_asked_with_a_forged_host_carries_the_public_url_in_its_qr_code_and_pdf()
    {
        var listing = await Listings.RegisterAsync(factory.Services, "公開アドレスの証明書株式会社");
        var browser = ForgedHostBrowser();
        var verification = $"{PublicUrlFactory.PublicUrl}/registry/certificates/{listing.CertificateId}";

        var html = await browser.GetStringAsync($"/registry/certificates/{listing.CertificateId}");
        Assert.Equal(verification, Shared.QrText.Decode(Registry.CertificatesAndLogTests.QrImage().Match(html).Groups[1].Value));
        Assert.Contains($"--jwks {PublicUrlFactory.PublicUrl}/.well-known/jwks.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.test", html, StringComparison.Ordinal);
        var text = Shared.PdfText.Extract(await browser.GetByteArrayAsync($"/registry/certificates/{listing.CertificateId}?handler=Pdf"));
        Assert.Contains(verification, text.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("evil.test", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mail_of_a_round_step_links_to_the_public_url()
    {
        var expert = await Reliability.Rounds.ExpertAsync(_people, factory, "公開アドレスの専門家事務所");
        var organization = await _people.OrganizationAsync("一覧を取る会社", OrganizationRole.Applicant);
        List<string> criteria;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
            var sheet = (await store.StartAsync(organization, Level.Star3, Guid.NewGuid(), null)).Id;
            criteria = [.. (await store.LoadAsync(sheet))!.Catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria).Select(c => c.Id)];
        }

        var (round, _) = await Reliability.Rounds.UnderReviewAsync(_people, "審査を頼む会社", expert, criteria);
        var mail = await _people.MailToAsync(expert.Email);
        AssertEveryLinkIsPublic(mail.TextBody);
        Assert.Contains($"{PublicUrlFactory.PublicUrl}/reviews/{round}", mail.TextBody, StringComparison.Ordinal);
    }
}

/// <summary>Without an AllowedHosts setting, requests must name the public URL's host or loopback.</summary>
public sealed class HostFilteringTests(HostFilteringTests.Factory factory) : IClassFixture<HostFilteringTests.Factory>
{
    public sealed class Factory : HoshiFactory
    {
        protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Hoshi:PublicUrl", "https://hoshi.example.jp");
    }

    [Theory]
    [InlineData("http://hoshi.example.jp", HttpStatusCode.OK)]
    [InlineData("http://localhost", HttpStatusCode.OK)]
    [InlineData("http://127.0.0.1", HttpStatusCode.OK)]
    [InlineData("http://evil.test", HttpStatusCode.BadRequest)]
    public async Task Only_our_hosts_are_answered(string baseAddress, HttpStatusCode expected)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false });
        Assert.Equal(expected, (await client.GetAsync("/account/forgot-password")).StatusCode);
    }
}

/// <summary>The public URL setting is checked at start: scheme, host and port only.</summary>
public sealed class PublicUrlSettingTests
{
    [Theory]
    [InlineData("https://hoshi.example.jp", true)]
    [InlineData("https://hoshi.example.jp/", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("hoshi.example.jp", false)]
    [InlineData("ftp://hoshi.example.jp", false)]
    [InlineData("https://hoshi.example.jp/app", false)]
    [InlineData("https://hoshi.example.jp/?a=1", false)]
    [InlineData("https://user@hoshi.example.jp", false)]
    [InlineData("", true)]
    [InlineData(null, true)]
    public void Only_an_origin_is_a_public_url_or_it_is_unset(string? value, bool valid) =>
        Assert.Equal(valid, Hoshi.Web.Shared.PublicUrlSettings.Problem(value) is null);

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("", "localhost;hoshi.example.jp", true)]
    [InlineData(null, "*", false)]
    [InlineData("", "hoshi.example.jp;*", false)]
    [InlineData("https://hoshi.example.jp", "*", true)]
    [InlineData("hoshi.example.jp", null, false)]
    public void Links_from_the_request_need_named_hosts(string? publicUrl, string? allowedHosts, bool starts) =>
        Assert.Equal(starts, Hoshi.Web.Shared.PublicUrlSettings.StartProblem(publicUrl, allowedHosts) is null);
}
