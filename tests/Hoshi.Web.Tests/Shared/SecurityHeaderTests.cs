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
    }
}
