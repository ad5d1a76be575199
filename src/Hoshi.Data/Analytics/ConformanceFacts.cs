using Hoshi.Data.Assessments;
using Hoshi.Domain.Assessments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Analytics;

/// <summary>
/// One finished round's answer and final verdict on one criterion, narrowed for the conformance
/// analysis: 1 met, 0 not met, null not counted (not applicable, recheck, none). Maintained by
/// <see cref="AppDbContext"/> in the transaction that changes the round's state, answers or
/// verdicts; rows exist only while the round is finished (reviewed or further). The analysis then
/// reads one narrow table once for both views instead of the answers and the verdicts apart.
/// </summary>
public sealed class ConformanceFactRecord
{
    public Guid AssessmentId { get; set; }

    public required string CriterionId { get; set; }

    public int? Answer { get; set; }

    public int? Verdict { get; set; }
}

internal sealed class ConformanceFactConfiguration : IEntityTypeConfiguration<ConformanceFactRecord>
{
    public void Configure(EntityTypeBuilder<ConformanceFactRecord> builder)
    {
        builder.ToTable("ConformanceFacts");
        builder.HasKey(f => new { f.AssessmentId, f.CriterionId });
        builder.Property(f => f.CriterionId).HasMaxLength(50);
        builder.HasOne<AssessmentRecord>().WithMany().HasForeignKey(f => f.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The SQL that (re)builds the facts, the same on SQLite and PostgreSQL (quoted identifiers, no provider functions).</summary>
public static class ConformanceFactsSql
{
    /// <summary>The states whose rounds are counted: reviewed or further.</summary>
    public static readonly AssessmentState[] Finished =
        [AssessmentState.Approved, AssessmentState.NotApproved, AssessmentState.SubmittedForRegistration, AssessmentState.Registered, AssessmentState.Returned];

    private static string States => string.Join(", ", Finished.Select(s => $"'{s}'"));

    private static string AnswerValue(string alias) => $"CASE {alias}.\"Value\" WHEN '{YesNo.Yes}' THEN 1 WHEN '{YesNo.No}' THEN 0 ELSE NULL END";

    private static string VerdictValue(string alias) => $"CASE {alias}.\"Verdict\" WHEN '{nameof(Domain.Assessments.Verdict.Conformant)}' THEN 1 WHEN '{nameof(Domain.Assessments.Verdict.Nonconformant)}' THEN 0 ELSE NULL END";

    /// <summary>Facts of the finished rounds that <paramref name="where"/> (over the round <c>s</c>) selects.</summary>
    public static string Insert(string where) => $"""
        INSERT INTO "ConformanceFacts" ("AssessmentId", "CriterionId", "Answer", "Verdict")
        SELECT q."AssessmentId", q."CriterionId", q."Answer", q."Verdict" FROM (
          SELECT a."AssessmentId" AS "AssessmentId", a."CriterionId" AS "CriterionId", {AnswerValue("a")} AS "Answer",
            (SELECT {VerdictValue("v")} FROM "Verdicts" v WHERE v."AssessmentId" = a."AssessmentId" AND v."CriterionId" = a."CriterionId") AS "Verdict"
          FROM "Answers" a JOIN "Assessments" s ON s."Id" = a."AssessmentId"
          WHERE s."State" IN ({States}) AND {where}
          UNION ALL
          SELECT v."AssessmentId", v."CriterionId", NULL, {VerdictValue("v")}
          FROM "Verdicts" v JOIN "Assessments" s ON s."Id" = v."AssessmentId"
          WHERE s."State" IN ({States}) AND {where}
            AND NOT EXISTS (SELECT 1 FROM "Answers" a WHERE a."AssessmentId" = v."AssessmentId" AND a."CriterionId" = v."CriterionId")) q
        WHERE q."Answer" IS NOT NULL OR q."Verdict" IS NOT NULL
        """;

    /// <summary>Rebuilds one round's facts (parameter {0}: its id); a round not finished is left with none.</summary>
    public static readonly string RefreshOne = "DELETE FROM \"ConformanceFacts\" WHERE \"AssessmentId\" = {0}; " + Insert("s.\"Id\" = {0}");

    /// <summary>
    /// <see cref="RefreshOne"/> after locking the round's row (an update that changes nothing, the
    /// same on both databases), so two transactions never rebuild one round's facts at once.
    /// </summary>
    public static readonly string RefreshOneLocked = "UPDATE \"Assessments\" SET \"Version\" = \"Version\" WHERE \"Id\" = {0}; " + RefreshOne;

    /// <summary>
    /// Locks the round's row (parameter {0}: its id) if it is not finished: one row when it is open,
    /// none when it is finished or gone. An open round has no facts.
    /// </summary>
    public static readonly string LockIfNotFinished = $"UPDATE \"Assessments\" SET \"Version\" = \"Version\" WHERE \"Id\" = {{0}} AND \"State\" NOT IN ({States})";

    /// <summary>Builds the facts of every finished round (after a bulk load; the migration holds its own copy).</summary>
    public static string BuildAll => Insert("1 = 1");
}
