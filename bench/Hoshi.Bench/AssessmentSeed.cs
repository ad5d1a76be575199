using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Cli;
using Hoshi.Web.Features.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Hoshi.Bench;

/// <summary>
/// <c>seed-assessments --count N [--level 3|4] [--seed S] [--not-applicable P] [--force]</c>:
/// deterministic synthetic organizations, each with one finished self-assessment round of the
/// published catalog (approved, not approved or registered), an answer to every criterion of the
/// level and the expert's final verdict on each (with their conformance facts), hours spent,
/// spread over the past year. For the
/// analytics benchmark and demos; rows go in by bulk insert, 1,000 rounds per transaction.
/// </summary>
public static class AssessmentSeed
{
    public const int Batch = 1_000;

    /// <summary>Where seeded numbers start (apart from seed-registry's 9… and the supplier bench's 8…).</summary>
    private const long NumberBase = 700_000_000_000;

    private static readonly string[] Industries = ["製造業", "情報通信業", "卸売業・小売業", "運輸業・郵便業", "建設業", "サービス業"];

    public static Command Command()
    {
        var count = new Option<int>("--count") { Description = "How many synthetic organizations (each with one finished round) to add.", Required = true, HelpName = "N" };
        var level = new Option<int>("--level") { Description = "3 or 4 (default 4: about 150 criteria a round).", DefaultValueFactory = _ => 4, HelpName = "L" };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator (default 1).", DefaultValueFactory = _ => 1, HelpName = "S" };
        var notApplicable = new Option<int>("--not-applicable") { Description = "Percent of answers given as not applicable (default 3).", DefaultValueFactory = _ => 3, HelpName = "P" };
        var force = new Option<bool>("--force") { Description = "Run even though the database holds real (non-synthetic) organizations." };
        var command = new Command("seed-assessments", "Load deterministic synthetic finished self-assessments (answers and verdicts) for the analytics benchmark and demos.") { count, level, seed, notApplicable, force };
        command.SetAction((result, ct) => CliHost.RunAsync((services, ct2) => RunAsync(services, result.GetValue(count), result.GetValue(level), result.GetValue(seed), result.GetValue(notApplicable), result.GetValue(force), Console.Out, ct2), ct));
        return command;
    }

