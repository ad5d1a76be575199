using System.Globalization;
using System.Text;
using Hoshi.Data.Assessments;
using Hoshi.Data.Organizations;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Analytics;

/// <summary>
/// The conformance analysis kept counted: for each level and catalog version, each organization's
/// latest finished round (by last change, then id) counts once, in the Japanese month of its last
/// change, under its organization's declared band, industry and prefecture. <see cref="Key"/> ""
/// counts the rounds (in <see cref="Answered"/>); any other key is a criterion and counts its facts
/// (<see cref="ConformanceFactRecord"/>). Each round is counted four times over: for all industries
/// and prefectures (both ""), for its industry, for its prefecture, and for both, so a filter on
/// either reads one slice. Kept by <see cref="AppDbContext"/> in the transaction that changes a
/// round, its facts or its organization (<see cref="ConformanceTallyKeeper"/>);
/// <see cref="ConformanceTallySql.FromScratch"/> is the same count made from the rows.
/// </summary>
public sealed class ConformanceTallyRecord
{
    public Level Level { get; set; }

    public required string CatalogVersionId { get; set; }

    /// <summary>"" for every industry.</summary>
    public required string Industry { get; set; }

    /// <summary>"" for every prefecture.</summary>
    public required string PrefectureCode { get; set; }

    /// <summary>Year × 100 + month, in Japan time, of the round's last change (<see cref="MonthOf"/>).</summary>
    public int Month { get; set; }

    /// <summary>How <see cref="Month"/> writes the month of a Japanese calendar day.</summary>
    public static int MonthOf(DateOnly day) => (day.Year * 100) + day.Month;

    public EmployeeBand Band { get; set; }

    /// <summary>"" for the count of rounds; otherwise a criterion id.</summary>
    public required string Key { get; set; }

    public int Answered { get; set; }

    public int AnswersMet { get; set; }

    public int Judged { get; set; }

    public int VerdictsMet { get; set; }
}

internal sealed class ConformanceTallyConfiguration : IEntityTypeConfiguration<ConformanceTallyRecord>
{
    public void Configure(EntityTypeBuilder<ConformanceTallyRecord> builder)
    {
        builder.ToTable("ConformanceTallies");
        builder.HasKey(t => new { t.Level, t.CatalogVersionId, t.Industry, t.PrefectureCode, t.Month, t.Band, t.Key });
        builder.Property(t => t.Level).HasConversion<int>();
        builder.Property(t => t.CatalogVersionId).HasMaxLength(100);
        builder.Property(t => t.Industry).HasMaxLength(200);
        builder.Property(t => t.PrefectureCode).HasMaxLength(2);
        builder.Property(t => t.Band).HasConversion<string>().HasMaxLength(30);
        builder.Property(t => t.Key).HasMaxLength(50);
    }
}

/// <summary>One tally row's place.</summary>
public readonly record struct TallyPlace(Level Level, string CatalogVersionId, string Industry, string PrefectureCode, int Month, EmployeeBand Band, string Key)
{
    /// <summary>The order rows are written in (the key's order), so two saves lock shared rows alike.</summary>
    public static readonly IComparer<TallyPlace> Order = Comparer<TallyPlace>.Create((a, b) =>
    {
        var c = a.Level.CompareTo(b.Level);
        c = c != 0 ? c : string.CompareOrdinal(a.CatalogVersionId, b.CatalogVersionId);
        c = c != 0 ? c : string.CompareOrdinal(a.Industry, b.Industry);
        c = c != 0 ? c : string.CompareOrdinal(a.PrefectureCode, b.PrefectureCode);
        c = c != 0 ? c : a.Month.CompareTo(b.Month);
        c = c != 0 ? c : a.Band.CompareTo(b.Band);
        return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
    });
}

/// <summary>One tally row's counts.</summary>
public readonly record struct TallyCounts(int Answered, int AnswersMet, int Judged, int VerdictsMet)
{
    public bool IsZero => Answered == 0 && AnswersMet == 0 && Judged == 0 && VerdictsMet == 0;

    public static TallyCounts operator +(TallyCounts a, TallyCounts b) => new(a.Answered + b.Answered, a.AnswersMet + b.AnswersMet, a.Judged + b.Judged, a.VerdictsMet + b.VerdictsMet);

    public static TallyCounts operator -(TallyCounts a, TallyCounts b) => new(a.Answered - b.Answered, a.AnswersMet - b.AnswersMet, a.Judged - b.Judged, a.VerdictsMet - b.VerdictsMet);
}

