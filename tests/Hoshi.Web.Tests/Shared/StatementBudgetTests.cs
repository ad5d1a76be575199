using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Suppliers;
using Hoshi.Web.Tests.Reviews;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hoshi.Web.Tests.Shared;

/// <summary>
/// Statement budgets of the hot pages (issue 28): each GET, once warm, sends at most its budget of
/// SQL statements, counted by the app itself (<c>Server-Timing</c>, <c>Hoshi:Diagnostics:ServerTiming</c>).
/// A page that starts loading the same rows twice, or a query per row, fails here.
/// The budgets are today's counts (a ratchet: lower them as pages improve); the goal is at most 5
/// for every page GET. The page frame (session, person, memberships, roles, expert, bell) is one
/// statement of each count.
/// </summary>
public sealed partial class StatementBudgetTests(StatementBudgetTests.Factory factory, ITestOutputHelper output) : IClassFixture<StatementBudgetTests.Factory>
{
    public sealed class Factory : HoshiFactory
    {
        protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Hoshi:Diagnostics:ServerTiming", "true");
    }

    private readonly People _people = new(factory);

    [GeneratedRegex("desc=\"(\\d+) statements\"")]
    private static partial Regex StatementsOf();

    [GeneratedRegex("[?&]category=([^\"&]+)\"")]
    private static partial Regex CategoryLink();

    /// <summary>The statements one GET sent; the least of two in a row (a session's last-seen time is written once a minute).</summary>
    private static async Task<int> StatementsAsync(HttpClient browser, string path)
    {
        var counts = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await browser.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            var timing = string.Join(",", response.Headers.TryGetValues("Server-Timing", out var values) ? values : []);
            var match = StatementsOf().Match(timing);
            Assert.True(match.Success, $"{path}: no statement count in Server-Timing '{timing}'");
            counts.Add(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        return counts.Min();
    }

    private readonly List<string> _over = [];

    private async Task CheckAsync(HttpClient browser, IReadOnlyList<(string Path, int Budget)> pages)
    {
        foreach (var (path, budget) in pages)
        {
            await browser.GetAsync(path); // warm: caches of catalogs and texts fill on the first request
            var count = await StatementsAsync(browser, path);
            output.WriteLine($"{count,3} statements (budget {budget}) {path}");
            if (count > budget)
            {
                _over.Add($"{path}: {count} statements, budget {budget}");
            }
        }
    }

    [Fact]
    public async Task The_applicants_and_the_experts_hot_pages_stay_within_their_statement_budgets()
    {
        var round = await ReviewFlowTests.SubmittedAsync(factory, _people);
        var sheet = await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}/sheet");
        var category = CategoryLink().Matches(sheet).Select(m => m.Groups[1].Value).Distinct().Skip(1).First();

        await CheckAsync(round.Applicant,
        [
            ("/", 2),
            ($"/assessments/{round.Assessment}", 5),
            ($"/assessments/{round.Assessment}/sheet?category={category}", 4),
            ($"/assessments/{round.Assessment}/guided", 3),
            ("/notifications", 4),
        ]);
        await CheckAsync(round.ExpertBrowser,
        [
            ("/", 2),
            ($"/reviews/{round.Assessment}", 5),
            ($"/reviews/{round.Assessment}?category={category}", 5),
        ]);
        Assert.True(_over.Count == 0, string.Join("\n", _over));
    }

    [Fact]
    public async Task The_buyers_portfolio_and_the_public_registry_stay_within_their_statement_budgets()
    {
        var buyer = await _people.OrganizationAsync("予算の発注者株式会社", OrganizationRole.Buyer);
        var (person, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.OrgAdmin);
        var listing = await Listings.RegisterAsync(factory.Services, "登録済みの取引先株式会社");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var suppliers = scope.ServiceProvider.GetRequiredService<SupplierStore>();
            for (var s = 0; s < 30; s++)
            {
                var number = s == 0 ? listing.CorporateNumber : Listings.NewNumber();
                var (added, errors) = await suppliers.AddAsync(buyer, new SupplierInput(number, $"取引先 {s}", $"C-{s}", null, null, null), person.UserId, null);
                Assert.Empty(errors);
                Assert.NotNull(added);
            }
        }

        await CheckAsync(browser,
        [
            ($"/organizations/{buyer}/suppliers", 5),
            ($"/organizations/{buyer}/suppliers?page=2", 5),
        ]);
        await CheckAsync(factory.CreateClient(),
        [
            ("/registry", 2),
            ($"/registry/{listing.CorporateNumber}", 2),
            ($"/api/registry/{listing.CorporateNumber}", 2),
        ]);
        Assert.True(_over.Count == 0, string.Join("\n", _over));
    }
}
