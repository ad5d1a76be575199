using System.Net;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Guidance;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Features.Guidance;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Guidance;

/// <summary>Hoshi's help beside the criteria: shown marked as Hoshi's guide, edited by the scheme owner with history, stale edits refused.</summary>
public sealed class HelpTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task Every_criterion_of_the_2026_03_catalog_has_complete_help_in_japanese_and_english()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var catalogs = scope.ServiceProvider.GetRequiredService<CatalogStore>();
        await catalogs.ImportShippedAsync("test");
        var catalog = (await catalogs.GetAsync("scs-2026-03"))!.Catalog;
        var help = GuidanceStore.Shipped["scs-2026-03"];
        var (missing, unknown) = HelpFile.Coverage(catalog, help);
        Assert.Empty(missing);
        Assert.Empty(unknown);
        Assert.Equal(81, catalog.AllCriteria.Count(c => c.AppliesTo(Domain.Level.Star3)));
        Assert.Equal(72, catalog.AllCriteria.Count(c => c.Levels.SequenceEqual([Domain.Level.Star4])));
        Assert.Equal(153, help.Count);
        Assert.All(help, h => Assert.Empty(h.Problems()));
    }

    [Fact]
    public async Task The_requirement_page_shows_the_help_marked_and_the_scheme_owner_edits_it_with_history()
    {
        var client = factory.CreateClient();
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/catalog/scs-2026-03/requirements/4-1-3"));
        Assert.Contains("data-testid=\"help-4-1-3-2\"", page, StringComparison.Ordinal);
        Assert.Contains("Hoshi のガイド", page, StringComparison.Ordinal);
        Assert.Contains("(制度の公式の文ではありません)", page, StringComparison.Ordinal);
        Assert.Contains("多要素認証", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/catalog/scs-2026-03/help/", page, StringComparison.Ordinal);
        var english = WebUtility.HtmlDecode(await client.GetStringAsync("/catalog/scs-2026-03/requirements/4-1-3?lang=en"));
        Assert.Contains("Hoshi's guide", english, StringComparison.Ordinal);
        Assert.Contains("enforce multi-factor authentication for everyone", english, StringComparison.Ordinal);

        var (_, stranger) = await _people.SignedInMemberAsync(await _people.OrganizationAsync("ガイドを直せない会社", OrganizationRole.Buyer), MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync("/catalog/scs-2026-03/help/4-1-3-2")).StatusCode);

        var owner = await _people.OrganizationAsync("制度運営(ガイド)", OrganizationRole.SchemeOwner);
        var (officer, browser) = await _people.SignedInMemberAsync(owner, MembershipRole.OrgAdmin, twoFactor: true);
        Assert.Contains("/catalog/scs-2026-03/help/4-1-3-2", await browser.GetStringAsync("/catalog/scs-2026-03/requirements/4-1-3"), StringComparison.Ordinal);
        var form = WebUtility.HtmlDecode(await browser.GetStringAsync("/catalog/scs-2026-03/help/4-1-3-2"));
        Assert.Contains("Hoshi の初期版", form, StringComparison.Ordinal);

        Dictionary<string, string> Fields(string meaning, int version) => new()
        {
            ["Texts[meaning.ja]"] = meaning,
            ["Texts[meaning.en]"] = "Always use multi-factor sign-in for cloud services holding important secrets.",
            ["Texts[practice.ja]"] = "管理画面で多要素認証を強制する。",
            ["Texts[practice.en]"] = "Enforce it in the admin console.",
            ["Texts[evidence.ja]"] = "設定画面の名前。",
            ["Texts[evidence.en]"] = "The setting's name.",
            ["Texts[example.ja]"] = "はい。全員に強制しています。",
            ["Texts[example.en]"] = "Yes. Enforced for everyone.",
            ["Texts[forExperts.ja]"] = "強制になっているかを見る。",
            ["Texts[forExperts.en]"] = "Check it is enforced.",
            ["Action"] = "ConfigureSystems",
            ["EffortHours"] = "1.5",
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        var saved = await FormPost.SendWithTokenFromAsync(browser, "/catalog/scs-2026-03/help/4-1-3-2", "/catalog/scs-2026-03/help/4-1-3-2", Fields("重要な情報のクラウドには、必ず二段階の確認でログインします。", 0));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var shown = WebUtility.HtmlDecode(await client.GetStringAsync("/catalog/scs-2026-03/requirements/4-1-3?lang=ja"));
        Assert.Contains("重要な情報のクラウドには、必ず二段階の確認でログインします。", shown, StringComparison.Ordinal);
        Assert.Contains("およそ 1.5 時間", shown, StringComparison.Ordinal);

        // A second editor still on version 0: refused with 409, what they typed kept on the form.
        var stale = await FormPost.SendWithTokenFromAsync(browser, "/catalog/scs-2026-03/help/4-1-3-2", "/catalog/scs-2026-03/help/4-1-3-2", Fields("古いフォームからの編集", 0));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("古いフォームからの編集", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Missing Japanese: refused, nothing stored.
        var empty = Fields("", 1);
        var refused = await FormPost.SendWithTokenFromAsync(browser, "/catalog/scs-2026-03/help/4-1-3-2", "/catalog/scs-2026-03/help/4-1-3-2", empty);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        var history = WebUtility.HtmlDecode(await browser.GetStringAsync("/catalog/scs-2026-03/help/4-1-3-2"));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(history, "<li>\\s*<details>"));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "help.edited" && a.ObjectId == "scs-2026-03/4-1-3-2" && a.Actor == officer.UserId.ToString())));
    }
}
