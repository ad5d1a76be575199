using Microsoft.Playwright;

namespace Hoshi.E2E.Catalog;

public sealed class CatalogJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    [Fact]
    public async Task Visitor_OpensTheCatalog_SwitchesToEnglishAndBack_AndFindsPasswordRequirements()
    {
        var page = await server.NewPageAsync();
        await HoshiServer.RecordOnFailureAsync(page, "catalog", async () =>
        {
            await page.GotoAsync("/catalog");
            Assert.Equal("要求事項カタログ", await page.Locator("h1").InnerTextAsync());
            Assert.Equal("ja", await page.Locator("html").GetAttributeAsync("lang"));

            // The switch reloads the same address, so wait for the language itself, not for the URL.
            await page.GetByTestId("lang-en").ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            Assert.Equal("Requirement catalog", await page.Locator("h1").InnerTextAsync());

            // The choice sticks while browsing.
            await page.Locator("table[data-testid=catalog-versions] a").First.ClickAsync();
            await page.WaitForURLAsync("**/catalog/scs-2026-03");
            Assert.True(await page.GetByRole(AriaRole.Navigation, new() { Name = "Filter by level" }).GetByText("All levels").IsVisibleAsync());

            await page.GetByTestId("lang-ja").ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
            Assert.True(await page.GetByRole(AriaRole.Navigation, new() { Name = "段階で絞り込む" }).GetByText("すべての段階").IsVisibleAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "catalog-version.png"), FullPage = false });

            await page.GetByLabel("要求事項・評価基準を検索").FillAsync("パスワード");
            await page.GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
            await page.WaitForURLAsync("**/search?q=*");

            var count = await page.GetByTestId("search-count").InnerTextAsync();
            Assert.Contains("件の要求事項が見つかりました", count, StringComparison.Ordinal);
            var results = page.GetByTestId("search-results");
            Assert.Contains("パスワード", await results.InnerTextAsync(), StringComparison.Ordinal);
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "catalog-search.png"), FullPage = true });

            await results.Locator("li > div > a").First.ClickAsync();
            await page.WaitForURLAsync("**/requirements/*");
            Assert.Contains("パスワード", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(await page.Locator("article.criterion").CountAsync() > 0);
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "catalog-requirement.png"), FullPage = true });
        });
    }

    [Fact]
    public async Task Phone_SizedScreen_ShowsTheCatalogWithoutHorizontalScrolling()
    {
        var context = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 375, Height = 740 } });
        context.SetDefaultTimeout(HoshiServer.StepTimeoutMs);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/catalog/scs-2026-03/requirements/1-2-1");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "requirement-phone.png"), FullPage = false });

        Assert.True(scrollWidth <= 375, $"The page is {scrollWidth}px wide on a 375px screen.");
    }
}
