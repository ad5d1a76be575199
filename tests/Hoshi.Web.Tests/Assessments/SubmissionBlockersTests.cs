using System.Net;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;

namespace Hoshi.Web.Tests.Assessments;

/// <summary>A submission that cannot happen says every reason at once, in the person's language (issue 24).</summary>
public sealed class SubmissionBlockersTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task A_blocked_submission_lists_scope_sheet_expert_and_hours_together_and_changes_nothing()
    {
        var organization = await _people.OrganizationAsync("まとめて断られる工業", OrganizationRole.Applicant);
        var (_, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var started = await FormPost.SendAsync(browser, $"/organizations/{organization}/assessments?handler=Start", []);
        var round = started.Headers.Location!.OriginalString;

        var refused = await FormPost.SendAsync(browser, $"{round}?handler=Submit", new() { ["HoursOnScope"] = "", ["HoursOnSheet"] = "x" });
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("適用範囲の質問事項がまだすべて回答されていません。", html, StringComparison.Ordinal);
        Assert.Contains("まだ回答していない要求事項があります。", html, StringComparison.Ordinal);
        Assert.Contains("研修の有効な専門家を選んでください。", html, StringComparison.Ordinal);
        Assert.Contains("hours-scope-error", html, StringComparison.Ordinal);
        Assert.Contains("hours-sheet-error", html, StringComparison.Ordinal);
        Assert.Contains("入力内容を確認してください。", html, StringComparison.Ordinal);
        Assert.Equal(Domain.Assessments.AssessmentState.Draft, await _people.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            System.Linq.Queryable.Select(System.Linq.Queryable.Where(db.Assessments, a => a.OrganizationId == organization), a => a.State))));

        // In English with the switch, the same blockers in English (the hours are fine this time).
        var english = WebUtility.HtmlDecode(await (await FormPost.SendAsync(browser, $"{round}?handler=Submit&lang=en", new() { ["HoursOnScope"] = "2", ["HoursOnSheet"] = "3" })).Content.ReadAsStringAsync());
        var summary = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(english).QuerySelector("[data-testid=error-summary]")!;
        Assert.Equal(3, summary.QuerySelectorAll("li").Length);
        Assert.Equal("This is not possible yet.", summary.QuerySelector("[data-testid=error-summary-heading]")!.TextContent);
        Assert.Contains("The scope questionnaire is not complete.", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains("Some criteria are not answered yet.", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains("Choose an expert whose training is valid.", summary.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("研修", summary.TextContent, StringComparison.Ordinal);
    }
}
