using System.Text.Json;
using Hoshi.Domain.Assessments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Assessments;

/// <summary>
/// The judge's verdict on a round's scope (<see cref="ScopeReview"/>): accepted with the reason for
/// each exclusion, or recheck with a remark, on the scope whose fingerprint it names; and the
/// applicant's reply to a recheck. Every change is in the audit log.
/// </summary>
public sealed class ScopeReviewRecord : IVersioned
{
    public Guid AssessmentId { get; set; }

    public ScopeVerdict Verdict { get; set; }

    public string? Remark { get; set; }

    /// <summary>The reason each exclusion was accepted, by <see cref="ScopeExclusion"/> name (JSON object).</summary>
    public string ReasonsJson { get; set; } = "{}";

    /// <summary><see cref="ScopeReview.Fingerprint"/> of the scope the verdict was given on.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>The round of the assessment the verdict was given in.</summary>
    public int Round { get; set; }

    public Guid JudgedBy { get; set; }

    public DateTime JudgedAt { get; set; }

    /// <summary>The applicant's reply to a scope recheck.</summary>
    public string? Reply { get; set; }

    public Guid? RepliedBy { get; set; }

    public DateTime? RepliedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>A scope verdict as the domain rules read it.</summary>
public static class ScopeReviewFactsReader
{
    public static ScopeReviewFacts? ToFacts(this ScopeReviewRecord? record) => record is null ? null
        : new(record.Verdict, record.Remark, ReadReasons(record.ReasonsJson), record.Fingerprint, record.JudgedAt, record.Reply, record.RepliedAt);

    public static IReadOnlyDictionary<ScopeExclusion, string> ReadReasons(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json)!
            .Where(p => Enum.TryParse<ScopeExclusion>(p.Key, out _))
            .ToDictionary(p => Enum.Parse<ScopeExclusion>(p.Key), p => p.Value);
}

internal sealed class ScopeReviewConfiguration : IEntityTypeConfiguration<ScopeReviewRecord>
{
    public void Configure(EntityTypeBuilder<ScopeReviewRecord> builder)
    {
        builder.ToTable("ScopeReviews");
        builder.HasKey(r => r.AssessmentId);
        builder.Property(r => r.Verdict).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Remark).HasMaxLength(ScopeReview.MaxTextLength);
        builder.Property(r => r.ReasonsJson).HasMaxLength(12000);
        builder.Property(r => r.Fingerprint).HasMaxLength(64);
        builder.Property(r => r.Reply).HasMaxLength(ScopeReview.MaxTextLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne<AssessmentRecord>().WithOne().HasForeignKey<ScopeReviewRecord>(r => r.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
