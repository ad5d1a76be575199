using AngleSharp.Html.Parser;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;

namespace Hoshi.Web.Tests.Audit;

/// <summary>The organization's audit page as its administrator reads it.</summary>
public sealed class AuditPageTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task Changes_show_Japanese_as_characters_while_the_api_keeps_the_stored_record()
    {
        var organization = await _people.OrganizationAsync("監査を読む株式会社", OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        await _people.WithDbAsync(async db =>
        {
            db.Audit(new Hoshi.Domain.Audit.AuditEvent("test", organization.ToString(), "organization.note", "Organization", organization.ToString(),
                System.Text.Json.JsonSerializer.Serialize(new { address = "東京都千代田区本丸一丁目" }), null), DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

        var stored = await _people.WithDbAsync(db => Task.FromResult(db.AuditRecords.Where(a => a.OrganizationId == organization.ToString() && a.Changes != null && a.Changes.Contains("\\u")).Select(a => a.Changes!).ToList()));
        Assert.NotEmpty(stored);

        var page = new HtmlParser().ParseDocument(await admin.GetStringAsync($"/organizations/{organization}/audit"));
        var changes = page.QuerySelectorAll("[data-testid=audit-records] td.changes").Select(td => td.TextContent).ToList();
        Assert.Contains(changes, c => c.Contains("本丸一丁目", StringComparison.Ordinal));
        Assert.DoesNotContain(changes, c => c.Contains("\\u", StringComparison.Ordinal));
        Assert.All(page.QuerySelectorAll("[data-testid=audit-records] tbody td"), td => Assert.False(string.IsNullOrEmpty(td.GetAttribute("data-label"))));
    }
}
