using Hoshi.Data.Analytics;
using Hoshi.Data.Assessments;
using Hoshi.Data.Organizations;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Tests.Analytics;

/// <summary>
/// The conformance tallies kept by each save equal the count made from scratch from the rows (a
/// GROUP BY over the rounds, organizations and facts), after a random sequence of finishes,
/// reopenings, answer and verdict changes, catalog moves, later changes and organizations moving
/// band, industry or prefecture, on the real database.
/// </summary>
public sealed class ConformanceTalliesTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly string[] Criteria = ["1-1-1-1", "1-1-1-2", "1-2-1-1", "2-1-1-1", "2-1-2-1", "3-1-1-1"];

    private static readonly AssessmentState[] Unfinished = [AssessmentState.Draft, AssessmentState.UnderReview];

    private sealed class ScratchRow
    {
        public int Level { get; set; }

        public string CatalogVersionId { get; set; } = "";

        public string Industry { get; set; } = "";

        public string PrefectureCode { get; set; } = "";

        public int Month { get; set; }

        public string Band { get; set; } = "";

        public string Key { get; set; } = "";

        public long Answered { get; set; }

        public long AnswersMet { get; set; }

        public long Judged { get; set; }

        public long VerdictsMet { get; set; }
    }

    private async Task<List<string>> KeptAsync(string[] catalogs)
    {
        await using var db = database.NewContext();
        return [.. (await db.ConformanceTallies.AsNoTracking().Where(t => catalogs.Contains(t.CatalogVersionId)).ToListAsync())
            .Where(t => t.Answered != 0 || t.AnswersMet != 0 || t.Judged != 0 || t.VerdictsMet != 0)
            .Select(t => $"{(int)t.Level} {t.CatalogVersionId} [{t.Industry}] [{t.PrefectureCode}] {t.Month} {t.Band} [{t.Key}] {t.Answered}/{t.AnswersMet}/{t.Judged}/{t.VerdictsMet}")
            .Order(StringComparer.Ordinal)];
    }

    private async Task<List<string>> FromScratchAsync(string[] catalogs)
    {
        await using var db = database.NewContext();
        var rows = await db.Database.SqlQueryRaw<ScratchRow>(ConformanceTallySql.FromScratch(db.Database.IsSqlite())).ToListAsync();
        return [.. rows.Where(t => catalogs.Contains(t.CatalogVersionId))
            .Select(t => $"{t.Level} {t.CatalogVersionId} [{t.Industry}] [{t.PrefectureCode}] {t.Month} {t.Band} [{t.Key}] {t.Answered}/{t.AnswersMet}/{t.Judged}/{t.VerdictsMet}")
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The facts of <paramref name="rounds"/> as kept, and as rebuilt now from their answers, verdicts and states (in a transaction rolled back).</summary>
    private async Task<(List<string> Kept, List<string> Rebuilt)> FactsAsync(List<Guid> rounds)
    {
        await using var db = database.NewContext();
        var kept = await FactsOfAsync(db, rounds);
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var round in rounds)
        {
            await db.Database.ExecuteSqlRawAsync(ConformanceFactsSql.RefreshOne, [round]);
        }

        var rebuilt = await FactsOfAsync(db, rounds);
        await transaction.RollbackAsync();
        return (kept, rebuilt);
    }

    private static async Task<List<string>> FactsOfAsync(AppDbContext db, List<Guid> rounds) =>
        [.. (await db.ConformanceFacts.AsNoTracking().Where(f => rounds.Contains(f.AssessmentId)).ToListAsync())
            .Select(f => $"{f.AssessmentId} {f.CriterionId} {f.Answer} {f.Verdict}").Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(11)]
    [InlineData(29)]
    public async Task Kept_facts_and_tallies_equal_those_from_scratch_after_random_changes(int seed)
    {
        var random = new Random(seed);
        var tag = Guid.NewGuid().ToString("N")[..8];
        string[] catalogs = [$"tally-a-{tag}", $"tally-b-{tag}"];
        var organizations = new List<Guid>();
        var rounds = new List<Guid>();
        var start = new DateTime(2026, 1, 31, 14, 0, 0, DateTimeKind.Utc); // 23:00 in Japan: months turn at 15:00 UTC
        await using (var db = database.NewContext())
        {
            for (var i = 0; i < 5; i++)
            {
                var organization = new OrganizationRecord
                {
                    Id = Guid.NewGuid(),
                    LegalNameJa = $"集計の会社{i}-{tag}",
                    EmployeeBand = i % 2 == 0 ? EmployeeBand.UpTo10 : EmployeeBand.From11To50,
                    Industry = i % 3 == 0 ? null : $"業種{i % 2}",
                    PrefectureCode = i % 4 == 0 ? null : "13",
                    CreatedAt = start,
                };
                db.Organizations.Add(organization);
                organizations.Add(organization.Id);
            }

            await db.SaveChangesAsync();
        }

        var steps = new List<string>();
        for (var step = 0; step < 70; step++)
        {
            await using var db = database.NewContext();
            var at = start.AddDays(random.Next(0, 120)).AddMinutes(random.Next(0, 120));
            var action = rounds.Count < 3 ? 0 : random.Next(9);
            var round = rounds.Count == 0 ? Guid.Empty : rounds[random.Next(rounds.Count)];
            // Answers and verdicts are saved without the round loaded, as the sheet and the review do.
            var record = round == Guid.Empty || action is 3 or 4 ? null : await db.Assessments.SingleAsync(a => a.Id == round);
            switch (action)
            {
                case 0:
                    // A new round, answered, finished or not.
                    var id = Guid.NewGuid();
                    var state = random.Next(3) == 0 ? Unfinished[random.Next(Unfinished.Length)] : ConformanceFactsSql.Finished[random.Next(ConformanceFactsSql.Finished.Length)];
                    db.Assessments.Add(new AssessmentRecord
                    {
                        Id = id,
                        OrganizationId = organizations[random.Next(organizations.Count)],
                        Level = random.Next(2) == 0 ? Level.Star3 : Level.Star4,
                        CatalogVersionId = catalogs[random.Next(2)],
                        State = state,
                        CreatedAt = at,
                        UpdatedAt = at,
                    });
                    foreach (var criterion in Criteria.Where(_ => random.Next(4) > 0))
                    {
                        db.Answers.Add(new AnswerRecord { AssessmentId = id, CriterionId = criterion, Value = YesNo.Values[random.Next(3)], UpdatedAt = at });
                    }

                    rounds.Add(id);
                    steps.Add($"new {state}");
                    break;
                case 1:
                    // Finished (approved, or further along the way to the registry).
                    record!.Apply(StepOutcome.To(ConformanceFactsSql.Finished[random.Next(ConformanceFactsSql.Finished.Length)]));
                    record.UpdatedAt = at;
                    steps.Add($"finish {record.State}");
                    break;
                case 2:
                    // Reopened: back to a draft.
                    record!.Apply(StepOutcome.To(AssessmentState.Draft));
                    record.UpdatedAt = at;
                    steps.Add("reopen");
                    break;
                case 3:
                    // A verdict given, changed or withdrawn.
                    var criterionV = Criteria[random.Next(Criteria.Length)];
                    var verdict = await db.Verdicts.SingleOrDefaultAsync(v => v.AssessmentId == round && v.CriterionId == criterionV);
                    if (verdict is null)
                    {
                        db.Verdicts.Add(new VerdictRecord { AssessmentId = round, CriterionId = criterionV, Verdict = (Verdict)random.Next(3), UpdatedAt = at });
                    }
                    else if (random.Next(4) == 0)
                    {
                        db.Verdicts.Remove(verdict);
                    }
                    else
                    {
                        verdict.Verdict = (Verdict)random.Next(3);
                    }

                    steps.Add("verdict");
                    break;
                case 4:
                    // An answer changed.
                    var criterionA = Criteria[random.Next(Criteria.Length)];
                    if (await db.Answers.SingleOrDefaultAsync(a => a.AssessmentId == round && a.CriterionId == criterionA) is { } answer)
                    {
                        answer.Value = YesNo.Values[random.Next(3)];
                    }
                    else
                    {
                        db.Answers.Add(new AnswerRecord { AssessmentId = round, CriterionId = criterionA, Value = YesNo.Values[random.Next(3)], UpdatedAt = at });
                    }

                    steps.Add("answer");
                    break;
                case 5:
                    // Moved to the other catalog version.
                    record!.CatalogVersionId = catalogs[record.CatalogVersionId == catalogs[0] ? 1 : 0];
                    steps.Add("catalog move");
                    break;
                case 6:
                    // A later change (another month, or the same).
                    record!.UpdatedAt = at;
                    steps.Add("touched");
                    break;
                case 7:
                    // The organization declares another band, industry or prefecture.
                    var moving = organizations[random.Next(organizations.Count)];
                    var organization = await db.Organizations.SingleAsync(o => o.Id == moving);
                    switch (random.Next(3))
                    {
                        case 0:
                            organization.EmployeeBand = organization.EmployeeBand == EmployeeBand.UpTo10 ? EmployeeBand.From51To100 : EmployeeBand.UpTo10;
                            break;
                        case 1:
                            organization.Industry = random.Next(3) == 0 ? null : $"業種{random.Next(3)}";
                            break;
                        default:
                            organization.PrefectureCode = random.Next(3) == 0 ? null : random.Next(2) == 0 ? "13" : "27";
                            break;
                    }

                    steps.Add("organization moved");
                    break;
                default:
                    // Two changes in one save: a verdict and the round finished.
                    db.Verdicts.Add(new VerdictRecord { AssessmentId = round, CriterionId = $"9-{step}", Verdict = Verdict.Conformant, UpdatedAt = at });
                    if (!Array.Exists(ConformanceFactsSql.Finished, s => s == record!.State))
                    {
                        record!.Apply(StepOutcome.To(AssessmentState.Approved));
                    }

                    record!.UpdatedAt = at;
                    steps.Add("verdict and finish");
                    break;
            }

            await db.SaveChangesAsync();
            var kept = await KeptAsync(catalogs);
            var scratch = await FromScratchAsync(catalogs);
            if (!kept.SequenceEqual(scratch))
            {
                Assert.Fail($"seed {seed}, after step {step} ({string.Join(", ", steps)}):\nkept only:\n  {string.Join("\n  ", kept.Except(scratch))}\nfrom scratch only:\n  {string.Join("\n  ", scratch.Except(kept))}");
            }

            var (keptFacts, rebuiltFacts) = await FactsAsync(rounds);
            if (!keptFacts.SequenceEqual(rebuiltFacts))
            {
                Assert.Fail($"seed {seed}, after step {step} ({string.Join(", ", steps)}):\nfacts kept only:\n  {string.Join("\n  ", keptFacts.Except(rebuiltFacts))}\nfacts rebuilt only:\n  {string.Join("\n  ", rebuiltFacts.Except(keptFacts))}");
            }
        }

        // The sequence did reach finished rounds in both catalog versions and several months.
        var final = await KeptAsync(catalogs);
        Assert.Contains(final, r => r.Contains(catalogs[0], StringComparison.Ordinal));
        Assert.Contains(final, r => r.Contains(catalogs[1], StringComparison.Ordinal));
        Assert.True(final.Select(r => r.Split(' ')[4]).Distinct().Count() >= 2, string.Join("\n", final));
    }

    [Fact]
    public async Task Rebuild_from_scratch_gives_what_the_saves_kept()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string[] catalogs = [$"tally-r-{tag}"];
        var now = new DateTime(2026, 3, 31, 16, 0, 0, DateTimeKind.Utc); // April in Japan
        await using (var db = database.NewContext())
        {
            var organization = new OrganizationRecord { Id = Guid.NewGuid(), LegalNameJa = $"再集計の会社-{tag}", EmployeeBand = EmployeeBand.UpTo10, Industry = "製造業", PrefectureCode = "23", CreatedAt = now };
            db.Organizations.Add(organization);
            var round = Guid.NewGuid();
            db.Assessments.Add(new AssessmentRecord { Id = round, OrganizationId = organization.Id, Level = Level.Star3, CatalogVersionId = catalogs[0], State = AssessmentState.Approved, CreatedAt = now, UpdatedAt = now });
            db.Answers.Add(new AnswerRecord { AssessmentId = round, CriterionId = "1-1-1-1", Value = YesNo.Yes, UpdatedAt = now });
            db.Verdicts.Add(new VerdictRecord { AssessmentId = round, CriterionId = "1-1-1-1", Verdict = Verdict.Nonconformant, UpdatedAt = now });
            await db.SaveChangesAsync();
        }

        var kept = await KeptAsync(catalogs);
        // Four slices (all, industry, prefecture, both) × (the round, its one criterion), in April.
        Assert.Equal(8, kept.Count);
        Assert.Contains($"3 {catalogs[0]} [製造業] [23] 202604 UpTo10 [1-1-1-1] 1/1/1/0", kept);
        Assert.Contains($"3 {catalogs[0]} [] [] 202604 UpTo10 [] 1/0/0/0", kept);

        await using (var db = database.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync(ConformanceTallySql.Rebuild(db.Database.IsSqlite()));
        }

        Assert.Equal(kept, await KeptAsync(catalogs));
    }
}
