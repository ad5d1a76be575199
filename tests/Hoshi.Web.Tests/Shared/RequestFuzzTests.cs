using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Shared;

/// <summary>
/// Every page the app maps (taken from its own endpoint list, so a new page is tried without anyone
/// adding it), on the caller's own organization and on a foreign one: an unknown or missing
/// handler, a bearer token instead of a cookie, odd return addresses. Never a 500; an unknown
/// handler never renders the page; a token never opens a page.
/// </summary>
public sealed partial class RequestFuzzTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex Placeholder();

    private IReadOnlyList<string> PageRoutes() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => e.RoutePattern.RawText?.Trim('/') ?? "").Distinct().Order(StringComparer.Ordinal)];

    private static string Fill(string route, Guid organization) => "/" + Placeholder().Replace(route, match => match.Value switch
    {
        "{id:guid}" => organization.ToString(),
        var p when p.Contains(":guid", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
        "{code:int}" => "404",
        "{corporateNumber}" => "1234567890123",
        "{lang}" => "en",
        var p when p.EndsWith("?}", StringComparison.Ordinal) => "",
        _ => "x1",
    }).TrimEnd('/');

    [Fact]
    public async Task Unknown_or_missing_handlers_on_every_page_never_answer_500_nor_render_a_foreign_organization()
    {
        var own = await _people.OrganizationAsync("ハンドラを試す会社", OrganizationRole.Applicant, OrganizationRole.Buyer);
        var foreign = await _people.OrganizationAsync("よその会社", OrganizationRole.Applicant, OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(own, MembershipRole.OrgAdmin);
        var token = FormPost.TokenOf(await browser.GetStringAsync("/account"));
        var routes = PageRoutes();
        Assert.True(routes.Count > 40, $"only {routes.Count} pages found");
        var problems = new List<string>();
        foreach (var route in routes)
        {
            // On a foreign organization's page nothing may render, whatever the handler (a page with a
            // default handler runs it, and its guard answers 404); on one's own, never a 500.
            var foreignPage = route.Contains("{id:guid}", StringComparison.Ordinal) && !EndpointAccessTests.Public.Contains(route);
            foreach (var organization in new[] { own, foreign })
            {
                var path = Fill(route, organization);
                var mustRefuse = organization == foreign && foreignPage;
                var attempts = new (string Label, Func<Task<HttpResponseMessage>> Send)[]
                {
                    ($"POST {path}?handler=NoSuchHandler", () => browser.PostAsync(path + "?handler=NoSuchHandler", Form(token))),
                    ($"POST {path}", () => browser.PostAsync(path, Form(token))),
                    ($"GET {path}?handler=NoSuchHandler", () => browser.GetAsync(path + "?handler=NoSuchHandler")),
                };
                foreach (var (label, send) in attempts)
                {
                    var status = (int)(await send()).StatusCode;
                    if (status >= 500 || (mustRefuse && status < 300))
                    {
                        problems.Add($"{label} → {status}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static FormUrlEncodedContent Form(string token) => new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

    [Fact]
    public async Task A_bearer_token_opens_no_page_and_causes_no_500()
    {
        var own = await _people.OrganizationAsync("トークンを持つ会社", OrganizationRole.Applicant, OrganizationRole.Buyer);
        var admin = await _people.PersonAsync(own, MembershipRole.OrgAdmin);
        string secret;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiTokenStore>()
                .CreateAsync(own, "fuzz", Enum.GetValues<ApiScope>(), admin.UserId, null);
        }

        var machine = _people.ReplayBrowser();
        machine.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync($"/api/organizations/{own}")).StatusCode);
        var problems = new List<string>();
        foreach (var route in PageRoutes().Where(r => !EndpointAccessTests.Public.Contains(r)))
        {
            var path = Fill(route, own);
            var page = await machine.GetAsync(path);
            if (page.StatusCode != HttpStatusCode.Redirect || page.Headers.Location is not { } to || (to.IsAbsoluteUri ? to.AbsolutePath : to.OriginalString.Split('?')[0]) != "/account/sign-in")
            {
                problems.Add($"GET {path} with a token → {(int)page.StatusCode} {page.Headers.Location}");
            }

            var posted = await machine.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "トークンで追加" }));
            if ((int)posted.StatusCode is < 300 or >= 500)
            {
                problems.Add($"POST {path} with a token → {(int)posted.StatusCode}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("/%C3%A9", "/%C3%A9")]
    [InlineData("/registry?q=%E6%98%9F", "/registry?q=%E6%98%9F")]
    [InlineData("/catalog/%E6%98%9F", "/catalog/%E6%98%9F")]
    [InlineData("/%09", "/")]
    [InlineData("/%7F", "/")]
    [InlineData("/a%0D%0ALocation:%20https://evil.test", "/")]
    [InlineData("//evil.test", "/")]
    [InlineData("/\\evil.test", "/")]
    [InlineData("https://evil.test/", "/")]
    [InlineData("/%E2%80%AEtxt", "/")]
    public async Task The_language_switch_goes_back_only_to_a_clean_local_address(string returnUrl, string expected)
    {
        var response = await _people.NewBrowser().GetAsync("/language/en?returnUrl=" + returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_in_goes_back_to_an_odd_return_address_without_a_500()
    {
        var organization = await _people.OrganizationAsync("戻り先を試す会社", OrganizationRole.Applicant);
        var person = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        foreach (var (returnUrl, expected) in new[] { ("/%C3%A9", "/%C3%A9"), ("/%0D%0Ax", "/"), ("//evil.test", "/") })
        {
            var browser = _people.NewBrowser();
            var page = await browser.GetStringAsync("/account/sign-in");
            var response = await browser.PostAsync("/account/sign-in?ReturnUrl=" + returnUrl, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = person.Email,
                ["Password"] = person.Password,
                ["ReturnUrl"] = Uri.UnescapeDataString(returnUrl),
                ["__RequestVerificationToken"] = FormPost.TokenOf(page),
            }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(expected, response.Headers.Location!.OriginalString);
        }
    }
}
