using System.Net;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Shared;

/// <summary>
/// Every endpoint the app maps, from its own endpoint data source: public ones answer anonymous
/// callers; every other one sends anonymous callers to sign in (pages) or answers 401 (API), and
/// never shows a foreign organization. An endpoint missing from these tables fails the test, so a
/// new page or API has to say who may use it.
/// </summary>
public sealed class EndpointAccessTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    /// <summary>Open to anyone.</summary>
    private static readonly HashSet<string> Public =
    [
        "", "catalog", "catalog/{id}", "catalog/{id}/search", "catalog/{id}/requirements/{no}",
        "api/catalog/versions", "api/catalog/versions/{id}", "api/catalog/versions/{id}/oscal",
        "health/live", "health/ready", "error/{code:int}", "language/{lang}", "openapi/{documentName}.json",
        "account/sign-in", "account/sign-in/code", "account/sign-up", "account/sign-up/sent", "account/confirm",
        "account/forgot-password", "account/reset-password", "account/external/callback", "invitations/{secret}", "registry", "catalog/diff",
        "api/registry/{corporateNumber}", "api/registry", "api/registry/status", "registry/{corporateNumber}", "registry/certificates/{id:guid}",
        "api/certificates/{id}", "api/certificates/{id}/status", ".well-known/jwks.json",
        "api/log/head", "api/log/entries", "api/log/proof", "api/log/consistency", "requests/{secret}",
    ];

    /// <summary>Signed-in only; what a plain administrator of some other organization gets.</summary>
    private static readonly Dictionary<string, HttpStatusCode> SignedIn = new()
    {
        ["account"] = HttpStatusCode.OK,
        ["account/two-factor"] = HttpStatusCode.OK,
        ["account/expert"] = HttpStatusCode.OK,
        ["organizations"] = HttpStatusCode.OK,
        ["organizations/new"] = HttpStatusCode.OK,
        ["admin/audit"] = HttpStatusCode.Forbidden,
        ["admin/jobs"] = HttpStatusCode.Forbidden,
        ["admin/analytics"] = HttpStatusCode.Forbidden,
        ["admin/analytics/activity"] = HttpStatusCode.Forbidden,
        ["catalog/{id}/help/{criterionId}"] = HttpStatusCode.Forbidden,
        ["assessments/{assessmentId:guid}/plan"] = HttpStatusCode.NotFound,
        ["assessments/{assessmentId:guid}/templates"] = HttpStatusCode.NotFound,
        ["assessments/{assessmentId:guid}/guided"] = HttpStatusCode.NotFound,
        ["notifications"] = HttpStatusCode.OK,
        ["organizations/{id:guid}"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/edit"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/invite"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/tokens"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/tokens/{tokenId:guid}/revoke"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/audit"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/members/{userId:guid}/remove"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/assessments"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/suppliers"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/suppliers/{supplierId:guid}"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/suppliers/{supplierId:guid}/edit"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/suppliers/{supplierId:guid}/request"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/suppliers/changes"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/suppliers/partner-check"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/suppliers/imports/{importId:guid}"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/requests"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/disclosures"] = HttpStatusCode.NotFound,
        ["organizations/{id:guid}/disclosed/{grantId:guid}"] = HttpStatusCode.NotFound,
        ["assessments/{assessmentId:guid}"] = HttpStatusCode.NotFound,
        ["assessments/{assessmentId:guid}/scope"] = HttpStatusCode.NotFound,
        ["assessments/{assessmentId:guid}/sheet"] = HttpStatusCode.NotFound,
        ["assessments/{assessmentId:guid}/excel"] = HttpStatusCode.NotFound,
        ["reviews"] = HttpStatusCode.OK,
        ["reviews/{assessmentId:guid}"] = HttpStatusCode.NotFound,
        ["reviews/{assessmentId:guid}/excel"] = HttpStatusCode.NotFound,
        ["registrations"] = HttpStatusCode.OK,
        ["accreditations"] = HttpStatusCode.Forbidden,
        ["evaluations"] = HttpStatusCode.OK,
        ["evaluations/{id:guid}"] = HttpStatusCode.NotFound,
        ["evaluations/{id:guid}/technical"] = HttpStatusCode.NotFound,
        ["evaluations/{id:guid}/audit"] = HttpStatusCode.NotFound,
        ["assessments/{assessmentId:guid}/evaluation"] = HttpStatusCode.NotFound,
        ["accreditations/{id:guid}"] = HttpStatusCode.NotFound,
        ["registrations/{assessmentId:guid}"] = HttpStatusCode.NotFound,
        ["api/organizations/{id:guid}"] = HttpStatusCode.NotFound,
        ["api/organizations/{id:guid}/audit"] = HttpStatusCode.NotFound,
        ["api/organizations/{id:guid}/suppliers"] = HttpStatusCode.NotFound,
        ["api/organizations/{id:guid}/suppliers/status"] = HttpStatusCode.NotFound,
        ["api/organizations/{id:guid}/suppliers/{supplierId:guid}"] = HttpStatusCode.NotFound,
        ["api/organizations/{id:guid}/suppliers/imports"] = HttpStatusCode.NotFound,
        ["api/organizations/{id:guid}/suppliers/imports/{importId:guid}"] = HttpStatusCode.NotFound,
    };

    private IReadOnlyList<string> Routes() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText?.Trim('/') ?? "").Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_endpoint_is_in_the_access_tables()
    {
        var unknown = Routes().Where(r => !Public.Contains(r) && !SignedIn.ContainsKey(r)).ToList();
        Assert.True(unknown.Count == 0, "Say who may use: " + string.Join(", ", unknown));
    }

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
        foreach (var route in Routes().Where(SignedIn.ContainsKey))
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
    public async Task People_of_another_organization_get_403_or_404_and_see_nothing_of_it()
    {
        var foreign = await _people.OrganizationAsync("他社から隠す株式会社", OrganizationRole.Applicant, OrganizationRole.Buyer);
        var own = await _people.OrganizationAsync("自社(表の持ち主)", OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(own, MembershipRole.OrgAdmin);
        foreach (var route in Routes().Where(SignedIn.ContainsKey))
        {
            var response = await admin.GetAsync(Fill(route, foreign));
            Assert.True(response.StatusCode == SignedIn[route], $"{route}: {response.StatusCode}, expected {SignedIn[route]}");
            Assert.DoesNotContain("他社から隠す株式会社", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
