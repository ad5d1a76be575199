using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Assessments;

/// <summary>A renewal starts from the last registered round: carried over, confirmed or changed, then submitted (issue 25).</summary>
public sealed class RenewalTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private static readonly string CompleteScope = JsonSerializer.Serialize(new ScopeQuestionnaire
    {
        WholeCompany = true,
        BoundaryDevicesInScope = false,
        CloudInScope = true,
        ByodInScope = false,
        RemoteWorkInScope = false,
        Locations = "本社",
        FillerName = "山田 太郎",
        FillerDepartment = "総務部",
    }, WebJson);

    /// <summary>A registered round of the organization on <paramref name="catalog"/>, with the given answers, each judged conformant.</summary>
    private Task<Guid> RegisteredAsync(Guid organization, Level level, string catalog, IEnumerable<(string Id, string? Value, string? Supplement)> answers) =>
        _people.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow.AddYears(-1);
            var round = new AssessmentRecord { Id = Guid.NewGuid(), OrganizationId = organization, Level = level, CatalogVersionId = catalog, State = AssessmentState.Registered, ScopeJson = CompleteScope, CreatedAt = now, UpdatedAt = now };
            db.Assessments.Add(round);
            foreach (var (id, value, supplement) in answers)
            {
                db.Answers.Add(new AnswerRecord { AssessmentId = round.Id, CriterionId = id, Value = value, Supplement = supplement, UpdatedAt = now, Version = 1 });
                db.Verdicts.Add(new VerdictRecord { AssessmentId = round.Id, CriterionId = id, Verdict = Verdict.Conformant, UpdatedAt = now, Version = 1 });
            }

            await db.SaveChangesAsync();
            return round.Id;
        });

    private async Task<CatalogVersion> CatalogAsync(string id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<Features.Catalog.CatalogStore>().GetAsync(id))!.Catalog;
    }

    private static string ValueFor(Criterion criterion) =>
        criterion.AnswerType switch { AnswerType.YesNo => YesNo.Yes, AnswerType.Choice => criterion.Choices[0].Value, _ => "実施している" };

    private static async Task<Guid> StartAsync(HttpClient browser, Guid organization, int level)
    {
        var started = await FormPost.SendAsync(browser, $"/organizations/{organization}/assessments?handler=Start", new() { ["level"] = level.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        return Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);
    }

    [Fact]
    public async Task A_renewal_starts_pre_filled_cannot_be_submitted_until_confirmed_and_the_expert_sees_what_changed()
    {
        var organization = await _people.OrganizationAsync("更新する部品工業", OrganizationRole.Applicant);
        var (_, applicant) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var catalog = await CatalogAsync("scs-2026-03");
        var sheet = catalog.SheetFor(Level.Star3).ToList();
        var criteria = sheet.SelectMany(r => r.Criteria).ToList();
        var previous = await RegisteredAsync(organization, Level.Star3, "scs-2026-03", criteria.Select(c => (c.Id, (string?)ValueFor(c), (string?)"規程 2025-04-01")));

        var round = await StartAsync(applicant, organization, 3);
        Assert.NotEqual(previous, round);
        var answers = await _people.WithDbAsync(db => db.Answers.Where(a => a.AssessmentId == round).ToListAsync());
        Assert.Equal(criteria.Count, answers.Count);
        Assert.All(answers, a => Assert.Equal((previous, "規程 2025-04-01"), (a.CarriedFrom!.Value, a.Supplement)));
        Assert.Equal(CompleteScope, await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round).Select(a => a.ScopeJson).SingleAsync()));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "assessment.carried-forward" && a.ObjectId == round.ToString())));

        var overview = new HtmlParser().ParseDocument(await applicant.GetStringAsync($"/assessments/{round}"));
        Assert.Equal($"確認済み 0 / {criteria.Count}", overview.QuerySelector("[data-testid=renewal-confirmed]")!.TextContent.Trim());

        // Submitting lists every blocker, the unconfirmed answers among them.
        var refused = await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=Submit", new() { ["HoursOnScope"] = "1", ["HoursOnSheet"] = "3" });
        Assert.Contains($"前回から引き継いだ回答のうち {criteria.Count} 件が、まだ確認も変更もされていません", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // One action confirms a whole category; one changed answer is the applicant's own.
        var categories = sheet.Select(r => r.Subcategory.CategoryNo).Distinct().ToList();
        var first = categories[0];
        var firstPage = new HtmlParser().ParseDocument(await applicant.GetStringAsync($"/assessments/{round}/sheet?category={first}"));
        var inFirst = sheet.Where(r => r.Subcategory.CategoryNo == first).Sum(r => r.Criteria.Count);
        Assert.Equal(inFirst, firstPage.QuerySelectorAll("[data-testid^=carried-]").Length);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, $"/assessments/{round}/sheet?category={first}&handler=ConfirmCategory", [])).StatusCode);
        Assert.Empty(new HtmlParser().ParseDocument(await applicant.GetStringAsync($"/assessments/{round}/sheet?category={first}")).QuerySelectorAll("[data-testid^=carried-]"));

        var changed = sheet.First(r => r.Subcategory.CategoryNo == categories[1]).Criteria[0];
        var changedVersion = answers.Single(a => a.CriterionId == changed.Id).Version;
        var saved = await FormPost.SendForJsonAsync(applicant, $"/assessments/{round}/sheet", $"/assessments/{round}/sheet?handler=Answer", new()
        {
            ["CriterionId"] = changed.Id,
            ["Version"] = changedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Value"] = ValueFor(changed),
            ["Supplement"] = "規程 2026-04-01 に改定",
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        overview = new HtmlParser().ParseDocument(await applicant.GetStringAsync($"/assessments/{round}"));
        Assert.Equal($"確認済み {inFirst + 1} / {criteria.Count}", overview.QuerySelector("[data-testid=renewal-confirmed]")!.TextContent.Trim());

        foreach (var category in categories.Skip(1))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, $"/assessments/{round}/sheet?category={category}&handler=ConfirmCategory", [])).StatusCode);
        }

        Assert.False(await _people.WithDbAsync(db => db.Answers.AnyAsync(a => a.AssessmentId == round && a.CarriedFrom != null)));
        Assert.Equal(categories.Count, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "assessment.carried-confirmed" && a.ObjectId == round.ToString())));

        // Submitted to an expert, who sees last year's answer and verdict and what changed.
        var expertHome = await _people.OrganizationAsync("更新を確認する事務所", OrganizationRole.Applicant);
        var expert = await _people.PersonAsync(expertHome, MembershipRole.Member, twoFactor: true);
        await using (var services = factory.Services.CreateAsyncScope())
        {
            await Hoshi.Tests.Shared.VerifiedExperts.RegisterAsync(services.ServiceProvider, expert.UserId, new ExpertInput("023456", null, "更新を確認する事務所", DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-3))));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=ChooseExpert", new() { ["ExpertEmail"] = expert.Email })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=Submit", new() { ["HoursOnScope"] = "1", ["HoursOnSheet"] = "3" })).StatusCode);
        var expertBrowser = await _people.SignedInAsync(expert);
        await Declarations.DeclareAsync(expertBrowser, round);
        var review = new HtmlParser().ParseDocument(await expertBrowser.GetStringAsync($"/reviews/{round}?category={categories[1]}"));
        Assert.Equal("true", review.QuerySelector($"[data-testid=previous-{changed.Id}]")!.GetAttribute("data-changed"));
        Assert.Contains("前回の判定: 適合", review.QuerySelector($"[data-testid=previous-{changed.Id}]")!.TextContent, StringComparison.Ordinal);
        var unchanged = sheet.First(r => r.Subcategory.CategoryNo == categories[1]).Criteria.Skip(1).Concat(sheet.Where(r => r.Subcategory.CategoryNo == categories[1]).Skip(1).SelectMany(r => r.Criteria)).First();
        Assert.Equal("false", review.QuerySelector($"[data-testid=previous-{unchanged.Id}]")!.GetAttribute("data-changed"));
    }

    [Fact]
    public async Task A_renewal_across_catalog_versions_carries_answers_through_the_migration()
    {
        var organization = await _people.OrganizationAsync("版をまたいで更新する株式会社", OrganizationRole.Applicant);
        var (_, applicant) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        await RegisteredAsync(organization, Level.Star4, "scs-2025-12-draft",
            [("1-1-1-2", "yes", "法令一覧(2025-10更新)"), ("4-2-1-6", "no", null), ("1-2-1-4", "yes", "情報セキュリティ委員会規程"), ("4-5-2-1", "yes", "旧い要件への回答")]);

        var round = await StartAsync(applicant, organization, 4);
        var answers = await _people.WithDbAsync(db => db.Answers.Where(a => a.AssessmentId == round).ToDictionaryAsync(a => a.CriterionId));
        Assert.Equal(["1-1-1-2", "1-2-1-4", "4-2-1-5"], answers.Keys.Order(StringComparer.Ordinal));
        Assert.All(answers.Values, a => Assert.NotNull(a.CarriedFrom));
        Assert.Equal("no", answers["4-2-1-5"].Value);
        Assert.Equal("scs-2026-03", await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round).Select(a => a.CatalogVersionId).SingleAsync()));

        // The overview shows the changed criterion to check and the answer set aside, as after a draft's move.
        var overview = WebUtility.HtmlDecode(await applicant.GetStringAsync($"/assessments/{round}"));
        Assert.Contains("data-testid=\"last-move\"", overview, StringComparison.Ordinal);
        Assert.Contains("4-5-2-1: yes — 旧い要件への回答", overview, StringComparison.Ordinal);
        Assert.Contains("1-2-1-4", new HtmlParser().ParseDocument(overview).QuerySelector("[data-testid=move-flagged]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_star4_draft_takes_the_star3_answers_as_proposals_naming_their_source()
    {
        var organization = await _people.OrganizationAsync("★3から★4へ進む株式会社", OrganizationRole.Applicant);
        var (_, applicant) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var catalog = await CatalogAsync("scs-2026-03");
        var star3 = catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria).ToList();
        var star4 = catalog.SheetFor(Level.Star4).SelectMany(r => r.Criteria).Select(c => c.Id).ToHashSet();
        var source = await RegisteredAsync(organization, Level.Star3, "scs-2026-03", star3.Select(c => (c.Id, (string?)ValueFor(c), (string?)"★3 で整備した規程")));

        var round = await StartAsync(applicant, organization, 4);
        Assert.False(await _people.WithDbAsync(db => db.Answers.AnyAsync(a => a.AssessmentId == round)));
        var overview = new HtmlParser().ParseDocument(await applicant.GetStringAsync($"/assessments/{round}"));
        Assert.NotNull(overview.QuerySelector($"[data-testid=import-from-{source}]"));

        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=ImportAnswers", new() { ["source"] = source.ToString() })).StatusCode);
        var taken = await _people.WithDbAsync(db => db.Answers.Where(a => a.AssessmentId == round).ToListAsync());
        var expected = star3.Count(c => star4.Contains(c.Id));
        Assert.True(expected > 0);
        Assert.Equal(expected, taken.Count);
        Assert.All(taken, a => Assert.Equal((source, "★3 で整備した規程"), (a.CarriedFrom!.Value, a.Supplement)));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "assessment.answers-imported" && a.ObjectId == round.ToString())));
        overview = new HtmlParser().ParseDocument(await applicant.GetStringAsync($"/assessments/{round}"));
        Assert.Equal($"確認済み {star4.Count - expected} / {star4.Count}", overview.QuerySelector("[data-testid=renewal-confirmed]")!.TextContent.Trim());

        // Taking them again finds nothing new: refused, nothing doubled. A round of another organization is no source.
        var again = await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=ImportAnswers", new() { ["source"] = source.ToString() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var other = await _people.OrganizationAsync("別の株式会社", OrganizationRole.Applicant);
        var foreign = await RegisteredAsync(other, Level.Star3, "scs-2026-03", star3.Take(3).Select(c => (c.Id, (string?)ValueFor(c), (string?)null)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=ImportAnswers", new() { ["source"] = foreign.ToString() })).StatusCode);
        Assert.Equal(expected, await _people.WithDbAsync(db => db.Answers.CountAsync(a => a.AssessmentId == round)));
    }

    [Fact]
    public async Task A_first_round_is_not_a_renewal()
    {
        var organization = await _people.OrganizationAsync("はじめての株式会社", OrganizationRole.Applicant);
        var (_, applicant) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var round = await StartAsync(applicant, organization, 3);
        Assert.False(await _people.WithDbAsync(db => db.Answers.AnyAsync(a => a.AssessmentId == round)));
        Assert.Null(new HtmlParser().ParseDocument(await applicant.GetStringAsync($"/assessments/{round}")).QuerySelector("[data-testid=renewal]"));
    }
}
