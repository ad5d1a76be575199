using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Microsoft.Playwright;

namespace Hoshi.E2E.Analytics;

/// <summary>The scheme owner opens the conformance analysis, filters by ★4 and downloads the CSV, then the activity analysis.</summary>
public sealed class AnalyticsJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    [Fact]
    public async Task The_scheme_owner_filters_by_star4_and_downloads_the_csv()
    {
        var owner = await server.OrganizationAsync("制度運営事務局", null, OrganizationRole.SchemeOwner);
        var officer = await server.PersonAsync(owner, MembershipRole.OrgAdmin, true, "分析 担当");
        await server.JourneyAsync(async () =>
        {
            var page = await server.SignInAsync(officer.Email, officer.Key);
            await page.OpenAsync("/organizations");
            await page.GetByTestId("analytics").ClickAsync();
            await page.ExpectPathAsync("/admin/analytics");
            await page.GetByTestId("filter-level").SelectOptionAsync("4");
            await page.GetByTestId("apply-analytics").ClickAsync();
            await page.ExpectPathAsync("/admin/analytics?level=4*");
            await Assertions.Expect(page.GetByTestId("conformance-answers")).ToContainTextAsync("10001+");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "analytics-star4.png"), FullPage = true });

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("analytics-csv").ClickAsync());
            Assert.StartsWith("conformance-star4-", download.SuggestedFilename, StringComparison.Ordinal);
            var path = await download.PathAsync();
            var csv = await File.ReadAllTextAsync(path!);
            Assert.Contains("1–500", csv, StringComparison.Ordinal);
            Assert.Contains("<5", csv, StringComparison.Ordinal);

            // The activity analysis, from the same navigation, keeping to ★4.
            await page.GetByTestId("nav-activity").ClickAsync();
            await page.ExpectPathAsync("/admin/analytics/activity");
            await page.GetByTestId("filter-level").SelectOptionAsync("4");
            await page.GetByTestId("apply-activity").ClickAsync();
            await page.ExpectPathAsync("/admin/analytics/activity?level=4*");
            await Assertions.Expect(page.GetByTestId("table-registry")).ToContainTextAsync("★4");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "analytics-activity-star4.png"), FullPage = true });
            var effort = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("csv-effort").ClickAsync());
            Assert.Equal("analytics-effort-star4.csv", effort.SuggestedFilename);
            Assert.Contains("89h", await File.ReadAllTextAsync((await effort.PathAsync())!), StringComparison.Ordinal);

            // The officer opens Hoshi's guide on a criterion for editing, from the catalog page.
            await page.OpenAsync("/catalog/scs-2026-03/requirements/1-2-1");
            await page.GetByTestId("help-1-2-1-1").Locator("summary").ClickAsync();
            await page.GetByTestId("help-1-2-1-1").GetByRole(AriaRole.Link).ClickAsync();
            await page.ExpectPathAsync("/catalog/scs-2026-03/help/1-2-1-1");
            await Assertions.Expect(page.GetByTestId("help-history")).ToContainTextAsync("Hoshi の初期版");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "help-edit.png"), FullPage = true });
        });
    }
}
