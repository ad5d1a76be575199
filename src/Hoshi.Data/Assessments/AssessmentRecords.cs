using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Assessments;

/// <summary>
/// One self-assessment round of an applicant for a level, bound to one catalog version: scope,
/// answers, the expert's verdicts, the declaration and the way to the registry.
/// </summary>
public sealed class AssessmentRecord : IVersioned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Level Level { get; set; }

    public required string CatalogVersionId { get; set; }

    private AssessmentState _state;

    /// <summary>Set when the record is made; changed only by <see cref="Apply"/>, <see cref="FollowEvaluation"/> and <see cref="SubmitYearly"/>.</summary>
    public AssessmentState State { get => _state; init => _state = value; }

    /// <summary>Takes the step the ★3 lifecycle allowed (<see cref="AssessmentLifecycle.Try"/>).</summary>
    public void Apply(StepOutcome outcome)
    {
        if (!outcome.Allowed)
        {
            throw new InvalidOperationException($"A refused step does not change the round: {outcome.Refusal}");
        }

        _state = outcome.State;
    }

    /// <summary>A ★4 round's sheet follows its evaluation (<see cref="Domain.Evaluations.EvaluationLifecycle.SheetState"/>).</summary>
    public void FollowEvaluation(Domain.Evaluations.EvaluationState evaluation) => _state = Domain.Evaluations.EvaluationLifecycle.SheetState(evaluation);

    /// <summary>A complete yearly ★4 self-assessment goes to the evaluation body to be acknowledged.</summary>
    public void SubmitYearly() => _state = AssessmentState.UnderReview;

    /// <summary>1 for the first round; a reopened result starts the next.</summary>
    public int Round { get; set; } = 1;

    /// <summary>The scope questionnaire (<see cref="ScopeQuestionnaire"/>) as JSON.</summary>
    public string? ScopeJson { get; set; }

    /// <summary>The expert asked to review (a person with an expert profile).</summary>
    public Guid? ExpertUserId { get; set; }

    public decimal? HoursOnScope { get; set; }

    /// <summary>自己適合宣誓: who declared for management, as what, on which day, the text, and who recorded it.</summary>
    public string? DeclarantName { get; set; }

    public string? DeclarantTitle { get; set; }

    public DateOnly? DeclaredOn { get; set; }

    public string? DeclarationText { get; set; }

    public Guid? DeclaredBy { get; set; }

    /// <summary>The registration body the result is submitted to.</summary>
    public Guid? RegistrationBodyId { get; set; }

    /// <summary>Why the registration body returned the result.</summary>
    public string? ReturnReason { get; set; }

    public decimal? HoursOnSheet { get; set; }

    /// <summary>When the draft was moved to a newer catalog version: from, to, the answers to check and the answers set aside (JSON).</summary>
    public string? CatalogMoveJson { get; set; }

    /// <summary>A renewal: the registered round of the same level it started from (scope, answers and supplements carried over).</summary>
    public Guid? PreviousRoundId { get; set; }

    public Guid CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>The applicant's answer to one criterion; edited concurrently by several people, so versioned.</summary>
public sealed class AnswerRecord : IVersioned
{
    public Guid AssessmentId { get; set; }

    public required string CriterionId { get; set; }

    public string? Value { get; set; }

    public string? Supplement { get; set; }

    /// <summary>The applicant's reply to the expert's 再確認 on this criterion.</summary>
    public string? Reply { get; set; }

    /// <summary>
    /// The registered round this answer was carried over from in a renewal, while nobody has
    /// confirmed or changed it yet (then null): the round cannot be submitted until none is left.
    /// </summary>
    public Guid? CarriedFrom { get; set; }

    public Guid UpdatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>Every saved state of an answer, kept for the history shown to applicant and expert.</summary>
public sealed class AnswerRevisionRecord
{
    public Guid Id { get; set; }

    public Guid AssessmentId { get; set; }

    public required string CriterionId { get; set; }

    public int Round { get; set; }

    public string? Value { get; set; }

