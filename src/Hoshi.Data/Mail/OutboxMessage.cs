using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Mail;

/// <summary>
/// A mail waiting to be sent, or sent. Written in the same transaction as the change that caused
/// it, so no mail is lost and none is sent for a change that did not happen.
/// </summary>
public sealed class OutboxMessage : IVersioned
{
    public Guid Id { get; set; }

    public required string To { get; set; }

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    public string? HtmlBody { get; set; }

    /// <summary>Where the person turns this kind of mail off (absolute URL), sent as <c>List-Unsubscribe</c>; null for mail a person cannot turn off.</summary>
    public string? Unsubscribe { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Not before this time; also the end of a sender's claim while it sends.</summary>
    public DateTime NextAttemptAt { get; set; }

    public int FailedAttempts { get; set; }

    public string? LastError { get; set; }

    public DateTime? SentAt { get; set; }

    public int Version { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.To).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(500);
        builder.Property(m => m.Unsubscribe).HasMaxLength(500);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
    }
}
