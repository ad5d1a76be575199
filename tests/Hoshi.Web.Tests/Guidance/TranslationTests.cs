using System.Net;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Features.Guidance;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Guidance;

/// <summary>Hoshi's unofficial English of the 2026-03 catalog: complete, display only, marked, with the Japanese original beside it.</summary>
public sealed class TranslationTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private async Task<CatalogVersion> CatalogAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<CatalogStore>();
        await store.ImportShippedAsync("test");
        return (await store.GetAsync("scs-2026-03"))!.Catalog;
    }

    [Fact]
    public async Task Every_requirement_and_criterion_of_the_2026_03_catalog_has_an_english_translation()
    {
        var catalog = await CatalogAsync();
        var translation = factory.Services.GetRequiredService<CatalogTranslations>().Find("scs-2026-03", "en");
        Assert.NotNull(translation);
        var (missing, unknown) = translation.Coverage(catalog);
        Assert.Empty(missing);
        Assert.Empty(unknown);
        Assert.Equal(153, catalog.AllCriteria.Count());
        Assert.Equal(43, catalog.Requirements.Count);

        // Applied for display: English added, the official Japanese untouched, the stored catalog unchanged.
        var shown = factory.Services.GetRequiredService<CatalogTranslations>().For(catalog, "en");
        foreach (var criterion in catalog.AllCriteria)
        {
            var translated = shown.FindCriterion(criterion.Id)!;
            Assert.Equal(criterion.Text.JaText, translated.Text.JaText);
            Assert.True(translated.Text.Has("en"), criterion.Id);
            Assert.False(criterion.Text.Has("en"));
        }

        Assert.Same(catalog, factory.Services.GetRequiredService<CatalogTranslations>().For(catalog, "ja"));
    }

    [Fact]
    public async Task In_english_a_requirement_page_shows_the_translation_marked_unofficial_with_the_japanese_original()
    {
        await CatalogAsync();
        var client = factory.CreateClient();
        var english = WebUtility.HtmlDecode(await client.GetStringAsync("/catalog/scs-2026-03/requirements/4-1-5?lang=en"));
        Assert.Contains("Password setting rules", english, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"unofficial-translation\"", english, StringComparison.Ordinal);
        Assert.Contains("Set an internal rule that users and administrators of PCs, servers, smart devices and cloud services change their default passwords.", english, StringComparison.Ordinal);
        Assert.Contains("<summary>Japanese original</summary><p lang=\"ja\" class=\"prose\">・パソコン、サーバ、スマートデバイス及びクラウドサービスの利用者又は管理者は", english, StringComparison.Ordinal);

        var japanese = WebUtility.HtmlDecode(await client.GetStringAsync("/catalog/scs-2026-03/requirements/4-1-5?lang=ja"));
        Assert.DoesNotContain("data-testid=\"unofficial-translation\"", japanese, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"original\"", japanese, StringComparison.Ordinal);
        Assert.DoesNotContain("Password setting rules", japanese, StringComparison.Ordinal);

        // Exports keep to the official text: the OSCAL catalog has no English for the criterion.
        var oscal = await client.GetStringAsync("/api/catalog/versions/scs-2026-03/oscal");
        Assert.DoesNotContain("change their default passwords", oscal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_translation_file_with_an_empty_text_or_the_wrong_format_is_refused()
    {
        Assert.Throws<FormatException>(() => CatalogTranslation.Parse("""{"format":"hoshi-translation/1","catalog":"x","language":"en","criteria":{"1-1-1-1":""}}"""));
        Assert.Throws<FormatException>(() => CatalogTranslation.Parse("""{"format":"other","catalog":"x","language":"en"}"""));
        Assert.Throws<FormatException>(() => CatalogTranslation.Parse("""{"format":"hoshi-translation/1","catalog":"x","language":"ja"}"""));
        Assert.Throws<FormatException>(() => CatalogTranslation.Parse("""{"format":"hoshi-translation/1","catalog":"x","language":"en","requirements":{"1-1-1":{"title":"t"}}}"""));
    }
}
