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
        await server.JourneyAsync(async () =>
        {
            var page = await server.SignInAsync(person.Email, null);
            await page.OpenAsync($"/organizations/{buyer}");
            await page.GetByTestId("suppliers").ClickAsync();
            await page.ExpectPathAsync($"/organizations/{buyer}/suppliers");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("取引先一覧");

            // A mistyped number is refused with the field and the reason.
            await page.GetByTestId("supplier-number").FillAsync(listed.CorporateNumber[..12]);
            await page.GetByTestId("add-supplier").ClickAsync();
            await Assertions.Expect(page.Locator("#number-error")).ToContainTextAsync("13桁");
            await Assertions.Expect(page.GetByTestId("supplier-number")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.Locator("#name-error")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "supplier-add-error.png"), FullPage = true });

            // Only the number: the name comes from the registry.
            await page.GetByTestId("supplier-number").FillAsync(listed.CorporateNumber);
            await page.Locator("#department").FillAsync("調達部");
            await page.GetByTestId("add-supplier").ClickAsync();
            await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("アサヒ金型工業株式会社");
            var table = page.GetByTestId("suppliers");
            await Assertions.Expect(table).ToContainTextAsync("未判断");
            await Assertions.Expect(table).ToContainTextAsync("★3");

            await table.GetByTestId("supplier-link").ClickAsync();
            await page.ExpectPathAsync("/organizations/*/suppliers/*");
            await page.GetByTestId("q-a-no").CheckAsync();
            await page.GetByTestId("q-b-yes").CheckAsync();
            await page.GetByLabel("(b)の判断で考えたこと(任意)").FillAsync("代替の金型メーカーがなく、在庫は2週間分");
            await page.GetByTestId("q-c-no").CheckAsync();
            await page.GetByTestId("decide").ClickAsync();
            await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("★4として記録しました");
            await Assertions.Expect(page.GetByTestId("required-level")).ToHaveTextAsync("★4");
            await Assertions.Expect(page.GetByTestId("decisions").Locator("tbody tr")).ToHaveCountAsync(1);
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "supplier-decision.png"), FullPage = true });

            await page.GetByRole(AriaRole.Link, new() { Name = "取引先一覧" }).First.ClickAsync();
            await page.ExpectPathAsync($"/organizations/{buyer}/suppliers");
            await Assertions.Expect(page.GetByTestId("supplier-gap")).ToBeVisibleAsync();
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
        // Buyers' requests reach only the organization whose 法人番号 is verified (here as an officer would).
        await Hoshi.Tests.Shared.VerifiedOrganizations.MarkAsync(server.Services, supplier);
        var supplierPerson = await server.PersonAsync(supplier, MembershipRole.OrgAdmin, false, "湊 一郎");
        var csv = string.Join("\r\n",
            "法人番号,名称,取引先コード,部署,連絡先メール,タグ",
            $"{supplierNumber},ミナト精密工業株式会社,M-100,購買部,{supplierPerson.Email},重要",
            $"{Listings.NewNumber()},サクラ樹脂株式会社,M-101,購買部,,",
            $"{supplierNumber[..12]},桁が足りない株式会社,M-102,,,") + "\r\n";

        await server.JourneyAsync(async () =>
        {
            var page = await server.SignInAsync(buyerPerson.Email, null);
            await page.OpenAsync($"/organizations/{buyer}/suppliers");
            await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "取引先.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
            await page.GetByTestId("import-button").ClickAsync();
            await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("追加 2 件、取り込めなかった行 1 件");
            await Assertions.Expect(page.GetByTestId("refused-rows")).ToContainTextAsync("13桁");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "supplier-import-report.png"), FullPage = true });

            await page.GetByRole(AriaRole.Link, new() { Name = "取引先一覧へ戻る" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "ミナト精密工業株式会社" }).ClickAsync();
            await page.ExpectPathAsync("/organizations/*/suppliers/*");
            await page.GetByTestId("q-a-yes").CheckAsync();
            await page.GetByTestId("q-b-no").CheckAsync();
            await page.GetByTestId("q-c-no").CheckAsync();
            await page.GetByTestId("decide").ClickAsync();
            await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("★4として記録しました");

            await page.GetByTestId("send-request").ClickAsync();
            await page.ExpectPathAsync("/organizations/*/suppliers/*/request");
            await Assertions.Expect(page.GetByTestId("request-level-4")).ToBeCheckedAsync();
            await Assertions.Expect(page.GetByTestId("request-email")).ToHaveValueAsync(supplierPerson.Email);
            await page.GetByLabel("メッセージ(任意)").FillAsync("来年度の取引継続に必要です。");
            await page.GetByTestId("request-send").ClickAsync();
            await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync(supplierPerson.Email);
            await Assertions.Expect(page.GetByTestId("request-progress")).ToHaveTextAsync("回答待ち");

            var supplierPage = await server.SignInAsync(supplierPerson.Email, null);
            await supplierPage.OpenAsync($"/organizations/{supplier}");
            await Assertions.Expect(supplierPage.GetByTestId("open-requests")).ToContainTextAsync("回答待ち 1 件");
            await supplierPage.GetByTestId("buyer-requests").ClickAsync();
            await supplierPage.ExpectPathAsync($"/organizations/{supplier}/requests");
            var request = supplierPage.GetByTestId("incoming-request");
            await Assertions.Expect(request).ToContainTextAsync("発注元電機株式会社");
            await Assertions.Expect(request).ToContainTextAsync("来年度の取引継続に必要です。");
            await request.GetByTestId("accept-request").ClickAsync();
            await Assertions.Expect(supplierPage.GetByTestId("message")).ToContainTextAsync("依頼を受け入れました");
            await Assertions.Expect(supplierPage.GetByTestId("request-progress")).ToHaveTextAsync("受け入れ済み");
            await supplierPage.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "supplier-incoming-requests.png"), FullPage = true });

            // The supplier goes through its ★4 evaluation and is registered.
            await Listings.RegisterExistingAsync(server.Services, supplier, supplierNumber, "ミナト精密工業株式会社", Level.Star4);

            await page.OpenAsync($"/organizations/{buyer}/suppliers");
            await Assertions.Expect(page.GetByTestId("summary-covered")).ToHaveTextAsync("1");
            await Assertions.Expect(page.GetByTestId("summary-gap")).ToHaveTextAsync("0");
            var row = page.GetByTestId("supplier-row").Filter(new() { HasText = "ミナト精密工業株式会社" });
            await Assertions.Expect(row.GetByTestId("supplier-held")).ToHaveTextAsync("★4");
            await Assertions.Expect(row.GetByTestId("supplier-status")).ToHaveTextAsync("有効");
            await Assertions.Expect(row.GetByTestId("supplier-request")).ToContainTextAsync("取得済み");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "supplier-dashboard.png"), FullPage = true });
        });
    }
}
