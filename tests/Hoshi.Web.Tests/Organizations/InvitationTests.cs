using System.Net;
using System.Text.RegularExpressions;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Tests.Organizations;

/// <summary>Invitations: sent by an administrator, accepted once by the invited person, expiring after seven days.</summary>
public sealed partial class InvitationTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [GeneratedRegex("https?://[^\\s]+(/invitations/[A-Za-z0-9_-]+)")]
    private static partial Regex InvitationLink();

    private async Task<string> InviteAsync(HttpClient admin, Guid organization, string email, string role = "Member")
    {
        var sent = await FormPost.SendAsync(admin, $"/organizations/{organization}/invite", new() { ["Email"] = email, ["Role"] = role, ["MailLanguage"] = "ja" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var mail = await _people.MailToAsync(email);
        Assert.StartsWith("【Hoshi】", mail.Subject, StringComparison.Ordinal);
        return InvitationLink().Match(mail.TextBody ?? "").Groups[1].Value;
    }

    [Fact]
    public async Task An_existing_person_accepts_once_and_becomes_a_member()
    {
        var organization = await _people.OrganizationAsync("招待する株式会社", OrganizationRole.Applicant);
        var elsewhere = await _people.OrganizationAsync("別の会社", OrganizationRole.Buyer);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var invitee = await _people.PersonAsync(elsewhere, MembershipRole.Member);
        var link = await InviteAsync(admin, organization, invitee.Email);

        // Anyone can see what the link is for; joining asks to sign in first.
        var anonymous = await _people.NewBrowser().GetStringAsync(link);
        Assert.Contains("招待する株式会社", anonymous, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"accept-sign-in\"", anonymous, StringComparison.Ordinal);

        var browser = await _people.SignedInAsync(invitee);
        var accepted = await FormPost.SendAsync(browser, link, []);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.StartsWith($"/organizations/{organization}", accepted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/organizations/{organization}")).StatusCode);
        var role = await _people.WithDbAsync(db => db.Memberships.Where(m => m.UserId == invitee.UserId && m.OrganizationId == organization).Select(m => m.Role).SingleAsync());
        Assert.Equal(MembershipRole.Member, role);

        // The link works once.
        var again = await browser.GetStringAsync(link);
        Assert.Contains("すでに使われています", again, StringComparison.Ordinal);
        var reused = await FormPost.SendWithTokenFromAsync(browser, "/account", link, []);
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("すでに使われています", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "invitation.accepted" && a.OrganizationId == organization.ToString())));
    }

    [Fact]
    public async Task A_new_person_signs_up_from_the_link_and_comes_back_to_it()
    {
        var organization = await _people.OrganizationAsync("新人を招く株式会社", OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var email = $"new.{Guid.NewGuid():N}@example.jp";
        var link = await InviteAsync(admin, organization, email, "OrgAdmin");

        var browser = _people.NewBrowser();
        var signUpPath = $"/account/sign-up?returnUrl={Uri.EscapeDataString(link)}";
        var signUp = await FormPost.SendAsync(browser, signUpPath, new()
        {
            ["Input.DisplayName"] = "新人 花子",
            ["Input.Email"] = email,
            ["Input.Password"] = People.Password,
            ["Input.PreferredLanguage"] = "ja",
            ["ReturnUrl"] = link,
        });
        Assert.Equal(HttpStatusCode.Redirect, signUp.StatusCode);
        var confirmPage = await browser.GetStringAsync(FormPost.ConfirmLink((await _people.MailToAsync(email)).TextBody));
        Assert.Contains($"/account/sign-in?returnUrl={Uri.EscapeDataString(link)}", System.Net.WebUtility.HtmlDecode(confirmPage), StringComparison.Ordinal);

        var signIn = await FormPost.SendAsync(browser, $"/account/sign-in?returnUrl={Uri.EscapeDataString(link)}", new() { ["Email"] = email, ["Password"] = People.Password, ["ReturnUrl"] = link });
        Assert.Equal(link, signIn.Headers.Location!.OriginalString);
        var accepted = await FormPost.SendAsync(browser, link, []);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("data-testid=\"invite\"", await browser.GetStringAsync($"/organizations/{organization}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_expires_after_seven_days()
    {
        var organization = await _people.OrganizationAsync("期限の株式会社", OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var invitee = await _people.PersonAsync(await _people.OrganizationAsync("どこか"), MembershipRole.Member);
        var link = await InviteAsync(admin, organization, invitee.Email);

        var invitation = await _people.WithDbAsync(db => db.Invitations.SingleAsync(i => i.Email == invitee.Email));
        Assert.Equal(TimeSpan.FromDays(7), invitation.ExpiresAt - invitation.CreatedAt);
        // Seven days pass.
        await _people.WithDbAsync(db => db.Invitations.Where(i => i.Id == invitation.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.CreatedAt, i => i.CreatedAt.AddDays(-7)).SetProperty(i => i.ExpiresAt, DateTime.UtcNow.AddSeconds(-1))));

        var browser = await _people.SignedInAsync(invitee);
        var response = await FormPost.SendWithTokenFromAsync(browser, "/account", link, []);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("期限切れです", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.Memberships.AnyAsync(m => m.UserId == invitee.UserId && m.OrganizationId == organization)));
    }

    [Fact]
    public async Task Only_the_invited_address_can_accept_and_a_withdrawn_invitation_stops_working()
    {
        var organization = await _people.OrganizationAsync("宛先確認株式会社", OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var other = await _people.PersonAsync(await _people.OrganizationAsync("無関係"), MembershipRole.Member);
        var invited = $"invited.{Guid.NewGuid():N}@example.jp";
        var link = await InviteAsync(admin, organization, invited);

        var wrongPerson = await _people.SignedInAsync(other);
        var response = await FormPost.SendWithTokenFromAsync(wrongPerson, "/account", link, []);
        Assert.Contains($"この招待は {invited} 宛てです", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.Memberships.AnyAsync(m => m.UserId == other.UserId && m.OrganizationId == organization)));

        var invitationId = await _people.WithDbAsync(db => db.Invitations.Where(i => i.Email == invited).Select(i => i.Id).SingleAsync());
        Assert.Contains(invited, await admin.GetStringAsync($"/organizations/{organization}"), StringComparison.Ordinal);
        var revoked = await FormPost.SendAsync(admin, $"/organizations/{organization}?handler=RevokeInvitation", new() { ["InvitationId"] = invitationId.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("取り消されました", await _people.NewBrowser().GetStringAsync(link), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_roles_cannot_be_offered_in_a_supplier_and_members_cannot_invite()
    {
        var organization = await _people.OrganizationAsync("サプライヤー株式会社", OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var email = $"x.{Guid.NewGuid():N}@example.jp";

        var form = await admin.GetStringAsync($"/organizations/{organization}/invite");
        Assert.DoesNotContain("value=\"Assessor\"", form, StringComparison.Ordinal);
        var refused = await FormPost.SendAsync(admin, $"/organizations/{organization}/invite", new() { ["Email"] = email, ["Role"] = "Assessor", ["MailLanguage"] = "ja" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("この組織では選べない役割です", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (_, member) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        var forbidden = await FormPost.SendWithTokenFromAsync(member, "/account", $"/organizations/{organization}/invite", new() { ["Email"] = email, ["Role"] = "Member" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.False(await _people.WithDbAsync(db => db.Invitations.AnyAsync(i => i.Email == email)));
    }
}
