using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Hoshi.Web.Shared;

/// <summary>The Japanese/English switch: <c>?lang=en</c> on any page, remembered in a cookie.</summary>
public static class Language
{
    public const string QueryKey = "lang";

    public static bool IsSupported(string? language) =>
        language is not null && WebServices.Cultures.Any(c => c.Name == language);

    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "ja";

    public static void Remember(HttpResponse response, string language) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                IsEssential = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = response.HttpContext.Request.IsHttps || response.HttpContext.RequestServices.GetRequiredService<PublicUrl>().IsHttps,
            });

    /// <summary><c>GET /language/{lang}?returnUrl=…</c>: remember the choice and go back.</summary>
    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/language/{lang}", (string lang, string? returnUrl, HttpContext context) =>
        {
            if (!IsSupported(lang))
            {
                return Results.NotFound();
            }

            Remember(context.Response, lang);
            return Results.Redirect(LocalPath.OrDefault(returnUrl, "/"));
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>A page opened with <c>?lang=en</c> keeps English for the following pages too.</summary>
    public sealed class RememberChoice(RequestDelegate next)
    {
        public Task InvokeAsync(HttpContext context)
        {
            var requested = context.Request.Query[QueryKey].ToString();
            if (IsSupported(requested))
            {
                Remember(context.Response, requested);
            }

            return next(context);
        }
    }

    /// <summary>The current path and query without <c>lang</c>, for the switch's return address.</summary>
    public static string ReturnUrl(HttpRequest request)
    {
        var query = request.Query.Where(q => q.Key != QueryKey)
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"));
        var queryString = string.Join('&', query);
        return request.PathBase + request.Path + (queryString.Length > 0 ? "?" + queryString : "");
    }
}
