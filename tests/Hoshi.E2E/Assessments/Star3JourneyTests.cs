using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E.Assessments;

/// <summary>
/// The ★3 flow across three people in three browsers: the applicant submits, the expert sends one
/// item back, the applicant answers it, the expert approves, management declares, the registration
/// officer registers, and the entry is in the registry. The bulk of the 81 answers and verdicts is
/// written through the same stores the pages use; the steps that matter are clicked.
/// </summary>
public sealed class Star3JourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, name + ".png"), FullPage = true });

    [Fact]
    public async Task Applicant_expert_and_registration_officer_take_a_star3_to_the_registry()
    {
        var number = Hoshi.Web.Cli.DemoData.CorporateNumberFor("6" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var applicantOrg = await server.OrganizationAsync("株式会社みつぼし工業", number, OrganizationRole.Applicant, EmployeeBand.From11To50, "23");
        var bodyOrg = await server.OrganizationAsync("登録センター(ブラウザ試験)", null, OrganizationRole.RegistrationBody, EmployeeBand.From11To50, "23");
        var expertOrg = await server.OrganizationAsync("みらいセキュリティ診断", null, OrganizationRole.Applicant, EmployeeBand.From11To50, "23");
        var applicant = await server.PersonAsync(applicantOrg, MembershipRole.OrgAdmin, false, "三星 花子");
        var expert = await server.PersonAsync(expertOrg, MembershipRole.Member, true, "専門 太郎");
        var officer = await server.PersonAsync(bodyOrg, MembershipRole.Officer, true, "登録 一郎");
        var ownerOrg = await server.OrganizationAsync("制度運営(ブラウザ試験)", null, OrganizationRole.SchemeOwner, EmployeeBand.From11To50, "13");
        var schemeOfficer = await server.PersonAsync(ownerOrg, MembershipRole.Officer, true, "運営 直子");

        // The expert registers; the profile waits for the scheme owner's check.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ExpertStore>().SaveAsync(expert.Id, null, new ExpertInput("012345", null, "みらいセキュリティ診断", DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-3))), null);
        }

        // Applicant: start, scope and all answers but one through the stores; the last one in the page.
        Guid assessment;
        List<Criterion> criteria;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
            assessment = (await store.StartAsync(applicantOrg, Level.Star3, applicant.Id, null)).Id;
            await store.SaveScopeAsync(assessment, 0, new ScopeQuestionnaire
            {
                WholeCompany = true,
                BoundaryDevicesInScope = false,
                CloudInScope = true,
                ByodInScope = false,
                RemoteWorkInScope = true,
                Locations = "本社(愛知県豊田市)",
                FillerName = "三星 花子",
                FillerDepartment = "総務部",
            }, applicant.Id, null);
            var loaded = (await store.LoadAsync(assessment))!;
            criteria = [.. loaded.Catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria)];
            foreach (var criterion in criteria.Skip(1))
            {
                var value = criterion.AnswerType switch { AnswerType.YesNo => YesNo.Yes, AnswerType.Choice => criterion.Choices[0].Value, _ => "実施している" };
                Assert.True((await store.SaveAnswerAsync(loaded, criterion.Id, value, "規程 2026-04-01", 0, applicant.Id, null)).Saved);
            }
        }

        var first = criteria[0].Id;
        await server.JourneyAsync(async () =>
        {
            var applicantPage = await server.SignInAsync(applicant.Email, null);
            var expertPage = await server.SignInAsync(expert.Email, expert.Key);
            var officerPage = await server.SignInAsync(officer.Email, officer.Key);

            // Scheme owner: the officer finds the pending expert and verifies the number against the register.
            var ownerPage = await server.SignInAsync(schemeOfficer.Email, schemeOfficer.Key);
            await ownerPage.OpenAsync("/experts");
            await ownerPage.GetByTestId($"expert-{expert.Email}").ClickAsync();
            await Assertions.Expect(ownerPage.GetByTestId("verification-state")).ToContainTextAsync("確認待ち");
            await ownerPage.GetByLabel("確認済みにする").CheckAsync();
            await ownerPage.GetByLabel("確認の根拠").SelectOptionAsync("riss-register");
            await ownerPage.GetByTestId("decide-verification").ClickAsync();
            await Assertions.Expect(ownerPage.GetByTestId("verification-state")).ToContainTextAsync("確認済み");
            await ShotAsync(ownerPage, "star3-expert-verified");

            // The same officer proves the applicant's 法人番号 from a submitted document, so that it can be registered.
            await ownerPage.OpenAsync($"/organizations/{applicantOrg}");
            await Assertions.Expect(ownerPage.GetByTestId("identity")).ToContainTextAsync("未確認");
            await ownerPage.GetByLabel("確認した書類").FillAsync("登記事項証明書(2026-11-20 発行)");
            await ownerPage.GetByTestId("verify-confirm").CheckAsync();
            await ownerPage.GetByTestId("verify-identity-submit").ClickAsync();
            await Assertions.Expect(ownerPage.GetByTestId("identity")).ToContainTextAsync("確認済み");

            await applicantPage.OpenAsync($"/assessments/{assessment}/sheet#c-{first}");
            var item = applicantPage.Locator($"#c-{first}");
            await item.GetByLabel("実施している").CheckAsync();
            await item.GetByLabel("回答の補足").FillAsync("情報セキュリティ基本方針");
            await Assertions.Expect(applicantPage.GetByTestId($"status-{first}")).ToContainTextAsync("保存しました", new() { Timeout = HoshiServer.StepTimeoutMs });

            await applicantPage.OpenAsync($"/assessments/{assessment}");
            await applicantPage.GetByLabel("専門家のメールアドレス").FillAsync(expert.Email);
            await applicantPage.GetByTestId("choose-expert").ClickAsync();
            // The choice reloads the page: the hours are typed into the new one, not the one going away.
            await Assertions.Expect(applicantPage.GetByTestId("expert")).ToContainTextAsync("専門 太郎");
            await applicantPage.GetByLabel("適用範囲の検討にかかった時間(時間)").FillAsync("2");
            await applicantPage.GetByLabel("アセスメントシートの回答にかかった時間(時間)").FillAsync("12.5");
            await applicantPage.GetByTestId("submit-for-review").ClickAsync();
            await Assertions.Expect(applicantPage.GetByTestId("state")).ToHaveTextAsync("専門家が確認中");
            await ShotAsync(applicantPage, "star3-overview-under-review");

            // Expert: everything conformant except the first item, sent back for recheck.
            await using (var scope = server.Services.CreateAsyncScope())
            {
                var loaded = (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().LoadAsync(assessment))!;
                var reviews = scope.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Reviews.ReviewStore>();
                foreach (var criterion in criteria.Skip(1))
                {
                    Assert.True((await reviews.SaveVerdictAsync(loaded, criterion.Id, Verdict.Conformant, null, 0, expert.Id, null)).Saved);
                }
            }

            await expertPage.OpenAsync("/reviews");
            await expertPage.GetByRole(AriaRole.Link, new() { Name = "株式会社みつぼし工業" }).ClickAsync();

            // Before the first verdict in the page, the expert declares no conflict of interest for this round.
            await expertPage.GetByTestId("declare-confirm").CheckAsync();
            await expertPage.GetByTestId("declare").ClickAsync();
            await Assertions.Expect(expertPage.GetByTestId("declare-form")).ToHaveCountAsync(0);
            var judged = expertPage.Locator($"#c-{first}");
            await judged.GetByLabel("再確認").CheckAsync();
            await judged.GetByLabel("評価結果の補足").FillAsync("規程の最終更新日を書いてください");
            await Assertions.Expect(expertPage.GetByTestId($"status-{first}")).ToContainTextAsync("保存しました", new() { Timeout = HoshiServer.StepTimeoutMs });
            await ShotAsync(expertPage, "star3-review");
            await expertPage.GetByTestId("request-recheck").ClickAsync();
            // A step that cannot be undone: the page says what will happen and to whom; the person confirms.
            await Assertions.Expect(expertPage.GetByTestId("confirm-step")).ToBeVisibleAsync();
            await ShotAsync(expertPage, "star3-confirm-recheck");
            await expertPage.GetByTestId("confirm-yes").ClickAsync();
            await Assertions.Expect(expertPage.GetByTestId("state")).ToHaveTextAsync("再確認の回答待ち");

            // Applicant: answers the recheck item and replies.
            await applicantPage.OpenAsync($"/assessments/{assessment}");
            await Assertions.Expect(applicantPage.GetByTestId("findings")).ToContainTextAsync("規程の最終更新日を書いてください");
            await applicantPage.OpenAsync($"/assessments/{assessment}/sheet#c-{first}");
            var recheck = applicantPage.Locator($"#c-{first}");
            await recheck.GetByLabel("回答の補足").FillAsync("情報セキュリティ基本方針(2026-04-01改定)");
            await recheck.GetByLabel("専門家への返答").FillAsync("最終更新日を追記しました");
            await Assertions.Expect(applicantPage.GetByTestId($"status-{first}")).ToContainTextAsync("保存しました", new() { Timeout = HoshiServer.StepTimeoutMs });
            await ShotAsync(applicantPage, "star3-recheck");
            await applicantPage.OpenAsync($"/assessments/{assessment}");
            await applicantPage.GetByTestId("answer-rechecks").ClickAsync();
            await Assertions.Expect(applicantPage.GetByTestId("state")).ToHaveTextAsync("専門家が確認中");

            // Expert: conformant now; finalizes.
            await expertPage.ReopenAsync();
            await Assertions.Expect(expertPage.GetByTestId($"reply-{first}")).ToHaveTextAsync("最終更新日を追記しました");
            await expertPage.Locator($"#c-{first}").GetByLabel("適合", new() { Exact = true }).CheckAsync();
            await Assertions.Expect(expertPage.GetByTestId($"status-{first}")).ToContainTextAsync("保存しました", new() { Timeout = HoshiServer.StepTimeoutMs });

            // The scope itself: accepted, with the reason each exclusion (boundary devices, BYOD) was accepted.
            await expertPage.GetByTestId("exclusion-BoundaryDevices").GetByLabel("認めた理由").FillAsync("境界の機器は親会社が管理し、親会社の評価で確認済み");
            await expertPage.GetByTestId("exclusion-Byod").GetByLabel("認めた理由").FillAsync("私物端末の業務利用は規程で禁止されている");
            await expertPage.GetByTestId("scope-verdict-Accepted").CheckAsync();
            await ShotAsync(expertPage, "star3-scope-verdict");
            await expertPage.GetByTestId("scope-save").ClickAsync();
            await Assertions.Expect(expertPage.GetByTestId("scope-standing")).ToHaveTextAsync("承認済み");
            await expertPage.GetByTestId("finalize").ClickAsync();
            // A step that cannot be undone: the page says what will happen and to whom; the person confirms.
            await Assertions.Expect(expertPage.GetByTestId("confirm-step")).ToBeVisibleAsync();
            await ShotAsync(expertPage, "star3-confirm-finalize");
            await expertPage.GetByTestId("confirm-yes").ClickAsync();
            await Assertions.Expect(expertPage.GetByTestId("state")).ToHaveTextAsync("承認(適合)");

            // Management declares and submits to the registration body.
            await applicantPage.OpenAsync($"/assessments/{assessment}");
            await applicantPage.GetByLabel("宣誓する人の氏名").FillAsync("三星 一郎");
            await applicantPage.GetByLabel("役職(例:代表取締役)").FillAsync("代表取締役");
            await applicantPage.GetByLabel("登録を申請する登録機関").SelectOptionAsync(new SelectOptionValue { Label = "登録センター(ブラウザ試験)" });
            await applicantPage.GetByLabel("上記の内容を確認し、経営者として宣誓します。").CheckAsync();
            await ShotAsync(applicantPage, "star3-declaration");
            await applicantPage.GetByTestId("declare").ClickAsync();
            await Assertions.Expect(applicantPage.GetByTestId("state")).ToHaveTextAsync("登録申請中");

            // The officer registers; the registry lists it.
            await officerPage.OpenAsync("/registrations");
            await officerPage.GetByRole(AriaRole.Link, new() { Name = "株式会社みつぼし工業" }).ClickAsync();
            await Assertions.Expect(officerPage.GetByTestId("expert")).ToContainTextAsync("第012345号");
            await ShotAsync(officerPage, "star3-registration");
            await officerPage.GetByTestId("register").ClickAsync();
            // A step that cannot be undone: the page says what will happen and to whom; the person confirms.
            await Assertions.Expect(officerPage.GetByTestId("confirm-step")).ToBeVisibleAsync();
            await officerPage.GetByTestId("confirm-yes").ClickAsync();
            await Assertions.Expect(officerPage.GetByTestId("state")).ToHaveTextAsync("登録済み");

            await applicantPage.OpenAsync("/registry");
            var row = applicantPage.GetByTestId("registry").Locator("tr", new() { HasText = number });
            await Assertions.Expect(row).ToContainTextAsync("★3");
            await Assertions.Expect(row).ToContainTextAsync("有効");
            await ShotAsync(applicantPage, "star3-registry");
        });
    }
}
