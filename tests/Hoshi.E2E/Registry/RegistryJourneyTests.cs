using Hoshi.Domain;
using Hoshi.Tests.Shared;
using Microsoft.Playwright;

namespace Hoshi.E2E.Registry;

public sealed class RegistryJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    private async Task<(string Number, Guid Certificate)> RegisterAsync(string name, string prefecture)
    {
        var listing = await Listings.RegisterAsync(server.Services, name, Level.Star4, prefecture, scope: "全社(本社・第二工場)");
        return (listing.CorporateNumber, listing.CertificateId);
    }

    [Fact]
    public async Task Visitor_searches_the_registry_in_japanese_opens_the_organization_and_its_certificate()
    {
        var (number, certificate) = await RegisterAsync("ミナミ精密工業株式会社", "22");
        await server.JourneyAsync(async () =>
        {
            var page = await server.NewPageAsync();
            await page.OpenAsync("/registry");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("台帳(登録一覧)");

            // Hiragana finds the katakana name; the prefecture narrows it.
            await page.GetByLabel("名称または法人番号").FillAsync("みなみ精密");
            await page.GetByLabel("都道府県").SelectOptionAsync(new SelectOptionValue { Label = "静岡県" });
            await page.GetByTestId("registry-search").ClickAsync();
            await page.ExpectPathAsync("/registry?q=*");
            var table = page.GetByTestId("registry");
            await Assertions.Expect(table).ToContainTextAsync("ミナミ精密工業株式会社");
            await Assertions.Expect(table).ToContainTextAsync("有効");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "registry-search.png"), FullPage = true });

            await table.GetByRole(AriaRole.Link, new() { Name = "ミナミ精密工業株式会社" }).ClickAsync();
            await page.ExpectPathAsync($"/registry/{number}");
            await Assertions.Expect(page.GetByTestId("registry-name")).ToHaveTextAsync("ミナミ精密工業株式会社");
            await Assertions.Expect(page.GetByTestId("registry-entries")).ToContainTextAsync("全社(本社・第二工場)");
            await Assertions.Expect(page.GetByTestId("registry-entries")).ToContainTextAsync("登録機関(台帳試験)");

            await page.GetByTestId("certificate-link").ClickAsync();
            await page.ExpectPathAsync($"/registry/certificates/{certificate}");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("登録証明書");
            await Assertions.Expect(page.GetByTestId("certificate-status")).ToHaveTextAsync("有効");
            await Assertions.Expect(page.GetByTestId("certificate-id")).ToHaveTextAsync(certificate.ToString());
            var qr = page.GetByTestId("certificate-qr");
            Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "registry-certificate.png"), FullPage = true });

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("certificate-pdf").ClickAsync());
            Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_certificate_page_fits_a_phone()
    {
        var (_, certificate) = await RegisterAsync("スマホ表示株式会社", "13");
        await server.JourneyAsync(async () =>
        {
            var page = await server.NewPageAsync(new() { Width = 375, Height = 740 });
            await page.OpenAsync($"/registry/certificates/{certificate}");
            await Assertions.Expect(page.GetByTestId("certificate-id")).ToHaveTextAsync(certificate.ToString());
            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "registry-certificate-phone.png"), FullPage = true });
            Assert.True(scrollWidth <= 375, $"the page is {scrollWidth}px wide on a 375px screen");
        });
    }
}
