using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Tests.Analytics;

/// <summary>The analysis's facts follow a round's state, answers and verdicts in the same save, on the real database.</summary>
public sealed class ConformanceFactsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private async Task<Dictionary<string, (int? Answer, int? Verdict)>> FactsAsync(Guid round)
    {
        await using var db = database.NewContext();
        return await db.ConformanceFacts.AsNoTracking().Where(f => f.AssessmentId == round).ToDictionaryAsync(f => f.CriterionId, f => (f.Answer, f.Verdict));
    }

    [Fact]
    public async Task Facts_exist_only_while_the_round_is_finished_and_follow_later_changes()
    {
        Guid round;
        await using (var db = database.NewContext())
        {
            await database.NewCatalogStore(db).ImportShippedAsync("test");
            var organization = await new OrganizationStore(db, database.Clock).CreateAsync(new NewOrganization("事実の会社", null, null, EmployeeBand.UpTo10, null, null), "test");
            round = Guid.NewGuid();
            var now = DateTime.UtcNow;
            db.Assessments.Add(new AssessmentRecord { Id = round, OrganizationId = organization.Id, Level = Level.Star3, CatalogVersionId = "scs-2026-03", State = AssessmentState.Draft, CreatedAt = now, UpdatedAt = now });
            db.Answers.Add(new AnswerRecord { AssessmentId = round, CriterionId = "1-2-1-1", Value = YesNo.Yes, UpdatedAt = now });
            db.Answers.Add(new AnswerRecord { AssessmentId = round, CriterionId = "1-2-1-2", Value = YesNo.No, UpdatedAt = now });
            db.Answers.Add(new AnswerRecord { AssessmentId = round, CriterionId = "1-2-1-3", Value = YesNo.NotApplicable, UpdatedAt = now });
            await db.SaveChangesAsync();
        }

        Assert.Empty(await FactsAsync(round));

        // Reviewed: verdicts given and the round approved in one save.
        await using (var db = database.NewContext())
        {
            var now = DateTime.UtcNow;
            db.Verdicts.Add(new VerdictRecord { AssessmentId = round, CriterionId = "1-2-1-1", Verdict = Verdict.Conformant, UpdatedAt = now });
            db.Verdicts.Add(new VerdictRecord { AssessmentId = round, CriterionId = "1-2-1-2", Verdict = Verdict.Recheck, UpdatedAt = now });
            db.Verdicts.Add(new VerdictRecord { AssessmentId = round, CriterionId = "1-2-2-1", Verdict = Verdict.Nonconformant, UpdatedAt = now });
            (await db.Assessments.SingleAsync(a => a.Id == round)).Apply(StepOutcome.To(AssessmentState.Approved));
            await db.SaveChangesAsync();
        }

        var facts = await FactsAsync(round);
        Assert.Equal(3, facts.Count);
        Assert.Equal((1, 1), facts["1-2-1-1"]);
        Assert.Equal((0, null), facts["1-2-1-2"]);
        Assert.Equal((null, 0), facts["1-2-2-1"]);
        Assert.False(facts.ContainsKey("1-2-1-3"));

        // A verdict changed afterwards is followed.
        await using (var db = database.NewContext())
        {
            (await db.Verdicts.SingleAsync(v => v.AssessmentId == round && v.CriterionId == "1-2-1-2")).Verdict = Verdict.Conformant;
            await db.SaveChangesAsync();
        }

        Assert.Equal((0, 1), (await FactsAsync(round))["1-2-1-2"]);

        // Back to a draft (a new round after a return): no facts.
        await using (var db = database.NewContext())
        {
            (await db.Assessments.SingleAsync(a => a.Id == round)).Apply(StepOutcome.To(AssessmentState.Draft));
            await db.SaveChangesAsync();
        }

        Assert.Empty(await FactsAsync(round));
    }

    [Fact]
    public async Task A_failed_save_leaves_the_facts_as_they_were()
    {
        Guid round;
        await using (var db = database.NewContext())
        {
            await database.NewCatalogStore(db).ImportShippedAsync("test");
            var organization = await new OrganizationStore(db, database.Clock).CreateAsync(new NewOrganization("事実の会社(失敗)", null, null, EmployeeBand.UpTo10, null, null), "test");
            round = Guid.NewGuid();
            var now = DateTime.UtcNow;
            db.Assessments.Add(new AssessmentRecord { Id = round, OrganizationId = organization.Id, Level = Level.Star3, CatalogVersionId = "scs-2026-03", State = AssessmentState.Approved, CreatedAt = now, UpdatedAt = now });
            db.Answers.Add(new AnswerRecord { AssessmentId = round, CriterionId = "1-2-1-1", Value = YesNo.Yes, UpdatedAt = now });
            await db.SaveChangesAsync();
        }

        Assert.Equal((1, null), (await FactsAsync(round))["1-2-1-1"]);

        // Two editors: the second save is stale and refused; the facts keep the first one's answer.
        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var mine = await first.Answers.SingleAsync(a => a.AssessmentId == round);
        var theirs = await second.Answers.SingleAsync(a => a.AssessmentId == round);
        mine.Value = YesNo.No;
        await first.SaveChangesAsync();
        theirs.Value = YesNo.NotApplicable;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        Assert.Equal((0, null), (await FactsAsync(round))["1-2-1-1"]);
    }
}
