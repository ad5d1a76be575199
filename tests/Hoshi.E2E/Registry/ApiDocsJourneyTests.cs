using Microsoft.Playwright;

namespace Hoshi.E2E.Registry;

/// <summary>The API explorer works under its Content-Security-Policy, which allows no inline script.</summary>
public sealed class ApiDocsJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    [Fact]
    public async Task A_developer_opens_the_api_docs_and_sees_the_operations_with_no_script_blocked()
    {
        await server.JourneyAsync(async () =>
        {
            var page = await server.NewPageAsync();
            var blocked = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) && message.Text.Contains("script", StringComparison.OrdinalIgnoreCase))
                {
                    blocked.Add(message.Text);
                }
            };
            await page.OpenAsync("/api/docs/index.html");
            await Assertions.Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("Hoshi");
            await Assertions.Expect(page.Locator(".opblock-summary-path").First).ToBeVisibleAsync();
            Assert.Empty(blocked);
        });
    }
}
