using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Microsoft.Playwright;

namespace Hoshi.E2E.Guidance;

/// <summary>
/// A new small-company user answers the first three requirements in guided mode ("I don't know"
/// once, which opens the guide), downloads a filled policy template, and sees the gap plan shrink.
/// </summary>
public sealed class GuidedJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    [Fact]
    public async Task A_small_company_answers_in_guided_mode_fills_a_template_and_sees_the_plan_shrink()
    {
        var organization = await server.OrganizationAsync("有限会社ほしの製作所", null, OrganizationRole.Applicant, EmployeeBand.UpTo10);
        var person = await server.PersonAsync(organization, MembershipRole.OrgAdmin, false, "星野 一美");
        await server.JourneyAsync(async () =>
        {
            var page = await server.SignInAsync(person.Email, person.Key);
            await page.OpenAsync($"/organizations/{organization}");
            await page.GetByTestId("assessments").ClickAsync();
            await page.GetByTestId("start-star3").ClickAsync();
            await page.ExpectPathAsync("/assessments/*");
            var overview = page.Url;

            await page.GetByTestId("plan-link").ClickAsync();
            await Assertions.Expect(page.GetByTestId("plan-summary")).ToContainTextAsync("残り 81 件");

            await page.OpenAsync(overview);
            await page.GetByTestId("guided-link").ClickAsync();
            await page.ExpectPathAsync("/assessments/*/guided");
            await Assertions.Expect(page.GetByTestId("guided-remaining")).ToContainTextAsync("残り 81 件");

            // "I don't know" keeps the screen, with the guide in front; nothing is saved.
            await page.GetByTestId("choice-1-2-1-1-unknown").CheckAsync();
            await page.GetByTestId("guided-next").ClickAsync();
            await Assertions.Expect(page.GetByTestId("unsure-1-2-1-1")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("guided-remaining")).ToContainTextAsync("残り 81 件");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "guided-unsure.png"), FullPage = true });

            foreach (var requirement in new[] { "1-2-1", "1-2-3", "1-3-1" })
            {
                await Assertions.Expect(page.Locator("form[data-testid=guided-form] h2")).ToContainTextAsync(requirement);
                foreach (var criterion in await page.Locator("fieldset.criterion").AllAsync())
                {
                    var id = (await criterion.GetAttributeAsync("id"))!["c-".Length..];
                    await page.GetByTestId($"choice-{id}-yes").CheckAsync();
                    await page.GetByTestId($"supplement-{id}").FillAsync($"{id}: 社内の文書に定め、全員に周知しています。");
                }

                await page.GetByTestId("guided-next").ClickAsync();
                await page.ExpectPathAsync("/assessments/*/guided?r=*");
            }

            await Assertions.Expect(page.GetByTestId("guided-remaining")).ToContainTextAsync("残り 73 件");

            // A filled policy template, downloaded as Word.
            await page.OpenAsync(overview);
            await page.GetByTestId("templates-link").ClickAsync();
            await page.GetByTestId("template-basic-policy").ClickAsync();
            await page.GetByTestId("value-company").FillAsync("有限会社ほしの製作所");
            await page.GetByTestId("value-representative").FillAsync("代表取締役 星野 一美");
            await page.GetByTestId("value-officer").FillAsync("代表取締役 星野 一美");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "template-form.png"), FullPage = true });
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("template-download").ClickAsync());
            Assert.Equal("basic-policy.docx", download.SuggestedFilename);
            Assert.True(new FileInfo((await download.PathAsync())!).Length > 1000);

            await page.OpenAsync(overview);
            await page.GetByTestId("plan-link").ClickAsync();
            await Assertions.Expect(page.GetByTestId("plan-summary")).ToContainTextAsync("残り 73 件");
            await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "gap-plan.png"), FullPage = true });
        });
    }
}
