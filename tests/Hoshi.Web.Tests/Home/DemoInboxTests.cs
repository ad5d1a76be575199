using System.Net;
using AngleSharp.Html.Parser;
using Hoshi.Web.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Home;

/// <summary>
/// The demo data shows a living scheme (issue 24): after <c>seed-demo</c>, every demo person finds
/// work in their inbox on first sign-in, each first item opens, and a second seed changes nothing.
/// </summary>
public sealed class DemoInboxTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    /// <summary>What each demo person should find first among their items (the action word), at least.</summary>
    public static TheoryData<string, string> Expected => new()
    {
        { "applicant", "fill" },
        { "buyer", "belowLevel" },
        { "assessor", "review" },
        { "verifier", "verifyTechnically" },
        { "verifier", "advise" },
        { "registrar", "register" },
        { "accreditor", "surveillance" },
        { "owner", "verifyExperts" },
    };

    private async Task SeedAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(0, await DemoData.SeedAsync(scope.ServiceProvider, CancellationToken.None));
    }

    private async Task<HttpClient> SignInAsync(string key)
    {
        var demo = DemoData.Organizations.Single(o => o.User.Key == key).User;
        var id = await _people.WithDbAsync(db => db.Users.Where(u => u.Email == demo.Email).Select(u => u.Id).SingleAsync());
        return await _people.SignedInAsync(new Person(id, demo.Email, demo.Password, Guid.Empty, demo.Role is Domain.Accounts.MembershipRole.OrgAdmin ? null : demo.AuthenticatorKey));
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task Every_demo_person_finds_work_in_their_inbox_and_its_first_item_opens(string key, string action)
    {
        await SeedAsync();
        var browser = await SignInAsync(key);

        var page = new HtmlParser().ParseDocument(await browser.GetStringAsync("/"));
        var items = page.QuerySelectorAll("[data-testid=inbox-item]").Select(i => (Action: i.GetAttribute("data-action")!, Link: i.QuerySelector("a")!.GetAttribute("href")!)).ToList();
        Assert.NotEmpty(items);
        Assert.Contains(items, i => i.Action == action);
        foreach (var link in items.Select(i => i.Link).Distinct().Take(5))
        {
            var opened = await browser.GetAsync(link);
            Assert.True(opened.StatusCode == HttpStatusCode.OK, $"{key}: {link} answered {opened.StatusCode}");
        }
    }

    [Fact]
    public async Task The_demo_has_rounds_in_each_state_an_evaluation_in_progress_and_a_portfolio_in_mixed_standings_once()
    {
        await SeedAsync();
        var counts = await _people.WithDbAsync(async db => new
        {
            States = await db.Assessments.Select(a => a.State).Distinct().ToListAsync(),
            Evaluations = await db.Evaluations.CountAsync(e => e.State == Domain.Evaluations.EvaluationState.InProgress),
            Entries = await db.RegistryEntries.CountAsync(),
            Suppliers = await db.Suppliers.CountAsync(),
        });
        Assert.Contains(Domain.Assessments.AssessmentState.Draft, counts.States);
        Assert.Contains(Domain.Assessments.AssessmentState.UnderReview, counts.States);
        Assert.Contains(Domain.Assessments.AssessmentState.SubmittedForRegistration, counts.States);
        Assert.Contains(Domain.Assessments.AssessmentState.Registered, counts.States);
        Assert.True(counts.Evaluations >= 1);
        Assert.True(counts.Entries >= 12, $"{counts.Entries} registry entries");
        Assert.InRange(counts.Suppliers, 18, 25);
        Assert.True(await _people.WithDbAsync(db => db.Verdicts.AnyAsync(v => v.Verdict == Domain.Assessments.Verdict.Recheck)), "a recheck was asked");

        var buyer = await SignInAsync("buyer");
        var suppliers = $"/organizations/{await _people.WithDbAsync(db => db.Organizations.Where(o => o.LegalNameJa == "星野自動車株式会社(デモ)").Select(o => o.Id).SingleAsync())}/suppliers";
        var summary = new HtmlParser().ParseDocument(await buyer.GetStringAsync(suppliers));
        Assert.True(int.Parse(summary.QuerySelector("[data-testid=summary-gap]")!.TextContent) >= 3, "suppliers below their level");
        Assert.Equal("1", summary.QuerySelector("[data-testid=summary-overdue]")!.TextContent);
        foreach (var status in new[] { "Valid", "Expiring", "None" })
        {
            var filtered = new HtmlParser().ParseDocument(await buyer.GetStringAsync($"{suppliers}?status={status}"));
            Assert.True(filtered.QuerySelector("[data-testid=no-suppliers]") is null, $"no supplier is {status}");
        }

        // A second seed adds nothing.
        var before = await _people.WithDbAsync(db => db.AuditRecords.CountAsync());
        await SeedAsync();
        Assert.Equal(before, await _people.WithDbAsync(db => db.AuditRecords.CountAsync()));
    }
}
