using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Suppliers;

/// <summary>Imports with a row report, exports, edits and archives of a buyer's portfolio.</summary>
public sealed partial class PortfolioImportTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    static PortfolioImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [GeneratedRegex("data-state=\"(\\w+)\"")]
    private static partial Regex StatePattern();

    /// <summary>Uploads a file on the portfolio page and waits for the import to finish; returns its page.</summary>
    internal static async Task<string> ImportAsync(HttpClient browser, Guid buyer, string fileName, byte[] content)
    {
        var token = FormPost.TokenOf(await browser.GetStringAsync($"/organizations/{buyer}/suppliers"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "file", fileName },
        };
        var posted = await browser.PostAsync($"/organizations/{buyer}/suppliers?handler=Import", form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        Assert.Contains("/suppliers/imports/", location, StringComparison.Ordinal);
        return await FinishedAsync(browser, location);
    }

    /// <summary>The import's page once the import is done or failed.</summary>
    internal static async Task<string> FinishedAsync(HttpClient browser, string location)
    {
        for (var i = 0; i < 300; i++)
        {
            var page = await browser.GetStringAsync(location);
            if (StatePattern().Match(page).Groups[1].Value is "done" or "failed")
            {
                return page;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The import did not finish.");
    }

    [Fact]
    public async Task A_csv_import_adds_the_good_rows_and_reports_each_bad_one()
    {
        var buyer = await _people.OrganizationAsync("取り込む発注者", OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        var listed = await Listings.RegisterAsync(factory.Services, "台帳から名前が来る株式会社", Level.Star3);
        var existing = Listings.NewNumber();
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, $"/organizations/{buyer}/suppliers?handler=Add", new() { ["Input.CorporateNumber"] = existing, ["Input.Name"] = "既存の取引先" })).StatusCode);
        var twice = Listings.NewNumber();
        var good = Listings.NewNumber();
        var badDigit = (char)('0' + ((twice[0] - '0' + 1) % 10)) + twice[1..];
        var csv = string.Join("\r\n",
            "法人番号,名称,取引先コード,部署,連絡先メール,タグ",
            $"{listed.CorporateNumber},,C-1,購買部,,重要",
            $"{badDigit},チェック違い,C-2,,,",
            $"{twice},重複する工房,C-3,,,",
            $"{twice},重複する工房(2回目),C-4,,,",
            $"{Listings.NewNumber()},,C-5,,,",
            $"{existing},既存,C-6,,,",
            $"{Listings.NewNumber()},メール違い,C-7,,not-mail,",
            $"{good},\"=HYPERLINK(\"\"http://x\"\")\",C-8,設計部,,\"金型、重要\"");

        var report = await ImportAsync(browser, buyer, "取引先.csv", Encoding.UTF8.GetBytes(csv));
        Assert.Contains("追加 3 件、取り込めなかった行 5 件", report, StringComparison.Ordinal);
        string Reason(int row) => Regex.Match(report, $"data-row=\"{row}\">.*?data-testid=\"refused-reason\">([^<]*)<", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("チェックディジット", Reason(3), StringComparison.Ordinal);
        Assert.Contains("重複", Reason(5), StringComparison.Ordinal);
        Assert.Contains("名称が空欄", Reason(6), StringComparison.Ordinal);
        Assert.Contains("すでに取引先一覧にあります", Reason(7), StringComparison.Ordinal);
        Assert.Contains("メールアドレス", Reason(8), StringComparison.Ordinal);

        var stored = await _people.WithDbAsync(db => db.Suppliers.Where(s => s.BuyerId == buyer).ToListAsync());
        Assert.Equal(4, stored.Count);
        Assert.Equal("台帳から名前が来る株式会社", stored.Single(s => s.CorporateNumber == listed.CorporateNumber).Name);
        Assert.Equal("金型,重要", stored.Single(s => s.CorporateNumber == good).Tags);
        Assert.Equal(3, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.OrganizationId == buyer.ToString() && a.Action == "supplier.added" && a.Changes!.Contains("import"))));

        // The portfolio filters by tag and department, and exports what it shows with formulas neutralized.
        var byTag = await browser.GetStringAsync($"/organizations/{buyer}/suppliers?tag=金型");
        Assert.Contains(good, byTag, StringComparison.Ordinal);
        Assert.DoesNotContain(listed.CorporateNumber, byTag, StringComparison.Ordinal);
        var byDepartment = await browser.GetStringAsync($"/organizations/{buyer}/suppliers?department=購買部");
        Assert.Contains(listed.CorporateNumber, byDepartment, StringComparison.Ordinal);
        Assert.DoesNotContain(good, byDepartment, StringComparison.Ordinal);
        var export = await browser.GetByteArrayAsync($"/organizations/{buyer}/suppliers?handler=Export&format=csv");
        Assert.Equal(Encoding.UTF8.GetPreamble(), export[..3]);
        var exported = Encoding.UTF8.GetString(export[3..]);
        Assert.Equal(5, exported.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", exported, StringComparison.Ordinal);
        Assert.Contains($"{listed.CorporateNumber},台帳から名前が来る株式会社,C-1,購買部", exported, StringComparison.Ordinal);

        // For older Excel: the same CSV in Shift_JIS (code page 932), without a BOM.
        var legacy = await browser.GetAsync($"/organizations/{buyer}/suppliers?handler=Export&format=csv&encoding=shift_jis");
        Assert.Equal("shift_jis", legacy.Content.Headers.ContentType?.CharSet);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Assert.Equal(exported, Encoding.GetEncoding(932).GetString(await legacy.Content.ReadAsByteArrayAsync()));
        var xlsx = await browser.GetByteArrayAsync($"/organizations/{buyer}/suppliers?handler=Export&format=xlsx&required=0");
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(4, rows.Count);
        Assert.Contains(rows, r => Equals(r["法人番号"], good) || r["法人番号"]?.ToString() == good);
    }

    [Fact]
    public async Task Excel_and_shift_jis_files_import_and_a_file_without_numbers_is_refused_whole()
    {
        var buyer = await _people.OrganizationAsync("表計算で取り込む発注者", OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.OrgAdmin);
        var inExcel = Listings.NewNumber();
        using (var stream = new MemoryStream())
        {
            MiniExcelLibs.MiniExcel.SaveAs(stream, new[] { new Dictionary<string, object> { ["法人番号"] = inExcel, ["名称"] = "エクセルの工房", ["部署"] = "資材部" } });
            var report = await ImportAsync(browser, buyer, "suppliers.xlsx", stream.ToArray());
            Assert.Contains("追加 1 件、取り込めなかった行 0 件", report, StringComparison.Ordinal);
        }

        var inShiftJis = Listings.NewNumber();
        var sjis = Encoding.GetEncoding(932).GetBytes($"法人番号\t名称\r\n{inShiftJis}\tシフトＪＩＳの工房\r\n");
        Assert.Contains("追加 1 件", await ImportAsync(browser, buyer, "sjis.txt", sjis), StringComparison.Ordinal);
        var names = await _people.WithDbAsync(db => db.Suppliers.Where(s => s.BuyerId == buyer).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync());
        Assert.Equal(["エクセルの工房", "シフトＪＩＳの工房"], names);

        var failed = await ImportAsync(browser, buyer, "wrong.csv", Encoding.UTF8.GetBytes("会社,住所\r\nA,B\r\n"));
        Assert.Contains("data-state=\"failed\"", failed, StringComparison.Ordinal);
        Assert.Contains("法人番号", failed, StringComparison.Ordinal);
        Assert.Equal(2, await _people.WithDbAsync(db => db.Suppliers.CountAsync(s => s.BuyerId == buyer)));
    }

    [Fact]
    public async Task A_supplier_is_edited_with_a_version_check_and_archived_only_when_confirmed()
    {
        var buyer = await _people.OrganizationAsync("編集する発注者", OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, $"/organizations/{buyer}/suppliers?handler=Add", new() { ["Input.CorporateNumber"] = Listings.NewNumber(), ["Input.Name"] = "旧名の工房" })).StatusCode);
        var supplier = await _people.WithDbAsync(db => db.Suppliers.SingleAsync(s => s.BuyerId == buyer));
        var edit = $"/organizations/{buyer}/suppliers/{supplier.Id}/edit";
        var html = await browser.GetStringAsync(edit);
        var token = FormPost.TokenOf(html);
        var saved = await browser.PostAsync(edit, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Version"] = supplier.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Name"] = "新名の工房",
            ["Input.Department"] = "品質保証部",
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // The same form again (the old version): refused, nothing overwritten.
        var stale = await browser.PostAsync(edit, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Version"] = supplier.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Name"] = "上書きしようとした名前",
        }));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var now = await _people.WithDbAsync(db => db.Suppliers.SingleAsync(s => s.Id == supplier.Id));
        Assert.Equal(("新名の工房", "品質保証部"), (now.Name, now.Department));

        var version = now.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var unconfirmed = await FormPost.SendAsync(browser, edit + "?handler=Archive", new() { ["Version"] = version, ["archive"] = "true" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        Assert.Null(await _people.WithDbAsync(db => db.Suppliers.Where(s => s.Id == supplier.Id).Select(s => s.ArchivedAt).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, edit + "?handler=Archive", new() { ["Version"] = version, ["archive"] = "true", ["Confirm"] = "true" })).StatusCode);
        Assert.DoesNotContain("supplier-link\">新名の工房", await browser.GetStringAsync($"/organizations/{buyer}/suppliers"), StringComparison.Ordinal);
        Assert.Contains("supplier-link\">新名の工房", await browser.GetStringAsync($"/organizations/{buyer}/suppliers?archived=true"), StringComparison.Ordinal);
        Assert.Equal(["supplier.added", "supplier.updated", "supplier.archived"], await _people.WithDbAsync(db =>
            db.AuditRecords.Where(a => a.ObjectId == supplier.Id.ToString()).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync()));
    }
}

