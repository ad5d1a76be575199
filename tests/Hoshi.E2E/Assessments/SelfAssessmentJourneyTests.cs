using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E.Assessments;

public sealed class SelfAssessmentJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    private const string Password = "部品工場の自己評価を始めます";

    private async Task<(string Email, Guid Organization)> ApplicantAsync()
    {
        var email = $"applicant.{Guid.NewGuid():N}@example.jp";
        await using var scope = server.Services.CreateAsyncScope();
        var organizations = scope.ServiceProvider.GetRequiredService<OrganizationStore>();
        var organization = await organizations.CreateAsync(new NewOrganization("株式会社ほしの部品", null, null, EmployeeBand.From11To50, null, "23"), "test");
        await organizations.GrantRoleAsync(organization.Id, OrganizationRole.Applicant, "test", true, false);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HoshiUser>>();
        var user = new HoshiUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = "星野 花子", CreatedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Memberships.Add(new MembershipRecord { UserId = user.Id, OrganizationId = organization.Id, Role = MembershipRole.OrgAdmin, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return (email, organization.Id);
    }

    [Fact]
    public async Task An_applicant_answers_scope_and_sheet_and_answers_save_themselves()
    {
        var (email, organization) = await ApplicantAsync();
        await server.JourneyAsync(async () =>
        {
            var page = await server.NewPageAsync();
            await page.OpenAsync("/account/sign-in");
            await page.GetByLabel("メールアドレス").FillAsync(email);
            await page.GetByLabel("パスワード").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "サインインする" }).ClickAsync();
            await page.ExpectPathAsync("/");

            await page.OpenAsync($"/organizations/{organization}");
            await page.GetByTestId("assessments").ClickAsync();
            await page.GetByTestId("start-star3").ClickAsync();
            await page.ExpectPathAsync("/assessments/*");

            // Scope: 4-1 appears only when 4 is answered yes.
            await page.GetByTestId("scope-link").ClickAsync();
            await page.ExpectPathAsync("/assessments/*/scope");
            var boundaryProtection = page.GetByLabel("4-1. それらの機器をどのように守っていますか。");
            await Assertions.Expect(boundaryProtection).ToBeHiddenAsync();
            await page.Locator("#q-boundarydevicesinscope").GetByLabel("はい").CheckAsync();
            await Assertions.Expect(boundaryProtection).ToBeVisibleAsync();
            await boundaryProtection.FillAsync("UTMで通信を制限している");
            await page.Locator("#q-wholecompany").GetByLabel("はい").CheckAsync();
            await page.Locator("#q-cloudinscope").GetByLabel("はい").CheckAsync();
            await page.Locator("#q-byodinscope").GetByLabel("いいえ").CheckAsync();
            await page.Locator("#q-remoteworkinscope").GetByLabel("はい").CheckAsync();
            await page.GetByLabel("6. 評価の対象となる拠点の所在地").FillAsync("本社(愛知県豊田市)");
            await page.GetByLabel("氏名").FillAsync("星野 花子");
            await page.GetByLabel("部署", new() { Exact = true }).FillAsync("総務部");
            await page.GetByTestId("save-scope").ClickAsync();
            await Assertions.Expect(page.GetByTestId("saved")).ToContainTextAsync("すべて回答済み");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "assessment-scope.png"), FullPage = true });

            // Sheet: an answer saves itself after typing stops.
            await page.OpenAsync(page.Url.Replace("/scope", "/sheet?category=1", StringComparison.Ordinal));
            var item = page.Locator("#c-1-2-1-1");
            await item.GetByLabel("実施している").CheckAsync();
            await item.GetByLabel("回答の補足").FillAsync("情報セキュリティ基本方針(2026-04-01改定)");
            await Assertions.Expect(page.GetByTestId("status-1-2-1-1")).ToContainTextAsync("保存しました", new() { Timeout = HoshiServer.StepTimeoutMs });
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "assessment-sheet.png") });

            await page.ReopenAsync();
            await Assertions.Expect(page.Locator("#c-1-2-1-1").GetByLabel("実施している")).ToBeCheckedAsync();
            await Assertions.Expect(page.Locator("#c-1-2-1-1").GetByLabel("回答の補足")).ToHaveValueAsync("情報セキュリティ基本方針(2026-04-01改定)");
            await Assertions.Expect(page.GetByTestId("category-progress")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*1 / [1-9][0-9]*\s*$"));

            await page.SetViewportSizeAsync(390, 844);
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "assessment-sheet-phone.png") });
            Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "The sheet scrolls sideways on a phone.");
        });
    }

    [Fact]
    public async Task An_applicant_fills_the_sheet_offline_in_Excel_and_imports_the_valid_rows()
    {
        var (email, organization) = await ApplicantAsync();
        await server.JourneyAsync(async () =>
        {
            var page = await server.NewPageAsync();
            await page.OpenAsync("/account/sign-in");
            await page.GetByLabel("メールアドレス").FillAsync(email);
            await page.GetByLabel("パスワード").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "サインインする" }).ClickAsync();
            await page.ExpectPathAsync("/");
            await page.OpenAsync($"/organizations/{organization}/assessments");
            await page.GetByTestId("start-star3").ClickAsync();
            await page.ExpectPathAsync("/assessments/*");
            await page.GetByTestId("excel-link").ClickAsync();
            await page.ExpectPathAsync("/assessments/*/excel");

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("excel-download").ClickAsync());
            Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
            var downloaded = Path.Combine(Path.GetTempPath(), $"hoshi-e2e-{Guid.NewGuid():N}.xlsx");
            await download.SaveAsAsync(downloaded);

            // Filled offline (by another spreadsheet library): three answers, one of them without its supplement.
            var rows = MiniExcelLibs.MiniExcel.Query(downloaded, useHeaderRow: true, sheetName: "回答シート")
                .Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r)).ToList();
            rows[0]["回答欄"] = "実施している";
            rows[0]["回答の補足"] = "情報セキュリティ基本方針(2026-04-01改定)";
            rows[1]["回答欄"] = "実施していない";
            rows[1]["回答の補足"] = "2026年度中に整備予定";
            rows[2]["回答欄"] = "実施している";
            var filled = Path.Combine(Path.GetTempPath(), $"hoshi-e2e-{Guid.NewGuid():N}.xlsx");
            MiniExcelLibs.MiniExcel.SaveAs(filled, rows.Select(r => (IDictionary<string, object?>)r).ToList());

            await page.GetByLabel("Excel ファイル(.xlsx)").SetInputFilesAsync(filled);
            await page.GetByTestId("excel-upload").ClickAsync();
            await Assertions.Expect(page.GetByTestId("import-refused")).ToContainTextAsync("何も取り込んでいません");
            await Assertions.Expect(page.GetByTestId("import-problems")).ToContainTextAsync("4行目 H列(回答の補足)");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "assessment-excel-report.png"), FullPage = true });

            await page.GetByTestId("import-confirm").ClickAsync();
            await Assertions.Expect(page.GetByTestId("import-done")).ToContainTextAsync("2件を取り込みました");
            await page.OpenAsync(page.Url.Replace("/excel?handler=Confirm", "/sheet", StringComparison.Ordinal).Replace("/excel", "/sheet", StringComparison.Ordinal));
            var first = (string)rows[0]["ID"]!;
            await Assertions.Expect(page.Locator($"#c-{first}").GetByLabel("実施している")).ToBeCheckedAsync();
            File.Delete(downloaded);
            File.Delete(filled);
        });
    }
}
