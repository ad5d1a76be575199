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
            await page.GetByTestId("supplier-number").FillAsync(listed.CorporateNumber[..12]);
            await page.GetByTestId("add-supplier").ClickAsync();
            await Assertions.Expect(page.Locator("#number-error")).ToContainTextAsync("13桁");
            Assert.Equal("true", await page.GetByTestId("supplier-number").GetAttributeAsync("aria-invalid"));
            Assert.Equal(0, await page.Locator("#name-error").CountAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "supplier-add-error.png"), FullPage = true });

            // Only the number: the name comes from the registry.
            await page.GetByTestId("supplier-number").FillAsync(listed.CorporateNumber);
            await page.Locator("#department").FillAsync("調達部");
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

    [Fact]
    public async Task A_buyer_imports_suppliers_decides_star4_and_asks_the_supplier_accepts_and_once_registered_it_is_covered()
    {
        var buyer = await server.OrganizationAsync("発注元電機株式会社", null, OrganizationRole.Buyer);
        var buyerPerson = await server.PersonAsync(buyer, MembershipRole.Member, false, "購買 次郎");
        var supplierNumber = Listings.NewNumber();
        var supplier = await server.OrganizationAsync("ミナト精密工業株式会社", supplierNumber, OrganizationRole.Applicant);
        var supplierPerson = await server.PersonAsync(supplier, MembershipRole.OrgAdmin, false, "湊 一郎");
        var csv = string.Join("\r\n",
            "法人番号,名称,取引先コード,部署,連絡先メール,タグ",
            $"{supplierNumber},ミナト精密工業株式会社,M-100,購買部,{supplierPerson.Email},重要",
            $"{Listings.NewNumber()},サクラ樹脂株式会社,M-101,購買部,,",
            $"{supplierNumber[..12]},桁が足りない株式会社,M-102,,,") + "\r\n";

        var page = await server.SignInAsync(buyerPerson.Email, null);
        await HoshiServer.RecordOnFailureAsync(page, "buyer-request", async () =>
        {
            await page.GotoAsync($"/organizations/{buyer}/suppliers");
            await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "取引先.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
            await page.GetByTestId("import-button").ClickAsync();
            await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("追加 2 件、取り込めなかった行 1 件", new() { Timeout = 30_000 });
            Assert.Contains("13桁", await page.GetByTestId("refused-rows").InnerTextAsync(), StringComparison.Ordinal);
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "supplier-import-report.png"), FullPage = true });

            await page.GetByRole(AriaRole.Link, new() { Name = "取引先一覧へ戻る" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "ミナト精密工業株式会社" }).ClickAsync();
            await page.WaitForURLAsync("**/suppliers/*");
            await page.GetByTestId("q-a-yes").CheckAsync();
            await page.GetByTestId("q-b-no").CheckAsync();
            await page.GetByTestId("q-c-no").CheckAsync();
            await page.GetByTestId("decide").ClickAsync();
            await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("★4として記録しました");

            await page.GetByTestId("send-request").ClickAsync();
            await page.WaitForURLAsync("**/request");
            Assert.True(await page.GetByTestId("request-level-4").IsCheckedAsync(), "the required level is asked for");
            Assert.Equal(supplierPerson.Email, await page.GetByTestId("request-email").InputValueAsync());
            await page.GetByLabel("メッセージ(任意)").FillAsync("来年度の取引継続に必要です。");
            await page.GetByTestId("request-send").ClickAsync();
            await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync(supplierPerson.Email);
            await Assertions.Expect(page.GetByTestId("request-progress")).ToHaveTextAsync("回答待ち");
        });

        var supplierPage = await server.SignInAsync(supplierPerson.Email, null);
        await HoshiServer.RecordOnFailureAsync(supplierPage, "supplier-accepts", async () =>
        {
            await supplierPage.GotoAsync($"/organizations/{supplier}");
            await Assertions.Expect(supplierPage.GetByTestId("open-requests")).ToContainTextAsync("回答待ち 1 件");
            await supplierPage.GetByTestId("buyer-requests").ClickAsync();
            await supplierPage.WaitForURLAsync($"**/organizations/{supplier}/requests");
            var request = supplierPage.GetByTestId("incoming-request");
            Assert.Contains("発注元電機株式会社", await request.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("来年度の取引継続に必要です。", await request.InnerTextAsync(), StringComparison.Ordinal);
            await request.GetByTestId("accept-request").ClickAsync();
            await Assertions.Expect(supplierPage.GetByTestId("message")).ToContainTextAsync("依頼を受け入れました");
            await Assertions.Expect(supplierPage.GetByTestId("request-progress")).ToHaveTextAsync("受け入れ済み");
            await supplierPage.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "supplier-incoming-requests.png"), FullPage = true });
        });

        // The supplier goes through its ★4 evaluation and is registered.
        await Listings.RegisterExistingAsync(server.Services, supplier, supplierNumber, "ミナト精密工業株式会社", Level.Star4);

        await HoshiServer.RecordOnFailureAsync(page, "buyer-covered", async () =>
        {
            await page.GotoAsync($"/organizations/{buyer}/suppliers");
            Assert.Equal("1", await page.GetByTestId("summary-covered").InnerTextAsync());
            Assert.Equal("0", await page.GetByTestId("summary-gap").InnerTextAsync());
            var row = page.GetByTestId("supplier-row").Filter(new() { HasText = "ミナト精密工業株式会社" });
            Assert.Equal("★4", await row.GetByTestId("supplier-held").InnerTextAsync());
            Assert.Equal("有効", await row.GetByTestId("supplier-status").InnerTextAsync());
            Assert.Contains("取得済み", await row.GetByTestId("supplier-request").InnerTextAsync(), StringComparison.Ordinal);
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "supplier-dashboard.png"), FullPage = true });
        });
    }
}