/// <summary>Requests from a buyer to a supplier: the mailed link, signing the supplier's organization up, answers on both sides.</summary>
public sealed class SupplierRequestTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task A_supplier_without_an_account_registers_from_the_link_proposes_a_date_and_the_buyer_agrees()
    {
        var buyer = await _people.OrganizationAsync("依頼する発注者株式会社", OrganizationRole.Buyer);
        var (_, buyerBrowser) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        var number = Listings.NewNumber();
        var email = $"owner.{Guid.NewGuid():N}@koubou.example";
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(buyerBrowser, $"/organizations/{buyer}/suppliers?handler=Add", new()
        {
            ["Input.CorporateNumber"] = number,
            ["Input.Name"] = "依頼される工房",
            ["Input.ContactEmail"] = email,
        })).StatusCode);
        var supplier = await _people.WithDbAsync(db => db.Suppliers.SingleAsync(s => s.BuyerId == buyer));
        var requestPage = $"/organizations/{buyer}/suppliers/{supplier.Id}/request";
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);

        var past = await FormPost.SendAsync(buyerBrowser, requestPage, new() { ["Input.Level"] = "4", ["Input.DueOn"] = today.ToString("yyyy-MM-dd"), ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, past.StatusCode);
        Assert.Contains("明日以降", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var due = today.AddDays(60);
        var sent = await FormPost.SendAsync(buyerBrowser, requestPage, new() { ["Input.Level"] = "4", ["Input.DueOn"] = due.ToString("yyyy-MM-dd"), ["Input.Email"] = email, ["Input.Message"] = "新しい金型の取引に必要です。" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var mail = await _people.MailToAsync(email);
        Assert.Contains("依頼する発注者株式会社", mail.Subject, StringComparison.Ordinal);
        var link = Regex.Match(mail.TextBody ?? "", "https?://[^\\s]+/requests/[0-9a-f]+").Value;
        var path = new Uri(link).PathAndQuery;

        // Anyone with the link sees what is asked and is offered to sign up.
        var anonymous = await _people.NewBrowser().GetStringAsync(path);
        Assert.Contains("★4", anonymous, StringComparison.Ordinal);
        Assert.Contains("依頼される工房", anonymous, StringComparison.Ordinal);
        Assert.Contains("/account/sign-up?returnUrl=" + Uri.EscapeDataString(path), anonymous, StringComparison.Ordinal);

        // Signed in without that organization: registering it (number and name filled in) leads back to the request.
        var elsewhere = await _people.OrganizationAsync("別件の所属", OrganizationRole.Applicant);
        var (_, supplierBrowser) = await _people.SignedInMemberAsync(elsewhere, MembershipRole.Member);
        var landing = await supplierBrowser.GetStringAsync(path);
        var register = WebUtility.HtmlDecode(Regex.Match(landing, "href=\"(/organizations/new\\?[^\"]+)\" data-testid=\"link-register\"").Groups[1].Value);
        Assert.Contains(number, register, StringComparison.Ordinal);
        var form = await supplierBrowser.GetStringAsync(register);
        Assert.Contains($"value=\"{number}\"", form, StringComparison.Ordinal);
        var created = await supplierBrowser.PostAsync("/organizations/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormPost.TokenOf(form),
            ["Input.LegalNameJa"] = "依頼される工房",
            ["Input.CorporateNumber"] = number,
            ["Input.EmployeeBand"] = "From11To50",
            ["Input.PrefectureCode"] = "23",
            ["Roles"] = "Applicant",
            ["ReturnUrl"] = path,
        }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(path, created.Headers.Location!.OriginalString);
        var toRequests = await supplierBrowser.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, toRequests.StatusCode);
        var incoming = toRequests.Headers.Location!.OriginalString;
        var supplierOrg = await _people.WithDbAsync(db => db.Organizations.Where(o => o.CorporateNumber == number).Select(o => o.Id).SingleAsync());
        Assert.Equal($"/organizations/{supplierOrg}/requests", incoming);

        // A claimed number sees no buyer's request until it is verified (another company could claim it).
        var unverified = await supplierBrowser.GetStringAsync(incoming);
        Assert.Contains("data-testid=\"number-unverified\"", unverified, StringComparison.Ordinal);
        Assert.DoesNotContain("依頼する発注者株式会社", unverified, StringComparison.Ordinal);
        await Hoshi.Tests.Shared.VerifiedOrganizations.MarkAsync(factory.Services, supplierOrg);
        Assert.Contains("依頼する発注者株式会社", await supplierBrowser.GetStringAsync(incoming), StringComparison.Ordinal);

        // The supplier proposes another date; the buyer sees it and agrees; both see the request accepted at that date.
        var request = await _people.WithDbAsync(db => db.SupplierRequests.SingleAsync(r => r.SupplierId == supplier.Id));
        var later = due.AddDays(30);
        var proposed = await FormPost.SendAsync(supplierBrowser, incoming, new()
        {
            ["requestId"] = request.Id.ToString(),
            ["action"] = "ProposeDate",
            ["proposedDueOn"] = later.ToString("yyyy-MM-dd"),
            ["note"] = "審査の準備に時間が必要です。",
            ["version"] = request.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var buyerView = await buyerBrowser.GetStringAsync($"/organizations/{buyer}/suppliers/{supplier.Id}");
        Assert.Contains("審査の準備に時間が必要です。", buyerView, StringComparison.Ordinal);
        Assert.Contains("期限の変更を提案中", buyerView, StringComparison.Ordinal);
        request = await _people.WithDbAsync(db => db.SupplierRequests.SingleAsync(r => r.Id == request.Id));
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(buyerBrowser, $"/organizations/{buyer}/suppliers/{supplier.Id}?handler=Request&requestId={request.Id}", new()
        {
            ["action"] = "AgreeDate",
            ["version"] = request.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).StatusCode);
        request = await _people.WithDbAsync(db => db.SupplierRequests.SingleAsync(r => r.Id == request.Id));
        Assert.Equal((Domain.Suppliers.RequestState.Accepted, later), (request.State, request.DueOn));
        var incomingPage = await supplierBrowser.GetStringAsync(incoming);
        Assert.Contains("受け入れ済み", incomingPage, StringComparison.Ordinal);
        Assert.Contains($"href=\"/organizations/{supplierOrg}/assessments\" data-testid=\"start-assessment\"", incomingPage, StringComparison.Ordinal);
        Assert.Contains("受け入れ済み", await buyerBrowser.GetStringAsync($"/organizations/{buyer}/suppliers"), StringComparison.Ordinal);

        // Answering twice with an old version is a conflict; the buyer's trail shows what the supplier did.
        var stale = await FormPost.SendAsync(supplierBrowser, incoming, new()
        {
            ["requestId"] = request.Id.ToString(),
            ["action"] = "Comment",
            ["note"] = "古い画面から",
            ["version"] = "0",
        });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var trail = await _people.WithDbAsync(db => db.AuditRecords.Where(a => a.OrganizationId == buyer.ToString() && a.ObjectId == request.Id.ToString()).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync());
        Assert.Equal(["supplier.request-sent", "supplier.request-proposeDate", "supplier.request-agreeDate"], trail);

        // Another organization cannot answer the request.
        var (_, stranger) = await _people.SignedInMemberAsync(elsewhere, MembershipRole.OrgAdmin);
        var foreign = await FormPost.SendWithTokenFromAsync(stranger, "/organizations/new", $"/organizations/{elsewhere}/requests", new()
        {
            ["requestId"] = request.Id.ToString(),
            ["action"] = "Accept",
            ["version"] = request.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task A_request_is_met_when_the_supplier_is_registered_and_the_dashboard_counts_it_covered()
    {
        var buyer = await _people.OrganizationAsync("登録を待つ発注者", OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        var listed = await Listings.RegisterAsync(factory.Services, "登録済みの協力会社", Level.Star3);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, $"/organizations/{buyer}/suppliers?handler=Add", new() { ["Input.CorporateNumber"] = listed.CorporateNumber })).StatusCode);
        var supplier = await _people.WithDbAsync(db => db.Suppliers.SingleAsync(s => s.BuyerId == buyer));
        var due = JapanTime.DateOf(DateTimeOffset.UtcNow).AddDays(30).ToString("yyyy-MM-dd");
        var sent = await FormPost.SendAsync(browser, $"/organizations/{buyer}/suppliers/{supplier.Id}/request", new() { ["Input.Level"] = "3", ["Input.DueOn"] = due, ["Input.Email"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var supplierPage = await browser.GetStringAsync(sent.Headers.Location!.OriginalString);
        Assert.Matches("/requests/[0-9a-f]{64}", supplierPage);
        Assert.Contains("取得済み", supplierPage, StringComparison.Ordinal);

        // Without a decision the supplier is not "covered"; once ★3 is required, it is.
        var dashboard = await browser.GetStringAsync($"/organizations/{buyer}/suppliers");
        Assert.Contains("data-testid=\"summary-covered\">0<", dashboard, StringComparison.Ordinal);
        var html = await browser.GetStringAsync($"/organizations/{buyer}/suppliers/{supplier.Id}");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync($"/organizations/{buyer}/suppliers/{supplier.Id}?handler=Decide", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormPost.TokenOf(html),
            ["Input.Version"] = Regex.Match(html, "name=\"Input.Version\" value=\"(\\d+)\"").Groups[1].Value,
            ["Input.A"] = "false",
            ["Input.B"] = "false",
            ["Input.C"] = "false",
        }))).StatusCode);
        dashboard = await browser.GetStringAsync($"/organizations/{buyer}/suppliers");
        Assert.Contains("data-testid=\"summary-covered\">1<", dashboard, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"summary-gap\">0<", dashboard, StringComparison.Ordinal);

        // Withdrawing needs its confirmation; then the request is withdrawn and stays in the history.
        var request = await _people.WithDbAsync(db => db.SupplierRequests.SingleAsync(r => r.SupplierId == supplier.Id));
        var requestForm = $"/organizations/{buyer}/suppliers/{supplier.Id}?handler=Request&requestId={request.Id}";
        var unconfirmed = await FormPost.SendWithTokenFromAsync(browser, $"/organizations/{buyer}/suppliers/{supplier.Id}", requestForm, new() { ["action"] = "Withdraw", ["version"] = request.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        Assert.Equal(Domain.Suppliers.RequestState.Sent, await _people.WithDbAsync(db => db.SupplierRequests.Where(r => r.Id == request.Id).Select(r => r.State).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendWithTokenFromAsync(browser, $"/organizations/{buyer}/suppliers/{supplier.Id}", requestForm, new()
        {
            ["action"] = "Withdraw",
            ["confirmWithdraw"] = "true",
            ["version"] = request.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).StatusCode);
        Assert.Equal(Domain.Suppliers.RequestState.Withdrawn, await _people.WithDbAsync(db => db.SupplierRequests.Where(r => r.Id == request.Id).Select(r => r.State).SingleAsync()));

        // The registry change list shows the new certificate.
        var changes = await browser.GetStringAsync($"/organizations/{buyer}/suppliers/changes");
        Assert.Contains("data-kind=\"Certified\"", changes, StringComparison.Ordinal);
        Assert.Contains("登録済みの協力会社", changes, StringComparison.Ordinal);
    }
}

/// <summary>Disclosure grants: without one a buyer sees nothing beyond the registry; revoked or ended grants stop working; every look is audited for the supplier.</summary>
public sealed class DisclosureTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task A_buyer_reads_disclosed_details_only_under_a_grant_in_force()
    {
        var listed = await Listings.RegisterAsync(factory.Services, "開示する部品株式会社", Level.Star3);
        var assessment = await _people.WithDbAsync(db => db.RegistryEntries.Where(e => e.Id == listed.EntryId).Select(e => e.AssessmentId!.Value).SingleAsync());
        await _people.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            db.Answers.Add(new AnswerRecord { AssessmentId = assessment, CriterionId = "1-1-1-1", Value = "yes", UpdatedAt = now });
            db.Verdicts.Add(new VerdictRecord { AssessmentId = assessment, CriterionId = "1-1-1-1", Verdict = Verdict.Conformant, Remark = "規程を確認した秘密の所見", UpdatedAt = now });
            return await db.SaveChangesAsync();
        });
        var buyer = await _people.OrganizationAsync("開示を受ける発注者", OrganizationRole.Buyer);
        var (_, buyerBrowser) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        var other = await _people.OrganizationAsync("開示を受けない発注者", OrganizationRole.Buyer);
        var (_, otherBrowser) = await _people.SignedInMemberAsync(other, MembershipRole.Member);
        foreach (var (org, browser) in new[] { (buyer, buyerBrowser), (other, otherBrowser) })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, $"/organizations/{org}/suppliers?handler=Add", new() { ["Input.CorporateNumber"] = listed.CorporateNumber })).StatusCode);
        }

        var supplierId = await _people.WithDbAsync(db => db.Suppliers.Where(s => s.BuyerId == buyer).Select(s => s.Id).SingleAsync());
        Assert.DoesNotContain("秘密の所見", await buyerBrowser.GetStringAsync($"/organizations/{buyer}/suppliers/{supplierId}"), StringComparison.Ordinal);

        // Only administrators of the supplier grant; members may not.
        var (_, member) = await _people.SignedInMemberAsync(listed.OrganizationId, MembershipRole.Member);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/organizations/{listed.OrganizationId}/disclosures")).StatusCode);
        var (_, admin) = await _people.SignedInMemberAsync(listed.OrganizationId, MembershipRole.OrgAdmin);
        var page = $"/organizations/{listed.OrganizationId}/disclosures";
        var pastEnd = await FormPost.SendAsync(admin, page + "?handler=Grant", new() { ["Input.AssessmentId"] = assessment.ToString(), ["Input.BuyerId"] = buyer.ToString(), ["Input.EndsOn"] = "2020-01-01" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pastEnd.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(admin, page + "?handler=Grant", new() { ["Input.AssessmentId"] = assessment.ToString(), ["Input.BuyerId"] = buyer.ToString() })).StatusCode);
        var grant = await _people.WithDbAsync(db => db.DisclosureGrants.SingleAsync(g => g.SupplierOrganizationId == listed.OrganizationId));

        var supplierView = await buyerBrowser.GetStringAsync($"/organizations/{buyer}/suppliers/{supplierId}");
        Assert.Contains($"/organizations/{buyer}/disclosed/{grant.Id}", supplierView, StringComparison.Ordinal);
        var disclosed = await buyerBrowser.GetStringAsync($"/organizations/{buyer}/disclosed/{grant.Id}");
        Assert.Contains("規程を確認した秘密の所見", disclosed, StringComparison.Ordinal);
        Assert.Contains("適合", disclosed, StringComparison.Ordinal);
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.OrganizationId == listed.OrganizationId.ToString() && a.Action == "disclosure.viewed")));

        // The other buyer: through its own organization nothing; through the first buyer's, not found.
        var wrong = await otherBrowser.GetAsync($"/organizations/{other}/disclosed/{grant.Id}");
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.DoesNotContain("秘密の所見", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await otherBrowser.GetAsync($"/organizations/{buyer}/disclosed/{grant.Id}")).StatusCode);

        // Revoked (with confirmation): 404 and no data.
        var revokeUnconfirmed = await FormPost.SendAsync(admin, page + $"?handler=Revoke&grantId={grant.Id}", new() { ["version"] = grant.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, revokeUnconfirmed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(admin, page + $"?handler=Revoke&grantId={grant.Id}", new() { ["version"] = grant.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["confirm"] = "true" })).StatusCode);
        var revoked = await buyerBrowser.GetAsync($"/organizations/{buyer}/disclosed/{grant.Id}");
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.DoesNotContain("秘密の所見", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A grant whose last day has passed no longer opens.
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(admin, page + "?handler=Grant", new() { ["Input.AssessmentId"] = assessment.ToString(), ["Input.BuyerId"] = buyer.ToString(), ["Input.EndsOn"] = JapanTime.DateOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd") })).StatusCode);
        var ending = await _people.WithDbAsync(db => db.DisclosureGrants.SingleAsync(g => g.SupplierOrganizationId == listed.OrganizationId && g.RevokedAt == null));
        Assert.Equal(HttpStatusCode.OK, (await buyerBrowser.GetAsync($"/organizations/{buyer}/disclosed/{ending.Id}")).StatusCode);
        await _people.WithDbAsync(db => db.DisclosureGrants.Where(g => g.Id == ending.Id).ExecuteUpdateAsync(u => u.SetProperty(g => g.EndsOn, JapanTime.DateOf(DateTimeOffset.UtcNow).AddDays(-1))));
        Assert.Equal(HttpStatusCode.NotFound, (await buyerBrowser.GetAsync($"/organizations/{buyer}/disclosed/{ending.Id}")).StatusCode);
        Assert.Equal(["disclosure.granted", "disclosure.viewed", "disclosure.revoked", "disclosure.granted", "disclosure.viewed"], await _people.WithDbAsync(db =>
            db.AuditRecords.Where(a => a.OrganizationId == listed.OrganizationId.ToString() && a.Action.StartsWith("disclosure.")).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync()));
    }
}

/// <summary>The buyers' API: tokens reach only their own organization and their scopes.</summary>
public sealed class SuppliersApiTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private async Task<HttpClient> TokenClientAsync(Guid organization, params ApiScope[] scopes)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiTokenStore>().CreateAsync(organization, "取引先システム", scopes, Guid.NewGuid(), null);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    [Fact]
    public async Task A_token_lists_adds_and_updates_its_own_suppliers_and_nothing_else()
    {
        var buyer = await _people.OrganizationAsync("API を使う発注者", OrganizationRole.Buyer);
        var other = await _people.OrganizationAsync("API で覗かれる発注者", OrganizationRole.Buyer);
        var listed = await Listings.RegisterAsync(factory.Services, "API で見える株式会社", Level.Star4);
        var client = await TokenClientAsync(buyer, ApiScope.SuppliersRead, ApiScope.SuppliersWrite);

        var created = await client.PostAsJsonAsync($"/api/organizations/{buyer}/suppliers", new { corporateNumber = listed.CorporateNumber, supplierCode = "A-1", tags = "重要" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var item = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal("API で見える株式会社", item.RootElement.GetProperty("name").GetString());
        Assert.Equal(4, item.RootElement.GetProperty("heldLevel").GetInt32());
        Assert.Equal("valid", item.RootElement.GetProperty("status").GetString());
        var id = item.RootElement.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/organizations/{buyer}/suppliers", new { corporateNumber = listed.CorporateNumber })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/organizations/{buyer}/suppliers", new { corporateNumber = "1234567890123", name = "誤り" })).StatusCode);

        var updated = await client.PutAsJsonAsync($"/api/organizations/{buyer}/suppliers/{id}", new { name = "API で改名した株式会社", version = item.RootElement.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PutAsJsonAsync($"/api/organizations/{buyer}/suppliers/{id}", new { name = "古い版で上書き", version = item.RootElement.GetProperty("version").GetInt32() })).StatusCode);

        var list = await client.GetStringAsync($"/api/organizations/{buyer}/suppliers?status=valid");
        Assert.Contains("API で改名した株式会社", list, StringComparison.Ordinal);
        var status = await client.GetStringAsync($"/api/organizations/{buyer}/suppliers/status");
        Assert.Contains(listed.CorporateNumber, status, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/organizations/{buyer}/suppliers?status=shiny")).StatusCode);

        // Another organization's portfolio: not found, for reading and writing alike.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/organizations/{other}/suppliers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/organizations/{other}/suppliers", new { corporateNumber = Listings.NewNumber(), name = "押し込み" })).StatusCode);
        Assert.Equal(0, await _people.WithDbAsync(db => db.Suppliers.CountAsync(s => s.BuyerId == other)));

        // A read-only token cannot write; a token without the scope cannot read.
        var reader = await TokenClientAsync(buyer, ApiScope.SuppliersRead);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync($"/api/organizations/{buyer}/suppliers", new { corporateNumber = Listings.NewNumber(), name = "書けない" })).StatusCode);
        var auditOnly = await TokenClientAsync(buyer, ApiScope.AuditRead);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditOnly.GetAsync($"/api/organizations/{buyer}/suppliers")).StatusCode);

        // People read through the API but change through the pages.
        var (_, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/organizations/{buyer}/suppliers")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsJsonAsync($"/api/organizations/{buyer}/suppliers", new { corporateNumber = Listings.NewNumber(), name = "画面から" })).StatusCode);
    }
}

