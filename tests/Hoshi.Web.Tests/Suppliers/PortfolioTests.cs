using System.Net;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Tests.Suppliers;

/// <summary>A buyer's portfolio: adding suppliers by 法人番号, their registry standing, and nobody else's portfolio.</summary>
public sealed class PortfolioTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private static Task<HttpResponseMessage> AddAsync(HttpClient browser, Guid buyer, string number, string name = "", string email = "") =>
        FormPost.SendAsync(browser, $"/organizations/{buyer}/suppliers?handler=Add", new()
        {
            ["Input.CorporateNumber"] = number,
            ["Input.Name"] = name,
            ["Input.SupplierCode"] = "S-001",
            ["Input.Department"] = "調達部",
            ["Input.ContactEmail"] = email,
            ["Input.Tags"] = "金型、重要, 金型",
        });

    [Fact]
    public async Task A_buyer_adds_suppliers_by_number_and_sees_their_registry_standing()
    {
        var buyer = await _people.OrganizationAsync("発注する株式会社", OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        var listed = await Listings.RegisterAsync(factory.Services, "台帳にある部品株式会社", Level.Star3);

        // The name comes from the registry when left empty; the page lists it as valid ★3.
        var added = await AddAsync(browser, buyer, listed.CorporateNumber[..4] + "-" + listed.CorporateNumber[4..]);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await browser.GetStringAsync($"/organizations/{buyer}/suppliers");
        Assert.Contains("台帳にある部品株式会社 を取引先に追加しました", page, StringComparison.Ordinal);
        Assert.Contains("★3", page, StringComparison.Ordinal);
        Assert.Contains("未判断", page, StringComparison.Ordinal);
        var stored = await _people.WithDbAsync(db => db.Suppliers.SingleAsync(s => s.BuyerId == buyer));
        Assert.Equal((listed.CorporateNumber, "金型,重要", "S-001"), (stored.CorporateNumber, stored.Tags, stored.SupplierCode));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "supplier.added" && a.ObjectId == stored.Id.ToString())));

        // Unknown to Hoshi and to the registry: the name is needed; with it, the supplier is listed as not registered, first.
        var unknown = Listings.NewNumber();
        var nameless = await AddAsync(browser, buyer, unknown);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nameless.StatusCode);
        Assert.Contains("名称を入力してください", await nameless.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(browser, buyer, unknown, "未登録の工房")).StatusCode);
        page = await browser.GetStringAsync($"/organizations/{buyer}/suppliers");
        Assert.True(page.IndexOf("未登録の工房", StringComparison.Ordinal) < page.IndexOf("台帳にある部品株式会社", StringComparison.Ordinal), "not registered before valid");
        Assert.Matches("登録なし</a>\\s*</th>\\s*<td class=\"num\" data-testid=\"bar-value\">1</td>", page);
        var filtered = await browser.GetStringAsync($"/organizations/{buyer}/suppliers?status=Valid");
        Assert.Contains("台帳にある部品株式会社", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("未登録の工房", filtered, StringComparison.Ordinal);

        // The search box takes the number as people type it: full-width, with hyphens or spaces.
        var fullWidth = new string([.. listed.CorporateNumber.Select(c => (char)(c - '0' + '０'))]);
        foreach (var typed in new[] { fullWidth[..6], $"{fullWidth[..4]}ー{fullWidth[4..]}", $"{listed.CorporateNumber[..4]} {listed.CorporateNumber[4..]}" })
        {
            var found = await browser.GetStringAsync($"/organizations/{buyer}/suppliers?q={Uri.EscapeDataString(typed)}");
            Assert.Contains("台帳にある部品株式会社", found, StringComparison.Ordinal);
            Assert.DoesNotContain("未登録の工房", found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bad_numbers_duplicates_and_bad_addresses_are_refused_with_nothing_stored()
    {
        var buyer = await _people.OrganizationAsync("入力を誤る株式会社", OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.OrgAdmin);
        var number = Listings.NewNumber();
        var wrongDigit = (char)('0' + ((number[0] - '0' + 1) % 10)) + number[1..];
        var checkDigit = await AddAsync(browser, buyer, wrongDigit, "チェック違い");
        Assert.Contains("チェック用数字が合いません", await checkDigit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var email = await AddAsync(browser, buyer, number, "メール違い", "not-an-address");
        Assert.Contains("正しいメールアドレス", await email.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await _people.WithDbAsync(db => db.Suppliers.CountAsync(s => s.BuyerId == buyer)));

        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(browser, buyer, number, "一度目")).StatusCode);
        var twice = await AddAsync(browser, buyer, number, "二度目");
        Assert.Contains("すでに一覧にあります", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await _people.WithDbAsync(db => db.Suppliers.CountAsync(s => s.BuyerId == buyer)));
    }

    [Fact]
    public async Task Another_buyer_and_a_non_buyer_see_nothing_of_the_portfolio()
    {
        var buyer = await _people.OrganizationAsync("秘密の取引先を持つ株式会社", OrganizationRole.Buyer);
        var (_, owner) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(owner, buyer, Listings.NewNumber(), "秘密の取引先")).StatusCode);

        var other = await _people.OrganizationAsync("別の発注者", OrganizationRole.Buyer);
        var (_, stranger) = await _people.SignedInMemberAsync(other, MembershipRole.OrgAdmin);
        var foreign = await stranger.GetAsync($"/organizations/{buyer}/suppliers");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("秘密の取引先", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A supplier's own people (not a buyer) have no portfolio page.
        var applicant = await _people.OrganizationAsync("受注専業株式会社", OrganizationRole.Applicant);
        var (_, supplierPerson) = await _people.SignedInMemberAsync(applicant, MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await supplierPerson.GetAsync($"/organizations/{applicant}/suppliers")).StatusCode);
    }
}