    public string? Supplement { get; set; }

    public string? Reply { get; set; }

    public Guid ChangedBy { get; set; }

    /// <summary>The adviser whose proposal <see cref="ChangedBy"/> accepted as this answer (issue 25), if any.</summary>
    public Guid? ProposedBy { get; set; }

    public DateTime ChangedAt { get; set; }
}

internal sealed class AssessmentConfiguration : IEntityTypeConfiguration<AssessmentRecord>
{
    public void Configure(EntityTypeBuilder<AssessmentRecord> builder)
    {
        builder.ToTable("Assessments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Level).HasConversion<int>();
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.CatalogVersionId).HasMaxLength(100);
        builder.Property(a => a.HoursOnScope).HasPrecision(7, 1);
        builder.Property(a => a.HoursOnSheet).HasPrecision(7, 1);
        builder.Property(a => a.DeclarantName).HasMaxLength(200);
        builder.Property(a => a.DeclarantTitle).HasMaxLength(200);
        builder.Property(a => a.DeclarationText).HasMaxLength(4000);
        builder.Property(a => a.ReturnReason).HasMaxLength(2000);
        builder.HasIndex(a => new { a.RegistrationBodyId, a.State });
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.OrganizationId, a.CreatedAt });
        builder.HasIndex(a => a.ExpertUserId);
        builder.HasIndex(a => a.State);
        builder.HasOne<Organizations.OrganizationRecord>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AnswerConfiguration : IEntityTypeConfiguration<AnswerRecord>
{
    public void Configure(EntityTypeBuilder<AnswerRecord> builder)
    {
        builder.ToTable("Answers");
        builder.HasKey(a => new { a.AssessmentId, a.CriterionId });
        builder.Property(a => a.CriterionId).HasMaxLength(50);
        builder.Property(a => a.Value).HasMaxLength(AnswerRules.MaxTextLength);
        builder.Property(a => a.Supplement).HasMaxLength(AnswerRules.MaxSupplementLength);
        builder.Property(a => a.Reply).HasMaxLength(AnswerRules.MaxSupplementLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<AssessmentRecord>().WithMany().HasForeignKey(a => a.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AnswerRevisionConfiguration : IEntityTypeConfiguration<AnswerRevisionRecord>
{
    public void Configure(EntityTypeBuilder<AnswerRevisionRecord> builder)
    {
        builder.ToTable("AnswerRevisions");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.CriterionId).HasMaxLength(50);
        builder.Property(a => a.Value).HasMaxLength(AnswerRules.MaxTextLength);
        builder.Property(a => a.Supplement).HasMaxLength(AnswerRules.MaxSupplementLength);
        builder.Property(a => a.Reply).HasMaxLength(AnswerRules.MaxSupplementLength);
        builder.HasIndex(a => new { a.AssessmentId, a.CriterionId, a.ChangedAt });
        builder.HasOne<AssessmentRecord>().WithMany().HasForeignKey(a => a.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The expert's current verdict on one criterion (評価結果 and 評価結果の補足).</summary>
public sealed class VerdictRecord : IVersioned
{
    public Guid AssessmentId { get; set; }

    public required string CriterionId { get; set; }

    public Verdict Verdict { get; set; }

    public string? Remark { get; set; }

    public Guid UpdatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>Every verdict given, kept for the history.</summary>
public sealed class VerdictRevisionRecord
{
    public Guid Id { get; set; }

    public Guid AssessmentId { get; set; }

    public required string CriterionId { get; set; }

    public int Round { get; set; }

    public Verdict Verdict { get; set; }

    public string? Remark { get; set; }

    public Guid ChangedBy { get; set; }

    public DateTime ChangedAt { get; set; }
}

internal sealed class VerdictConfiguration : IEntityTypeConfiguration<VerdictRecord>
{
    public void Configure(EntityTypeBuilder<VerdictRecord> builder)
    {
        builder.ToTable("Verdicts");
        builder.HasKey(v => new { v.AssessmentId, v.CriterionId });
        builder.Property(v => v.CriterionId).HasMaxLength(50);
        builder.Property(v => v.Verdict).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.Remark).HasMaxLength(VerdictRules.MaxRemarkLength);
        builder.Property(v => v.Version).IsConcurrencyToken();
        builder.HasOne<AssessmentRecord>().WithMany().HasForeignKey(v => v.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VerdictRevisionConfiguration : IEntityTypeConfiguration<VerdictRevisionRecord>
{
    public void Configure(EntityTypeBuilder<VerdictRevisionRecord> builder)
    {
        builder.ToTable("VerdictRevisions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.CriterionId).HasMaxLength(50);
        builder.Property(v => v.Verdict).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.Remark).HasMaxLength(VerdictRules.MaxRemarkLength);
        builder.HasIndex(v => new { v.AssessmentId, v.CriterionId, v.ChangedAt });
        builder.HasOne<AssessmentRecord>().WithMany().HasForeignKey(v => v.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// An expert's or assessor's declaration, per round, that they have no conflict of interest with
/// the organization judged (recorded before their first verdict; shown to the registrar).
/// </summary>
public sealed class IndependenceDeclarationRecord
{
    public Guid AssessmentId { get; set; }

    /// <summary>The round of the assessment the declaration is for (a reopened round declares again).</summary>
    public int Round { get; set; }

    public Guid UserId { get; set; }

    /// <summary>expert, lead-assessor or assessor.</summary>
    public required string Role { get; set; }

    /// <summary>The text declared, in the language it was shown in.</summary>
    public required string Text { get; set; }

    public DateTime DeclaredAt { get; set; }
}

internal sealed class IndependenceDeclarationConfiguration : IEntityTypeConfiguration<IndependenceDeclarationRecord>
{
    public void Configure(EntityTypeBuilder<IndependenceDeclarationRecord> builder)
    {
        builder.ToTable("IndependenceDeclarations");
        builder.HasKey(d => new { d.AssessmentId, d.Round, d.UserId });
        builder.Property(d => d.Role).HasMaxLength(20);
        builder.Property(d => d.Text).HasMaxLength(2000);
        builder.HasOne<AssessmentRecord>().WithMany().HasForeignKey(d => d.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>An entry of the registry (台帳): a level held by an organization (and the group companies in its scope).</summary>
public sealed class RegistryEntryRecord : IVersioned
{
    public Guid Id { get; set; }

    /// <summary>The registered result; none for entries loaded by <c>seed-registry</c> (synthetic data).</summary>
    public Guid? AssessmentId { get; set; }

    public Guid OrganizationId { get; set; }

    public Level Level { get; set; }

    /// <summary>valid, expired, suspended, revoked.</summary>
    public required string Status { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidUntil { get; set; }

    public required string ScopeSummary { get; set; }

    public Guid RegisteredByOrganizationId { get; set; }

    public Guid RegisteredBy { get; set; }

    public DateTime RegisteredAt { get; set; }

    /// <summary>JIS X 0401 code of the holder's head office at registration, for searching by prefecture.</summary>
    public string? PrefectureCode { get; set; }

    /// <summary>The certificate issued for this entry.</summary>
    public Guid? CertificateId { get; set; }

    /// <summary>Why the status last changed (suspension, reinstatement, revocation), with its evidence note.</summary>
    public string? StatusReason { get; set; }

    public string? StatusEvidence { get; set; }

    public DateTime? StatusChangedAt { get; set; }

    public Guid? StatusChangedBy { get; set; }

    /// <summary>
    /// The last expiry reminder that went out for the entry, as its days before the last valid day
    /// (90, 30, 7 …; null: none yet), so the reminder job reads only entries that owe one.
    /// </summary>
    public int? ReminderSentDaysBefore { get; set; }

    public List<RegistryEntrySubjectRecord> Subjects { get; set; } = [];

    /// <summary>What the ★ covers: the whole organization, or the parts named in <see cref="ScopeSummary"/>.</summary>
    public Domain.Registry.Coverage Coverage { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// A group company named in a registered round's scope and whether it consented to be listed
/// under the entry. Only a confirmed listing has a <see cref="RegistryEntrySubjectRecord"/>.
/// </summary>
public sealed class GroupListingRecord
{
    public Guid EntryId { get; set; }

    public required string CorporateNumber { get; set; }

    /// <summary>The name as the applicant typed it in the scope.</summary>
    public required string Name { get; set; }

    public Domain.Registry.ListingConsent Consent { get; set; }

    /// <summary>Who answered (the group company's administrator), or null when consent came from a confirmed parent relation.</summary>
    public Guid? DecidedBy { get; set; }

    public DateTime? DecidedAt { get; set; }
}

internal sealed class GroupListingConfiguration : IEntityTypeConfiguration<GroupListingRecord>
{
    public void Configure(EntityTypeBuilder<GroupListingRecord> builder)
    {
        builder.ToTable("GroupListings");
        builder.HasKey(l => new { l.EntryId, l.CorporateNumber });
        builder.Property(l => l.CorporateNumber).HasMaxLength(13);
        builder.Property(l => l.Name).HasMaxLength(300);
        builder.Property(l => l.Consent).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(l => new { l.CorporateNumber, l.Consent });
        builder.HasOne<RegistryEntryRecord>().WithMany().HasForeignKey(l => l.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A legal entity an entry is listed under, by its 法人番号.</summary>
public sealed class RegistryEntrySubjectRecord
{
    public Guid EntryId { get; set; }

    public required string CorporateNumber { get; set; }

    public required string Name { get; set; }

    /// <summary>The name as searched: <c>SearchText.Normalize</c> (kana, width and case folded).</summary>
    public string SearchName { get; set; } = "";
}

internal sealed class RegistryEntryConfiguration : IEntityTypeConfiguration<RegistryEntryRecord>
{
    public void Configure(EntityTypeBuilder<RegistryEntryRecord> builder)
    {
        builder.ToTable("RegistryEntries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Level).HasConversion<int>();
        builder.Property(e => e.Status).HasMaxLength(20);
        builder.Property(e => e.ScopeSummary).HasMaxLength(2000);
        builder.Property(e => e.PrefectureCode).HasMaxLength(2);
        builder.Property(e => e.StatusReason).HasMaxLength(2000);
        builder.Property(e => e.StatusEvidence).HasMaxLength(2000);
        builder.Property(e => e.Coverage).HasConversion<string>().HasMaxLength(10).HasDefaultValue(Domain.Registry.Coverage.Whole).HasSentinel((Domain.Registry.Coverage)(-1));
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => e.AssessmentId).IsUnique();
        builder.HasIndex(e => e.CertificateId).IsUnique();
        builder.HasIndex(e => new { e.Level, e.Status });
        builder.HasIndex(e => new { e.OrganizationId, e.Level });
        // The expiry jobs: valid entries by last day, with the reminder already sent (no visit to the table for those that owe none).
        builder.HasIndex(e => new { e.Status, e.ValidUntil, e.ReminderSentDaysBefore });
        builder.HasMany(e => e.Subjects).WithOne().HasForeignKey(s => s.EntryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AssessmentRecord>().WithMany().HasForeignKey(e => e.AssessmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RegistryEntrySubjectConfiguration : IEntityTypeConfiguration<RegistryEntrySubjectRecord>
{
    public void Configure(EntityTypeBuilder<RegistryEntrySubjectRecord> builder)
    {
        builder.ToTable("RegistryEntrySubjects");
        builder.HasKey(s => new { s.EntryId, s.CorporateNumber });
        builder.Property(s => s.CorporateNumber).HasMaxLength(13);
        builder.Property(s => s.Name).HasMaxLength(300);
        builder.Property(s => s.SearchName).HasMaxLength(300);
        builder.HasIndex(s => s.SearchName);
        // Covers the public lookup by number (no visit to the table itself).
        builder.HasIndex(s => new { s.CorporateNumber, s.EntryId, s.Name });
    }
}
