using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Tests.Assessments;

/// <summary>Starting a ★3 round, the scope questionnaire and the sheet, over HTTP as a browser does.</summary>
public sealed class SelfAssessmentPageTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private async Task<(Guid Organization, HttpClient Browser, Guid Assessment)> StartedAsync()
    {
        var organization = await _people.OrganizationAsync("自己評価する株式会社", OrganizationRole.Applicant);
        var (_, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        var started = await FormPost.SendAsync(browser, $"/organizations/{organization}/assessments?handler=Start", []);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;
        Assert.Matches("^/assessments/[0-9a-f-]{36}$", location);
        return (organization, browser, Guid.Parse(location["/assessments/".Length..]));
    }

    [Fact]
    public async Task An_applicant_starts_a_star3_round_on_the_published_catalog()
    {
        var (organization, browser, assessment) = await StartedAsync();
        var overview = await browser.GetStringAsync($"/assessments/{assessment}");
        Assert.Contains("0 / 81 回答済み", overview, StringComparison.Ordinal);
        Assert.Contains("scs-2026-03", overview, StringComparison.Ordinal);
        Assert.Contains("回答中", overview, StringComparison.Ordinal);

        // Starting again opens the same round.
        var again = await FormPost.SendWithTokenFromAsync(browser, "/account", $"/organizations/{organization}/assessments?handler=Start", []);
        Assert.Equal($"/assessments/{assessment}", again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_scope_is_saved_as_a_draft_and_says_what_is_still_open()
    {
        var (_, browser, assessment) = await StartedAsync();
        var page = await browser.GetStringAsync($"/assessments/{assessment}/scope");
        Assert.Contains("制御システム(OT)", page, StringComparison.Ordinal);
        Assert.Contains("data-show-when=\"Input.BoundaryDevicesInScope=yes\"", page, StringComparison.Ordinal);

        var partial = await FormPost.SendAsync(browser, $"/assessments/{assessment}/scope", new()
        {
            ["Input.Version"] = "0",
            ["Input.WholeCompany"] = "no",
            ["Input.BoundaryDevicesInScope"] = "yes",
            ["Input.Entities"] = "5010-4010-67252 株式会社ほしの販売",
        });
        var html = await partial.Content.ReadAsStringAsync();
        Assert.Contains("未回答の質問があと", html, StringComparison.Ordinal);

        // A stale form (version 0 again) is refused; the typed text is kept.
        var stale = await FormPost.SendAsync(browser, $"/assessments/{assessment}/scope", new() { ["Input.Version"] = "0", ["Input.Locations"] = "古い画面の拠点" });
        var staleHtml = await stale.Content.ReadAsStringAsync();
        Assert.Contains("ほかの人が先に適用範囲を保存しました", staleHtml, StringComparison.Ordinal);
        Assert.Contains("古い画面の拠点", staleHtml, StringComparison.Ordinal);

        var complete = await FormPost.SendAsync(browser, $"/assessments/{assessment}/scope", new()
        {
            ["Input.Version"] = "1",
            ["Input.WholeCompany"] = "no",
            ["Input.ScopeDefinition"] = "本社の事務部門",
            ["Input.ExclusionProtection"] = "工場ネットワークとはファイアウォールで分離",
            ["Input.BoundaryDevicesInScope"] = "yes",
            ["Input.BoundaryProtection"] = "UTMで通信を制限",
            ["Input.CloudInScope"] = "yes",
            ["Input.ByodInScope"] = "no",
            ["Input.RemoteWorkInScope"] = "yes",
            ["Input.Locations"] = "本社(愛知県豊田市)",
            ["Input.Entities"] = "5010-4010-67252 株式会社ほしの販売",
            ["Input.FillerName"] = "山田 太郎",
            ["Input.FillerDepartment"] = "総務部",
            ["Input.FillerExperienceYears"] = "３",
        });
        Assert.Contains("すべて回答済みです", await complete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"scope-state\">完了", await browser.GetStringAsync($"/assessments/{assessment}"), StringComparison.Ordinal);

        var bad = await FormPost.SendAsync(browser, $"/assessments/{assessment}/scope", new() { ["Input.Version"] = "2", ["Input.Entities"] = "1180301018772 チェック違い株式会社" });
        Assert.Contains("法人番号が正しくありません", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_save_one_by_one_and_a_second_editor_gets_a_conflict()
    {
        var (_, browser, assessment) = await StartedAsync();
        var sheet = await browser.GetStringAsync($"/assessments/{assessment}/sheet?category=1");
        Assert.Contains("id=\"c-1-2-1-1\"", sheet, StringComparison.Ordinal);
        Assert.Contains("実施している", sheet, StringComparison.Ordinal);
        Assert.Contains("該当しない", sheet, StringComparison.Ordinal);

        // Without JavaScript: the item's own Save button, then back to the item.
        var plain = await FormPost.SendAsync(browser, $"/assessments/{assessment}/sheet?handler=Answer&category=1", new()
        {
            ["CriterionId"] = "1-2-1-1",
            ["Version"] = "0",
            ["Value"] = "yes",
            ["Supplement"] = "情報セキュリティ基本方針(2026-04-01)",
        });
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.EndsWith("#c-1-2-1-1", plain.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // With JavaScript: JSON answers.
        Task<HttpResponseMessage> SaveJsonAsync(string criterion, int version, string value, string supplement) =>
            FormPost.SendForJsonAsync(browser, $"/assessments/{assessment}/sheet", $"/assessments/{assessment}/sheet?handler=Answer&category=1", new()
            {
                ["CriterionId"] = criterion,
                ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Value"] = value,
                ["Supplement"] = supplement,
            });

        var saved = await SaveJsonAsync("1-2-1-1", 1, "yes", "情報セキュリティ基本方針(2026-05-01改定)");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var json = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(json.GetProperty("saved").GetBoolean());
        Assert.Equal(2, json.GetProperty("version").GetInt32());

        // A colleague who opened version 1 saves later: refused, told what is there now.
        var conflict = await SaveJsonAsync("1-2-1-1", 1, "no", "まだ整備していない");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var conflictJson = await conflict.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(conflictJson.GetProperty("conflict").GetBoolean());
        Assert.Contains("2026-05-01改定", conflictJson.GetProperty("message").GetString(), StringComparison.Ordinal);

        var wrong = await SaveJsonAsync("1-2-1-1", 2, "perhaps", "x");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);

        var stored = await _people.WithDbAsync(db => db.Answers.SingleAsync(a => a.AssessmentId == assessment && a.CriterionId == "1-2-1-1"));
        Assert.Equal(("yes", "情報セキュリティ基本方針(2026-05-01改定)", 2), (stored.Value, stored.Supplement, stored.Version));
        Assert.Equal(2, await _people.WithDbAsync(db => db.AnswerRevisions.CountAsync(r => r.AssessmentId == assessment)));

        var overview = await browser.GetStringAsync($"/assessments/{assessment}");
        Assert.Contains("1 / 81 回答済み", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("#c-1-2-1-1\"", overview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rounds_are_for_the_applicants_people_only()
    {
        var (organization, _, assessment) = await StartedAsync();
        var (_, stranger) = await _people.SignedInMemberAsync(await _people.OrganizationAsync("よその会社", OrganizationRole.Applicant), MembershipRole.OrgAdmin);
        foreach (var path in new[] { $"/assessments/{assessment}", $"/assessments/{assessment}/scope", $"/assessments/{assessment}/sheet", $"/organizations/{organization}/assessments" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(path)).StatusCode);
        }

        var buyer = await _people.OrganizationAsync("発注だけの会社", OrganizationRole.Buyer);
        var (_, buyerAdmin) = await _people.SignedInMemberAsync(buyer, MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyerAdmin.GetAsync($"/organizations/{buyer}/assessments")).StatusCode);
    }
}
