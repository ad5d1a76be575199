using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Assessments;

/// <summary>
/// One criterion of a round given to a member of the applicant to answer, with an optional due
/// date (issue 25: work shared in the company). Anyone with the right may still answer it.
/// </summary>
public sealed class AssignmentRecord
{
    public Guid AssessmentId { get; set; }

    public required string CriterionId { get; set; }

    public Guid AssigneeId { get; set; }

    public DateOnly? DueOn { get; set; }

    public Guid AssignedBy { get; set; }

    public DateTime AssignedAt { get; set; }
}

internal sealed class AssignmentConfiguration : IEntityTypeConfiguration<AssignmentRecord>
{
    public void Configure(EntityTypeBuilder<AssignmentRecord> builder)
    {
        builder.ToTable("Assignments");
        builder.HasKey(a => new { a.AssessmentId, a.CriterionId });
        builder.Property(a => a.CriterionId).HasMaxLength(50);
        builder.HasIndex(a => a.AssigneeId);
        builder.HasOne<AssessmentRecord>().WithMany().HasForeignKey(a => a.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.HoshiUser>().WithMany().HasForeignKey(a => a.AssigneeId).OnDelete(DeleteBehavior.Cascade);
    }
}
