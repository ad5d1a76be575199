using Hoshi.Web.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E.Home;

/// <summary>
/// Each demo role's home in Chromium after <c>seed-demo</c> (issue 24): the person signs in, sees what
/// waits for them, reaches their first pending item in one click, and the home reads on a phone.
/// Screenshots: inbox-demo-KEY.png (1280 px) and inbox-demo-KEY-phone.png (390 px).
/// </summary>
public sealed class DemoHomeJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    public static TheoryData<string> Roles => ["applicant", "buyer", "assessor", "verifier", "registrar", "accreditor", "owner"];

    private Task SeedOnceAsync() => DemoSeed.OnceAsync(server);

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, name + ".png"), FullPage = true });

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task A_demo_person_reaches_their_first_pending_item_from_the_home_page_in_one_click(string key)
    {
        await SeedOnceAsync();
        var demo = DemoData.Organizations.Single(o => o.User.Key == key);
        var twoFactor = DemoData.RequiresTwoFactor(demo.User, demo.Roles);

        await server.JourneyAsync(async () =>
        {
            var page = await server.SignInAsync(demo.User.Email, twoFactor ? demo.User.AuthenticatorKey : null, demo.User.Password);
            var first = page.GetByTestId("inbox-item").First;
            await Assertions.Expect(first).ToBeVisibleAsync();
            await ShotAsync(page, $"inbox-demo-{key}");

            await page.SetViewportSizeAsync(390, 844);
            await page.ReopenAsync();
            Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), $"{key}: the home scrolls sideways on a phone.");
            await ShotAsync(page, $"inbox-demo-{key}-phone");

            var link = page.GetByTestId("inbox-item").First.GetByRole(AriaRole.Link);
            var href = await link.GetAttributeAsync("href");
            Assert.False(string.IsNullOrEmpty(href));
            var navigation = page.WaitForResponseAsync(r => r.Request.IsNavigationRequest && r.Url.EndsWith(href!, StringComparison.Ordinal));
            await link.ClickAsync();
            var response = await navigation;
            Assert.True(response.Ok, $"{key}: {href} answered {response.Status}");
            // The document's own readyState, not Playwright's load event (seen to go missing under load; see PageWaits).
            await page.LoadedAsync();
            Assert.Equal(href!.Split('?')[0], new Uri(page.Url).AbsolutePath);
        });
    }

    /// <summary>
    /// The lists people read on a phone (issue 24): at 390 px none scrolls the page sideways, and no
    /// name in a table is squeezed to a character or two per line. Screenshots: list-KEY-phone.png.
    /// </summary>
    [Fact]
    public async Task The_lists_read_at_phone_width()
    {
        await SeedOnceAsync();
        var buyer = DemoData.Organizations.Single(o => o.User.Key == "buyer");
        Guid buyerId, applicantId;
        string registered;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Hoshi.Data.AppDbContext>();
            buyerId = db.Organizations.Single(o => o.LegalNameJa == buyer.NameJa).Id;
            applicantId = db.Organizations.Single(o => o.LegalNameJa == "星野自動車株式会社(デモ)").Id;
            registered = db.Set<Hoshi.Data.Assessments.RegistryEntrySubjectRecord>().Select(s => s.CorporateNumber).OrderBy(n => n).First();
        }

        await server.JourneyAsync(async () =>
        {
            var page = await server.SignInAsync(buyer.User.Email, null, buyer.User.Password);
            await page.SetViewportSizeAsync(390, 844);
            foreach (var (name, path) in new[]
            {
                ("registry", "/registry?q=%E3%83%87%E3%83%A2"), ("portfolio", $"/organizations/{buyerId}/suppliers"), ("catalog", "/catalog"),
                ("catalog-version", "/catalog/scs-2026-03"), ("rounds", $"/organizations/{applicantId}/assessments"), ("notifications", "/notifications"), ("organizations", "/organizations"),
                ("changes", $"/organizations/{buyerId}/suppliers/changes"), ("organization", $"/organizations/{buyerId}"), ("audit", $"/organizations/{buyerId}/audit"),
                ("tokens", $"/organizations/{buyerId}/tokens"), ("registry-organization", $"/registry/{registered}"),
            })
            {
                await page.OpenAsync(path);
                await ShotAsync(page, $"list-{name}-phone");
                if (await page.Locator("main table").CountAsync() > 0)
                {
                    // The first rows as a phone shows them (one screen, not the whole page).
                    await page.Locator("main table").First.ScrollIntoViewIfNeededAsync();
                    await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, $"list-{name}-phone-rows.png") });
                }
                Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), $"{name}: the page scrolls sideways at 390 px.");
                var squeezed = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('main td, main tbody th, main .badge')]
                    .filter(e => e.offsetParent !== null && e.innerText.trim().length >= 4)
                    .filter(e => e.getBoundingClientRect().width < 2.5 * parseFloat(getComputedStyle(e).fontSize))
                    .map(e => e.innerText.trim().slice(0, 20))");
                Assert.True(squeezed.Length == 0, $"{name}: squeezed at 390 px: {string.Join(" | ", squeezed)}");
            }
        });
    }
}
