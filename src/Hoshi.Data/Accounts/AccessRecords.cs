using Hoshi.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Accounts;

/// <summary>An invitation to join an organization, sent by e-mail; the link works once, for seven days.</summary>
public sealed class InvitationRecord
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public required string Email { get; set; }

    public MembershipRole Role { get; set; }

    /// <summary>SHA-256 (hex) of the secret in the link; the secret itself is only in the mail.</summary>
    public required string TokenHash { get; set; }

    public Guid InvitedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? AcceptedAt { get; set; }

    public Guid? AcceptedBy { get; set; }

    public DateTime? RevokedAt { get; set; }
}

/// <summary>A token for machine access to the API on behalf of one organization. Only its hash is kept.</summary>
public sealed class ApiTokenRecord
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public required string Name { get; set; }

    /// <summary>The first characters of the token, shown so people can tell their tokens apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 (hex) of the whole token.</summary>
    public required string TokenHash { get; set; }

    /// <summary>Space-separated scope names (<see cref="ApiScopes.Format"/>).</summary>
    public required string Scopes { get; set; }

    public Guid CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public Guid? RevokedBy { get; set; }
}

/// <summary>A person registered as an expert (社内外の資格者) who can review ★3 self-assessments.</summary>
public sealed class ExpertProfileRecord : IVersioned
{
    public Guid UserId { get; set; }

    /// <summary>情報処理安全確保支援士 registration number, six digits, if the expert holds it.</summary>
    public string? RegistrationNumber { get; set; }

    /// <summary>Other qualifications, free text (e.g. CISSP, ISMS 審査員補).</summary>
    public string? Qualifications { get; set; }

    /// <summary>The employer or vendor the expert works for, if any (in-house experts leave it empty).</summary>
    public string? Affiliation { get; set; }

    /// <summary>Completion date of the scheme's expert training (研修).</summary>
    public DateOnly? TrainingCompletedOn { get; set; }

    /// <summary>The scheme owner's check of the qualification: pending until an officer verifies it.</summary>
    public Domain.Experts.VerificationState Verification { get; set; }

    /// <summary>What was checked when verified: the register (<c>riss-register</c>) or an accepted qualification.</summary>
    public string? VerificationBasis { get; set; }

    /// <summary>Why the profile was refused or suspended.</summary>
    public string? VerificationReason { get; set; }

    /// <summary>The officer who last changed the verification, and when.</summary>
    public Guid? VerificationChangedBy { get; set; }

    public DateTime? VerificationChangedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<InvitationRecord>
{
    public void Configure(EntityTypeBuilder<InvitationRecord> builder)
    {
        builder.ToTable("Invitations");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Email).HasMaxLength(254);
        builder.Property(i => i.Role).HasConversion<string>().HasMaxLength(30);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => new { i.OrganizationId, i.CreatedAt });
        builder.HasOne<Organizations.OrganizationRecord>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiTokenRecord>
{
    public void Configure(EntityTypeBuilder<ApiTokenRecord> builder)
    {
        builder.ToTable("ApiTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Prefix).HasMaxLength(20);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.Property(t => t.Scopes).HasMaxLength(200);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.OrganizationId);
        builder.HasOne<Organizations.OrganizationRecord>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExpertProfileConfiguration : IEntityTypeConfiguration<ExpertProfileRecord>
{
    public void Configure(EntityTypeBuilder<ExpertProfileRecord> builder)
    {
        builder.ToTable("ExpertProfiles");
        builder.HasKey(e => e.UserId);
        builder.Property(e => e.RegistrationNumber).HasMaxLength(6);
        builder.Property(e => e.Qualifications).HasMaxLength(1000);
        builder.Property(e => e.Affiliation).HasMaxLength(300);
        builder.Property(e => e.Verification).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.VerificationBasis).HasMaxLength(200);
        builder.Property(e => e.VerificationReason).HasMaxLength(2000);
        builder.HasIndex(e => e.Verification);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasOne<HoshiUser>().WithOne().HasForeignKey<ExpertProfileRecord>(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
