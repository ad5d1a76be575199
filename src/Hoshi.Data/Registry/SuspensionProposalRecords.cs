using Hoshi.Data.Assessments;
using Hoshi.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Registry;

/// <summary>A proposal to suspend a ★4 entry, made by its evaluation body or by Hoshi, decided by an accreditation body.</summary>
public sealed class SuspensionProposalRecord : IVersioned
{
    public Guid Id { get; set; }

    public Guid EntryId { get; set; }

    /// <summary>The ★4 evaluation behind the entry.</summary>
    public Guid EvaluationId { get; set; }

    public ProposalSource Source { get; set; }

    /// <summary>The evaluation body that proposed; null when Hoshi proposed.</summary>
    public Guid? ProposedByOrganizationId { get; set; }

    public Guid? ProposedBy { get; set; }

    /// <summary>For a missed yearly self-assessment: the anniversary it was due (one proposal per anniversary).</summary>
    public DateOnly? YearlyDueOn { get; set; }

    public required string Reason { get; set; }

    public string? Evidence { get; set; }

    private ProposalState _state;

    /// <summary>Set when the proposal is made; changed only by <see cref="Decide"/>.</summary>
    public ProposalState State { get => _state; init => _state = value; }

    /// <summary>Records the accreditation body's decision, as <see cref="SuspensionProposals.Decide"/> allowed it.</summary>
    public void Decide(ProposalState decided)
    {
        if (_state != ProposalState.Open || decided == ProposalState.Open)
        {
            throw new InvalidOperationException($"A proposal {_state} cannot become {decided}.");
        }

        _state = decided;
    }

    public DateTime CreatedAt { get; set; }

    public Guid? DecidedByOrganizationId { get; set; }

    public Guid? DecidedBy { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecisionReason { get; set; }

    public int Version { get; set; }
}

internal sealed class SuspensionProposalConfiguration : IEntityTypeConfiguration<SuspensionProposalRecord>
{
    public void Configure(EntityTypeBuilder<SuspensionProposalRecord> builder)
    {
        builder.ToTable("SuspensionProposals");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Source).HasConversion<string>().HasMaxLength(40);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Reason).HasMaxLength(SuspensionProposals.MaxTextLength);
        builder.Property(p => p.Evidence).HasMaxLength(SuspensionProposals.MaxTextLength);
        builder.Property(p => p.DecisionReason).HasMaxLength(SuspensionProposals.MaxTextLength);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => new { p.EntryId, p.State });
        builder.HasIndex(p => new { p.State, p.CreatedAt });
        builder.HasIndex(p => new { p.EntryId, p.YearlyDueOn }).IsUnique();
        builder.HasOne<RegistryEntryRecord>().WithMany().HasForeignKey(p => p.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}
