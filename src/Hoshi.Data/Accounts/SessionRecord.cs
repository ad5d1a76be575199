using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Accounts;

/// <summary>
/// One signed-in session of a person, kept on the server: the sign-in cookie carries only its id,
/// so ending the record (sign-out, password reset, a second-factor change, removal from an
/// organization, "sign out everywhere") ends the session on every node at once.
/// </summary>
public sealed class SessionRecord
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The last request seen, kept to the minute (idle timeout).</summary>
    public DateTime LastSeenAt { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>Why it ended: signed-out, password-reset, two-factor-changed, removed, ended-by-person, ended-everywhere, idle, expired.</summary>
    public string? EndReason { get; set; }

    /// <summary>The address the session was opened from.</summary>
    public string? Address { get; set; }

    /// <summary>The browser's User-Agent, cut to 300 characters, so a person can tell their sessions apart.</summary>
    public string? UserAgent { get; set; }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<SessionRecord>
{
    public void Configure(EntityTypeBuilder<SessionRecord> builder)
    {
        builder.ToTable("Sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.EndReason).HasMaxLength(40);
        builder.Property(s => s.Address).HasMaxLength(64);
        builder.Property(s => s.UserAgent).HasMaxLength(300);
        builder.HasOne<HoshiUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.UserId, s.EndedAt });
    }
}
