using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Assessments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E.Home;

/// <summary>The signed-in home in Chromium: the applicant's first pending item is one click away, on a laptop and on a phone (issue 24).</summary>
public sealed class InboxJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, name + ".png"), FullPage = true });

    [Fact]
    public async Task An_applicant_reaches_the_round_to_fill_from_the_home_page_in_one_click()
    {
        var organization = await server.OrganizationAsync("株式会社うけばこ製作所", null, OrganizationRole.Applicant, EmployeeBand.UpTo10, "13");
        var admin = await server.PersonAsync(organization, MembershipRole.OrgAdmin, false, "受箱 一郎");
        Guid round;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            round = (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().StartAsync(organization, Level.Star3, admin.Id, null)).Id;
        }

        await server.JourneyAsync(async () =>
        {
            var page = await server.SignInAsync(admin.Email, admin.Key);
            await page.OpenAsync("/");
            var item = page.GetByTestId("inbox-item").First;
            await Assertions.Expect(item).ToContainTextAsync("株式会社うけばこ製作所 ★3");
            await ShotAsync(page, "inbox-applicant");

            await page.SetViewportSizeAsync(390, 844);
            await page.ReopenAsync();
            Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "The home scrolls sideways on a phone.");
            await ShotAsync(page, "inbox-applicant-phone");
            await page.GetByTestId("inbox-item").First.GetByRole(AriaRole.Link).ClickAsync();
            await page.WaitForURLAsync($"**/assessments/{round}");
        });
    }
}
