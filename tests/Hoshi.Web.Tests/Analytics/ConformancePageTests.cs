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

/// <summary>The scheme owner's conformance page over rounds built to give known rates, its small-cell suppression and its CSV.</summary>
public sealed class ConformancePageTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task The_scheme_owner_sees_answers_beside_verdicts_by_band_with_small_cells_suppressed()
    {
        // Six small companies (band 1–50) answered 2-1-1-1 (★3): three yes, three no; the expert
        // judged all six conformant. Two companies of 51–100 answered yes (a cell of two: suppressed).
        async Task RoundAsync(EmployeeBand band, string value)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var organization = await scope.ServiceProvider.GetRequiredService<OrganizationStore>().CreateAsync(new NewOrganization("分析対象の会社", null, null, band, "製造業", "23"), "test");
            await _people.WithDbAsync(async db =>
            {
                var now = DateTime.UtcNow;
                var id = Guid.NewGuid();
                db.Assessments.Add(new AssessmentRecord { Id = id, OrganizationId = organization.Id, Level = Level.Star3, CatalogVersionId = "scs-2026-03", State = AssessmentState.Registered, CreatedAt = now, UpdatedAt = now });
                db.Answers.Add(new AnswerRecord { AssessmentId = id, CriterionId = "2-1-1-1", Value = value, UpdatedAt = now });
                db.Verdicts.Add(new VerdictRecord { AssessmentId = id, CriterionId = "2-1-1-1", Verdict = Verdict.Conformant, UpdatedAt = now });
                return await db.SaveChangesAsync();
            });
        }

        for (var i = 0; i < 6; i++)
        {
            await RoundAsync(i % 2 == 0 ? EmployeeBand.UpTo10 : EmployeeBand.From11To50, i < 3 ? YesNo.Yes : YesNo.No);
        }

        await RoundAsync(EmployeeBand.From51To100, YesNo.Yes);
        await RoundAsync(EmployeeBand.From51To100, YesNo.Yes);

        var (_, stranger) = await _people.SignedInMemberAsync(await _people.OrganizationAsync("分析を見られない会社", OrganizationRole.Buyer), MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync("/admin/analytics")).StatusCode);

        var owner = await _people.OrganizationAsync("制度運営(分析)", OrganizationRole.SchemeOwner);
        var (_, officer) = await _people.SignedInMemberAsync(owner, MembershipRole.OrgAdmin, twoFactor: true);
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync("/admin/analytics?level=3&catalog=scs-2026-03&Industry=製造業"));
        Assert.Contains("対象の組織: 8", page, StringComparison.Ordinal);
        var answers = Table(page, "conformance-answers");
        var verdicts = Table(page, "conformance-verdicts");
        // Category 2 row: 1–50 = 3/6, 51–100 suppressed, the rest empty (suppressed); overall 5/8.
        Assert.Contains("<td class=\"num\">50.0%</td><td class=\"num\"><5</td><td class=\"num\"><5</td><td class=\"num\"><5</td><td class=\"num\">62.5%</td>", answers, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">100.0%</td><td class=\"num\"><5</td><td class=\"num\"><5</td><td class=\"num\"><5</td><td class=\"num\">100.0%</td>", verdicts, StringComparison.Ordinal);
        // 62.5 % overall: not in the list of criteria at or below 50 %.
        Assert.DoesNotContain("data-testid=\"low-answers\"", page, StringComparison.Ordinal);

        var csv = Encoding.UTF8.GetString(await officer.GetByteArrayAsync("/admin/analytics?handler=Csv&level=3&catalog=scs-2026-03&Industry=製造業"));
        Assert.Contains("62.5%", csv, StringComparison.Ordinal);
        Assert.Contains("<5", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("{0}", csv, StringComparison.Ordinal);
        Assert.Contains(",組織数", csv.Split("\r\n")[0], StringComparison.Ordinal);

        // A filter that leaves fewer than five organizations shows no value at all.
        var narrow = WebUtility.HtmlDecode(await officer.GetStringAsync("/admin/analytics?level=3&catalog=scs-2026-03&Industry=製造業&Prefecture=99"));
        Assert.DoesNotContain("%</td>", Table(narrow, "conformance-answers"), StringComparison.Ordinal);

        // The period is in whole months (Japan time), chosen with month fields.
        var month = DateTime.UtcNow.AddHours(9).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var thisMonth = WebUtility.HtmlDecode(await officer.GetStringAsync($"/admin/analytics?level=3&catalog=scs-2026-03&Industry=製造業&From={month}&To={month}"));
        Assert.Contains("対象の組織: 8", thisMonth, StringComparison.Ordinal);
        Assert.Contains($"type=\"month\" value=\"{month}\"", thisMonth, StringComparison.Ordinal);
        var before = WebUtility.HtmlDecode(await officer.GetStringAsync("/admin/analytics?level=3&catalog=scs-2026-03&Industry=製造業&From=2020-01&To=2020-12"));
        Assert.Contains("対象の組織: 0", before, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Organizations_answering_different_criteria_of_a_group_are_each_counted_once()
    {
        // Five companies of 1–50 in prefecture 47: three answered 2-1-1-1 yes (2-1-1-2 not
        // applicable), two answered 2-1-1-2 no (2-1-1-1 not applicable). Each criterion alone
        // comes from fewer than five, but category 2 is reached by all five: 3/5 = 60 %.
        for (var i = 0; i < 5; i++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var organization = await scope.ServiceProvider.GetRequiredService<OrganizationStore>().CreateAsync(new NewOrganization("分析対象(適用外あり)", null, null, EmployeeBand.From11To50, "運輸業", "47"), "test");
            var first = i < 3;
            await _people.WithDbAsync(async db =>
            {
                var now = DateTime.UtcNow;
                var id = Guid.NewGuid();
                db.Assessments.Add(new AssessmentRecord { Id = id, OrganizationId = organization.Id, Level = Level.Star3, CatalogVersionId = "scs-2026-03", State = AssessmentState.Approved, CreatedAt = now, UpdatedAt = now });
                db.Answers.Add(new AnswerRecord { AssessmentId = id, CriterionId = "2-1-1-1", Value = first ? YesNo.Yes : YesNo.NotApplicable, UpdatedAt = now });
                db.Answers.Add(new AnswerRecord { AssessmentId = id, CriterionId = "2-1-1-2", Value = first ? YesNo.NotApplicable : YesNo.No, UpdatedAt = now });
                return await db.SaveChangesAsync();
            });
        }

        var owner = await _people.OrganizationAsync("制度運営(分析・到達)", OrganizationRole.SchemeOwner);
        var (_, officer) = await _people.SignedInMemberAsync(owner, MembershipRole.OrgAdmin, twoFactor: true);
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync("/admin/analytics?level=3&catalog=scs-2026-03&Industry=運輸業&Prefecture=47"));
        Assert.Contains("対象の組織: 5", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">60.0%</td><td class=\"num\"><5</td><td class=\"num\"><5</td><td class=\"num\"><5</td><td class=\"num\">60.0%</td>", Table(page, "conformance-answers"), StringComparison.Ordinal);
        // By subcategory the same: 2-1 holds both criteria.
        var sub = WebUtility.HtmlDecode(await officer.GetStringAsync("/admin/analytics?level=3&catalog=scs-2026-03&Industry=運輸業&Prefecture=47&sub=true"));
        Assert.Contains("<td class=\"num\">60.0%</td>", Table(sub, "conformance-answers"), StringComparison.Ordinal);
        // A period that ended before they finished leaves nothing.
        var before = WebUtility.HtmlDecode(await officer.GetStringAsync("/admin/analytics?level=3&catalog=scs-2026-03&Industry=運輸業&Prefecture=47&To=2020-01-01"));
        Assert.Contains("対象の組織: 0", before, StringComparison.Ordinal);
    }

    private static string Table(string page, string testId)
    {
        var start = page.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(page[start..page.IndexOf("</table>", start, StringComparison.Ordinal)], ">\\s+<", "><");
    }
}
