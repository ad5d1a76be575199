using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Accounts;

/// <summary>
/// Failures counted for one key (a client address, or the account an attempt named) since a moment:
/// the sign-in throttle's window, kept in the database so that every node counts the same failures.
/// </summary>
public sealed class ThrottleWindowRecord
{
    /// <summary><c>address:…</c> or <c>account:…</c> (the typed address, upper case).</summary>
    public string Key { get; set; } = "";

    public int Failures { get; set; }

    /// <summary>The window's start, in Unix milliseconds (compared the same way on both databases).</summary>
    public long SinceMs { get; set; }

    /// <summary>Optimistic concurrency: two nodes counting a failure at once both count (one retries).</summary>
    public int Version { get; set; }
}

internal sealed class ThrottleWindowConfiguration : IEntityTypeConfiguration<ThrottleWindowRecord>
{
    public void Configure(EntityTypeBuilder<ThrottleWindowRecord> builder)
    {
        builder.ToTable("ThrottleWindows");
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).HasMaxLength(400);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => t.SinceMs);
    }
}
