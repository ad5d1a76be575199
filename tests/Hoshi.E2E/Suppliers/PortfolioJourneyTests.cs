using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Microsoft.Playwright;

namespace Hoshi.E2E.Suppliers;

/// <summary>A buyer's person adds a registered supplier by number, decides ★4 with the flow, and sees the gap in the portfolio.</summary>
public sealed class PortfolioJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    [Fact]
    public async Task A_buyer_adds_a_supplier_decides_star4_and_sees_the_gap()
    {
        var listed = await Listings.RegisterAsync(server.Services, "アサヒ金型工業株式会社", Level.Star3, "23");
        var buyer = await server.OrganizationAsync("発注元自動車部品株式会社", null, OrganizationRole.Buyer);
        var person = await server.PersonAsync(buyer, MembershipRole.Member, false, "調達 花子");
        var page = await server.SignInAsync(person.Email, null);
        await HoshiServer.RecordOnFailureAsync(page, "portfolio", async () =>
        {
            await page.GotoAsync($"/organizations/{buyer}");
            await page.GetByTestId("suppliers").ClickAsync();
            await page.WaitForURLAsync($"**/organizations/{buyer}/suppliers");
            Assert.Equal("取引先一覧", await page.Locator("h1").InnerTextAsync());

            // A mistyped number is refused with the field and the reason.
            await page.GetByLabel("法人番号").FillAsync(listed.CorporateNumber[..12]);
            await page.GetByTestId("add-supplier").ClickAsync();
            await Assertions.Expect(page.Locator("#number-error")).ToContainTextAsync("13桁");
            Assert.Equal("true", await page.GetByLabel("法人番号").GetAttributeAsync("aria-invalid"));
            Assert.Equal(0, await page.Locator("#name-error").CountAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "supplier-add-error.png"), FullPage = true });

            // Only the number: the name comes from the registry.
            await page.GetByLabel("法人番号").FillAsync(listed.CorporateNumber);
            await page.GetByLabel("担当部署").FillAsync("調達部");
            await page.GetByTestId("add-supplier").ClickAsync();
            await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("アサヒ金型工業株式会社");
            var table = page.GetByTestId("suppliers");
            Assert.Contains("未判断", await table.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("★3", await table.InnerTextAsync(), StringComparison.Ordinal);

            await table.GetByTestId("supplier-link").ClickAsync();
            await page.WaitForURLAsync("**/suppliers/*");
            await page.GetByTestId("q-a-no").CheckAsync();
            await page.GetByTestId("q-b-yes").CheckAsync();
            await page.GetByLabel("(b)の判断で考えたこと(任意)").FillAsync("代替の金型メーカーがなく、在庫は2週間分");
            await page.GetByTestId("q-c-no").CheckAsync();
            await page.GetByTestId("decide").ClickAsync();
            await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("★4として記録しました");
            Assert.Equal("★4", await page.GetByTestId("required-level").InnerTextAsync());
            Assert.Equal(1, await page.GetByTestId("decisions").Locator("tbody tr").CountAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "supplier-decision.png"), FullPage = true });

            await page.GetByRole(AriaRole.Link, new() { Name = "取引先一覧" }).First.ClickAsync();
            await page.WaitForURLAsync($"**/organizations/{buyer}/suppliers");
            Assert.True(await page.GetByTestId("supplier-gap").IsVisibleAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "supplier-portfolio.png"), FullPage = true });
        });
    }
}
