using Microsoft.Playwright;

namespace Hoshi.E2E.Catalog;

public sealed class CatalogJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    [Fact]
    public async Task Visitor_OpensTheCatalog_SwitchesToEnglishAndBack_AndFindsPasswordRequirements()
    {
        await server.JourneyAsync(async () =>
        {
            var page = await server.NewPageAsync();
            await page.OpenAsync("/catalog");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("要求事項カタログ");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");

            // The switch reloads the same address, so wait for the language itself, not for the URL.
            await page.GetByTestId("lang-en").ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Requirement catalog");

            // The choice sticks while browsing.
            await page.Locator("table[data-testid=catalog-versions] a").First.ClickAsync();
            await page.ExpectPathAsync("/catalog/scs-2026-03");
            await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Filter by level" }).GetByText("All levels")).ToBeVisibleAsync();

            await page.GetByTestId("lang-ja").ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
            await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "段階で絞り込む" }).GetByText("すべての段階")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "catalog-version.png"), FullPage = false });

            await page.GetByLabel("要求事項・評価基準を検索").FillAsync("パスワード");
            await page.GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
            await page.ExpectPathAsync("/catalog/scs-2026-03/search?q=*");

            await Assertions.Expect(page.GetByTestId("search-count")).ToContainTextAsync("件の要求事項が見つかりました");
            var results = page.GetByTestId("search-results");
            await Assertions.Expect(results).ToContainTextAsync("パスワード");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "catalog-search.png"), FullPage = true });

            await results.Locator("li > div > a").First.ClickAsync();
            await page.ExpectPathAsync("/catalog/scs-2026-03/requirements/*");
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("パスワード");
            await Assertions.Expect(page.Locator("article.criterion").First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "catalog-requirement.png"), FullPage = true });
        });
    }

    [Fact]
    public async Task Phone_SizedScreen_ShowsTheCatalogWithoutHorizontalScrolling()
    {
        await server.JourneyAsync(async () =>
        {
            var page = await server.NewPageAsync(new() { Width = 375, Height = 740 });
            await page.OpenAsync("/catalog/scs-2026-03/requirements/1-2-1");
            await Assertions.Expect(page.Locator("article.criterion").First).ToBeVisibleAsync();
            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "requirement-phone.png"), FullPage = false });

            Assert.True(scrollWidth <= 375, $"The page is {scrollWidth}px wide on a 375px screen.");
        });
    }
}
