using System.Net;
using System.Text.RegularExpressions;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;

namespace Hoshi.Web.Tests.Accounts;

/// <summary>Experts, assessors, officers and everyone in a body must sign in with a second factor.</summary>
public sealed partial class TwoFactorRequiredTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [GeneratedRegex("data-testid=\"authenticator-key\">([a-z0-9 ]+)<")]
    private static partial Regex KeyPattern();

    [Theory]
    [InlineData(MembershipRole.LeadAssessor, OrganizationRole.EvaluationBody)]
    [InlineData(MembershipRole.Officer, OrganizationRole.RegistrationBody)]
    [InlineData(MembershipRole.Officer, OrganizationRole.AccreditationBody)]
    [InlineData(MembershipRole.OrgAdmin, OrganizationRole.SchemeOwner)]
    public async Task A_judge_without_two_factor_is_sent_to_enrol_before_anything_else(MembershipRole role, OrganizationRole body)
    {
        var organization = await _people.OrganizationAsync("二要素必須の機関", body);
        var person = await _people.PersonAsync(organization, role);
        var browser = _people.NewBrowser();

        var signIn = await FormPost.SendAsync(browser, "/account/sign-in", new() { ["Email"] = person.Email, ["Password"] = person.Password });
        Assert.Equal("/account/two-factor?required=true", signIn.Headers.Location!.OriginalString);
        Assert.Contains("data-testid=\"two-factor-required\"", await browser.GetStringAsync("/account/two-factor?required=true"), StringComparison.Ordinal);

        // Every other page sends them back; the API refuses.
        foreach (var path in new[] { "/organizations", $"/organizations/{organization}", "/" })
        {
            var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/two-factor?required=true", response.Headers.Location!.OriginalString);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/api/organizations/{organization}")).StatusCode);

        // Enrolling opens the way, in this same session.
        var setup = await browser.GetStringAsync("/account/two-factor");
        var key = KeyPattern().Match(setup).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var enabled = await FormPost.SendAsync(browser, "/account/two-factor", new() { ["Code"] = await Totp.NextCodeAsync(key) });
        Assert.Contains("data-testid=\"recovery-codes\"", await enabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/organizations/{organization}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/organizations/{organization}")).StatusCode);
    }

    [Fact]
    public async Task Suppliers_and_buyers_may_go_without_two_factor()
    {
        var organization = await _people.OrganizationAsync("普通の会社", OrganizationRole.Applicant, OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/organizations/{organization}")).StatusCode);
    }

    [Fact]
    public async Task Registering_as_an_expert_makes_two_factor_required()
    {
        var organization = await _people.OrganizationAsync("社内に専門家がいる会社", OrganizationRole.Applicant);
        var (_, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/organizations/{organization}")).StatusCode);

        var saved = await FormPost.SendAsync(browser, "/account/expert", new() { ["RegistrationNumber"] = "第012345号", ["TrainingCompletedOn"] = "2026-04-01" });
        Assert.Contains("data-testid=\"saved\"", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var after = await browser.GetAsync($"/organizations/{organization}");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/account/two-factor?required=true", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_judge_with_two_factor_signs_in_with_the_code_and_works()
    {
        var organization = await _people.OrganizationAsync("評価機関(二要素済み)", OrganizationRole.EvaluationBody);
        var (_, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.Assessor, twoFactor: true);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/organizations/{organization}")).StatusCode);
    }
}
