namespace Hoshi.Web.Tests.Shared;

/// <summary>Security headers on pages, the API and error pages: CSP without inline scripts, no framing, nosniff, referrer policy.</summary>
public sealed class SecurityHeaderTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    [Fact]
    public void Forms_may_lead_only_to_Hoshi_and_to_the_configured_sign_in_provider()
    {
        Assert.Contains("form-action 'self';", Hoshi.Web.Shared.SecurityHeaders.PolicyFor(null), StringComparison.Ordinal);
        Assert.Contains("form-action 'self' https://login.example.jp:8443;", Hoshi.Web.Shared.SecurityHeaders.PolicyFor("https://login.example.jp:8443/realms/hoshi"), StringComparison.Ordinal);
        Assert.Contains("form-action 'self';", Hoshi.Web.Shared.SecurityHeaders.PolicyFor("not a url"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/catalog")]
    [InlineData("/account/sign-in")]
    [InlineData("/api/catalog/versions")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self';", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Private_answers_are_not_stored_and_the_public_registry_stays_cacheable()
    {
        var people = new People(factory);
        var organization = await people.OrganizationAsync("キャッシュさせない会社", Hoshi.Domain.Organizations.OrganizationRole.Applicant);
        var (_, browser) = await people.SignedInMemberAsync(organization, Hoshi.Domain.Accounts.MembershipRole.OrgAdmin);
        Assert.Contains("no-store", (await browser.GetAsync($"/organizations/{organization}")).Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal("no-store", (await factory.CreateClient().GetAsync($"/api/organizations/{organization}")).Headers.CacheControl?.ToString());
        Assert.Equal("public, max-age=60", (await factory.CreateClient().GetAsync("/.well-known/jwks.json")).Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Static_files_linked_with_their_hash_are_kept_a_year_and_bare_ones_an_hour()
    {
        var page = await factory.CreateClient().GetStringAsync("/");
        var stylesheet = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/css/site\\.css\\?v=[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(stylesheet);
        var hashed = await factory.CreateClient().GetAsync(stylesheet);
        Assert.Equal(System.Net.HttpStatusCode.OK, hashed.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", hashed.Headers.CacheControl?.ToString());
        Assert.Equal("public, max-age=3600", (await factory.CreateClient().GetAsync("/css/site.css")).Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_api_docs_run_no_inline_script()
    {
        var page = await factory.CreateClient().GetAsync("/api/docs/index.html");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains("src=", tag, StringComparison.Ordinal));
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        var scriptSrc = csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", scriptSrc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_server_does_not_name_itself()
    {
        var folder = Directory.CreateTempSubdirectory("hoshi-server-header-").FullName;
        try
        {
            using var server = await Reliability.ServerProcess.StartAsync("sqlite:" + Path.Combine(folder, "hoshi.db"), folder, Reliability.ServerProcess.FreePort());
            using var client = new HttpClient { BaseAddress = server.Address };
            var response = await client.GetAsync("/health/live");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Server"), string.Join(",", response.Headers.Select(h => h.Key)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
