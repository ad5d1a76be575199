using System.Net;
using Hoshi.Data;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Accounts;

/// <summary>Hoshi configured for an OpenID Connect provider (a fake one on 127.0.0.1).</summary>
public sealed class OidcHoshiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hoshi-oidc-tests-").FullName;

    internal FakeOidcProvider Provider { get; private set; } = null!;

    public async Task InitializeAsync() => Provider = await FakeOidcProvider.StartAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(DatabaseSetting.Key, "sqlite:" + Path.Combine(_folder, "hoshi.db"));
        builder.UseSetting("Mail:PickupFolder", Path.Combine(_folder, "mail"));
        builder.UseSetting("Authentication:OpenIdConnect:Authority", Provider.Authority);
        builder.UseSetting("Authentication:OpenIdConnect:ClientId", FakeOidcProvider.ClientId);
        builder.UseSetting("Authentication:OpenIdConnect:ClientSecret", FakeOidcProvider.ClientSecret);
        builder.UseSetting("Authentication:OpenIdConnect:DisplayName", "GビズID(試験)");
        builder.UseSetting("Authentication:OpenIdConnect:AllowHttp", "true");
        builder.UseSetting("Authentication:OpenIdConnect:CorporateNumberClaim", "corporate_number");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Provider.DisposeAsync();
        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}

public sealed class ExternalSignInTests(OidcHoshiFactory factory) : IClassFixture<OidcHoshiFactory>
{
    private HttpClient NewBrowser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Runs the whole round trip as a browser would, following each redirect by hand.</summary>
    private static async Task<HttpResponseMessage> SignInExternallyAsync(HttpClient browser)
    {
        var start = await FormPost.SendAsync(browser, "/account/sign-in?handler=External", []);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.EndsWith("/authorize", authorize.GetLeftPart(UriPartial.Path), StringComparison.Ordinal);
        Assert.Contains("code_challenge=", authorize.Query, StringComparison.Ordinal);

        using var outside = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = await outside.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);

        var callback = await browser.GetAsync(back.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return await browser.GetAsync(callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_provider()
    {
        var page = await NewBrowser().GetStringAsync("/account/sign-in");
        Assert.Contains("GビズID(試験) でサインイン", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_person_gets_an_account_from_the_verified_e_mail_and_comes_back_to_the_same_one()
    {
        var subject = Guid.NewGuid().ToString("N");
        var email = $"gbiz.{subject}@example.jp";
        factory.Provider.NextUser = (subject, email, true, "外部 連携子");

        var browser = NewBrowser();
        var done = await SignInExternallyAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/", done.Headers.Location!.OriginalString);
        Assert.Contains("外部 連携子", await browser.GetStringAsync("/account"), StringComparison.Ordinal);

        var again = NewBrowser();
        Assert.Equal("/", (await SignInExternallyAsync(again)).Headers.Location!.OriginalString);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.True(user.EmailConfirmed);
        Assert.Equal(1, await db.UserLogins.CountAsync(l => l.UserId == user.Id && l.ProviderKey == subject));
        Assert.Equal(2, await db.AuditRecords.CountAsync(a => a.Action == "account.signed-in" && a.Actor == user.Id.ToString()));
    }

    [Fact]
    public async Task An_address_already_used_by_an_account_is_not_taken_over()
    {
        var people = new People(factory, null);
        var existing = await people.PersonAsync(await people.OrganizationAsync("既存の会社", OrganizationRole.Applicant), MembershipRole.OrgAdmin);
        factory.Provider.NextUser = (Guid.NewGuid().ToString("N"), existing.Email, true, "乗っ取り 試行");

        var browser = NewBrowser();
        var page = await SignInExternallyAsync(browser);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("安全のため自動では連携しません", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task An_unverified_address_is_refused()
    {
        factory.Provider.NextUser = (Guid.NewGuid().ToString("N"), $"unverified.{Guid.NewGuid():N}@example.jp", false, "未確認 さん");
        var page = await SignInExternallyAsync(NewBrowser());
        Assert.Contains("確認済みのメールアドレスが届きませんでした", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gbizid_sign_in_carrying_the_corporate_number_proves_it_for_the_organization_the_person_administers()
    {
        var subject = Guid.NewGuid().ToString("N");
        factory.Provider.NextUser = (subject, $"gbiz.{subject}@example.jp", true, "法人 代表子");
        factory.Provider.NextCorporateNumber = null;
        Assert.Equal("/", (await SignInExternallyAsync(NewBrowser())).Headers.Location!.OriginalString);

        // The person administers an organization that claims a number; the next GビズID sign-in carries it.
        var people = new People(factory, null);
        var organization = await people.OrganizationAsync("GビズIDで確認する株式会社", OrganizationRole.Applicant);
        var number = Hoshi.Web.Cli.DemoData.CorporateNumberFor("4" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var user = await db.Users.SingleAsync(u => u.Email == $"gbiz.{subject}@example.jp");
            await db.Organizations.Where(o => o.Id == organization).ExecuteUpdateAsync(u => u.SetProperty(o => o.CorporateNumber, number));
            db.Memberships.Add(new Hoshi.Data.Accounts.MembershipRecord { UserId = user.Id, OrganizationId = organization, Role = MembershipRole.OrgAdmin, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        factory.Provider.NextCorporateNumber = "1234567890123";
        await SignInExternallyAsync(NewBrowser());
        Assert.Null(await VerifiedNumberAsync(organization));

        factory.Provider.NextCorporateNumber = number;
        await SignInExternallyAsync(NewBrowser());
        Assert.Equal(number, await VerifiedNumberAsync(organization));
        await using var check = factory.Services.CreateAsyncScope();
        Assert.Equal("gbizid", await check.ServiceProvider.GetRequiredService<AppDbContext>().Organizations.Where(o => o.Id == organization).Select(o => o.CorporateNumberVerificationMethod).SingleAsync());
    }

    private async Task<string?> VerifiedNumberAsync(Guid organization)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Organizations.Where(o => o.Id == organization).Select(o => o.VerifiedCorporateNumber).SingleAsync();
    }
}
