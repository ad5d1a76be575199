using Hoshi.Domain;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Shared;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Catalog;

/// <summary>Small display helpers shared by the catalog pages.</summary>
public static class CatalogView
{
    /// <summary>
    /// A catalog text in the page's language (Japanese when it has none), marked with its
    /// language; given <paramref name="original"/>, a text shown in another language is followed
    /// by its Japanese original, one click away.
    /// </summary>
    public static IHtmlContent Text(LocalizedText? text, string? cssClass = null, string element = "span", IStringLocalizer? original = null)
    {
        if (text is null)
        {
            return HtmlString.Empty;
        }

        var lang = Language.Current;
        var shown = text.Has(lang) ? lang : LocalizedText.Japanese;
        var builder = new HtmlContentBuilder();
        builder.AppendHtml($"<{element} lang=\"{shown}\"{(cssClass is null ? "" : $" class=\"{cssClass}\"")}>");
        builder.Append(text.For(shown));
        builder.AppendHtml($"</{element}>");
        if (original is not null && shown != LocalizedText.Japanese)
        {
            builder.AppendHtml("<details class=\"original\" data-testid=\"original\"><summary>");
            builder.Append(original["JapaneseOriginal"]);
            builder.AppendHtml("</summary><p lang=\"ja\" class=\"prose\">");
            builder.Append(text.JaText);
            builder.AppendHtml("</p></details>");
        }

        return builder;
    }

    public static string Plain(LocalizedText? text) => text?.For(Language.Current) ?? "";

    public static string LevelName(IStringLocalizer shared, Level level) => level switch
    {
        Level.Star3 => shared["Star3"],
        Level.Star4 => shared["Star4"],
        Level.Star5 => "★5",
    };

    public static string Status(IStringLocalizer text, CatalogStatus status) => text[$"Status_{status}"];

    public static string StatusClass(CatalogStatus status) => status switch
    {
        CatalogStatus.Published => "badge badge--published",
        CatalogStatus.Superseded => "badge badge--superseded",
        CatalogStatus.Draft => "badge badge--draft",
    };

    public static Level? ParseLevel(int? level) =>
        level is { } n && LevelExtensions.TryFromNumber(n, out var l) ? l : null;
}
