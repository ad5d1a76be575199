using System.Net;
using AngleSharp.Html.Parser;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Experts;

namespace Hoshi.Web.Tests.Home;

/// <summary>The signed-in home lists what waits for the person, by role, each a link to where they act (issue 24).</summary>
public sealed class InboxTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private Task<Guid> RoundAsync(Guid organization, AssessmentState state, Guid? expert = null) =>
        _people.WithDbAsync(async db =>
        {
            var round = new AssessmentRecord { Id = Guid.NewGuid(), OrganizationId = organization, Level = Level.Star3, CatalogVersionId = "scs-2026-03", State = state, ExpertUserId = expert, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Assessments.Add(round);
            await db.SaveChangesAsync();
            return round.Id;
        });

    private static async Task<(List<string> Sections, List<(string Action, string Link)> Items, string Html)> HomeAsync(HttpClient browser)
    {
        var response = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = new HtmlParser().ParseDocument(html);
        return ([.. page.QuerySelectorAll("[data-testid=inbox-section]").Select(s => s.GetAttribute("data-section")!)],
            [.. page.QuerySelectorAll("[data-testid=inbox-item]").Select(i => (i.GetAttribute("data-action")!, i.QuerySelector("a")!.GetAttribute("href")!))],
            html);
    }

    [Fact]
    public async Task A_buyer_sees_the_suppliers_whose_registry_entry_changed_since_the_last_visit()
    {
        var buyer = await _people.OrganizationAsync("変化を見る商事", OrganizationRole.Buyer);
        var holder = await _people.OrganizationAsync("変化する部品工業", OrganizationRole.Applicant);
        var body = await _people.OrganizationAsync("変化を登録する機関", OrganizationRole.RegistrationBody);
        var now = DateTime.UtcNow;
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);

        // Three suppliers: registered 10 days ago, suspended 2 days ago, registered yesterday.
        await _people.WithDbAsync(async db =>
        {
            foreach (var (name, registeredAt, status, changedAt) in new[]
            {
                ("十日前に登録", now.AddDays(-10), "valid", (DateTime?)null),
                ("二日前に停止", now.AddDays(-200), "suspended", now.AddDays(-2)),
                ("昨日登録", now.AddDays(-1), "valid", null),
            })
            {
                var number = Hoshi.Web.Cli.DemoData.CorporateNumberFor("7" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
                var round = new AssessmentRecord { Id = Guid.NewGuid(), OrganizationId = holder, Level = Level.Star3, CatalogVersionId = "scs-2026-03", State = AssessmentState.Registered, CreatedAt = now, UpdatedAt = now };
                db.Assessments.Add(round);
                var entry = new RegistryEntryRecord
                {
                    Id = Guid.NewGuid(),
                    AssessmentId = round.Id,
                    OrganizationId = holder,
                    Level = Level.Star3,
                    Status = status,
                    ValidFrom = JapanTime.DateOf(new DateTimeOffset(registeredAt, TimeSpan.Zero)),
                    ValidUntil = today.AddDays(300),
                    ScopeSummary = "全社",
                    RegisteredByOrganizationId = body,
                    RegisteredAt = registeredAt,
                    StatusChangedAt = changedAt,
                };
                entry.Subjects.Add(new RegistryEntrySubjectRecord { CorporateNumber = number, Name = name });
                db.RegistryEntries.Add(entry);
                db.Suppliers.Add(new Data.Suppliers.SupplierRecord { Id = Guid.NewGuid(), BuyerId = buyer, CorporateNumber = number, Name = name, RequiredLevel = 3, CreatedAt = now, UpdatedAt = now });
            }

            return await db.SaveChangesAsync();
        });

        static int ChangedCount(string html) =>
            new HtmlParser().ParseDocument(html).QuerySelector("[data-testid=inbox-item][data-action=registryChanges] .badge") is { } badge
                ? int.Parse(new string([.. badge.TextContent.Where(char.IsAsciiDigit)]), System.Globalization.CultureInfo.InvariantCulture)
                : 0;

        // A first visit looks back 30 days: all three.
        var (_, newcomer) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        var (_, items, html) = await HomeAsync(newcomer);
        Assert.Contains(("registryChanges", $"/organizations/{buyer}/suppliers/changes"), items);
        Assert.Equal(3, ChangedCount(html));

        // Someone whose previous session ended five days ago sees only what changed since: two.
        var regular = await _people.PersonAsync(buyer, MembershipRole.Member);
        await _people.WithDbAsync(async db =>
        {
            db.Sessions.Add(new Data.Accounts.SessionRecord { Id = Guid.NewGuid(), UserId = regular.UserId, CreatedAt = now.AddDays(-6), LastSeenAt = now.AddDays(-5), EndedAt = now.AddDays(-5), EndReason = "idle" });
            return await db.SaveChangesAsync();
        });
        var again = await _people.SignedInAsync(regular);
        Assert.Equal(2, ChangedCount((await HomeAsync(again)).Html));

        // Back again today: what was seen on this morning's visit is not news any more.
        var third = await _people.SignedInAsync(regular);
        var (_, latest, _) = await HomeAsync(third);
        Assert.DoesNotContain(latest, i => i.Action == "registryChanges");
    }

    [Fact]
    public async Task An_applicant_sees_the_rounds_that_wait_on_them_and_no_section_of_other_roles()
    {
        var organization = await _people.OrganizationAsync("受信箱テスト工業", OrganizationRole.Applicant);
        var (_, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var draft = await RoundAsync(organization, AssessmentState.Draft);
        var recheck = await RoundAsync(organization, AssessmentState.RecheckRequested);
        await RoundAsync(organization, AssessmentState.UnderReview);
        await RoundAsync(organization, AssessmentState.Registered);

        var (sections, items, html) = await HomeAsync(browser);

        Assert.Equal(["Rounds", "Requests"], sections);
        Assert.Equal([("answerRechecks", $"/assessments/{recheck}"), ("fill", $"/assessments/{draft}")], items.OrderBy(i => i.Action, StringComparer.Ordinal));
        Assert.Contains("再確認の項目に回答する", html, StringComparison.Ordinal);
        Assert.Contains("取引先からの依頼も、期限が近い登録もありません。", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_star4_applicant_sees_corrective_actions_by_their_deadline_and_the_body_the_yearly_self_assessments_to_acknowledge()
    {
        var organization = await _people.OrganizationAsync("是正中の精機", OrganizationRole.Applicant);
        var body = await _people.OrganizationAsync("年次を受ける評価機関", OrganizationRole.EvaluationBody);
        var (_, applicant) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var (_, officer) = await _people.SignedInMemberAsync(body, MembershipRole.Officer, twoFactor: true);
        var deadline = Hoshi.Domain.JapanTime.DateOf(DateTimeOffset.UtcNow).AddDays(20);
        var (fixing, acknowledged) = await _people.WithDbAsync(async db =>
        {
            var round = new AssessmentRecord { Id = Guid.NewGuid(), OrganizationId = organization, Level = Level.Star4, CatalogVersionId = "scs-2026-03", State = AssessmentState.UnderReview, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            var evaluation = new Hoshi.Data.Evaluations.EvaluationRecord { Id = Guid.NewGuid(), AssessmentId = round.Id, ApplicantId = organization, BodyId = body, State = Hoshi.Domain.Evaluations.EvaluationState.CorrectiveActions, CorrectiveActionDeadline = deadline };
            var yearlyRound = new AssessmentRecord { Id = Guid.NewGuid(), OrganizationId = organization, Level = Level.Star4, CatalogVersionId = "scs-2026-03", State = AssessmentState.Draft, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Assessments.AddRange(round, yearlyRound);
            db.Evaluations.Add(evaluation);
            db.YearlySelfAssessments.Add(new Hoshi.Data.Evaluations.YearlySelfAssessmentRecord { Id = Guid.NewGuid(), EvaluationId = evaluation.Id, AssessmentId = yearlyRound.Id, DueOn = deadline, Status = Hoshi.Domain.Evaluations.YearlyStatus.Submitted });
            await db.SaveChangesAsync();
            return (round.Id, evaluation.Id);
        });

        var (_, items, html) = await HomeAsync(applicant);
        Assert.Contains(("fixCorrections", $"/assessments/{fixing}/evaluation"), items);
        Assert.Contains(deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.Contains("是正処置を期限までに終える", html, StringComparison.Ordinal);

        var (sections, bodyItems, _) = await HomeAsync(officer);
        Assert.Contains("Evaluations", sections);
        Assert.Contains(("acknowledgeYearly", $"/evaluations/{acknowledged}"), bodyItems);
    }

    [Fact]
    public async Task An_expert_sees_the_reviews_asked_of_them_and_the_applicant_does_not()
    {
        var applicant = await _people.OrganizationAsync("レビュー待ち株式会社", OrganizationRole.Applicant);
        var firm = await _people.OrganizationAsync("診断事務所");
        var expert = await _people.PersonAsync(firm, MembershipRole.Member, twoFactor: true);
        await Hoshi.Tests.Shared.VerifiedExperts.RegisterAsync(factory.Services, expert.UserId, new ExpertInput("076543", null, "診断事務所", DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-3))));
        var asked = await RoundAsync(applicant, AssessmentState.UnderReview, expert.UserId);
        await RoundAsync(applicant, AssessmentState.Approved, expert.UserId);

        var (sections, items, _) = await HomeAsync(await _people.SignedInAsync(expert));

        Assert.Equal(["Reviews"], sections);
        Assert.Equal([("review", $"/reviews/{asked}")], items);
    }

    [Fact]
    public async Task A_person_without_an_organization_is_told_how_to_start_and_a_stranger_sees_the_public_home()
    {
        var organization = await _people.OrganizationAsync("退会済みの会社");
        var person = await _people.PersonAsync(organization, MembershipRole.Member);
        await _people.WithDbAsync(async db =>
        {
            db.Memberships.RemoveRange(db.Memberships.Where(m => m.UserId == person.UserId));
            return await db.SaveChangesAsync();
        });

        var (sections, items, html) = await HomeAsync(await _people.SignedInAsync(person));
        Assert.Empty(sections);
        Assert.Empty(items);
        Assert.Contains("まだどの組織にも所属していません。", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/organizations/new\"", html, StringComparison.Ordinal);

        var stranger = await (await factory.CreateClient().GetAsync("/")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-testid=\"inbox-section\"", stranger, StringComparison.Ordinal);
        Assert.DoesNotContain("あなたを待っている作業", stranger, StringComparison.Ordinal);
    }
}