/// <summary>The decision flow on a supplier's page: required level, adjustments, out of scope, history, and the portfolio's gap.</summary>
public sealed class LevelDecisionPageTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task A_buyer_decides_star4_sees_the_gap_changes_its_answers_and_keeps_the_history()
    {
        var buyer = await _people.OrganizationAsync("判断する発注者", OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        var listed = await Listings.RegisterAsync(factory.Services, "★3を持つ部品株式会社", Level.Star3);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, $"/organizations/{buyer}/suppliers?handler=Add", new() { ["Input.CorporateNumber"] = listed.CorporateNumber })).StatusCode);
        var supplier = await _people.WithDbAsync(db => db.Suppliers.SingleAsync(s => s.BuyerId == buyer));
        var page = $"/organizations/{buyer}/suppliers/{supplier.Id}";

        async Task<HttpResponseMessage> DecideAsync(Dictionary<string, string> fields)
        {
            var html = await browser.GetStringAsync(page);
            fields["Input.Version"] = System.Text.RegularExpressions.Regex.Match(html, "name=\"Input.Version\" value=\"(\\d+)\"").Groups[1].Value;
            fields["__RequestVerificationToken"] = FormPost.TokenOf(html);
            return await browser.PostAsync(page + "?handler=Decide", new FormUrlEncodedContent(fields));
        }

        // An unanswered question is named; nothing is recorded.
        var missing = await DecideAsync(new() { ["Input.A"] = "false", ["Input.C"] = "false" });
        Assert.Contains("(b) に「はい」か「いいえ」で答えてください", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await _people.WithDbAsync(db => db.LevelDecisions.CountAsync(d => d.SupplierId == supplier.Id)));

        // (b) yes: ★4 required; the supplier holds ★3, so the portfolio shows a gap.
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(new() { ["Input.A"] = "false", ["Input.B"] = "true", ["Input.C"] = "false", ["Input.DelayViewpoints"] = "代替調達先なし、在庫1週間" })).StatusCode);
        Assert.Contains("★4として記録しました", await browser.GetStringAsync(page), StringComparison.Ordinal);
        var list = await browser.GetStringAsync($"/organizations/{buyer}/suppliers");
        Assert.Contains("data-testid=\"supplier-gap\"", list, StringComparison.Ordinal);

        // An adjustment needs its reason; all "no" without one is ★3 again, and the gap is gone.
        var noReason = await DecideAsync(new() { ["Input.A"] = "false", ["Input.B"] = "false", ["Input.C"] = "false", ["Input.RecentIncidents"] = "true" });
        Assert.Contains("引き上げの理由を書いてください", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(new() { ["Input.A"] = "false", ["Input.B"] = "false", ["Input.C"] = "false" })).StatusCode);
        Assert.DoesNotContain("data-testid=\"supplier-gap\"", await browser.GetStringAsync($"/organizations/{buyer}/suppliers"), StringComparison.Ordinal);

        // Out of scope with its reason: no level required.
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(new() { ["Input.A"] = "false", ["Input.B"] = "false", ["Input.C"] = "false", ["Input.OutOfScope"] = "true", ["Input.OutOfScopeReason"] = "一度きりの事務用品" })).StatusCode);
        var decisions = await _people.WithDbAsync(db => db.LevelDecisions.Where(d => d.SupplierId == supplier.Id).OrderBy(d => d.DecidedAt).Select(d => d.RequiredLevel).ToListAsync());
        Assert.Equal([4, 3, null], decisions);
        Assert.Null((await _people.WithDbAsync(db => db.Suppliers.SingleAsync(s => s.Id == supplier.Id))).RequiredLevel);
        Assert.Equal(3, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "supplier.level-decided" && a.ObjectId == supplier.Id.ToString())));

        // Another buyer cannot open it.
        var other = await _people.OrganizationAsync("覗く発注者", OrganizationRole.Buyer);
        var (_, stranger) = await _people.SignedInMemberAsync(other, MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/organizations/{other}/suppliers/{supplier.Id}")).StatusCode);
    }
}
