using Hoshi.Data.Assessments;
using Hoshi.Domain.Assessments;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Tests.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Assessments;

/// <summary>
/// The review page and the sheet under review read a round's answers and verdicts in one statement
/// (a UNION ALL of two tables, issue 28): it must give exactly what the two reads give, every field,
/// on both databases (run again on PostgreSQL by the test script).
/// </summary>
[Trait("Category", "Persistence")]
public sealed class AnswersAndVerdictsTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task One_statement_reads_every_field_of_the_answers_and_verdicts_that_two_reads_give()
    {
        var round = await ReviewFlowTests.SubmittedAsync(factory, _people);
        var earlier = Guid.NewGuid();
        var criteria = round.Criteria.Select(c => c.Id).ToList();

        // Every kind of verdict, with and without a remark, on some criteria and none on the rest; an
        // answer carried from an earlier round, one with a reply, one without value.
        await _people.WithDbAsync(async db =>
        {
            var kinds = Enum.GetValues<Verdict>();
            for (var i = 0; i < kinds.Length * 2; i++)
            {
                db.Verdicts.Add(new VerdictRecord
                {
                    AssessmentId = round.Assessment,
                    CriterionId = criteria[i],
                    Verdict = kinds[i % kinds.Length],
                    Remark = i % 2 == 0 ? $"指摘 {i}" : null,
                    UpdatedBy = round.Expert.UserId,
                    UpdatedAt = new DateTime(2026, 12, 1, 9, i, 0, DateTimeKind.Utc),
                    Version = i + 1,
                });
            }

            var answers = await db.Answers.Where(a => a.AssessmentId == round.Assessment && (a.CriterionId == criteria[0] || a.CriterionId == criteria[1] || a.CriterionId == criteria[2])).OrderBy(a => a.CriterionId).ToListAsync();
            answers[0].CarriedFrom = earlier;
            answers[1].Reply = "規程を改定しました";
            answers[2].Value = null;
            answers[2].Supplement = null;
            return await db.SaveChangesAsync();
        });

        await using var scope = factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
        var (answers, verdicts) = await store.AnswersAndVerdictsAsync(round.Assessment);
        var expectedAnswers = await store.AnswersAsync(round.Assessment);
        var expectedVerdicts = await store.VerdictsAsync(round.Assessment);

        Assert.Equal(criteria.Count, answers.Count);
        Assert.Equal(Enum.GetValues<Verdict>().Length * 2, verdicts.Count);
        Assert.Equal(Describe(expectedAnswers.Values), Describe(answers.Values));
        Assert.Equal(Describe(expectedVerdicts.Values), Describe(verdicts.Values));
        Assert.Contains(answers.Values, a => a.CarriedFrom == earlier);
        Assert.Contains(answers.Values, a => a.Reply == "規程を改定しました");
        Assert.Contains(verdicts.Values, v => v.Verdict == Verdict.Recheck && v.Remark is not null);
    }

    private static List<string> Describe(IEnumerable<AnswerRecord> answers) =>
        [.. answers.OrderBy(a => a.CriterionId, StringComparer.Ordinal)
            .Select(a => string.Join("|", a.AssessmentId, a.CriterionId, a.Value, a.Supplement, a.Reply, a.CarriedFrom, a.UpdatedBy, a.UpdatedAt.ToString("O"), a.Version))];

    private static List<string> Describe(IEnumerable<VerdictRecord> verdicts) =>
        [.. verdicts.OrderBy(v => v.CriterionId, StringComparer.Ordinal)
            .Select(v => string.Join("|", v.AssessmentId, v.CriterionId, v.Verdict, v.Remark, v.UpdatedBy, v.UpdatedAt.ToString("O"), v.Version))];
}
