using System.Net;

namespace Hoshi.Web.Tests.Catalog;

public sealed class CatalogPageTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private async Task<(HttpStatusCode Status, string Html)> Get(string path, string? cookie = null)
    {
        using var client = factory.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Versions_AreListedInJapanese_ByDefault()
    {
        var (status, html) = await Get("/catalog");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<html lang=\"ja\">", html, StringComparison.Ordinal);
        Assert.Contains("要求事項カタログ", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/catalog/scs-2026-03\"", html, StringComparison.Ordinal);
        Assert.Contains("公開中", html, StringComparison.Ordinal);
        Assert.Contains("旧版", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LangQuery_ShowsEnglish_AndRemembersItInACookie()
    {
        using var client = factory.Browser();
        var response = await client.GetAsync("/catalog?lang=en");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("Requirement catalog", html, StringComparison.Ordinal);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Den", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LanguageSwitch_SetsTheCookie_AndGoesBack()
    {
        using var client = factory.Browser();
        var response = await client.GetAsync("/language/en?returnUrl=%2Fcatalog%2Fscs-2026-03%3Flevel%3D3");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/catalog/scs-2026-03?level=3", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        var (_, html) = await Get("/catalog/scs-2026-03", cookie);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("Filter by level", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task LanguageSwitch_NeverRedirectsOffSite(string returnUrl)
    {
        using var client = factory.Browser();
        var response = await client.GetAsync("/language/ja?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task LanguageSwitch_Answers404_ForAnUnsupportedLanguage()
    {
        using var client = factory.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/language/fr")).StatusCode);
    }

    [Fact]
    public async Task Version_GroupsRequirementsByCategoryAndSubcategory_WithCriteriaCounts()
    {
        var (status, html) = await Get("/catalog/scs-2026-03");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("ガバナンスの整備", html, StringComparison.Ordinal);
        Assert.Contains("役割、責任、権限", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/catalog/scs-2026-03/requirements/1-2-1\"", html, StringComparison.Ordinal);
        Assert.Contains("評価基準 ", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_FilteredToStar3_ListsOnlyStar3Requirements()
    {
        var (_, all) = await Get("/catalog/scs-2026-03");
        var (_, star3) = await Get("/catalog/scs-2026-03?level=3");

        // 1-1-1 (社内ルール) is a ★4-only requirement in the official catalog.
        Assert.Contains("/catalog/scs-2026-03/requirements/1-1-1\"", all, StringComparison.Ordinal);
        Assert.DoesNotContain("/catalog/scs-2026-03/requirements/1-1-1?", star3, StringComparison.Ordinal);
        Assert.Contains("/catalog/scs-2026-03/requirements/1-2-1?level=3", star3, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requirement_ShowsItsCriteria_AnswerTypes_AndMappingsMarkedUnofficial()
    {
        var (status, html) = await Get("/catalog/scs-2026-03/requirements/1-1-1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("社内ルール", html, StringComparison.Ordinal);
        Assert.Contains("評価基準 No.1-1-1-1", html, StringComparison.Ordinal);
        Assert.Contains("評価基準 No.1-1-1-3", html, StringComparison.Ordinal);
        Assert.Contains("Yes/No", html, StringComparison.Ordinal);
        Assert.Contains("ISO/IEC 27001:2022", html, StringComparison.Ordinal);
        Assert.Contains("非公式", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_Password_FindsThePasswordRequirements()
    {
        var (status, html) = await Get("/catalog/scs-2026-03/search?q=" + Uri.EscapeDataString("パスワード"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("件の要求事項が見つかりました", html, StringComparison.Ordinal);
        Assert.Contains("パスワード", html, StringComparison.Ordinal);
        Assert.Matches("href=\"/catalog/scs-2026-03/requirements/[0-9-]+\"", html);
    }

    [Fact]
    public async Task Search_WithNoMatch_SaysSo()
    {
        var (_, html) = await Get("/catalog/scs-2026-03/search?q=" + Uri.EscapeDataString("存在しないことば"));

        Assert.Contains("見つかりませんでした", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_EscapesTheQuery()
    {
        var (_, html) = await Get("/catalog/scs-2026-03/search?q=" + Uri.EscapeDataString("<script>alert(1)</script>"));

        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/catalog/no-such-version")]
    [InlineData("/catalog/scs-2026-03/requirements/9-9-9")]
    [InlineData("/catalog/no-such-version/search?q=a")]
    [InlineData("/no-such-page")]
    public async Task UnknownPages_Answer404_WithAFriendlyPage(string path)
    {
        var (status, html) = await Get(path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("ページが見つかりません", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_LinksToTheCatalog()
    {
        var (status, html) = await Get("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("href=\"/catalog\"", html, StringComparison.Ordinal);
    }
}
