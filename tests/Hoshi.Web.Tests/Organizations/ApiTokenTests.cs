using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Tests.Organizations;

/// <summary>API tokens: issued on the tokens page, shown once, stored hashed, scoped to one organization, revocable.</summary>
public sealed partial class ApiTokenTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [GeneratedRegex("data-testid=\"new-token\">([^<]+)<")]
    private static partial Regex NewToken();

    private static async Task<string> IssueAsync(HttpClient admin, Guid organization, string name, params string[] scopes)
    {
        var form = new Dictionary<string, string> { ["Name"] = name };
        for (var i = 0; i < scopes.Length; i++)
        {
            form[$"Scopes[{i}]"] = scopes[i];
        }

        var response = await FormPost.SendAsync(admin, $"/organizations/{organization}/tokens", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var token = NewToken().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.StartsWith("hoshi_", token, StringComparison.Ordinal);
        return token;
    }

    private HttpClient Machine(string? token)
    {
        var client = factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    [Fact]
    public async Task A_token_reads_its_organization_within_its_scopes_and_nothing_else()
    {
        var organization = await _people.OrganizationAsync("トークン発注株式会社", OrganizationRole.Buyer);
        var foreign = await _people.OrganizationAsync("よその株式会社", OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var token = await IssueAsync(admin, organization, "調達システム", "OrganizationRead");

        // Shown once: the list shows a prefix, never the token.
        var list = await admin.GetStringAsync($"/organizations/{organization}/tokens");
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);
        Assert.Contains(token[..12], list, StringComparison.Ordinal);

        // Stored as a hash only.
        var stored = await _people.WithDbAsync(db => db.ApiTokens.SingleAsync(t => t.OrganizationId == organization));
        Assert.NotEqual(token, stored.TokenHash);
        Assert.Equal(64, stored.TokenHash.Length);
        Assert.Equal("organization:read", stored.Scopes);
        Assert.Null(stored.LastUsedAt);

        using var machine = Machine(token);
        var details = await machine.GetAsync($"/api/organizations/{organization}");
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);
        var json = await details.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("トークン発注株式会社", json.GetProperty("legalNameJa").GetString());
        Assert.Equal("Buyer", json.GetProperty("roles")[0].GetString());

        // Out of scope: 403; another organization: 404 without its data.
        var audit = await machine.GetAsync($"/api/organizations/{organization}/audit");
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
        Assert.Equal("application/problem+json", audit.Content.Headers.ContentType?.MediaType);
        var other = await machine.GetAsync($"/api/organizations/{foreign}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("よその株式会社", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A token is no way into the pages either: they ignore it and ask for a signed-in person.
        var page = await machine.GetAsync($"/organizations/{organization}/tokens");
        Assert.Equal("/account/sign-in", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.DoesNotContain("data-testid=\"token", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var lastUsed = await _people.WithDbAsync(db => db.ApiTokens.Where(t => t.Id == stored.Id).Select(t => t.LastUsedAt).SingleAsync());
        Assert.NotNull(lastUsed);
        Assert.DoesNotContain("未使用", await admin.GetStringAsync($"/organizations/{organization}/tokens"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_scope_reads_the_audit_trail()
    {
        var organization = await _people.OrganizationAsync("監査連携株式会社", OrganizationRole.Buyer);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var token = await IssueAsync(admin, organization, "監査ログ収集", "AuditRead");

        using var machine = Machine(token);
        var audit = await machine.GetFromJsonAsync<JsonElement>($"/api/organizations/{organization}/audit?pageSize=5");
        Assert.Equal(5, audit.GetProperty("pageSize").GetInt32());
        var actions = audit.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()).ToList();
        Assert.Contains("api-token.created", actions);
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.GetAsync($"/api/organizations/{organization}")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_stops_at_once()
    {
        var organization = await _people.OrganizationAsync("失効株式会社", OrganizationRole.Buyer);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var token = await IssueAsync(admin, organization, "古い連携", "OrganizationRead");
        using var machine = Machine(token);
        Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync($"/api/organizations/{organization}")).StatusCode);

        var id = await _people.WithDbAsync(db => db.ApiTokens.Where(t => t.OrganizationId == organization).Select(t => t.Id).SingleAsync());
        var confirm = await admin.GetStringAsync($"/organizations/{organization}/tokens/{id}/revoke");
        Assert.Contains("元に戻せません", confirm, StringComparison.Ordinal);
        var revoked = await FormPost.SendAsync(admin, $"/organizations/{organization}/tokens/{id}/revoke", []);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        var after = await machine.GetAsync($"/api/organizations/{organization}");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("Bearer", after.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("api-token.revoked", await admin.GetStringAsync($"/organizations/{organization}/audit"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("hoshi_not-a-real-token")]
    [InlineData("something-else")]
    public async Task Without_a_valid_token_the_API_answers_401_as_problem_details(string? token)
    {
        var organization = await _people.OrganizationAsync("匿名対象株式会社", OrganizationRole.Buyer);
        using var machine = Machine(token);
        foreach (var path in new[] { $"/api/organizations/{organization}", $"/api/organizations/{organization}/audit" })
        {
            var response = await machine.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("匿名対象株式会社", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task People_use_the_same_API_with_their_sign_in_and_their_rights()
    {
        var organization = await _people.OrganizationAsync("画面とAPI株式会社", OrganizationRole.Applicant);
        var foreign = await _people.OrganizationAsync("見えない株式会社", OrganizationRole.Applicant);
        var (_, member) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/api/organizations/{organization}")).StatusCode);
        var audit = await member.GetAsync($"/api/organizations/{organization}/audit");
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
        Assert.Equal("application/problem+json", audit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/organizations/{foreign}")).StatusCode);
    }

    [Fact]
    public async Task A_token_needs_a_name_and_a_scope()
    {
        var organization = await _people.OrganizationAsync("入力確認株式会社", OrganizationRole.Buyer);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var response = await FormPost.SendAsync(admin, $"/organizations/{organization}/tokens", new() { ["Name"] = " " });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("名前を入力してください", html, StringComparison.Ordinal);
        Assert.Contains("権限を1つ以上選んでください", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"new-token\"", html, StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.ApiTokens.AnyAsync(t => t.OrganizationId == organization)));
    }
}