    public static async Task<int> RunAsync(IServiceProvider services, int count, int levelNumber, int seed, int notApplicablePercent, bool force, TextWriter output, CancellationToken ct)
    {
        if (count is < 1 or > 1_000_000 || levelNumber is not (3 or 4) || notApplicablePercent is < 0 or > 100)
        {
            await Console.Error.WriteLineAsync("hoshi: --count is from 1 to 1,000,000, --level 3 or 4, --not-applicable from 0 to 100.");
            return 1;
        }

        var db = services.GetRequiredService<AppDbContext>();
        if (!force && await db.Organizations.AnyAsync(o => !o.IsSynthetic, ct))
        {
            await Console.Error.WriteLineAsync("hoshi: refused: this database holds real (non-synthetic) organizations. Seed a database of its own, or pass --force.");
            return 1;
        }

        var catalogs = services.GetRequiredService<CatalogStore>();
        await catalogs.ImportShippedAsync("seed-assessments", ct);
        if (await catalogs.CurrentAsync(ct) is not { } current || await catalogs.GetAsync(current.Id, ct) is not { } entry)
        {
            await Console.Error.WriteLineAsync("hoshi: no published catalog version (import one with ./hoshi catalog import FILE).");
            return 1;
        }

        var level = levelNumber == 4 ? Level.Star4 : Level.Star3;
        var criteria = entry.Catalog.Requirements.SelectMany(r => r.CriteriaFor(level)).Select(c => c.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        // Each criterion has its own chance of being met (some hard, most easy), a little lower for small companies.
        var criterionRandom = new Random(seed * 7919);
        var chance = criteria.Select(_ => 0.3 + (0.65 * criterionRandom.NextDouble())).ToArray();
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        var offset = await db.Organizations.LongCountAsync(o => o.IsSynthetic && o.CorporateNumber != null && o.CorporateNumber.Substring(1, 1) == "7", ct);
        var random = new Random(seed);
        var started = Stopwatch.StartNew();
        var postgres = db.Database.IsNpgsql();
        var bands = Enum.GetValues<EmployeeBand>();
        for (var done = 0; done < count;)
        {
            var size = Math.Min(Batch, count - done);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var bulk = new BulkWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction(), postgres);
            var organizations = new List<object?[]>(size);
            var rounds = new List<object?[]>(size);
            var answers = new List<object?[]>(size * criteria.Length);
            var verdicts = new List<object?[]>(size * criteria.Length);
            var facts = new List<object?[]>(size * criteria.Length);
            for (var i = 0; i < size; i++)
            {
                var ordinal = offset + done + i;
                var base12 = (NumberBase + ordinal).ToString(CultureInfo.InvariantCulture);
                var organizationId = Guid.CreateVersion7();
                var roundId = Guid.CreateVersion7();
                var band = bands[random.Next(bands.Length)];
                var finished = now.AddMinutes(-random.Next(365 * 24 * 60));
                var state = random.Next(10) switch { < 4 => AssessmentState.Approved, < 9 => AssessmentState.Registered, _ => AssessmentState.NotApproved };
                organizations.Add([organizationId, $"合成評価対象{ordinal:D6}株式会社", null, CorporateNumber.CheckDigit(base12) + base12, band.ToString(), Industries[random.Next(Industries.Length)], (1 + random.Next(47)).ToString("00", CultureInfo.InvariantCulture), null, true, finished.AddDays(-60), 0]);
                var hoursScope = Math.Round((decimal)(0.5 + (random.NextDouble() * (level == Level.Star3 ? 5 : 14))), 1);
                var hoursSheet = Math.Round((decimal)(2 + (random.NextDouble() * (level == Level.Star3 ? 30 : 120))), 1);
                rounds.Add([roundId, organizationId, (int)level, current.Id, state.ToString(), 1, hoursScope, hoursSheet, Guid.Empty, finished.AddDays(-30), finished, 0]);
                var small = band.Minimum() <= 100 ? 0.08 : 0;
                for (var c = 0; c < criteria.Length; c++)
                {
                    var value = random.Next(100) < notApplicablePercent ? YesNo.NotApplicable : random.NextDouble() < chance[c] - small ? YesNo.Yes : YesNo.No;
                    answers.Add([roundId, criteria[c], value, "合成データ", Guid.Empty, finished.AddDays(-20), 0]);
                    if (value != YesNo.NotApplicable)
                    {
                        // Experts mostly agree; now and then they judge a "yes" nonconformant.
                        var verdict = value == YesNo.Yes && random.Next(100) >= 8 ? Verdict.Conformant : Verdict.Nonconformant;
                        verdicts.Add([roundId, criteria[c], verdict.ToString(), Guid.Empty, finished.AddDays(-5), 0]);
                        facts.Add([roundId, criteria[c], value == YesNo.Yes ? 1 : 0, verdict == Verdict.Conformant ? 1 : 0]);
                    }
                }
            }

            await bulk.InsertAsync("Organizations", ["Id", "LegalNameJa", "NameEn", "CorporateNumber", "EmployeeBand", "Industry", "PrefectureCode", "ParentId", "IsSynthetic", "CreatedAt", "Version"], organizations, ct);
            await bulk.InsertAsync("Assessments", ["Id", "OrganizationId", "Level", "CatalogVersionId", "State", "Round", "HoursOnScope", "HoursOnSheet", "CreatedBy", "CreatedAt", "UpdatedAt", "Version"], rounds, ct);
            await bulk.InsertAsync("Answers", ["AssessmentId", "CriterionId", "Value", "Supplement", "UpdatedBy", "UpdatedAt", "Version"], answers, ct);
            await bulk.InsertAsync("Verdicts", ["AssessmentId", "CriterionId", "Verdict", "UpdatedBy", "UpdatedAt", "Version"], verdicts, ct);
            // The analysis's facts, as AppDbContext keeps them for rounds saved one by one.
            await bulk.InsertAsync("ConformanceFacts", ["AssessmentId", "CriterionId", "Answer", "Verdict"], facts, ct);
            db.Audit(new Domain.Audit.AuditEvent("seed-assessments", null, "assessments.seeded", "Assessment", rounds[0][0]!.ToString()!, $"{{\"count\":{size}}}", null), clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            done += size;
            if (done % (Batch * 10) == 0 || done == count)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"seed-assessments: {done:N0} / {count:N0} ({done / Math.Max(0.001, started.Elapsed.TotalSeconds):N0}/s)"));
            }
        }

        // The analysis's tallies, counted once from the facts (a save keeps them one round at a time).
        var counting = Stopwatch.StartNew();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await db.Database.ExecuteSqlRawAsync(Data.Analytics.ConformanceTallySql.Rebuild(db.Database.IsSqlite()), ct);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"seed-assessments: tallies counted in {counting.Elapsed.TotalSeconds:N1} s"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Seeded {count:N0} synthetic finished ★{levelNumber} self-assessments ({criteria.Length} criteria each) in {started.Elapsed.TotalSeconds:N1} s."));
        return 0;
    }
}
