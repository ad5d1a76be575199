using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Organizations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E.Assessments;

/// <summary>A ★3 holder renews: the sheet starts from last time, two categories are confirmed with one action each and one answer changes (issue 25).</summary>
public sealed class RenewalJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, name + ".png"), FullPage = true });

    [Fact]
    public async Task A_holder_renews_confirming_two_categories_and_changing_one_answer()
    {
        var organization = await server.OrganizationAsync("更新する精機株式会社", null, OrganizationRole.Applicant);
        var (email, _, key) = await server.PersonAsync(organization, MembershipRole.OrgAdmin, false, "更新 花子");
        List<SheetRequirement> sheet;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var catalog = (await scope.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Catalog.CatalogStore>().GetAsync("scs-2026-03"))!.Catalog;
            sheet = [.. catalog.SheetFor(Level.Star3)];
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var then = DateTime.UtcNow.AddYears(-1);
            var scopeJson = JsonSerializer.Serialize(new ScopeQuestionnaire
            {
                WholeCompany = true,
                BoundaryDevicesInScope = false,
                CloudInScope = true,
                ByodInScope = false,
                RemoteWorkInScope = false,
                Locations = "本社工場",
                FillerName = "更新 花子",
                FillerDepartment = "総務部",
            }, WebJson);
            var last = new AssessmentRecord { Id = Guid.NewGuid(), OrganizationId = organization, Level = Level.Star3, CatalogVersionId = catalog.Id, State = AssessmentState.Registered, ScopeJson = scopeJson, CreatedAt = then, UpdatedAt = then };
            db.Assessments.Add(last);
            foreach (var criterion in sheet.SelectMany(r => r.Criteria))
            {
                var value = criterion.AnswerType switch { AnswerType.YesNo => YesNo.Yes, AnswerType.Choice => criterion.Choices[0].Value, _ => "実施している" };
                db.Answers.Add(new AnswerRecord { AssessmentId = last.Id, CriterionId = criterion.Id, Value = value, Supplement = "社内規程 2025年版", UpdatedAt = then, Version = 1 });
            }

            await db.SaveChangesAsync();
        }

        var total = sheet.Sum(r => r.Criteria.Count);
        var categories = sheet.Select(r => r.Subcategory.CategoryNo).Distinct().ToList();
        var inFirstTwo = sheet.Where(r => r.Subcategory.CategoryNo == categories[0] || r.Subcategory.CategoryNo == categories[1]).Sum(r => r.Criteria.Count);
        var changed = sheet.First(r => r.Subcategory.CategoryNo == categories[2]).Criteria[0];

        await server.JourneyAsync(async () =>
        {
            var page = await server.SignInAsync(email, key);
            await page.OpenAsync($"/organizations/{organization}/assessments");
            await page.GetByTestId("start-star3").ClickAsync();
            await page.ExpectPathAsync("/assessments/*");
            await Assertions.Expect(page.GetByTestId("renewal-confirmed")).ToHaveTextAsync($"確認済み 0 / {total}");
            await ShotAsync(page, "renewal-overview-start");

            // Two categories, one action each.
            await page.GetByTestId("renewal-waiting").GetByRole(AriaRole.Link).First.ClickAsync();
            await page.ExpectPathAsync("/assessments/*/sheet");
            await page.GetByTestId("confirm-category").ClickAsync();
            await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("件の回答を確認しました");
            await Assertions.Expect(page.Locator("[data-carried]")).ToHaveCountAsync(0);
            await page.GetByTestId("next-category").ClickAsync();
            await page.GetByTestId("confirm-category").ClickAsync();
            await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("件の回答を確認しました");

            // One answer changed in the third: it saves itself and is no longer "carried over".
            await page.GetByTestId("next-category").ClickAsync();
            await Assertions.Expect(page.GetByTestId($"carried-{changed.Id}")).ToBeVisibleAsync();
            await page.Locator($"#s-{changed.Id}").FillAsync("社内規程 2026年版(改定)");
            await Assertions.Expect(page.GetByTestId($"status-{changed.Id}")).ToContainTextAsync("保存しました");
            await Assertions.Expect(page.GetByTestId($"carried-{changed.Id}")).ToBeHiddenAsync();
            await ShotAsync(page, "renewal-sheet-changed");

            await page.OpenAsync(page.Url.Split("/sheet")[0]);
            await Assertions.Expect(page.GetByTestId("renewal-confirmed")).ToHaveTextAsync($"確認済み {inFirstTwo + 1} / {total}");
            await ShotAsync(page, "renewal-overview-progress");
        });
    }
}
