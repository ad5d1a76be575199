using System.Net;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Catalog;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Hoshi.Web.Tests.Guidance;

/// <summary>The gap plan page of a round: figures from its answers, the ★4 plan of a ★3 round, Excel and PDF, and who may see it.</summary>
public sealed class PlanTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task A_member_sees_the_plan_shrink_and_downloads_it_as_excel_and_pdf()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CatalogStore>().ImportShippedAsync("test");
        }

        var organization = await _people.OrganizationAsync("計画の会社", OrganizationRole.Applicant);
        var (_, member) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        var round = Guid.NewGuid();
        await _people.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            db.Assessments.Add(new AssessmentRecord { Id = round, OrganizationId = organization, Level = Level.Star3, CatalogVersionId = "scs-2026-03", State = AssessmentState.Draft, CreatedAt = now, UpdatedAt = now });
            db.Answers.Add(new AnswerRecord { AssessmentId = round, CriterionId = "1-2-1-1", Value = YesNo.Yes, Supplement = "体制表", UpdatedAt = now });
            db.Answers.Add(new AnswerRecord { AssessmentId = round, CriterionId = "4-4-1-2", Value = YesNo.No, Supplement = "未設定", UpdatedAt = now });
            return await db.SaveChangesAsync();
        });

        var page = WebUtility.HtmlDecode(await member.GetStringAsync($"/assessments/{round}/plan"));
        Assert.Contains("★3 の評価基準 81 件のうち 1 件を満たしています。残り 80 件", page, StringComparison.Ordinal);
        // The quickest item comes first: 0.5 h items, in catalog order; 4-4-1-2 (auto-run, 0.5 h) is among them, marked as answered no.
        var order = page[page.IndexOf("data-testid=\"plan-order\"", StringComparison.Ordinal)..];
        Assert.Contains("4-4-1-2", order[..order.IndexOf("</ol>", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Contains("「いいえ」と回答", order, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"help-4-4-1-2\"", order, StringComparison.Ordinal);

        // Money beside hours: a range per kind of work, their sum as the plan's total, marked as an estimate.
        var parsed = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page);
        static (decimal Min, decimal Max) Range(string text)
        {
            var parts = text.Replace("¥", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Split(['–', '〜']);
            return (decimal.Parse(parts[0].Trim(), System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(new string([.. parts[1].TakeWhile(char.IsAsciiDigit)]), System.Globalization.CultureInfo.InvariantCulture));
        }

        var cells = parsed.QuerySelectorAll("[data-testid^=cost-]").Select(c => (Kind: c.GetAttribute("data-testid")!, Range: Range(c.TextContent))).ToList();
        Assert.NotEmpty(cells);
        Assert.All(cells, c => Assert.True(c.Range.Min <= c.Range.Max && c.Range.Max > 0, c.Kind));
        var tools = parsed.QuerySelectorAll("[data-testid=plan-groups] tbody tr").Single(r => r.QuerySelector("[data-testid=cost-AdoptTool]") is not null);
        var toolCount = int.Parse(tools.QuerySelectorAll("td")[0].TextContent, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Range(tools.QuerySelector("[data-testid=cost-AdoptTool]")!.TextContent).Max >= toolCount * 100_000m);
        var total = parsed.QuerySelector("[data-testid=plan-cost]")!.TextContent;
        Assert.Contains("見積もりではありません", total, StringComparison.Ordinal);
        var totalRange = Range(total[(total.IndexOf('¥', StringComparison.Ordinal))..]);
        Assert.Equal((cells.Sum(c => c.Range.Min), cells.Sum(c => c.Range.Max)), totalRange);

        var star4 = WebUtility.HtmlDecode(await member.GetStringAsync($"/assessments/{round}/plan?level=4"));
        Assert.Contains("★4 の評価基準 153 件のうち 1 件を満たしています。残り 152 件", star4, StringComparison.Ordinal);

        var excel = await member.GetByteArrayAsync($"/assessments/{round}/plan?handler=Excel");
        List<IDictionary<string, object?>> rows;
        using (var stream = new MemoryStream(excel))
        {
            rows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "計画").Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(80, rows.Count);
            Assert.Equal("1", rows[0]["順番"]?.ToString());
            Assert.Contains(rows, r => r["評価基準"]?.ToString() == "4-4-1-2" && r["作業の種類と目安"]?.ToString() == "システムの設定を変える");
            Assert.All(rows, r => Assert.Matches("^¥[0-9,]+–¥[0-9,]+$", r["概算費用(目安)"]?.ToString() ?? ""));
        }

        var pdf = Shared.PdfText.Extract(await member.GetByteArrayAsync($"/assessments/{round}/plan?handler=Pdf"));
        Assert.Contains("★3 までの計画", pdf, StringComparison.Ordinal);
        Assert.Contains("4-4-1-2", pdf, StringComparison.Ordinal);
        Assert.Contains("概算費用の目安", pdf, StringComparison.Ordinal);

        // The PDF says what the Excel says: every step's criterion, cost and the start of its text and of how to go about it.
        var flat = pdf.Replace("\n", "", StringComparison.Ordinal);
        Assert.All(rows, r =>
        {
            Assert.Contains(r["評価基準"]!.ToString()!, flat, StringComparison.Ordinal);
            Assert.Contains(r["概算費用(目安)"]!.ToString()!, flat, StringComparison.Ordinal);
            Assert.Contains(r["評価基準の文"]!.ToString()!.TrimStart('・')[..6], flat, StringComparison.Ordinal);
        });

        // Preparing for the ★4 audit: every ★4 criterion, what to have ready, a box to tick; as PDF (its text read by pdftotext) and Excel.
        List<string> star4Ids;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            star4Ids = [.. (await scope.ServiceProvider.GetRequiredService<CatalogStore>().GetAsync("scs-2026-03"))!.Catalog.SheetFor(Level.Star4).SelectMany(r => r.Criteria).Select(c => c.Id)];
        }

        Assert.Contains("data-testid=\"checklist-pdf\"", star4, StringComparison.Ordinal);
        var checklist = Shared.PdfText.Extract(await member.GetByteArrayAsync($"/assessments/{round}/plan?level=4&handler=ChecklistPdf"));
        Assert.Contains("監査の準備チェックリスト", checklist, StringComparison.Ordinal);
        Assert.Equal(153, star4Ids.Count);
        Assert.All(star4Ids, id => Assert.Contains(id, checklist, StringComparison.Ordinal));
        using (var stream = new MemoryStream(await member.GetByteArrayAsync($"/assessments/{round}/plan?level=4&handler=ChecklistExcel")))
        {
            var prepared = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "準備").Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(star4Ids, prepared.Select(r => r["評価基準"]?.ToString()));
            Assert.All(prepared, r => Assert.Equal("☐", r["済"]?.ToString()));
            Assert.All(prepared, r => Assert.False(string.IsNullOrWhiteSpace(r["用意するもの"]?.ToString())));
        }

        // Another company's member: not found.
        var (_, stranger) = await _people.SignedInMemberAsync(await _people.OrganizationAsync("他の会社", OrganizationRole.Applicant), MembershipRole.Member);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/assessments/{round}/plan")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/assessments/{round}/plan?level=5")).StatusCode);
    }
}
