using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Organizations;

/// <summary>
/// A letter with a one-time code posted to the head office the NTA publishes for an
/// organization's 法人番号 (<see cref="Domain.Organizations.MailedCode"/>): asked for by the
/// organization, printed by a scheme-owner officer (the code is shown then, only its hash kept),
/// and used when the code comes back.
/// </summary>
public sealed class CorporateNumberLetterRecord : IVersioned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The number the letter proves (the organization's claim when it asked).</summary>
    public required string CorporateNumber { get; set; }

    /// <summary>The NTA's name and address for the number when the letter was printed (what the envelope says).</summary>
    public string? AddressedName { get; set; }

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public Guid RequestedBy { get; set; }

    public DateTime RequestedAt { get; set; }

    /// <summary>Hash of the code (<see cref="Domain.Organizations.MailedCode.Hash"/>), set when printed.</summary>
    public string? CodeHash { get; set; }

    public Guid? SentBy { get; set; }

    public DateTime? SentAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    /// <summary>Wrong codes entered so far.</summary>
    public int Attempts { get; set; }

    public DateTime? UsedAt { get; set; }

    /// <summary>Withdrawn (reprinted, or too many wrong codes).</summary>
    public DateTime? VoidAt { get; set; }

    public int Version { get; set; }
}

internal sealed class CorporateNumberLetterConfiguration : IEntityTypeConfiguration<CorporateNumberLetterRecord>
{
    public void Configure(EntityTypeBuilder<CorporateNumberLetterRecord> builder)
    {
        builder.ToTable("CorporateNumberLetters");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.CorporateNumber).HasMaxLength(13);
        builder.Property(l => l.AddressedName).HasMaxLength(300);
        builder.Property(l => l.Address).HasMaxLength(600);
        builder.Property(l => l.PostalCode).HasMaxLength(7);
        builder.Property(l => l.CodeHash).HasMaxLength(64);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.HasIndex(l => new { l.OrganizationId, l.RequestedAt });
        builder.HasIndex(l => l.SentAt);
        builder.HasOne<OrganizationRecord>().WithMany().HasForeignKey(l => l.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
