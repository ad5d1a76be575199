using System.Net;
using Hoshi.Data.Accounts;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Accounts;

/// <summary>
/// The person behind a request is read with the session in one statement and kept for that request
/// only (issue 28): whatever changes in the database counts from the very next request, on every
/// node. These tests change the rows directly, as another node or an operator would, with no
/// in-process notice, and expect the next request to see it.
/// </summary>
public sealed class ActorFreshnessTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task A_membership_removed_in_the_database_loses_access_on_the_next_request()
    {
        var first = await _people.OrganizationAsync("残る所属の会社", OrganizationRole.Applicant);
        var second = await _people.OrganizationAsync("外される所属の会社", OrganizationRole.Applicant);
        var (person, browser) = await _people.SignedInMemberAsync(first, MembershipRole.OrgAdmin);
        await _people.WithDbAsync(async db =>
        {
            db.Memberships.Add(new MembershipRecord { UserId = person.UserId, OrganizationId = second, Role = MembershipRole.OrgAdmin, CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/organizations/{second}/edit")).StatusCode);

        await _people.WithDbAsync(db => db.Memberships.Where(m => m.UserId == person.UserId && m.OrganizationId == second).ExecuteDeleteAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/organizations/{second}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/organizations/{first}/edit")).StatusCode);
    }

    [Fact]
    public async Task An_organization_role_withdrawn_in_the_database_closes_its_pages_on_the_next_request()
    {
        var buyer = await _people.OrganizationAsync("役割を失う発注者", OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/organizations/{buyer}/suppliers")).StatusCode);

        await _people.WithDbAsync(db => db.Set<OrganizationRoleRecord>().Where(r => r.OrganizationId == buyer && r.Role == OrganizationRole.Buyer).ExecuteDeleteAsync());

        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync($"/organizations/{buyer}/suppliers")).StatusCode);
    }

    [Fact]
    public async Task An_organization_renamed_in_the_database_shows_its_new_name_on_the_next_request()
    {
        // The names of the person's organizations are read with the person (no statement of the page's own).
        var buyer = await _people.OrganizationAsync("改名前の発注者株式会社", OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.OrgAdmin);
        Assert.Contains("改名前の発注者株式会社", await browser.GetStringAsync($"/organizations/{buyer}/suppliers"), StringComparison.Ordinal);

        await _people.WithDbAsync(db => db.Organizations.Where(o => o.Id == buyer).ExecuteUpdateAsync(u => u.SetProperty(o => o.LegalNameJa, "改名後の発注者株式会社")));

        var page = await browser.GetStringAsync($"/organizations/{buyer}/suppliers");
        Assert.Contains("改名後の発注者株式会社", page, StringComparison.Ordinal);
        Assert.DoesNotContain("改名前の発注者株式会社", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_whose_sessions_the_operator_ended_is_signed_out_on_the_next_request()
    {
        var organization = await _people.OrganizationAsync("止められる人の会社", OrganizationRole.Applicant);
        var (person, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account")).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SessionStore>().EndAllAsync(person.UserId, SessionEnd.EndedByOperator, null, "operator", null, default);
        }

        var next = await browser.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.StartsWith("/account/sign-in", next.Headers.Location?.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_security_stamp_changed_in_the_database_ends_the_session_on_the_next_request()
    {
        var organization = await _people.OrganizationAsync("合言葉を変えた人の会社", OrganizationRole.Applicant);
        var (person, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account")).StatusCode);

        await _people.WithDbAsync(db => db.Users.Where(u => u.Id == person.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.SecurityStamp, Guid.NewGuid().ToString("N"))));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account")).StatusCode);
        Assert.Equal(SessionEnd.Replaced, await _people.WithDbAsync(db => db.Sessions.Where(s => s.UserId == person.UserId).Select(s => s.EndReason).SingleAsync()));
    }
}
