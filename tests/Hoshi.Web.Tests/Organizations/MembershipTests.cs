using System.Net;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Tests.Organizations;

/// <summary>Administrators change roles and remove members; an organization keeps at least one administrator.</summary>
public sealed class MembershipTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task An_administrator_promotes_a_member_then_steps_down_and_the_last_one_cannot()
    {
        var organization = await _people.OrganizationAsync("役割変更株式会社", OrganizationRole.Applicant);
        var (admin, adminBrowser) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var member = await _people.PersonAsync(organization, MembershipRole.Member);

        // Alone as administrator: stepping down is refused and explained.
        var refused = await FormPost.SendAsync(adminBrowser, $"/organizations/{organization}?handler=ChangeRole",
            new() { ["MemberId"] = admin.UserId.ToString(), ["FromRole"] = "OrgAdmin", ["ToRole"] = "Member" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("管理者が少なくとも1人必要です", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var promoted = await FormPost.SendAsync(adminBrowser, $"/organizations/{organization}?handler=ChangeRole",
            new() { ["MemberId"] = member.UserId.ToString(), ["FromRole"] = "Member", ["ToRole"] = "OrgAdmin" });
        Assert.Equal(HttpStatusCode.Redirect, promoted.StatusCode);

        var removeUrl = $"/organizations/{organization}/members/{admin.UserId}/remove?role=OrgAdmin";
        Assert.Contains("「役割変更株式会社」から外します", await adminBrowser.GetStringAsync(removeUrl), StringComparison.Ordinal);
        var removed = await FormPost.SendAsync(adminBrowser, removeUrl, new() { ["Role"] = "OrgAdmin" });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);

        // The former administrator no longer sees the organization.
        Assert.Equal(HttpStatusCode.NotFound, (await adminBrowser.GetAsync($"/organizations/{organization}")).StatusCode);
        var roles = await _people.WithDbAsync(db => db.Memberships.Where(m => m.OrganizationId == organization).Select(m => m.Role).ToListAsync());
        Assert.Equal([MembershipRole.OrgAdmin], roles);
        var actions = await _people.WithDbAsync(db => db.AuditRecords.Where(a => a.OrganizationId == organization.ToString()).Select(a => a.Action).ToListAsync());
        Assert.Contains("membership.role-changed", actions);
        Assert.Contains("membership.removed", actions);
    }

    [Fact]
    public async Task A_member_cannot_change_roles()
    {
        var organization = await _people.OrganizationAsync("一般メンバー株式会社", OrganizationRole.Applicant);
        var admin = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var (_, member) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        var attempt = await FormPost.SendWithTokenFromAsync(member, "/account", $"/organizations/{organization}?handler=ChangeRole",
            new() { ["MemberId"] = admin.UserId.ToString(), ["FromRole"] = "OrgAdmin", ["ToRole"] = "Member" });
        Assert.Equal(HttpStatusCode.Forbidden, attempt.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/organizations/{organization}/members/{admin.UserId}/remove?role=OrgAdmin")).StatusCode);
    }
}
