using System.Net;
using System.Text.RegularExpressions;
using Hoshi.Web.Tests.Accounts;

using Hoshi.Web.Tests.Assessments;

namespace Hoshi.Web.Tests.Reviews;

/// <summary>Gives the verdict on a round's scope as the review page's form does.</summary>
internal static partial class ScopeVerdicts
{
    [GeneratedRegex("name=\"ScopeVersion\" value=\"(\\d+)\"")]
    private static partial Regex VersionPattern();

    /// <summary>Every exclusion's name with a reason (the page keeps only those of the scope).</summary>
    public static Dictionary<string, string> AllReasons() => new()
    {
        ["Parts"] = "対象外の部門は別ネットワークで分離されていることを確認した",
        ["BoundaryDevices"] = "境界の機器はグループ本社の管理で、本社の評価で確認済み",
        ["Cloud"] = "クラウドサービスを利用していないことを確認した",
        ["Byod"] = "私物端末の業務利用は規程で禁止されている",
        ["RemoteWork"] = "テレワークを実施していない",
    };

    public static async Task<HttpResponseMessage> SendAsync(HttpClient judge, Guid assessment, string verdict, string? remark = null, Dictionary<string, string>? reasons = null)
    {
        var page = await judge.GetStringAsync($"/reviews/{assessment}");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormPost.TokenOf(page),
            ["ScopeVersion"] = VersionPattern().Match(page).Groups[1].Value,
            ["ScopeVerdict"] = verdict,
            ["ScopeRemark"] = remark ?? "",
        };
        foreach (var (exclusion, reason) in reasons ?? AllReasons())
        {
            fields[$"Reasons[{exclusion}]"] = reason;
        }

        return await judge.PostAsync($"/reviews/{assessment}?handler=Scope", new FormUrlEncodedContent(fields));
    }

    /// <summary>Accepts the scope as it is, with a reason for every exclusion; the page must take it.</summary>
    public static async Task AcceptAsync(HttpClient judge, Guid assessment)
    {
        var response = await SendAsync(judge, assessment, "Accepted");
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"scope verdict refused: {response.StatusCode} {Regex.Match(body, "class=\"error\"[^>]*>([^<]+)").Groups[1].Value}");
    }
}
