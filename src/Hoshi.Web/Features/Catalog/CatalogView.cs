using Hoshi.Domain;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Shared;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Catalog;

/// <summary>Small display helpers shared by the catalog pages.</summary>
public static class CatalogView
{
    /// <summary>Text in the UI language; Japanese (marked lang="ja") when there is no translation.</summary>
    public static IHtmlContent Text(LocalizedText? text, string? cssClass = null, string element = "span")
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
