using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Hoshi.Web.Tests.Assessments;

/// <summary>
/// The sheet's Excel round trip over HTTP. Hoshi writes the workbook with the Open XML SDK; these
/// tests open and fill it with MiniExcel, a different library, as a person's spreadsheet program would.
/// </summary>
public sealed partial class ExcelRoundTripTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private readonly People _people = new(factory);

    private sealed record Draft(Guid Organization, HttpClient Applicant, Guid Assessment, IReadOnlyList<Criterion> Criteria);

    private async Task<Draft> DraftAsync(string name = "エクセルで回答する株式会社")
    {
        var organization = await _people.OrganizationAsync(name, OrganizationRole.Applicant);
        var (_, applicant) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var started = await FormPost.SendAsync(applicant, $"/organizations/{organization}/assessments?handler=Start", []);
        var assessment = Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);
        await using var scope = factory.Services.CreateAsyncScope();
        var loaded = (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().LoadAsync(assessment))!;
        return new Draft(organization, applicant, assessment, [.. loaded.Catalog.SheetFor(Hoshi.Domain.Level.Star3).SelectMany(r => r.Criteria)]);
    }

    private static async Task<byte[]> DownloadAsync(HttpClient browser, string page)
    {
        var response = await browser.GetAsync(page + "?handler=Download");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<(HttpResponseMessage Response, string Html)> UploadAsync(HttpClient browser, string page, byte[] file, string name = "filled.xlsx", string? tokenPage = null)
    {
        var token = FormPost.TokenOf(await browser.GetStringAsync(tokenPage ?? page));
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(part, "file", name);
        var response = await browser.PostAsync(page + "?handler=Upload", content);
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The rows of a sheet as MiniExcel reads them (header row as keys), in order.</summary>
    private static List<Dictionary<string, object?>> RowsOf(byte[] workbook, string sheet)
    {
        using var stream = new MemoryStream(workbook);
        return [.. MiniExcel.Query(stream, useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r))];
    }

    /// <summary>A new workbook written by MiniExcel from the rows (its own sheet name, its own styles, no hidden columns or lists).</summary>
    private static byte[] Write(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, rows.Select(r => (IDictionary<string, object?>)r).ToList());
        return stream.ToArray();
    }

    private async Task<List<(string Id, string? Value, string? Supplement, int Version)>> AnswersAsync(Guid assessment) =>
        (await _people.WithDbAsync(db => db.Answers.Where(a => a.AssessmentId == assessment).OrderBy(a => a.CriterionId).ToListAsync()))
            .Select(a => (a.CriterionId, a.Value, a.Supplement, a.Version)).ToList();

    [Fact]
    public async Task The_download_has_the_scheme_layout_with_lists_hidden_ids_and_protection()
    {
        var draft = await DraftAsync();
        var bytes = await DownloadAsync(draft.Applicant, $"/assessments/{draft.Assessment}/excel");

        using var stream = new MemoryStream(bytes);
        Assert.Equal(["回答シート", "説明", "選択肢"], MiniExcel.GetSheetNames(stream));
        var header = ((IDictionary<string, object?>)MiniExcel.Query(new MemoryStream(bytes), sheetName: "回答シート").First()).Values.Select(v => v?.ToString()).ToList();
        Assert.Equal(["大分類", "中分類", "No.", "要求事項", "質問事項", "回答タイプ", "回答欄", "回答の補足", "対策実施のためのガイダンス", "ID", "版"], header);
        var rows = RowsOf(bytes, "回答シート");
        Assert.Equal(draft.Criteria.Select(c => c.Id), rows.Select(r => r["ID"]?.ToString()));
        Assert.All(rows, r => Assert.Equal("Yes/No", r["回答タイプ"]?.ToString()));
        Assert.Equal(draft.Criteria[0].Text.JaText, rows[0]["質問事項"]?.ToString());

        // Hoshi's guide where the catalog has none, marked as Hoshi's, on every row (81 of 81).
        Assert.All(rows, r => Assert.StartsWith("【Hoshi による説明(公式の文ではありません)】\n", r["対策実施のためのガイダンス"]?.ToString(), StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Contains("用意する証跡の例: ", r["対策実施のためのガイダンス"]?.ToString(), StringComparison.Ordinal));

        // The parts themselves: the list validation on the answer cells, the id and version columns hidden, the sheet protected, the list sheet hidden.
        using var zip = new ZipArchive(new MemoryStream(bytes));
        XDocument Part(string name)
        {
            using var s = zip.GetEntry(name)!.Open();
            return XDocument.Load(s);
        }

        var sheet = Part("xl/worksheets/sheet1.xml");
        var validation = Assert.Single(sheet.Descendants(Main + "dataValidation"));
        Assert.Equal("list", validation.Attribute("type")?.Value);
        Assert.Contains("G2", validation.Attribute("sqref")!.Value.Split(' '));
        Assert.Contains($"G{rows.Count + 1}", validation.Attribute("sqref")!.Value.Split(' '));
        Assert.Equal("'選択肢'!$A$1:$A$3", validation.Element(Main + "formula1")?.Value);
        var hidden = sheet.Descendants(Main + "col").Where(c => c.Attribute("hidden")?.Value is "1" or "true").Select(c => c.Attribute("min")!.Value).ToList();
        Assert.Equal(["10", "11"], hidden);
        Assert.Contains(sheet.Descendants(Main + "sheetProtection").Single().Attribute("sheet")?.Value, new[] { "1", "true" });
        var workbook = Part("xl/workbook.xml");
        Assert.Equal("hidden", workbook.Descendants(Main + "sheet").Single(s => s.Attribute("name")?.Value == "選択肢").Attribute("state")?.Value);

        // The structure locked, the list sheet protected, a default (Normal) cell style.
        Assert.Contains(workbook.Descendants(Main + "workbookProtection").Single().Attribute("lockStructure")?.Value, new[] { "1", "true" });
        Assert.Contains(Part("xl/worksheets/sheet3.xml").Descendants(Main + "sheetProtection").Single().Attribute("sheet")?.Value, new[] { "1", "true" });
        var normal = Part("xl/styles.xml").Descendants(Main + "cellStyle").Single();
        Assert.Equal(("Normal", "0"), (normal.Attribute("name")?.Value, normal.Attribute("builtinId")?.Value));
        using var listStream = new MemoryStream(bytes);
        Assert.Equal(["実施している", "実施していない", "該当しない"],
            MiniExcel.Query(listStream, sheetName: "選択肢").Cast<IDictionary<string, object?>>().Select(r => r.Values.First()?.ToString()));
    }

    [Fact]
    public async Task A_sheet_filled_by_another_library_is_imported_and_a_second_upload_changes_nothing()
    {
        var draft = await DraftAsync();
        var page = $"/assessments/{draft.Assessment}/excel";
        var rows = RowsOf(await DownloadAsync(draft.Applicant, page), "回答シート");
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i]["回答欄"] = i == 1 ? "該当しない" : "実施している";
            rows[i]["回答の補足"] = i == 1 ? "管理者アカウントを持つ機器がない" : $"情報セキュリティ規程 第{i + 1}条(2026-04-01改定)";
        }

        var filled = Write(rows);
        var (response, html) = await UploadAsync(draft.Applicant, page, filled);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"{rows.Count}件を取り込みました", html, StringComparison.Ordinal);

        var answers = await AnswersAsync(draft.Assessment);
        Assert.Equal(draft.Criteria.Select(c => c.Id).Order(StringComparer.Ordinal), answers.Select(a => a.Id));
        Assert.Equal(YesNo.NotApplicable, answers.Single(a => a.Id == draft.Criteria[1].Id).Value);
        Assert.All(answers.Where(a => a.Id != draft.Criteria[1].Id), a => Assert.Equal(YesNo.Yes, a.Value));
        var audit = await _people.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "assessment.sheet-imported" && r.ObjectId == draft.Assessment.ToString()));
        Assert.Equal(1, audit);
        Assert.Contains($"{rows.Count} / {rows.Count}", await draft.Applicant.GetStringAsync($"/assessments/{draft.Assessment}"), StringComparison.Ordinal);

        // The same file again: every row equals what Hoshi holds.
        var (again, againHtml) = await UploadAsync(draft.Applicant, page, filled);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("変更のある行はありませんでした", againHtml, StringComparison.Ordinal);
        Assert.Equal(answers, await AnswersAsync(draft.Assessment));

        // A fresh download carries the answers as labels.
        var back = RowsOf(await DownloadAsync(draft.Applicant, page), "回答シート");
        Assert.Equal("該当しない", back[1]["回答欄"]?.ToString());
        Assert.Equal("1", back[1]["版"]?.ToString());
    }

    private static List<(string Where, string Criterion, string Reason)> Problems(string html) =>
        [.. new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelectorAll("[data-testid=import-problems] tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent).ToList())
            .Select(c => (c[0], c[1], c[2]))];

    [Fact]
    public async Task Bad_files_are_refused_naming_sheet_row_and_column_and_nothing_changes()
    {
        var draft = await DraftAsync();
        var page = $"/assessments/{draft.Assessment}/excel";
        var exported = RowsOf(await DownloadAsync(draft.Applicant, page), "回答シート");
        List<Dictionary<string, object?>> Filled() => [.. exported.Select(r => new Dictionary<string, object?>(r) { ["回答欄"] = "実施している", ["回答の補足"] = "規程(2026-04-01)" })];
        var before = await AnswersAsync(draft.Assessment);

        async Task<string> RefusedAsync(byte[] file, string name = "filled.xlsx")
        {
            var (response, html) = await UploadAsync(draft.Applicant, page, file, name);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal(before, await AnswersAsync(draft.Assessment));
            return html;
        }

        Assert.Contains("Excel ファイル(.xlsx)ではありません", await RefusedAsync("大分類,中分類\n1,2"u8.ToArray(), "sheet.xlsx"), StringComparison.Ordinal);
        Assert.Contains("古い Excel 形式(.xls)", await RefusedAsync([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "sheet.xls"), StringComparison.Ordinal);
        var large = new byte[(10 * 1024 * 1024) + 1];
        Random.Shared.NextBytes(large);
        Assert.Contains("ファイルが大きすぎます(10 MB まで)", await RefusedAsync(large), StringComparison.Ordinal);
        Assert.Contains("圧縮爆弾", await RefusedAsync(ZipBomb()), StringComparison.Ordinal);
        Assert.Contains("壊れているか", await RefusedAsync(Write(Filled())[..2000]), StringComparison.Ordinal);

        var otherLayout = Write([new() { ["氏名"] = "山田", ["部署"] = "総務", ["電話"] = "03" }]);
        Assert.Contains("シート「Sheet1」は回答シートの様式ではありません", await RefusedAsync(otherLayout), StringComparison.Ordinal);

        var noAnswerColumn = Filled();
        noAnswerColumn.ForEach(r => r.Remove("回答欄"));
        Assert.Contains("シート「Sheet1」の見出し行に列「回答欄」がありません", await RefusedAsync(Write(noAnswerColumn)), StringComparison.Ordinal);

        var unknown = Filled();
        unknown[1]["ID"] = "9-9-9-9";
        var unknownHtml = await RefusedAsync(Write(unknown));
        Assert.Contains(("シート「Sheet1」3行目 J列(ID)", "9-9-9-9", "この ID の評価基準は、この申請の要求事項の版にありません。"), Problems(unknownHtml));
        Assert.Contains("何も取り込んでいません", unknownHtml, StringComparison.Ordinal);

        var notAChoice = Filled();
        notAChoice[4]["回答欄"] = "たぶん";
        Assert.Equal([("シート「Sheet1」6行目 G列(回答欄)", draft.Criteria[4].Id, "回答がこの設問の選択肢にありません。リストから選んでください。")],
            Problems(await RefusedAsync(Write(notAChoice))));

        var noSupplement = Filled();
        noSupplement[7]["回答の補足"] = null;
        Assert.Equal([("シート「Sheet1」9行目 H列(回答の補足)", draft.Criteria[7].Id, "Yes/No の設問には回答の補足(規程・手順書・記録の名称と最終更新日)が必要です。")],
            Problems(await RefusedAsync(Write(noSupplement))));
    }

    /// <summary>A zip holding a worksheet part that unpacks to 200 MB of zeros.</summary>
    private static byte[] ZipBomb()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 200; i++)
            {
                entry.Write(zeros);
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task With_refused_rows_nothing_is_imported_until_the_user_confirms_the_valid_rows()
    {
        var draft = await DraftAsync();
        var page = $"/assessments/{draft.Assessment}/excel";
        var rows = RowsOf(await DownloadAsync(draft.Applicant, page), "回答シート");
        foreach (var row in rows.Take(5))
        {
            row["回答欄"] = "実施している";
            row["回答の補足"] = "手順書(2026-05-01)";
        }

        rows[2]["回答欄"] = "はい";
        var (response, html) = await UploadAsync(draft.Applicant, page, Write(rows));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Empty(await AnswersAsync(draft.Assessment));
        Assert.Contains("問題のない4行だけ取り込む", html, StringComparison.Ordinal);
        var pending = PendingOf(html);

        // A tampered confirmation is refused; the real one imports the four valid rows only.
        var token = FormPost.TokenOf(html);
        var tampered = await draft.Applicant.PostAsync(page + "?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["pending"] = pending[..^4] + "AAAA",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Contains("もう一度ファイルをアップロードしてください", WebUtility.HtmlDecode(await tampered.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(await AnswersAsync(draft.Assessment));

        var confirmed = await draft.Applicant.PostAsync(page + "?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["pending"] = pending,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("4件を取り込みました", WebUtility.HtmlDecode(await confirmed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(rows.Take(5).Where((_, i) => i != 2).Select(r => r["ID"]!.ToString()).Order(StringComparer.Ordinal), (await AnswersAsync(draft.Assessment)).Select(a => a.Id));

        // Another person cannot use the confirmation.
        var (_, colleague) = await _people.SignedInMemberAsync(draft.Organization, MembershipRole.Member);
        var foreign = await colleague.PostAsync(page + "?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["pending"] = pending,
            ["__RequestVerificationToken"] = FormPost.TokenOf(await colleague.GetStringAsync(page)),
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreign.StatusCode);
    }

    [GeneratedRegex("name=\"pending\" value=\"([^\"]+)\"")]
    private static partial Regex PendingPattern();

    private static string PendingOf(string html) => PendingPattern().Match(html).Groups[1].Value;

    [Fact]
    public async Task An_answer_saved_in_Hoshi_after_the_download_is_not_overwritten()
    {
        var draft = await DraftAsync();
        var page = $"/assessments/{draft.Assessment}/excel";
        var rows = RowsOf(await DownloadAsync(draft.Applicant, page), "回答シート");
        var id = draft.Criteria[0].Id;
        var saved = await FormPost.SendForJsonAsync(draft.Applicant, $"/assessments/{draft.Assessment}/sheet", $"/assessments/{draft.Assessment}/sheet?handler=Answer", new()
        {
            ["CriterionId"] = id,
            ["Version"] = "0",
            ["Value"] = "no",
            ["Supplement"] = "未整備(画面で入力)",
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        rows[0]["回答欄"] = "実施している";
        rows[0]["回答の補足"] = "規程(Excel で入力)";
        var (response, html) = await UploadAsync(draft.Applicant, page, Write(rows));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(("シート「Sheet1」2行目 K列(版)", id, "ダウンロードの後に Hoshi でこの行が変更されました。上書きしないよう取り込みません。ファイルをダウンロードし直してください。"), Problems(html));
        Assert.Equal([(id, "no", "未整備(画面で入力)", 1)], await AnswersAsync(draft.Assessment));
    }

    [Fact]
    public async Task The_expert_reviews_in_Excel_and_the_applicant_answers_the_recheck_in_Excel()
    {
        var draft = await DraftAsync("エクセルで確認を受ける株式会社");
        var sheetPage = $"/assessments/{draft.Assessment}/excel";
        var rows = RowsOf(await DownloadAsync(draft.Applicant, sheetPage), "回答シート");
        rows.ForEach(r => { r["回答欄"] = "実施している"; r["回答の補足"] = "規程(2026-04-01)"; });
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(draft.Applicant, sheetPage, Write(rows))).Response.StatusCode);
        var scope = await FormPost.SendAsync(draft.Applicant, $"/assessments/{draft.Assessment}/scope", new()
        {
            ["Input.Version"] = "0",
            ["Input.WholeCompany"] = "yes",
            ["Input.BoundaryDevicesInScope"] = "no",
            ["Input.CloudInScope"] = "yes",
            ["Input.ByodInScope"] = "no",
            ["Input.RemoteWorkInScope"] = "no",
            ["Input.Locations"] = "本社",
            ["Input.FillerName"] = "山田 太郎",
            ["Input.FillerDepartment"] = "総務部",
        });
        Assert.Equal(HttpStatusCode.OK, scope.StatusCode);

        var expertHome = await _people.OrganizationAsync("エクセルで評価する事務所", OrganizationRole.Applicant);
        var expert = await _people.PersonAsync(expertHome, MembershipRole.Member, twoFactor: true);
        await using (var services = factory.Services.CreateAsyncScope())
        {
            await Hoshi.Tests.Shared.VerifiedExperts.RegisterAsync(services.ServiceProvider, expert.UserId, new ExpertInput("112233", null, "エクセルで評価する事務所", DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-1))));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(draft.Applicant, $"/assessments/{draft.Assessment}?handler=ChooseExpert", new() { ["ExpertEmail"] = expert.Email })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(draft.Applicant, $"/assessments/{draft.Assessment}?handler=Submit", new() { ["HoursOnScope"] = "1", ["HoursOnSheet"] = "3" })).StatusCode);

        // Only the asked expert opens the expert's sheet; the applicant cannot.
        var reviewPage = $"/reviews/{draft.Assessment}/excel";
        Assert.Equal(HttpStatusCode.NotFound, (await draft.Applicant.GetAsync(reviewPage + "?handler=Download")).StatusCode);
        var expertBrowser = await _people.SignedInAsync(expert);
        await Declarations.DeclareAsync(expertBrowser, draft.Assessment);
        var review = RowsOf(await DownloadAsync(expertBrowser, reviewPage), "評価シート");
        Assert.Equal(["大分類", "中分類", "No.", "要求事項", "質問事項", "回答タイプ", "回答欄", "回答の補足", "対策実施のためのガイダンス", "ID", "版", "評価結果", "評価結果の補足", "評価のためのガイダンス", "回答例"],
            review[0].Keys);
        Assert.Equal("実施している", review[0]["回答欄"]?.ToString());
        Assert.All(review, r => Assert.StartsWith("【Hoshi による説明(公式の文ではありません)】", r["評価のためのガイダンス"]?.ToString(), StringComparison.Ordinal));
        Assert.All(review, r => Assert.StartsWith("【Hoshi による説明(公式の文ではありません)】", r["回答例"]?.ToString(), StringComparison.Ordinal));
        review.ForEach(r => r["評価結果"] = "適合");
        review[3]["評価結果"] = "再確認";
        var (refused, refusedHtml) = await UploadAsync(expertBrowser, reviewPage, Write(review));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([("シート「Sheet1」5行目 M列(評価結果の補足)", draft.Criteria[3].Id, "再確認と不適合には評価結果の補足が必要です。")], Problems(refusedHtml));
        Assert.Equal(0, await _people.WithDbAsync(db => db.Verdicts.CountAsync(v => v.AssessmentId == draft.Assessment)));

        review[3]["評価結果の補足"] = "規程の最終更新日を書いてください";
        var (accepted, acceptedHtml) = await UploadAsync(expertBrowser, reviewPage, Write(review));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains($"{review.Count}件を取り込みました", acceptedHtml, StringComparison.Ordinal);
        var verdicts = await _people.WithDbAsync(db => db.Verdicts.Where(v => v.AssessmentId == draft.Assessment).ToDictionaryAsync(v => v.CriterionId));
        Assert.Equal(review.Count, verdicts.Count);
        Assert.Equal(Verdict.Recheck, verdicts[draft.Criteria[3].Id].Verdict);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(expertBrowser, $"/reviews/{draft.Assessment}?handler=Recheck", [])).StatusCode);

        // The applicant's sheet now shows the findings and a reply column; only the recheck row may change.
        var recheck = RowsOf(await DownloadAsync(draft.Applicant, sheetPage), "回答シート");
        Assert.Equal("再確認", recheck[3]["評価結果"]?.ToString());
        Assert.Equal("規程の最終更新日を書いてください", recheck[3]["評価結果の補足"]?.ToString());
        recheck[3]["回答の補足"] = "情報セキュリティ規程(2026-04-01改定)";
        recheck[3]["再確認への回答"] = "最終更新日を追記しました";
        recheck[5]["回答欄"] = "実施していない";
        var (locked, lockedHtml) = await UploadAsync(draft.Applicant, sheetPage, Write(recheck));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, locked.StatusCode);
        Assert.Equal([("シート「Sheet1」7行目 G列(回答欄)", draft.Criteria[5].Id, "いまはこの行を変更できません(再確認の対象でない、または確認中です)。")], Problems(lockedHtml));
        recheck[5]["回答欄"] = "実施している";
        var (replied, repliedHtml) = await UploadAsync(draft.Applicant, sheetPage, Write(recheck));
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        Assert.Contains("1件を取り込みました", repliedHtml, StringComparison.Ordinal);
        var answer = await _people.WithDbAsync(db => db.Answers.SingleAsync(a => a.AssessmentId == draft.Assessment && a.CriterionId == draft.Criteria[3].Id));
        Assert.Equal(("情報セキュリティ規程(2026-04-01改定)", "最終更新日を追記しました"), (answer.Supplement, answer.Reply));
        Assert.True(await _people.WithDbAsync(db => db.AnswerRevisions.AnyAsync(r => r.AssessmentId == draft.Assessment && r.CriterionId == draft.Criteria[3].Id && r.Reply == "最終更新日を追記しました")));

        // While the review is not open for verdicts, the page offers no upload, and a stale tab's upload is refused as a whole.
        Assert.DoesNotContain("data-testid=\"excel-upload\"", await expertBrowser.GetStringAsync(reviewPage), StringComparison.Ordinal);
        var (closed, closedHtml) = await UploadAsync(expertBrowser, reviewPage, Write(review), tokenPage: $"/reviews/{draft.Assessment}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, closed.StatusCode);
        Assert.Contains("評価結果を取り込めません", closedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_outside_the_organization_gets_not_found()
    {
        var draft = await DraftAsync();
        var otherOrganization = await _people.OrganizationAsync("関係のない株式会社", OrganizationRole.Applicant);
        var (_, stranger) = await _people.SignedInMemberAsync(otherOrganization, MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/assessments/{draft.Assessment}/excel?handler=Download")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/assessments/{draft.Assessment}/excel")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/reviews/{draft.Assessment}/excel")).StatusCode);
    }
}
