using System.Net;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Tests.Organizations;

/// <summary>Registering and editing organizations, role grants, and who may open which organization page.</summary>
public sealed class OrganizationPageTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private static Dictionary<string, string> OrganizationForm(string name, string? corporateNumber = null, string band = "From11To50", params string[] roles)
    {
        var form = new Dictionary<string, string>
        {
            ["Input.LegalNameJa"] = name,
            ["Input.CorporateNumber"] = corporateNumber ?? "",
            ["Input.EmployeeBand"] = band,
            ["Input.Industry"] = "24 金属製品製造業",
            ["Input.PrefectureCode"] = "23",
        };
        foreach (var (role, i) in roles.Select((r, i) => (r, i)))
        {
            form[$"Roles[{i}]"] = role;
        }

        return form;
    }

    [Fact]
    public async Task A_person_registers_a_company_and_becomes_its_administrator()
    {
        var home = await _people.OrganizationAsync("無所属の仮組織");
        var (person, browser) = await _people.SignedInMemberAsync(home, MembershipRole.Member);

        var created = await FormPost.SendAsync(browser, "/organizations/new", OrganizationForm("株式会社テスト精機", "1180301018771", "From11To50", "Applicant", "Buyer"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        Assert.Matches("^/organizations/[0-9a-f-]{36}\\?created=True$", location);
        var id = Guid.Parse(location["/organizations/".Length..location.IndexOf('?', StringComparison.Ordinal)]);

        var page = await browser.GetStringAsync(location);
        Assert.Contains("株式会社テスト精機", page, StringComparison.Ordinal);
        Assert.Contains("1180301018771", page, StringComparison.Ordinal);
        Assert.Contains("取得希望組織", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"edit\"", page, StringComparison.Ordinal);

        var (roles, membership, audit) = await _people.WithDbAsync(async db => (
            await db.Set<OrganizationRoleRecord>().Where(r => r.OrganizationId == id).Select(r => r.Role).OrderBy(r => r).ToListAsync(),
            await db.Memberships.SingleAsync(m => m.OrganizationId == id),
            await db.AuditRecords.Where(a => a.OrganizationId == id.ToString()).Select(a => a.Action).ToListAsync()));
        Assert.Equal([OrganizationRole.Applicant, OrganizationRole.Buyer], roles);
        Assert.Equal((person.UserId, MembershipRole.OrgAdmin), (membership.UserId, membership.Role));
        Assert.Contains("organization.created", audit);
        Assert.Contains("membership.added", audit);
        Assert.Equal(2, audit.Count(a => a == "organization.role-granted"));
    }

    [Theory]
    [InlineData("1180301018772", "チェック用数字が合いません")]
    [InlineData("118030101877", "桁数が違います")]
    [InlineData("11803010187A1", "数字だけを入力してください")]
    public async Task A_wrong_corporate_number_is_refused_with_the_reason_and_nothing_is_stored(string number, string reason)
    {
        var home = await _people.OrganizationAsync("無所属の仮組織");
        var (_, browser) = await _people.SignedInMemberAsync(home, MembershipRole.Member);
        var name = "株式会社誤番号" + Guid.NewGuid().ToString("N")[..6];

        var response = await FormPost.SendAsync(browser, "/organizations/new", OrganizationForm(name, number, "From11To50", "Applicant"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(reason, html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{name}\"", html, StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.Organizations.AnyAsync(o => o.LegalNameJa == name)));
    }

    [Fact]
    public async Task A_body_role_cannot_be_declared_by_the_organization_itself()
    {
        var home = await _people.OrganizationAsync("無所属の仮組織");
        var (_, browser) = await _people.SignedInMemberAsync(home, MembershipRole.Member);
        var name = "自称評価機関" + Guid.NewGuid().ToString("N")[..6];

        var response = await FormPost.SendAsync(browser, "/organizations/new", OrganizationForm(name, null, "From11To50", "EvaluationBody"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("役割を選んでください", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.Organizations.AnyAsync(o => o.LegalNameJa == name)));
    }

    [Fact]
    public async Task Two_administrators_editing_at_once_the_second_is_told_and_nothing_is_overwritten()
    {
        var id = await _people.OrganizationAsync("同時編集株式会社", OrganizationRole.Applicant);
        var (_, first) = await _people.SignedInMemberAsync(id, MembershipRole.OrgAdmin);
        var (_, second) = await _people.SignedInMemberAsync(id, MembershipRole.OrgAdmin);

        // Both open the form at the same version.
        var formFirst = await first.GetStringAsync($"/organizations/{id}/edit");
        var formSecond = await second.GetStringAsync($"/organizations/{id}/edit");
        Assert.Contains("name=\"Input.Version\" value=\"0\"", formFirst, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Version\" value=\"0\"", formSecond, StringComparison.Ordinal);

        var saved = await FormPost.SendAsync(first, $"/organizations/{id}/edit", new(OrganizationForm("同時編集株式会社(一人目)")) { ["Input.Version"] = "0" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var conflict = await FormPost.SendAsync(second, $"/organizations/{id}/edit", new(OrganizationForm("同時編集株式会社(二人目)")) { ["Input.Version"] = "0" });
        Assert.Equal(HttpStatusCode.OK, conflict.StatusCode);
        var html = await conflict.Content.ReadAsStringAsync();
        Assert.Contains("ほかの人がこの組織の情報を変更しました", html, StringComparison.Ordinal);
        Assert.Contains("value=\"同時編集株式会社(二人目)\"", html, StringComparison.Ordinal);

        var stored = await _people.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Equal("同時編集株式会社(一人目)", stored.LegalNameJa);
        Assert.Equal(1, stored.Version);
        var updates = await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.OrganizationId == id.ToString() && a.Action == "organization.updated"));
        Assert.Equal(1, updates);
    }

    public static TheoryData<string> AdminPages => new() { "/edit", "/invite", "/tokens", "/audit" };

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Administration_pages_are_for_the_organizations_administrators_only(string suffix)
    {
        var own = await _people.OrganizationAsync("自社株式会社", OrganizationRole.Applicant);
        var foreign = await _people.OrganizationAsync("他社株式会社 機密", OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(own, MembershipRole.OrgAdmin);
        var (_, member) = await _people.SignedInMemberAsync(own, MembershipRole.Member);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/organizations/{own}{suffix}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/organizations/{own}{suffix}")).StatusCode);

        // A foreign organization does not exist, as far as these people can tell.
        var foreignResponse = await admin.GetAsync($"/organizations/{foreign}{suffix}");
        Assert.Equal(HttpStatusCode.NotFound, foreignResponse.StatusCode);
        Assert.DoesNotContain("他社株式会社", await foreignResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var anonymous = await _people.NewBrowser().GetAsync($"/organizations/{own}{suffix}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/sign-in", anonymous.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_organization_page_is_for_its_members_and_hidden_from_others()
    {
        var own = await _people.OrganizationAsync("自社株式会社", OrganizationRole.Buyer);
        var foreign = await _people.OrganizationAsync("他社株式会社 機密", OrganizationRole.Applicant);
        var (_, member) = await _people.SignedInMemberAsync(own, MembershipRole.Member);

        var mine = await member.GetStringAsync($"/organizations/{own}");
        Assert.Contains("自社株式会社", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"edit\"", mine, StringComparison.Ordinal);
        var other = await member.GetAsync($"/organizations/{foreign}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("他社株式会社", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var list = await member.GetStringAsync("/organizations");
        Assert.Contains("自社株式会社", list, StringComparison.Ordinal);
        Assert.DoesNotContain("他社株式会社", list, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"all-organizations\"", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scheme_owner_grants_a_body_role_and_nobody_else_can()
    {
        var owner = await _people.OrganizationAsync("制度運営(試験)", OrganizationRole.SchemeOwner);
        var target = await _people.OrganizationAsync("評価機関になる一般社団法人", OrganizationRole.Applicant);
        var (_, officer) = await _people.SignedInMemberAsync(owner, MembershipRole.Officer, twoFactor: true);
        var (_, targetAdmin) = await _people.SignedInMemberAsync(target, MembershipRole.OrgAdmin);

        // The target's own administrator may not give itself a body's role.
        var refused = await FormPost.SendWithTokenFromAsync(targetAdmin, "/account", $"/organizations/{target}?handler=Grant", new() { ["GrantRole"] = "EvaluationBody" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("data-testid=\"grant\"", await targetAdmin.GetStringAsync($"/organizations/{target}"), StringComparison.Ordinal);

        // The scheme owner sees every organization and grants it.
        var all = await officer.GetStringAsync("/organizations?q=" + Uri.EscapeDataString("評価機関になる"));
        Assert.Contains("評価機関になる一般社団法人", all, StringComparison.Ordinal);
        var granted = await FormPost.SendWithTokenFromAsync(officer, "/account", $"/organizations/{target}?handler=Grant", new() { ["GrantRole"] = "EvaluationBody" });
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        var roles = await _people.WithDbAsync(db => db.Set<OrganizationRoleRecord>().Where(r => r.OrganizationId == target).ToListAsync());
        var grant = Assert.Single(roles, r => r.Role == OrganizationRole.EvaluationBody);
        Assert.NotEqual("test", grant.GrantedBy);
    }

    [Fact]
    public async Task The_organization_audit_trail_shows_its_own_records_only_and_the_scheme_owner_sees_all()
    {
        var own = await _people.OrganizationAsync("監査を見る株式会社", OrganizationRole.Applicant);
        var foreign = await _people.OrganizationAsync("他社の監査株式会社", OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(own, MembershipRole.OrgAdmin);
        var html = await admin.GetStringAsync($"/organizations/{own}/audit");
        Assert.Contains("organization.created", html, StringComparison.Ordinal);
        Assert.Contains(own.ToString(), html, StringComparison.Ordinal);
        Assert.DoesNotContain(foreign.ToString(), html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/admin/audit")).StatusCode);

        var owner = await _people.OrganizationAsync("制度運営(監査)", OrganizationRole.SchemeOwner);
        var (_, officer) = await _people.SignedInMemberAsync(owner, MembershipRole.OrgAdmin, twoFactor: true);
        var everything = await officer.GetStringAsync("/admin/audit?action=organization.created");
        Assert.Contains(own.ToString(), everything, StringComparison.Ordinal);
        Assert.Contains(foreign.ToString(), everything, StringComparison.Ordinal);
    }
}
