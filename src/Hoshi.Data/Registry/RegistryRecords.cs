using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Registry;

/// <summary>A signed certificate (compact JWS, ES256) issued for a registry entry.</summary>
public sealed class CertificateRecord
{
    public Guid Id { get; set; }

    public Guid EntryId { get; set; }

    public required string Kid { get; set; }

    public required string Jws { get; set; }

    public DateTime IssuedAt { get; set; }
}

/// <summary>
/// A P-256 key the registry signs with. The private key is kept encrypted with ASP.NET Data
/// Protection; the public key (a JWK) stays published after the key is retired from signing.
/// </summary>
public sealed class SigningKeyRecord
{
    public required string Kid { get; set; }

    public required string ProtectedPrivateKey { get; set; }

    public required string PublicJwk { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When a newer key took over signing; the key still verifies what it signed.</summary>
    public DateTime? RetiredAt { get; set; }
}

/// <summary>A leaf of the transparency log: the canonical JSON of a registry event.</summary>
public sealed class LogLeafRecord
{
    /// <summary>0-based position in the log.</summary>
    public long Index { get; set; }

    public required byte[] Data { get; set; }

    public required byte[] LeafHash { get; set; }

    public Guid EntryId { get; set; }

    public Guid CertificateId { get; set; }

    public DateTime RecordedAt { get; set; }
}

/// <summary>A signed tree head: the log's root at a size, signed as a JWS.</summary>
public sealed class LogHeadRecord
{
    public long TreeSize { get; set; }

    public required byte[] RootHash { get; set; }

    public DateTime Timestamp { get; set; }

    public required string Jws { get; set; }
}

/// <summary>The log's size and right edge (one row): appends lock it, so they are serialized.</summary>
public sealed class LogStateRecord
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    public long Size { get; set; }

    public required byte[] Frontier { get; set; }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<CertificateRecord>
{
    public void Configure(EntityTypeBuilder<CertificateRecord> builder)
    {
        builder.ToTable("Certificates");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Kid).HasMaxLength(64);
        builder.HasIndex(c => c.EntryId);
        builder.HasOne<Assessments.RegistryEntryRecord>().WithMany().HasForeignKey(c => c.EntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKeyRecord>
{
    public void Configure(EntityTypeBuilder<SigningKeyRecord> builder)
    {
        builder.ToTable("SigningKeys");
        builder.HasKey(k => k.Kid);
        builder.Property(k => k.Kid).HasMaxLength(64);
    }
}

internal sealed class LogLeafConfiguration : IEntityTypeConfiguration<LogLeafRecord>
{
    public void Configure(EntityTypeBuilder<LogLeafRecord> builder)
    {
        builder.ToTable("LogLeaves");
        builder.HasKey(l => l.Index);
        builder.Property(l => l.Index).ValueGeneratedNever();
        builder.HasIndex(l => l.CertificateId);
    }
}

internal sealed class LogHeadConfiguration : IEntityTypeConfiguration<LogHeadRecord>
{
    public void Configure(EntityTypeBuilder<LogHeadRecord> builder)
    {
        builder.ToTable("LogHeads");
        builder.HasKey(h => h.TreeSize);
        builder.Property(h => h.TreeSize).ValueGeneratedNever();
    }
}

internal sealed class LogStateConfiguration : IEntityTypeConfiguration<LogStateRecord>
{
    public void Configure(EntityTypeBuilder<LogStateRecord> builder)
    {
        builder.ToTable("LogState");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasData(new LogStateRecord { Id = LogStateRecord.SingletonId, Size = 0, Frontier = [] });
    }
}
