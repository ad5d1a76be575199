using System.Net;
using Hoshi.Web.Features.Accessibility;
using Microsoft.AspNetCore.Hosting;

namespace Hoshi.Web.Tests.Accessibility;

/// <summary>
/// <c>/accessibility</c> reports the sweep's own results file (the one the app ships, or the one a
/// setting names): the standard and level, the date, tool, coverage and outcome, and the pages left out.
/// </summary>
public sealed class AccessibilityPageTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private static async Task<string> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_page_reports_the_shipped_results_in_Japanese_and_English_and_every_page_links_it()
    {
        var shipped = AccessibilityReport.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, AccessibilityReport.ShippedPath)));
        Assert.NotNull(shipped);
        using var client = factory.Browser();

        var html = await GetAsync(client, "/accessibility");
        Assert.Contains("JIS X 8341-3:2016", html, StringComparison.Ordinal);
        Assert.Contains("適合レベル AA", html, StringComparison.Ordinal);
        Assert.Contains($"{shipped.Covered.Count} 種類の画面(全 {shipped.Routes} 種類のうち)、{shipped.Checks} 回の検査", html, StringComparison.Ordinal);
        Assert.Contains(shipped.TestedAt.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy年M月d日 H:mm", System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.Contains(shipped.Engine, html, StringComparison.Ordinal);
        // The house checks beside axe's rules are described: reflow at 320 px, squeezed tables at 390 px.
        Assert.Contains("320 px で横方向のスクロールが生じないこと(WCAG 1.4.10 リフロー)", html, StringComparison.Ordinal);
        Assert.Contains("390 px で表の列が読めないほど細く", html, StringComparison.Ordinal);
        foreach (var route in shipped.Covered)
        {
            Assert.Contains($"<code>/{WebUtility.HtmlEncode(route)}</code>", html, StringComparison.Ordinal);
        }

        // Every page's footer leads here.
        Assert.Contains("href=\"/accessibility\"", await GetAsync(client, "/catalog"), StringComparison.Ordinal);

        var english = await GetAsync(client, "/accessibility?lang=en");
        Assert.Contains("Web accessibility policy and test results", english, StringComparison.Ordinal);
        Assert.Contains("at a phone&#x27;s width of 390 px", english, StringComparison.Ordinal);
        Assert.Contains($"{shipped.Covered.Count} kinds of page (of {shipped.Routes})", english, StringComparison.Ordinal);
        Assert.DoesNotContain("試験結果", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_results_file_named_by_the_setting_is_read_again_when_it_changes_and_its_exceptions_are_explained()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hoshi-a11y-{Guid.NewGuid():N}.json");
        var report = new AccessibilityReport(new DateTimeOffset(2026, 11, 30, 1, 2, 0, TimeSpan.Zero), "axe-core 9.9.9", "Chromium 1.0", ["wcag2a"], ["applicant", "signed-out"], ["ja", "en"], [1280, 390],
            10, 17, 3, ["", "catalog"], [new NotCoveredPage("invitations/{secret}", "MailedSecret")]);
        await File.WriteAllTextAsync(path, AccessibilityReport.Serialize(report));
        await using var configured = factory.WithWebHostBuilder(b => b.UseSetting("Hoshi:Accessibility:ResultsFile", path));
        using var client = configured.CreateClient();
        try
        {
            var html = await GetAsync(client, "/accessibility");
            Assert.Contains("2026年11月30日 10:02", html, StringComparison.Ordinal);
            Assert.Contains("axe-core 9.9.9、Chromium 1.0", html, StringComparison.Ordinal);
            Assert.Contains("2 種類の画面(全 10 種類のうち)、17 回の検査", html, StringComparison.Ordinal);
            Assert.Contains("3 件の違反が見つかりました", html, StringComparison.Ordinal);
            Assert.Contains("申請者(中小企業)、サインインしていない訪問者", html, StringComparison.Ordinal);
            Assert.Contains("/invitations/{secret}", html, StringComparison.Ordinal);
            Assert.Contains("メールで届くリンクから開く画面です", html, StringComparison.Ordinal);

            await File.WriteAllTextAsync(path, AccessibilityReport.Serialize(report with { Violations = 0 }));
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
            Assert.Contains("すべての検査で、違反は見つかりませんでした。", await GetAsync(client, "/accessibility"), StringComparison.Ordinal);

            // A file that is not a report: the page says there are no results rather than failing.
            await File.WriteAllTextAsync(path, "{ not json");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(2));
            Assert.Contains("試験結果はまだありません。", await GetAsync(client, "/accessibility"), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
