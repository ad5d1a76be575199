using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Hoshi.Web.Shared;

/// <summary>Field error display shared by every form: the message sits under its field and is linked to it.</summary>
public static class Forms
{
    public static bool HasError(ModelStateDictionary state, string field) =>
        state.TryGetValue(field, out var entry) && entry.Errors.Count > 0;

    public static string Invalid(ModelStateDictionary state, string field) => HasError(state, field) ? "true" : "false";

    public static IHtmlContent Error(ModelStateDictionary state, string field, string id)
    {
        if (!state.TryGetValue(field, out var entry) || entry.Errors.Count == 0)
        {
            return HtmlString.Empty;
        }

        var builder = new HtmlContentBuilder();
        // data-for names the field (site.js ties the message to it with aria-describedby).
        builder.AppendHtml($"<span class=\"error\" id=\"{id}\" data-for=\"{System.Net.WebUtility.HtmlEncode(field)}\">");
        builder.Append(string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)));
        builder.AppendHtml("</span>");
        return builder;
    }
}
