using AngleSharp.Html.Parser;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;

namespace Hoshi.Web.Tests.Home;

/// <summary>The header shows the work links that fit the person's roles, and nothing of other roles (issue 24).</summary>
public sealed class HeaderLinksTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private static async Task<List<(string Link, string Href)>> WorkLinksAsync(HttpClient browser, string path = "/")
    {
        var page = new HtmlParser().ParseDocument(await browser.GetStringAsync(path));
        return [.. page.QuerySelectorAll("[data-testid=nav-work] a").Select(a => (a.GetAttribute("data-testid")!["nav-work-".Length..], a.GetAttribute("href")!))];
    }

    [Fact]
    public async Task An_applicant_sees_its_rounds_and_no_registrar_or_accreditation_link_on_every_page()
    {
        var organization = await _people.OrganizationAsync("見出しの申請者株式会社", OrganizationRole.Applicant);
        var (_, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        foreach (var path in new[] { "/", "/registry", $"/organizations/{organization}" })
        {
            Assert.Equal([("Rounds", $"/organizations/{organization}/assessments")], await WorkLinksAsync(browser, path));
        }
    }

    [Fact]
    public async Task A_registrar_and_an_accreditor_see_their_queues_and_the_signed_out_header_has_none()
    {
        var registrar = await _people.OrganizationAsync("見出しの登録機関", OrganizationRole.RegistrationBody);
        var (_, registrarBrowser) = await _people.SignedInMemberAsync(registrar, MembershipRole.Officer, twoFactor: true);
        Assert.Equal(["Registrations"], (await WorkLinksAsync(registrarBrowser)).Select(l => l.Link));

        var accreditor = await _people.OrganizationAsync("見出しの認定機関", OrganizationRole.AccreditationBody);
        var (_, accreditorBrowser) = await _people.SignedInMemberAsync(accreditor, MembershipRole.Officer, twoFactor: true);
        Assert.Equal(["Evaluations", "Accreditations"], (await WorkLinksAsync(accreditorBrowser)).Select(l => l.Link));

        Assert.Empty(await WorkLinksAsync(factory.CreateClient()));
        var english = await registrarBrowser.GetStringAsync("/?lang=en");
        Assert.Contains(">Registrations</a>", english, StringComparison.Ordinal);
    }
}