/// <summary>
/// Keeps <see cref="ConformanceTallyRecord"/> current in a save: before it, the organizations whose
/// counted round may change are locked and their contributions read; after it (and after the facts
/// are rebuilt), read again; the difference is added in one upsert, rows in a fixed order.
/// </summary>
internal static class ConformanceTallyKeeper
{
    private static readonly string[] Counted = ["Answered", "AnswersMet", "Judged", "VerdictsMet"];

    /// <summary>What one organization contributes to: its latest finished round of one level and catalog version.</summary>
    internal readonly record struct Holder(Guid OrganizationId, Level Level, string CatalogVersionId);

    private static bool IsFinished(AssessmentState state) => Array.IndexOf(ConformanceFactsSql.Finished, state) >= 0;

    /// <summary>The holders this save may change: finished rounds changed, rounds whose facts change, organizations re-banded or moved.</summary>
    public static async Task<List<Holder>> AffectedAsync(AppDbContext db, IReadOnlyCollection<Guid> factRounds, CancellationToken ct)
    {
        var holders = new HashSet<Holder>();
        var tracked = new HashSet<Guid>();
        foreach (var entry in db.ChangeTracker.Entries<AssessmentRecord>())
        {
            var round = entry.Entity;
            tracked.Add(round.Id);
            var current = new Holder(round.OrganizationId, round.Level, round.CatalogVersionId);
            switch (entry.State)
            {
                case EntityState.Added when IsFinished(round.State):
                    holders.Add(current);
                    break;
                case EntityState.Deleted or EntityState.Modified:
                    var wasFinished = IsFinished(entry.Property(a => a.State).OriginalValue);
                    if (wasFinished || (entry.State == EntityState.Modified && IsFinished(round.State)))
                    {
                        holders.Add(Original(entry));
                        holders.Add(current);
                    }

                    break;
                case EntityState.Unchanged when factRounds.Contains(round.Id) && IsFinished(round.State):
                    holders.Add(current);
                    break;
            }
        }

        var unknown = factRounds.Where(r => !tracked.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            var finished = ConformanceFactsSql.Finished;
            foreach (var h in await db.Assessments.AsNoTracking().Where(a => unknown.Contains(a.Id) && finished.Contains(a.State))
                .Select(a => new { a.OrganizationId, a.Level, a.CatalogVersionId }).ToListAsync(ct))
            {
                holders.Add(new Holder(h.OrganizationId, h.Level, h.CatalogVersionId));
            }
        }

        var moved = db.ChangeTracker.Entries<OrganizationRecord>()
            .Where(e => e.State == EntityState.Modified && (e.Property(o => o.Industry).IsModified || e.Property(o => o.PrefectureCode).IsModified || e.Property(o => o.EmployeeBand).IsModified))
            .Select(e => e.Entity.Id).ToList();
        if (moved.Count > 0)
        {
            var finished = ConformanceFactsSql.Finished;
            foreach (var h in await db.Assessments.AsNoTracking().Where(a => moved.Contains(a.OrganizationId) && finished.Contains(a.State))
                .Select(a => new { a.OrganizationId, a.Level, a.CatalogVersionId }).Distinct().ToListAsync(ct))
            {
                holders.Add(new Holder(h.OrganizationId, h.Level, h.CatalogVersionId));
            }
        }

        return [.. holders.OrderBy(h => h.OrganizationId).ThenBy(h => h.Level).ThenBy(h => h.CatalogVersionId, StringComparer.Ordinal)];
    }

    private static Holder Original(EntityEntry<AssessmentRecord> entry) =>
        new(entry.Property(a => a.OrganizationId).OriginalValue, entry.Property(a => a.Level).OriginalValue, entry.Property(a => a.CatalogVersionId).OriginalValue);

