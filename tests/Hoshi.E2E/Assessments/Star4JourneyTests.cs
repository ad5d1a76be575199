using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E.Assessments;

/// <summary>
/// The ★4 flow across three organizations in three browsers: the accreditation officer accredits
/// an evaluation body; the applicant asks it; the lead assessor accepts, appoints, plans, starts,
/// judges, records a remote audit, imports a real Nmap scan and raises a nonconformity; the
/// applicant records the fix; the lead assessor verifies and passes; the accreditation body
/// registers; the registry lists ★4 for three years. The 153 answers and most verdicts are written
/// through the stores the pages use; the steps that matter are clicked.
/// </summary>
public sealed class Star4JourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, name + ".png"), FullPage = true });

    [Fact]
    public async Task Accreditation_evaluation_corrective_action_and_registration_of_a_star4()
    {
        var number = Hoshi.Web.Cli.DemoData.CorporateNumberFor("7" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var applicantOrg = await server.OrganizationAsync("株式会社よつぼし精機", number, OrganizationRole.Applicant, EmployeeBand.From101To300, "13");
        var bodyOrg = await server.OrganizationAsync("よつぼし評価センター", null, OrganizationRole.EvaluationBody, EmployeeBand.From101To300, "13");
        var accreditationOrg = await server.OrganizationAsync("認定機構(ブラウザ試験)", null, OrganizationRole.AccreditationBody, EmployeeBand.From101To300, "13");
        var applicant = await server.PersonAsync(applicantOrg, MembershipRole.OrgAdmin, false, "四星 花子");
        var lead = await server.PersonAsync(bodyOrg, MembershipRole.LeadAssessor, true, "主任 評価子");
        var accreditor = await server.PersonAsync(accreditationOrg, MembershipRole.Officer, true, "認定 一郎");

        Guid assessment;
        List<Criterion> criteria;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
            assessment = (await store.StartAsync(applicantOrg, Level.Star4, applicant.Id, null)).Id;
            await store.SaveScopeAsync(assessment, 0, new ScopeQuestionnaire
            {
                WholeCompany = true,
                BoundaryDevicesInScope = false,
                CloudInScope = true,
                ByodInScope = false,
                RemoteWorkInScope = true,
                Locations = "本社工場(静岡県浜松市)",
                FillerName = "四星 花子",
                FillerDepartment = "情報システム部",
            }, applicant.Id, null);
            var loaded = (await store.LoadAsync(assessment))!;
            criteria = [.. loaded.Catalog.SheetFor(Level.Star4).SelectMany(r => r.Criteria)];
            foreach (var criterion in criteria)
            {
                Assert.True((await store.SaveAnswerAsync(loaded, criterion.Id, YesNo.Yes, "情報セキュリティ規程(2026-04-01改定)", 0, applicant.Id, null)).Saved);
            }
        }

        await server.JourneyAsync(async () =>
        {
            var accreditorPage = await server.SignInAsync(accreditor.Email, accreditor.Key);
            var applicantPage = await server.SignInAsync(applicant.Email, null);
            var leadPage = await server.SignInAsync(lead.Email, lead.Key);

            // The accreditation officer accredits the evaluation body.
            await accreditorPage.OpenAsync("/accreditations");
            await accreditorPage.GetByLabel("組織").SelectOptionAsync(new SelectOptionValue { Label = "よつぼし評価センター" });
            await accreditorPage.GetByLabel("認定番号").FillAsync("JAB-E-2026-001");
            await accreditorPage.GetByLabel("★4の評価", new() { Exact = true }).CheckAsync();
            await accreditorPage.GetByLabel("有効期間の開始日").FillAsync(JapanTime.DateOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await accreditorPage.GetByTestId("grant").ClickAsync();
            await Assertions.Expect(accreditorPage.GetByTestId("standing")).ToHaveTextAsync("有効");
            await ShotAsync(accreditorPage, "star4-accreditation");

            // The applicant asks the accredited body.
            await applicantPage.OpenAsync($"/assessments/{assessment}");
            await applicantPage.GetByTestId("evaluation-link").ClickAsync();
            await applicantPage.GetByLabel("よつぼし評価センター", new() { Exact = false }).CheckAsync();
            await applicantPage.GetByTestId("request-evaluation").ClickAsync();
            await Assertions.Expect(applicantPage.GetByTestId("evaluation-state")).ToHaveTextAsync("依頼中(評価機関の返事待ち)");

            // The lead assessor accepts, appoints, plans and starts.
            await leadPage.OpenAsync("/evaluations");
            await leadPage.GetByRole(AriaRole.Link, new() { Name = "株式会社よつぼし精機" }).ClickAsync();
            await leadPage.GetByTestId("accept").ClickAsync();
            await Assertions.Expect(leadPage.GetByTestId("evaluation-state")).ToHaveTextAsync("受諾(計画中)");
            await leadPage.GetByLabel("主任評価者", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "主任 評価子" });
            await leadPage.GetByTestId("appoint").ClickAsync();
            await Assertions.Expect(leadPage.GetByTestId("message")).ToHaveTextAsync("評価チームを決めました。");
            var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
            await leadPage.GetByLabel("書類審査の日").FillAsync(today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await leadPage.GetByLabel("現地監査(またはリモート監査)の日").FillAsync(today.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await leadPage.GetByLabel("技術検証の日").FillAsync(today.AddDays(15).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await leadPage.GetByTestId("save-plan").ClickAsync();
            await Assertions.Expect(leadPage.GetByTestId("message")).ToHaveTextAsync("計画を保存しました。");
            await leadPage.GetByTestId("start").ClickAsync();
            await Assertions.Expect(leadPage.GetByTestId("evaluation-state")).ToHaveTextAsync("評価中");
            var evaluationUrl = leadPage.Url.Split('?')[0];

            // Document review: all conformant through the store but one, judged nonconformant in the page.
            var first = criteria[0].Id;
            await using (var scope = server.Services.CreateAsyncScope())
            {
                var loaded = (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().LoadAsync(assessment))!;
                var reviews = scope.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Reviews.ReviewStore>();
                foreach (var criterion in criteria.Skip(1))
                {
                    Assert.True((await reviews.SaveVerdictAsync(loaded, criterion.Id, Verdict.Conformant, null, 0, lead.Id, null)).Saved);
                }
            }

            await leadPage.GetByTestId("review-link").ClickAsync();
            await leadPage.ExpectPathAsync($"/reviews/*");

            // The lead assessor declares no conflict of interest for this round before judging.
            await leadPage.GetByTestId("declare-confirm").CheckAsync();
            await leadPage.GetByTestId("declare").ClickAsync();
            await Assertions.Expect(leadPage.GetByTestId("declare-form")).ToHaveCountAsync(0);

            // The lead assessor accepts the scope, with the reason for each exclusion.
            await leadPage.GetByTestId("exclusion-BoundaryDevices").GetByLabel("認めた理由").FillAsync("境界の機器はグループ本社が管理し、本社の評価で確認済み");
            await leadPage.GetByTestId("exclusion-Byod").GetByLabel("認めた理由").FillAsync("私物端末の接続は技術的に遮断されている(確認済み)");
            await leadPage.GetByTestId("scope-verdict-Accepted").CheckAsync();
            await leadPage.GetByTestId("scope-save").ClickAsync();
            await Assertions.Expect(leadPage.GetByTestId("scope-standing")).ToHaveTextAsync("承認済み");
            var judged = leadPage.Locator($"#c-{first}");
            await judged.GetByLabel("不適合").CheckAsync();
            await judged.GetByLabel("評価結果の補足").FillAsync("規程が役員に周知された記録がない");
            await Assertions.Expect(leadPage.GetByTestId($"status-{first}")).ToContainTextAsync("保存しました", new() { Timeout = HoshiServer.StepTimeoutMs });

            // A remote audit and the technical verification with a real Nmap scan.
            await leadPage.OpenAsync(evaluationUrl + "/audit");
            await leadPage.GetByLabel("実施日").FillAsync(today.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await leadPage.GetByLabel("リモート").CheckAsync();
            await leadPage.GetByLabel("参加者").FillAsync("主任 評価子 / 情報システム部長");
            await leadPage.GetByTestId("record-visit").ClickAsync();
            await Assertions.Expect(leadPage.GetByTestId("visits")).ToContainTextAsync("リモート");
            await leadPage.OpenAsync(evaluationUrl + "/technical");
            await leadPage.GetByLabel("外部診断の対象(グローバルIPアドレス・範囲)").FillAsync("127.0.0.1");
            await leadPage.GetByLabel("パッチ適用状況の確認(抽出した端末・サーバ・IaaS)").CheckAsync();
            await leadPage.GetByTestId("save-setup").ClickAsync();
            await leadPage.GetByLabel("スキャン結果のファイル(Nmap の XML、OpenVAS / Greenbone の XML レポート、SARIF 2.1.0)").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "nmap", "localhost.xml"));
            await leadPage.GetByTestId("import-scan").ClickAsync();
            await Assertions.Expect(leadPage.GetByTestId("scan-table")).ToContainTextAsync("⚠ RDP");
            await ShotAsync(leadPage, "star4-technical");

            // Each risky service is handled: RDP left open on the first criterion (a nonconformity), the rest accepted with a reason.
            foreach (var port in new[] { 23, 445, 3389, 8080 })
            {
                if (port == 3389)
                {
                    await leadPage.GetByTestId($"port-127.0.0.1-{port}").GetByLabel("評価基準", new() { Exact = true }).SelectOptionAsync(first);
                }
                else
                {
                    await leadPage.GetByTestId($"disposition-{port}").SelectOptionAsync("Accepted");
                    await leadPage.GetByTestId($"disposition-reason-{port}").FillAsync("試験環境の閉じたネットワークで外部から到達できない");
                }

                await leadPage.GetByTestId($"link-{port}").ClickAsync();
                await Assertions.Expect(leadPage.GetByTestId("findings")).ToContainTextAsync($":{port}/tcp");
            }

            // Decision: corrective actions with the default deadline.
            await leadPage.OpenAsync(evaluationUrl);
            await leadPage.GetByTestId("decide").ClickAsync();
            // A step that cannot be undone: the page says what will happen and to whom; the person confirms.
            await Assertions.Expect(leadPage.GetByTestId("confirm-step")).ToBeVisibleAsync();
            await ShotAsync(leadPage, "star4-confirm-decide");
            await leadPage.GetByTestId("confirm-yes").ClickAsync();
            await Assertions.Expect(leadPage.GetByTestId("evaluation-state")).ToHaveTextAsync("是正処置中");

            // The applicant records the fix; the lead verifies it and passes.
            await applicantPage.ReopenAsync();
            await applicantPage.Locator($"[data-testid=nc-{first}]").GetByLabel("是正の内容と証跡").FillAsync("役員会で規程を説明し議事録に残した(取締役会議事録 2026-12-20)");
            await applicantPage.GetByTestId($"fix-{first}").ClickAsync();
            await Assertions.Expect(applicantPage.GetByTestId("message")).ToContainTextAsync("是正を記録しました");
            await ShotAsync(applicantPage, "star4-corrective-action");
            await leadPage.ReopenAsync();
            await leadPage.GetByTestId($"verify-{first}").ClickAsync();
            await Assertions.Expect(leadPage.GetByTestId("message")).ToHaveTextAsync("是正を確認しました。評価結果は適合になりました。");
            await leadPage.GetByTestId("close-actions").ClickAsync();
            // A step that cannot be undone: the page says what will happen and to whom; the person confirms.
            await Assertions.Expect(leadPage.GetByTestId("confirm-step")).ToBeVisibleAsync();
            await leadPage.GetByTestId("confirm-yes").ClickAsync();
            await Assertions.Expect(leadPage.GetByTestId("evaluation-state")).ToHaveTextAsync("合格");

            // The accreditation body registers (the applicant's 法人番号 proven); the registry lists ★4 for three years.
            await Hoshi.Tests.Shared.VerifiedOrganizations.MarkAsync(server.Services, applicantOrg);
            await accreditorPage.OpenAsync("/evaluations");
            await accreditorPage.GetByRole(AriaRole.Link, new() { Name = "株式会社よつぼし精機" }).ClickAsync();
            await accreditorPage.GetByTestId("register").ClickAsync();
            // A step that cannot be undone: the page says what will happen and to whom; the person confirms.
            await Assertions.Expect(accreditorPage.GetByTestId("confirm-step")).ToBeVisibleAsync();
            await accreditorPage.GetByTestId("confirm-yes").ClickAsync();
            await Assertions.Expect(accreditorPage.GetByTestId("evaluation-state")).ToHaveTextAsync("登録済み");

            await applicantPage.OpenAsync("/registry");
            var row = applicantPage.GetByTestId("registry").Locator("tr", new() { HasText = number });
            await Assertions.Expect(row).ToContainTextAsync("★4");
            await Assertions.Expect(row).ToContainTextAsync("有効");
            await Assertions.Expect(row).ToContainTextAsync(JapanTime.LastDayOfYears(today, 3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await ShotAsync(applicantPage, "star4-registry");
        });
    }
}
