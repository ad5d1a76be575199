using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Lifecycle;

/// <summary>
/// One notification to one person. <see cref="Key"/> names the event (e.g. an entry's 30-day
/// reminder); with the person it is unique, so a job that runs again never notifies twice.
/// </summary>
public sealed class NotificationRecord
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The kind (a word such as expiry-reminder, entry-expired, request-overdue), for preferences and texts.</summary>
    public required string Kind { get; set; }

    public required string Key { get; set; }

    /// <summary>The values the texts are filled with, as JSON (a name, a level, a date).</summary>
    public required string ArgumentsJson { get; set; }

    /// <summary>Where the person acts on it (a path inside Hoshi).</summary>
    public required string Link { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ReadAt { get; set; }

    /// <summary>When a mail about it was queued in the outbox; none when the person does not want mail of this kind.</summary>
    public DateTime? MailedAt { get; set; }
}

/// <summary>A person's choices for notifications: which kinds to receive by mail, and in which language.</summary>
public sealed class NotificationPreferenceRecord
{
    public Guid UserId { get; set; }

    public bool MailEnabled { get; set; } = true;

    /// <summary>Kinds the person does not want by mail, space-separated.</summary>
    public string? MutedKinds { get; set; }

    /// <summary>ja or en.</summary>
    public string Language { get; set; } = "ja";

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A scheduled job: who holds it now (a lease), when it last ran and how, when it runs next.</summary>
public sealed class ScheduledJobRecord
{
    public required string Name { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    public DateTime? LastStartedAt { get; set; }

    public DateTime? LastFinishedAt { get; set; }

    /// <summary>What the last successful run did, in a few words.</summary>
    public string? LastResult { get; set; }

    public string? LastError { get; set; }

    public DateTime? LastFailedAt { get; set; }

    public DateTime NextRunAt { get; set; }

    public int Runs { get; set; }

    public int Failures { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<NotificationRecord>
{
    public void Configure(EntityTypeBuilder<NotificationRecord> builder)
    {
        builder.ToTable("Notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Kind).HasMaxLength(50);
        builder.Property(n => n.Key).HasMaxLength(200);
        builder.Property(n => n.ArgumentsJson).HasMaxLength(2000);
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.HasIndex(n => new { n.UserId, n.Key }).IsUnique();
        builder.HasIndex(n => new { n.UserId, n.ReadAt, n.CreatedAt });
        builder.HasOne<Accounts.HoshiUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreferenceRecord>
{
    public void Configure(EntityTypeBuilder<NotificationPreferenceRecord> builder)
    {
        builder.ToTable("NotificationPreferences");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.MutedKinds).HasMaxLength(500);
        builder.Property(p => p.Language).HasMaxLength(5);
        builder.HasOne<Accounts.HoshiUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScheduledJobConfiguration : IEntityTypeConfiguration<ScheduledJobRecord>
{
    public void Configure(EntityTypeBuilder<ScheduledJobRecord> builder)
    {
        builder.ToTable("ScheduledJobs");
        builder.HasKey(j => j.Name);
        builder.Property(j => j.Name).HasMaxLength(50);
        builder.Property(j => j.LeaseOwner).HasMaxLength(100);
        builder.Property(j => j.LastResult).HasMaxLength(500);
        builder.Property(j => j.LastError).HasMaxLength(2000);
    }
}
