using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Organizations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E.Assessments;

/// <summary>
/// An adviser beside the company (issue 25), in the browser: the administrator invites an adviser, who
/// finds the round at home and proposes an answer on a phone; the administrator accepts it on a laptop,
/// and the history under the criterion names both.
/// </summary>
public sealed class AdviceJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, name + ".png"), FullPage = true });

    [Fact]
    public async Task An_adviser_proposes_on_a_phone_and_the_administrator_accepts_it()
    {
        var organization = await server.OrganizationAsync("相談する金型株式会社", null, OrganizationRole.Applicant);
        var (adminEmail, _, adminKey) = await server.PersonAsync(organization, MembershipRole.OrgAdmin, false, "金型 一郎");
        var firm = await server.OrganizationAsync("まちのITサポート合同会社", null, OrganizationRole.Applicant);
        var (adviserEmail, _, adviserKey) = await server.PersonAsync(firm, MembershipRole.Member, false, "支援 さくら");
        Criterion criterion;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var catalog = (await scope.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Catalog.CatalogStore>().GetAsync("scs-2026-03"))!.Catalog;
            criterion = catalog.SheetFor(Level.Star3)[0].Criteria.First(c => c.AnswerType == AnswerType.YesNo);
        }

        await server.JourneyAsync(async () =>
        {
            var admin = await server.SignInAsync(adminEmail, adminKey);
            await admin.OpenAsync($"/organizations/{organization}/assessments");
            await admin.GetByTestId("start-star3").ClickAsync();
            await admin.ExpectPathAsync("/assessments/*");
            var round = admin.Url.TrimEnd('/');
            await admin.GetByTestId("advice-link").ClickAsync();
            await admin.ExpectPathAsync("/assessments/*/advice");
            await admin.GetByLabel("招待するアドバイザーのメールアドレス").FillAsync(adviserEmail);
            await admin.GetByTestId("invite-adviser-submit").ClickAsync();
            await Assertions.Expect(admin.GetByTestId("message")).ToContainTextAsync("アドバイザーとして招待し");

            // The adviser, on a phone, finds the round at home and proposes an answer.
            var adviser = await server.SignInAsync(adviserEmail, adviserKey);
            await adviser.SetViewportSizeAsync(390, 844);
            await adviser.OpenAsync("/");
            await adviser.Locator("[data-testid=inbox-item][data-action=advise] a").ClickAsync();
            await adviser.ExpectPathAsync("/assessments/*/advice");
            await Assertions.Expect(adviser.GetByTestId("advice-" + criterion.Id)).ToBeVisibleAsync();
            var card = adviser.GetByTestId("advice-" + criterion.Id);
            await card.GetByLabel("コメント", new() { Exact = true }).FillAsync("基本方針はひな形から作れます。社長の承認日を補足に書いてください。");
            await card.GetByTestId($"propose-{criterion.Id}-yes").CheckAsync();
            await card.GetByLabel("回答案の補足", new() { Exact = false }).FillAsync("情報セキュリティ基本方針(2026-12-01 社長承認)");
            await card.GetByTestId("note-submit-" + criterion.Id).ClickAsync();
            await Assertions.Expect(adviser.GetByTestId("message")).ToContainTextAsync("回答案を送りました");
            var overflow = await adviser.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, "the advice page scrolls sideways at 390 px");
            await ShotAsync(adviser, "advice-adviser-390");

            // The administrator accepts it; the answer and the history say who proposed and who accepted.
            await admin.OpenAsync(round + "/advice");
            var mine = admin.GetByTestId("advice-" + criterion.Id);
            await Assertions.Expect(mine.Locator("[data-kind=Proposal][data-state=Open]")).ToHaveCountAsync(1);
            await mine.GetByRole(AriaRole.Button, new() { Name = "採用して回答にする" }).ClickAsync();
            await Assertions.Expect(admin.GetByTestId("message")).ToContainTextAsync("提案を採用し");
            mine = admin.GetByTestId("advice-" + criterion.Id);
            await Assertions.Expect(mine.GetByTestId("answer-" + criterion.Id)).ToContainTextAsync("実施している");
            await mine.GetByTestId("history-" + criterion.Id).Locator("summary").ClickAsync();
            await Assertions.Expect(mine.GetByTestId("history-" + criterion.Id)).ToContainTextAsync("金型 一郎");
            await Assertions.Expect(mine.GetByTestId("history-" + criterion.Id)).ToContainTextAsync("アドバイザー 支援 さくら の提案を採用");
            await ShotAsync(admin, "advice-member-accepted");
        });
    }
}