/// <summary>What a supplier's ★ covers, as its buyer sees it: a partial scope is flagged, and OT and delivered products are always named as outside.</summary>
public sealed class SupplierScopeTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task The_buyer_sees_which_star_covers_only_part_of_the_supplier()
    {
        var partial = await Listings.RegisterAsync(factory.Services, "設計部だけの部品株式会社", Level.Star3, scope: "設計部(名古屋)");
        var whole = await Listings.RegisterAsync(factory.Services, "全社の部品株式会社", Level.Star3, scope: "全社(本社)");
        var buyer = await _people.OrganizationAsync("範囲を見る発注者", OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        foreach (var listing in new[] { partial, whole })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, $"/organizations/{buyer}/suppliers?handler=Add", new() { ["Input.CorporateNumber"] = listing.CorporateNumber })).StatusCode);
        }

        var list = await browser.GetStringAsync($"/organizations/{buyer}/suppliers");
        Assert.Single(Regex.Matches(list, "data-testid=\"supplier-partial\""));
        Assert.Contains("title=\"設計部(名古屋)\"", list, StringComparison.Ordinal);

        var ids = await _people.WithDbAsync(db => db.Suppliers.Where(s => s.BuyerId == buyer).ToDictionaryAsync(s => s.CorporateNumber!, s => s.Id));
        var partialPage = await browser.GetStringAsync($"/organizations/{buyer}/suppliers/{ids[partial.CorporateNumber]}");
        Assert.Contains("data-coverage=\"partial\"", partialPage, StringComparison.Ordinal);
        Assert.Contains("設計部(名古屋)", partialPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"outside-scheme\"", partialPage, StringComparison.Ordinal);
        var wholePage = await browser.GetStringAsync($"/organizations/{buyer}/suppliers/{ids[whole.CorporateNumber]}");
        Assert.Contains("data-coverage=\"whole\"", wholePage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"supplier-partial\"", wholePage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"outside-scheme\"", wholePage, StringComparison.Ordinal);
    }
}
