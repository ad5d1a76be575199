using System.Net;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Shared;

/// <summary>
/// Every endpoint the app maps, from its own endpoint data source: public ones answer anonymous
/// callers; every other one (those with a rule in <see cref="AuthorizationMatrixTests.Rules"/>)
/// sends anonymous callers to sign in (pages) or answers 401 (API), and never shows an organization.
/// </summary>
public sealed class EndpointAccessTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    /// <summary>Open to anyone.</summary>
    internal static readonly HashSet<string> Public =
    [
        "", "catalog", "catalog/{id}", "catalog/{id}/search", "catalog/{id}/requirements/{no}",
        "api/catalog/versions", "api/catalog/versions/{id}", "api/catalog/versions/{id}/oscal",
        "health/live", "health/ready", "error/{code:int}", "language/{lang}", "openapi/{documentName}.json", "favicon.ico",
        "account/sign-in", "account/sign-in/code", "account/sign-up", "account/sign-up/sent", "account/confirm",
        "account/forgot-password", "account/reset-password", "account/external/callback", "invitations/{secret}", "registry", "catalog/diff",
        "api/registry/{corporateNumber}", "api/registry", "api/registry/status", "registry/{corporateNumber}", "registry/certificates/{id:guid}",
        "api/certificates/{id}", "api/certificates/{id}/status", ".well-known/jwks.json",
        "api/log/head", "api/log/entries", "api/log/proof", "api/log/consistency", "requests/{secret}", "accessibility",
    ];

    private IReadOnlyList<string> Routes() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText?.Trim('/') ?? "").Distinct().Order(StringComparer.Ordinal)];

    private static string Fill(string route, Guid organization, Guid? assessment = null) => "/" + route
        .Replace("{id:guid}", organization.ToString(), StringComparison.Ordinal)
        .Replace("{tokenId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{userId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{supplierId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{importId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{grantId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{assessmentId:guid}", assessment?.ToString() ?? Guid.NewGuid().ToString(), StringComparison.Ordinal);

    [Fact]
    public async Task Anonymous_callers_are_sent_to_sign_in_or_get_401_and_see_nothing()
    {
        var foreign = await _people.OrganizationAsync("匿名から隠す株式会社", OrganizationRole.Applicant);
        var anonymous = _people.NewBrowser();
        foreach (var route in Routes().Where(AuthorizationMatrixTests.Rules.ContainsKey))
        {
            var response = await anonymous.GetAsync(Fill(route, foreign));
            var body = await response.Content.ReadAsStringAsync();
            if (route.StartsWith("api/", StringComparison.Ordinal))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route}: {response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{route}: {response.StatusCode}");
                Assert.Equal("/account/sign-in", response.Headers.Location!.AbsolutePath);
            }

            Assert.DoesNotContain("匿名から隠す株式会社", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Public_pages_answer_anonymous_callers()
    {
        var anonymous = _people.NewBrowser();
        foreach (var route in Public.Where(r => !r.Contains('{', StringComparison.Ordinal)))
        {
            var response = await anonymous.GetAsync("/" + route);
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)response.StatusCode < 500, $"{route}: {response.StatusCode}");
            Assert.False(response.Headers.Location?.OriginalString.Contains("/account/sign-in?", StringComparison.Ordinal) == true, $"{route} sends to sign-in");
        }
    }
}