    /// <summary>
    /// Locks the holders' organizations (an update that changes nothing, the same on both
    /// databases), so two saves never count one organization at once.
    /// </summary>
    public static async Task LockAsync(AppDbContext db, IReadOnlyList<Holder> holders, CancellationToken ct)
    {
        foreach (var organization in holders.Select(h => h.OrganizationId).Distinct().Order())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Organizations\" SET \"Version\" = \"Version\" WHERE \"Id\" = {0}", [organization], ct);
        }
    }

    /// <summary>What the holders contribute now, as the database holds it in this transaction.</summary>
    public static async Task<Dictionary<TallyPlace, TallyCounts>> ContributionsAsync(AppDbContext db, IReadOnlyList<Holder> holders, CancellationToken ct)
    {
        var counts = new Dictionary<TallyPlace, TallyCounts>();
        var finished = ConformanceFactsSql.Finished;
        foreach (var holder in holders)
        {
            // Joined first and ordered last: an order before a join is not kept.
            var latest = await db.Assessments.AsNoTracking()
                .Where(a => a.OrganizationId == holder.OrganizationId && a.Level == holder.Level && a.CatalogVersionId == holder.CatalogVersionId && finished.Contains(a.State))
                .Join(db.Organizations, a => a.OrganizationId, o => o.Id, (a, o) => new { a.Id, a.UpdatedAt, o.Industry, o.PrefectureCode, o.EmployeeBand })
                .OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id)
                .FirstOrDefaultAsync(ct);
            if (latest is null)
            {
                continue;
            }

            var facts = await db.ConformanceFacts.AsNoTracking().Where(f => f.AssessmentId == latest.Id).Select(f => new { f.CriterionId, f.Answer, f.Verdict }).ToListAsync(ct);
            var month = MonthOf(latest.UpdatedAt);
            foreach (var (industry, prefecture) in Slices(latest.Industry, latest.PrefectureCode))
            {
                Add(counts, new TallyPlace(holder.Level, holder.CatalogVersionId, industry, prefecture, month, latest.EmployeeBand, ""), new TallyCounts(1, 0, 0, 0));
                foreach (var fact in facts)
                {
                    var place = new TallyPlace(holder.Level, holder.CatalogVersionId, industry, prefecture, month, latest.EmployeeBand, fact.CriterionId);
                    Add(counts, place, new TallyCounts(fact.Answer is null ? 0 : 1, fact.Answer ?? 0, fact.Verdict is null ? 0 : 1, fact.Verdict ?? 0));
                }
            }
        }

        return counts;
    }

    /// <summary>The slices a round with this industry and prefecture counts in.</summary>
    public static IEnumerable<(string Industry, string PrefectureCode)> Slices(string? industry, string? prefecture)
    {
        yield return ("", "");
        if (!string.IsNullOrEmpty(industry))
        {
            yield return (industry, "");
        }

        if (!string.IsNullOrEmpty(prefecture))
        {
            yield return ("", prefecture);
        }

        if (!string.IsNullOrEmpty(industry) && !string.IsNullOrEmpty(prefecture))
        {
            yield return (industry, prefecture);
        }
    }

    /// <summary>The <see cref="ConformanceTallyRecord.Month"/> of a UTC moment: its month in Japan time (UTC+9, no daylight saving).</summary>
    public static int MonthOf(DateTime utc) => ConformanceTallyRecord.MonthOf(DateOnly.FromDateTime(utc.AddHours(9)));

    private static void Add(Dictionary<TallyPlace, TallyCounts> counts, TallyPlace place, TallyCounts value) =>
        counts[place] = counts.GetValueOrDefault(place) + value;

    /// <summary>Adds <paramref name="after"/> − <paramref name="before"/> to the tallies, in the places' order.</summary>
    public static async Task ApplyAsync(AppDbContext db, Dictionary<TallyPlace, TallyCounts> before, Dictionary<TallyPlace, TallyCounts> after, CancellationToken ct)
    {
        var changes = after.Keys.Union(before.Keys)
            .Select(p => (Place: p, Delta: after.GetValueOrDefault(p) - before.GetValueOrDefault(p)))
            .Where(c => !c.Delta.IsZero)
            .OrderBy(c => c.Place, TallyPlace.Order)
            .ToList();
        foreach (var chunk in changes.Chunk(400))
        {
            var parameters = new List<object>();
            var placeholders = new Dictionary<string, string>(StringComparer.Ordinal);
            string Text(string value)
            {
                if (!placeholders.TryGetValue(value, out var placeholder))
                {
                    parameters.Add(value);
                    placeholder = "{" + (parameters.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
                    placeholders[value] = placeholder;
                }

                return placeholder;
            }

            var sql = new StringBuilder("INSERT INTO \"ConformanceTallies\" (\"Level\", \"CatalogVersionId\", \"Industry\", \"PrefectureCode\", \"Month\", \"Band\", \"Key\", \"Answered\", \"AnswersMet\", \"Judged\", \"VerdictsMet\") VALUES ");
            var first = true;
            foreach (var (p, d) in chunk)
            {
                sql.Append(first ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({(int)p.Level}, {Text(p.CatalogVersionId)}, {Text(p.Industry)}, {Text(p.PrefectureCode)}, {p.Month}, {Text(p.Band.ToString())}, {Text(p.Key)}, {d.Answered}, {d.AnswersMet}, {d.Judged}, {d.VerdictsMet})");
                first = false;
            }

            sql.Append(" ON CONFLICT (\"Level\", \"CatalogVersionId\", \"Industry\", \"PrefectureCode\", \"Month\", \"Band\", \"Key\") DO UPDATE SET ")
                .Append(string.Join(", ", Counted.Select(c => $"\"{c}\" = \"ConformanceTallies\".\"{c}\" + excluded.\"{c}\"")));
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
        }
    }
}

/// <summary>The tallies counted from the rows (a rebuild after a bulk load, and the check of the kept ones).</summary>
public static class ConformanceTallySql
{
    private static string States => string.Join(", ", ConformanceFactsSql.Finished.Select(s => $"'{s}'"));

    /// <summary>
    /// Every tally row from scratch (columns as <see cref="ConformanceTallyRecord"/>, counts as
    /// 64-bit): the latest finished round of each organization, level and catalog version, in its
    /// four slices, its rounds and its facts grouped.
    /// </summary>
    public static string FromScratch(bool sqlite)
    {
        var month = sqlite
            ? "CAST(strftime('%Y%m', a.\"UpdatedAt\", '+9 hours') AS INTEGER)"
            : "CAST(to_char(a.\"UpdatedAt\" AT TIME ZONE 'Asia/Tokyo', 'YYYYMM') AS integer)";
        const string columns = "\"Id\", \"Level\", \"CatalogVersionId\", \"Month\", \"Band\"";
        return $"""
            WITH ranked AS (
              SELECT a."Id" AS "Id", a."Level" AS "Level", a."CatalogVersionId" AS "CatalogVersionId", {month} AS "Month",
                COALESCE(o."Industry", '') AS "Industry", COALESCE(o."PrefectureCode", '') AS "PrefectureCode", o."EmployeeBand" AS "Band",
                ROW_NUMBER() OVER (PARTITION BY a."OrganizationId", a."Level", a."CatalogVersionId" ORDER BY a."UpdatedAt" DESC, a."Id" DESC) AS "N"
              FROM "Assessments" a JOIN "Organizations" o ON o."Id" = a."OrganizationId"
              WHERE a."State" IN ({States})),
            d AS (
              SELECT {columns}, '' AS "I", '' AS "P" FROM ranked WHERE "N" = 1
              UNION ALL SELECT {columns}, "Industry", '' FROM ranked WHERE "N" = 1 AND "Industry" <> ''
              UNION ALL SELECT {columns}, '', "PrefectureCode" FROM ranked WHERE "N" = 1 AND "PrefectureCode" <> ''
              UNION ALL SELECT {columns}, "Industry", "PrefectureCode" FROM ranked WHERE "N" = 1 AND "Industry" <> '' AND "PrefectureCode" <> '')
            SELECT d."Level" AS "Level", d."CatalogVersionId" AS "CatalogVersionId", d."I" AS "Industry", d."P" AS "PrefectureCode", d."Month" AS "Month", d."Band" AS "Band", '' AS "Key",
              COUNT(*) AS "Answered", 0 AS "AnswersMet", 0 AS "Judged", 0 AS "VerdictsMet"
            FROM d GROUP BY d."Level", d."CatalogVersionId", d."I", d."P", d."Month", d."Band"
            UNION ALL
            SELECT d."Level", d."CatalogVersionId", d."I", d."P", d."Month", d."Band", f."CriterionId",
              COUNT(f."Answer"), COALESCE(SUM(f."Answer"), 0), COUNT(f."Verdict"), COALESCE(SUM(f."Verdict"), 0)
            FROM d JOIN "ConformanceFacts" f ON f."AssessmentId" = d."Id"
            GROUP BY d."Level", d."CatalogVersionId", d."I", d."P", d."Month", d."Band", f."CriterionId"
            """;
    }

    /// <summary>Replaces every tally with the count from scratch (after a bulk load of rounds and facts).</summary>
    public static string Rebuild(bool sqlite) => $"""
        DELETE FROM "ConformanceTallies";
        INSERT INTO "ConformanceTallies" ("Level", "CatalogVersionId", "Industry", "PrefectureCode", "Month", "Band", "Key", "Answered", "AnswersMet", "Judged", "VerdictsMet")
        {FromScratch(sqlite)}
        """;
}
