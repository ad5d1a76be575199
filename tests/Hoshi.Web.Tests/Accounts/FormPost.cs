using System.Net;
using System.Text.RegularExpressions;

namespace Hoshi.Web.Tests.Accounts;

/// <summary>Posts a form as a browser does: fetch the page first for its antiforgery token.</summary>
internal static partial class FormPost
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("https?://[^\\s]+/account/confirm\\?[^\\s]+")]
    private static partial Regex ConfirmLinkPattern();

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts with the antiforgery token of another page (for posts the person may not even open).</summary>
    public static async Task<HttpResponseMessage> SendWithTokenFromAsync(HttpClient client, string tokenPage, string path, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(tokenPage);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>
    /// Takes a step that cannot be undone as a person does: posts the form; when the page answers
    /// with its confirmation (<c>data-testid="confirm-step"</c>: what happens, to whom), posts that
    /// confirmation's form as it stands. Returns the last response.
    /// </summary>
    public static async Task<HttpResponseMessage> StepAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var first = await SendAsync(client, path, fields);
        if (first.StatusCode != HttpStatusCode.OK)
        {
            return first;
        }

        return ConfirmationOf(await first.Content.ReadAsStringAsync()) is { } confirmation
            ? await client.PostAsync(confirmation.Action, new FormUrlEncodedContent(confirmation.Fields))
            : first;
    }

    /// <summary>
    /// Walks a step that cannot be undone and checks its confirmation on the way: the first post shows
    /// the confirmation (what happens, to whom) and changes nothing (<paramref name="snapshot"/> is
    /// the same after it); a confirmation naming another version, or none, is refused with 409 and
    /// changes nothing; the confirmation as the page offers it takes the step. Returns the last response.
    /// </summary>
    public static async Task<HttpResponseMessage> ConfirmedStepAsync(HttpClient client, string path, Dictionary<string, string> fields, Func<Task<string>> snapshot)
    {
        var start = await snapshot();
        var asked = await SendAsync(client, path, fields);
        Xunit.Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var confirmation = ConfirmationOf(await asked.Content.ReadAsStringAsync());
        Xunit.Assert.True(confirmation is not null, $"{path}: no confirmation before the step");
        Xunit.Assert.False(string.IsNullOrWhiteSpace(confirmation!.Value.WhatHappens));
        Xunit.Assert.Equal(start, await snapshot());

        var (action, confirmed, _) = confirmation.Value;
        var stale = new Dictionary<string, string>(confirmed) { ["Version"] = (int.Parse(confirmed["Version"], System.Globalization.CultureInfo.InvariantCulture) + 7).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        Xunit.Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync(action, new FormUrlEncodedContent(stale))).StatusCode);
        var versionless = new Dictionary<string, string>(confirmed);
        versionless.Remove("Version");
        Xunit.Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync(action, new FormUrlEncodedContent(versionless))).StatusCode);
        Xunit.Assert.Equal(start, await snapshot());
        return await client.PostAsync(action, new FormUrlEncodedContent(confirmed));
    }

    /// <summary>The confirmation a page shows before a step that cannot be undone (<c>data-testid="confirm-step"</c>): its form's action and fields, or null.</summary>
    public static (string Action, Dictionary<string, string> Fields, string WhatHappens)? ConfirmationOf(string html)
    {
        var confirmation = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("[data-testid=confirm-step]");
        var form = confirmation?.QuerySelector("form");
        return form is null
            ? null
            : (form.GetAttribute("action")!, form.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? ""),
                confirmation!.QuerySelector("[data-testid=confirm-what]")?.TextContent ?? "");
    }

    /// <summary>The antiforgery token in a page's HTML.</summary>
    public static string TokenOf(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    /// <summary>Posts a form as the pages' script does (asking for JSON), with the token of <paramref name="tokenPage"/>.</summary>
    public static async Task<HttpResponseMessage> SendForJsonAsync(HttpClient client, string tokenPage, string path, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = TokenOf(await client.GetStringAsync(tokenPage));
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.ParseAdd("application/json");
        return await client.SendAsync(request);
    }

    /// <summary>The confirmation link's path and query in a sign-up mail's text.</summary>
    public static string ConfirmLink(string? mailText) => new Uri(ConfirmLinkPattern().Match(mailText ?? "").Value).PathAndQuery;
}
