using System.Net;

namespace Hoshi.Web.Tests.Home;

/// <summary>The tab shows Hoshi's star: every page links the icon, and the address browsers guess leads to it.</summary>
public sealed class FaviconTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    [Fact]
    public async Task Every_page_links_the_star_icon_and_favicon_ico_leads_to_it()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var page in new[] { "/", "/registry", "/account/sign-in" })
        {
            Assert.Matches("<link rel=\"icon\" href=\"/favicon.svg\\?v=[^\"]+\" type=\"image/svg\\+xml\">", await client.GetStringAsync(page));
        }

        var icon = await client.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", await icon.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var guessed = await client.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.MovedPermanently, guessed.StatusCode);
        Assert.Equal("/favicon.svg", guessed.Headers.Location?.OriginalString);
    }
}
