using System.Net;
using AngleSharp.Html.Parser;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Assessments;

/// <summary>Work shared in the company: an administrator gives criteria to members, who see them and are told (issue 25).</summary>
public sealed class AssignmentTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task An_administrator_shares_the_work_each_member_sees_theirs_and_the_overview_counts_progress()
    {
        var organization = await _people.OrganizationAsync("分担する製作所", OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin, twoFactor: true);
        var (hanako, hanakoBrowser) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        var started = await FormPost.SendAsync(admin, $"/organizations/{organization}/assessments?handler=Start", []);
        var round = Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);
        List<SheetRequirement> sheet;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            sheet = [.. (await scope.ServiceProvider.GetRequiredService<Features.Assessments.AssessmentStore>().LoadAsync(round))!.Catalog.SheetFor(Level.Star3)];
        }

        var categories = sheet.Select(r => r.Subcategory.CategoryNo).Distinct().ToList();
        var inFirst = sheet.Where(r => r.Subcategory.CategoryNo == categories[0]).SelectMany(r => r.Criteria).ToList();
        var single = sheet.First(r => r.Subcategory.CategoryNo == categories[1]).Criteria[0];
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        var path = $"/assessments/{round}/assignments";

        // A member who is not an administrator may not share the work.
        Assert.NotEqual(HttpStatusCode.OK, (await hanakoBrowser.GetAsync(path)).StatusCode);

        var page = new HtmlParser().ParseDocument(await admin.GetStringAsync(path));
        var stamp = page.QuerySelector("input[name=Stamp]")!.GetAttribute("value")!;
        Dictionary<string, string> Form(string person) => new()
        {
            ["Stamp"] = stamp,
            [$"Category[{categories[0]}]"] = person,
            [$"Due[{categories[0]}]"] = today.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            [$"Criterion[{single.Id}]"] = person,
        };

        // Only to members; never due in the past.
        var stranger = await FormPost.SendAsync(admin, path, Form(Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stranger.StatusCode);
        Assert.Contains("管理者とメンバーだけ", WebUtility.HtmlDecode(await stranger.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var past = Form(hanako.UserId.ToString());
        past[$"Due[{categories[0]}]"] = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await FormPost.SendAsync(admin, path, past)).StatusCode);
        Assert.False(await _people.WithDbAsync(db => db.Assignments.AnyAsync(a => a.AssessmentId == round)));

        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(admin, path, Form(hanako.UserId.ToString()))).StatusCode);
        var given = await _people.WithDbAsync(db => db.Assignments.Where(a => a.AssessmentId == round).ToListAsync());
        Assert.Equal(inFirst.Count + 1, given.Count);
        Assert.All(given, a => Assert.Equal(hanako.UserId, a.AssigneeId));
        Assert.Equal(today.AddDays(14), given.Single(a => a.CriterionId == inFirst[0].Id).DueOn);
        Assert.Null(given.Single(a => a.CriterionId == single.Id).DueOn);
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "assessment.assignments-changed" && a.ObjectId == round.ToString())));
        Assert.Equal(1, await _people.WithDbAsync(db => db.Notifications.CountAsync(n => n.Kind == "assigned" && n.UserId == hanako.UserId)));
        Assert.Contains("任されました", (await _people.MailToAsync(hanako.Email)).Subject, StringComparison.Ordinal);

        // The same form again (its stamp is stale now): a conflict, nothing changes.
        Assert.Equal(HttpStatusCode.Conflict, (await FormPost.SendAsync(admin, path, Form(hanako.UserId.ToString()))).StatusCode);
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "assessment.assignments-changed" && a.ObjectId == round.ToString())));

        // Hanako sees hers on the sheet and at home; the administrator sees none marked as theirs.
        var hers = new HtmlParser().ParseDocument(await hanakoBrowser.GetStringAsync($"/assessments/{round}/sheet?category={categories[0]}"));
        Assert.Equal(inFirst.Count, hers.QuerySelectorAll("[data-testid^=assigned-]").Length);
        Assert.Contains(today.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), hers.QuerySelector($"[data-testid=assigned-{inFirst[0].Id}]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(new HtmlParser().ParseDocument(await admin.GetStringAsync($"/assessments/{round}/sheet?category={categories[0]}")).QuerySelectorAll("[data-testid^=assigned-]"));
        var home = new HtmlParser().ParseDocument(await hanakoBrowser.GetStringAsync("/"));
        var item = home.QuerySelector("[data-testid=inbox-item][data-action=assigned]");
        Assert.NotNull(item);
        Assert.Equal($"/assessments/{round}/sheet", item!.QuerySelector("a")!.GetAttribute("href"));

        // Hanako answers one: the overview counts it for her.
        async Task<string> ShareAsync() => new HtmlParser().ParseDocument(await admin.GetStringAsync($"/assessments/{round}")).QuerySelector($"[data-testid=sharing-{hanako.UserId}]")!.TextContent;
        Assert.Contains($"0 / {inFirst.Count + 1}", await ShareAsync(), StringComparison.Ordinal);
        var answer = inFirst.First(c => c.AnswerType == AnswerType.YesNo);
        var saved = await FormPost.SendForJsonAsync(hanakoBrowser, $"/assessments/{round}/sheet", $"/assessments/{round}/sheet?handler=Answer", new()
        {
            ["CriterionId"] = answer.Id,
            ["Version"] = "0",
            ["Value"] = YesNo.Yes,
            ["Supplement"] = "就業規則 第12条",
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains($"1 / {inFirst.Count + 1}", await ShareAsync(), StringComparison.Ordinal);
    }
}
