using System.Net;
using System.Text;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Analytics;

/// <summary>
/// The activity page over ★3 rounds built to give known figures: effort, where experts came from,
/// states, rechecks, the reviewers' lines and their departure, the registry by month, each as CSV.
/// </summary>
public sealed class ActivityPageTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task Effort_experts_pipeline_registry_and_reviewers_show_the_constructed_figures()
    {
        // Six companies of 鉱業 in prefecture 46. Five were reviewed by an outside expert of a firm
        // ("外部 専門家", affiliation given), one by its own member ("社内 専門家"). Hours on scope
        // 1…6, on the sheet 10…60. The outside expert judged 2-1-1-1 conformant and 2-1-1-2
        // nonconformant each time (and asked one recheck); the in-house one judged both conformant.
        var expertOrganization = await _people.OrganizationAsync("専門家の勤務先");
        var outside = await _people.PersonAsync(expertOrganization, MembershipRole.Member);
        var organizations = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            organizations.Add((await scope.ServiceProvider.GetRequiredService<OrganizationStore>().CreateAsync(new NewOrganization($"分析(活動){i}", null, null, EmployeeBand.From11To50, "鉱業", "46"), "test")).Id);
        }

        var inside = await _people.PersonAsync(organizations[5], MembershipRole.Member);
        var rounds = new List<Guid>();
        await _people.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == outside.UserId)).DisplayName = "外部 専門家";
            (await db.Users.SingleAsync(u => u.Id == inside.UserId)).DisplayName = "社内 専門家";
            db.ExpertProfiles.Add(new Hoshi.Data.Accounts.ExpertProfileRecord { UserId = outside.UserId, Affiliation = "監査法人(試験)", UpdatedAt = DateTime.UtcNow });
            db.ExpertProfiles.Add(new Hoshi.Data.Accounts.ExpertProfileRecord { UserId = inside.UserId, UpdatedAt = DateTime.UtcNow });
            var now = DateTime.UtcNow;
            for (var i = 0; i < 6; i++)
            {
                var id = Guid.NewGuid();
                rounds.Add(id);
                var expert = i < 5 ? outside.UserId : inside.UserId;
                db.Assessments.Add(new AssessmentRecord { Id = id, OrganizationId = organizations[i], Level = Level.Star3, CatalogVersionId = "scs-2026-03", State = AssessmentState.Approved, ExpertUserId = expert, HoursOnScope = i + 1, HoursOnSheet = 10 * (i + 1), CreatedAt = now.AddDays(-40), UpdatedAt = now });
                db.Verdicts.Add(new VerdictRecord { AssessmentId = id, CriterionId = "2-1-1-1", Verdict = Verdict.Conformant, UpdatedAt = now });
                db.Verdicts.Add(new VerdictRecord { AssessmentId = id, CriterionId = "2-1-1-2", Verdict = i < 5 ? Verdict.Nonconformant : Verdict.Conformant, UpdatedAt = now });
            }

            db.VerdictRevisions.Add(new VerdictRevisionRecord { Id = Guid.NewGuid(), AssessmentId = rounds[0], CriterionId = "2-1-1-2", Round = 1, Verdict = Verdict.Recheck, ChangedAt = now.AddDays(-10) });
            db.VerdictRevisions.Add(new VerdictRevisionRecord { Id = Guid.NewGuid(), AssessmentId = rounds[0], CriterionId = "2-1-1-2", Round = 2, Verdict = Verdict.Recheck, ChangedAt = now.AddDays(-9) });

            // Two registered results, valid from last month until next year.
            var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
            for (var i = 0; i < 2; i++)
            {
                db.RegistryEntries.Add(new RegistryEntryRecord { Id = Guid.NewGuid(), AssessmentId = rounds[i], OrganizationId = organizations[i], Level = Level.Star3, Status = "valid", ValidFrom = today.AddMonths(-1), ValidUntil = today.AddYears(1), ScopeSummary = "全社", RegisteredAt = now, PrefectureCode = "46" });
            }

            return await db.SaveChangesAsync();
        });

        var (_, stranger) = await _people.SignedInMemberAsync(await _people.OrganizationAsync("活動を見られない会社", OrganizationRole.Buyer), MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync("/admin/analytics/activity")).StatusCode);

        var owner = await _people.OrganizationAsync("制度運営(活動)", OrganizationRole.SchemeOwner);
        var (_, officer) = await _people.SignedInMemberAsync(owner, MembershipRole.OrgAdmin, twoFactor: true);
        const string query = "level=3&Industry=鉱業&Prefecture=46";
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync("/admin/analytics/activity?" + query));
        Assert.Contains("対象の組織: 6", page, StringComparison.Ordinal);
        foreach (var chart in new[] { "chart-scope", "chart-sheet", "chart-experts", "chart-states", "chart-registry-3", "chart-expiries" })
        {
            Assert.Contains($"data-testid=\"{chart}\"", page, StringComparison.Ordinal);
        }

        async Task<string[]> CsvAsync(string table) =>
            Encoding.UTF8.GetString(await officer.GetByteArrayAsync($"/admin/analytics/activity?handler=Csv&table={table}&{query}")).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        // Scope 1…6: median 3.5, p90 5.5, three of six within 3 h. Sheet 10…60: 35, 55, one within 19 h.
        var effort = await CsvAsync("effort");
        Assert.Equal("対象範囲の確認にかけた時間,6,3.5,5.5,3h,50.0%", effort[1]);
        Assert.Equal("チェックシートの回答にかけた時間,6,35.0,55.0,19h,16.7%", effort[2]);

        var experts = await CsvAsync("experts");
        Assert.Equal(["社内の専門家,<5,16.7%", "社外(ベンダー等に所属),5,83.3%", "社外(所属なし),0,0.0%"], experts[1..4]);

        var pipeline = await CsvAsync("pipeline");
        Assert.Contains("状態: 承認(適合),6", pipeline);
        Assert.Contains("状態: 回答中,0", pipeline);
        // One recheck (asked twice on the same criterion) over six reviews.
        Assert.Contains("確認1件あたりの再確認の数,0.2", pipeline);
        Assert.Contains("開始から登録までの日数 (中央値),<5", pipeline);
        Assert.Contains("評価1件あたりの不適合の数,—", pipeline);

        // The outside expert: 5 reviews, 5 conformant, 5 nonconformant, 0.2 rechecks and 1.0
        // nonconformities a review; on 2-1-1-1 the same as the other (100 %), on 2-1-1-2 0 % against
        // 100 %: -50 points. The in-house expert has one review: no figures.
        var reviewers = await CsvAsync("reviewers");
        Assert.Equal("外部 専門家,5,5,5,0.2,1.0,-50.0", reviewers[1]);
        Assert.Equal("社内 専門家,<5,,,,,", reviewers[2]);

        var registry = await CsvAsync("registry");
        var thisMonth = registry.Last(l => l.Contains(",★3,", StringComparison.Ordinal));
        Assert.EndsWith(",★3,2,0,0,0", thisMonth, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await officer.GetAsync("/admin/analytics/activity?handler=Csv&table=nothing")).StatusCode);

        // By catalog version: the rounds are on 2026-03, none on the 2025-12 draft; an unknown version is not found.
        Assert.Contains("対象の組織: 6", WebUtility.HtmlDecode(await officer.GetStringAsync("/admin/analytics/activity?catalog=scs-2026-03&" + query)), StringComparison.Ordinal);
        Assert.Contains("対象の組織: 0", WebUtility.HtmlDecode(await officer.GetStringAsync("/admin/analytics/activity?catalog=scs-2025-12-draft&" + query)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync("/admin/analytics/activity?catalog=no-such-version")).StatusCode);
    }
}
