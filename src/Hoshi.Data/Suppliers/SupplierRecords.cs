using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Suppliers;

/// <summary>A supplier in a buyer's portfolio, by its 法人番号, with the buyer's own details.</summary>
public sealed class SupplierRecord : IVersioned
{
    public Guid Id { get; set; }

    public Guid BuyerId { get; set; }

    public required string CorporateNumber { get; set; }

    public required string Name { get; set; }

    /// <summary>The buyer's internal supplier code.</summary>
    public string? SupplierCode { get; set; }

    public string? Department { get; set; }

    public string? ContactEmail { get; set; }

    /// <summary>Tags, trimmed, comma-separated.</summary>
    public string? Tags { get; set; }

    /// <summary>The level the buyer requires (from its decision); null until decided or when out of scope.</summary>
    public int? RequiredLevel { get; set; }

    public DateTime? ArchivedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid CreatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }
}

internal sealed class SupplierConfiguration : IEntityTypeConfiguration<SupplierRecord>
{
    public void Configure(EntityTypeBuilder<SupplierRecord> builder)
    {
        builder.ToTable("Suppliers");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.CorporateNumber).HasMaxLength(13);
        builder.Property(s => s.Name).HasMaxLength(300);
        builder.Property(s => s.SupplierCode).HasMaxLength(100);
        builder.Property(s => s.Department).HasMaxLength(200);
        builder.Property(s => s.ContactEmail).HasMaxLength(320);
        builder.Property(s => s.Tags).HasMaxLength(500);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.BuyerId, s.CorporateNumber }).IsUnique();
        builder.HasIndex(s => s.CorporateNumber);
        builder.HasOne<Organizations.OrganizationRecord>().WithMany().HasForeignKey(s => s.BuyerId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>One decision of the level a buyer requires of a supplier (モデル分岐図), kept as history: the latest is in force.</summary>
public sealed class LevelDecisionRecord
{
    public Guid Id { get; set; }

    public Guid SupplierId { get; set; }

    public bool ImportantConfidentialInformation { get; set; }

    public bool UnacceptableDelay { get; set; }

    public bool AccessToInternalSystems { get; set; }

    public string? DelayViewpoints { get; set; }

    /// <summary>The adjustments with their reasons, as JSON (<c>{"RecentIncidents":"…"}</c>).</summary>
    public string? Adjustments { get; set; }

    public string? AdditionalRequirements { get; set; }

    public string? OutOfScopeReason { get; set; }

    /// <summary>What the three answers give.</summary>
    public int FlowLevel { get; set; }

    /// <summary>What is required after adjustments; null when out of scope.</summary>
    public int? RequiredLevel { get; set; }

    public Guid DecidedBy { get; set; }

    public DateTime DecidedAt { get; set; }
}

internal sealed class LevelDecisionConfiguration : IEntityTypeConfiguration<LevelDecisionRecord>
{
    public void Configure(EntityTypeBuilder<LevelDecisionRecord> builder)
    {
        builder.ToTable("LevelDecisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.DelayViewpoints).HasMaxLength(2000);
        builder.Property(d => d.Adjustments).HasMaxLength(4500);
        builder.Property(d => d.AdditionalRequirements).HasMaxLength(2000);
        builder.Property(d => d.OutOfScopeReason).HasMaxLength(2000);
        builder.HasIndex(d => new { d.SupplierId, d.DecidedAt });
        builder.HasOne<SupplierRecord>().WithMany().HasForeignKey(d => d.SupplierId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A supplier file uploaded for import, worked through in the background; the report is kept with it.</summary>
public sealed class SupplierImportRecord
{
    public Guid Id { get; set; }

    public Guid BuyerId { get; set; }

    public required string FileName { get; set; }

    /// <summary>The uploaded bytes, kept until the import is done so that a restart can finish it.</summary>
    public byte[]? Content { get; set; }

    /// <summary>queued, running, done, failed.</summary>
    public required string State { get; set; }

    public int Total { get; set; }

    public int Processed { get; set; }

    public int Added { get; set; }

    public int Refused { get; set; }

    /// <summary>The row-by-row report, as JSON.</summary>
    public string? ReportJson { get; set; }

    /// <summary>Why the whole file was refused (a stable word).</summary>
    public string? Error { get; set; }

    public Guid CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>The node working on the import (several nodes share the queue); a concurrency token, so a node that lost the import cannot save it.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Until when that node holds it: past this, another node takes the import over (its node died).</summary>
    public DateTime? LeaseUntil { get; set; }
}

internal sealed class SupplierImportConfiguration : IEntityTypeConfiguration<SupplierImportRecord>
{
    public void Configure(EntityTypeBuilder<SupplierImportRecord> builder)
    {
        builder.ToTable("SupplierImports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.FileName).HasMaxLength(260);
        builder.Property(i => i.State).HasMaxLength(20);
        builder.Property(i => i.Error).HasMaxLength(200);
        builder.Property(i => i.LeaseOwner).HasMaxLength(100).IsConcurrencyToken();
        builder.HasIndex(i => new { i.BuyerId, i.CreatedAt });
        builder.HasIndex(i => i.State);
        builder.HasOne<Organizations.OrganizationRecord>().WithMany().HasForeignKey(i => i.BuyerId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A buyer's request to a supplier for a level by a due date.</summary>
public sealed class SupplierRequestRecord : IVersioned
{
    public Guid Id { get; set; }

    public Guid BuyerId { get; set; }

    public Guid SupplierId { get; set; }

    /// <summary>The supplier's 法人番号: the organization in Hoshi with this number sees the request.</summary>
    public required string CorporateNumber { get; set; }

    public int Level { get; set; }

    public DateOnly DueOn { get; set; }

    public DateOnly? ProposedDueOn { get; set; }

    public string? Message { get; set; }

    public string? SentTo { get; set; }

    /// <summary>SHA-256 of the secret in the mailed link.</summary>
    public required string TokenHash { get; set; }

    private Domain.Suppliers.RequestState _state;

    /// <summary>Set when the request is made; changed only by <see cref="Take"/>.</summary>
    public Domain.Suppliers.RequestState State { get => _state; init => _state = value; }

    /// <summary>Takes an action on the request; <see cref="Domain.Suppliers.SupplierRequests.After"/> says where it leads.</summary>
    public void Take(Domain.Suppliers.RequestAction action) => _state = Domain.Suppliers.SupplierRequests.After(action, _state);

    public Guid CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>One step in a request's conversation: sent, accepted, a comment, a proposed date, an agreement, a withdrawal.</summary>
public sealed class SupplierRequestNoteRecord
{
    public Guid Id { get; set; }

    public Guid RequestId { get; set; }

    public Domain.Suppliers.RequestSide Side { get; set; }

    /// <summary>sent, or a <see cref="Domain.Suppliers.RequestAction"/> in camel case.</summary>
    public required string Kind { get; set; }

    public string? Text { get; set; }

    public DateOnly? ProposedDueOn { get; set; }

    public Guid AuthorId { get; set; }

    public Guid OrganizationId { get; set; }

    public DateTime At { get; set; }
}

internal sealed class SupplierRequestConfiguration : IEntityTypeConfiguration<SupplierRequestRecord>
{
    public void Configure(EntityTypeBuilder<SupplierRequestRecord> builder)
    {
        builder.ToTable("SupplierRequests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.CorporateNumber).HasMaxLength(13);
        builder.Property(r => r.Message).HasMaxLength(2000);
        builder.Property(r => r.SentTo).HasMaxLength(320);
        builder.Property(r => r.TokenHash).HasMaxLength(64);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => r.TokenHash).IsUnique();
        builder.HasIndex(r => new { r.SupplierId, r.CreatedAt });
        builder.HasIndex(r => r.CorporateNumber);
        builder.HasOne<SupplierRecord>().WithMany().HasForeignKey(r => r.SupplierId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SupplierRequestNoteConfiguration : IEntityTypeConfiguration<SupplierRequestNoteRecord>
{
    public void Configure(EntityTypeBuilder<SupplierRequestNoteRecord> builder)
    {
        builder.ToTable("SupplierRequestNotes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Side).HasConversion<string>().HasMaxLength(10);
        builder.Property(n => n.Kind).HasMaxLength(20);
        builder.Property(n => n.Text).HasMaxLength(2000);
        builder.HasIndex(n => new { n.RequestId, n.At });
        builder.HasOne<SupplierRequestRecord>().WithMany().HasForeignKey(n => n.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A supplier's grant to one buyer to see the details of one of its results.</summary>
public sealed class DisclosureGrantRecord : IVersioned
{
    public Guid Id { get; set; }

    public Guid SupplierOrganizationId { get; set; }

    public Guid BuyerOrganizationId { get; set; }

    public Guid AssessmentId { get; set; }

    /// <summary>Last day of access (Japan time), inclusive; none: until revoked.</summary>
    public DateOnly? EndsOn { get; set; }

    public Guid GrantedBy { get; set; }

    public DateTime GrantedAt { get; set; }

    public Guid? RevokedBy { get; set; }

    public DateTime? RevokedAt { get; set; }

    public int Version { get; set; }
}

internal sealed class DisclosureGrantConfiguration : IEntityTypeConfiguration<DisclosureGrantRecord>
{
    public void Configure(EntityTypeBuilder<DisclosureGrantRecord> builder)
    {
        builder.ToTable("DisclosureGrants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.HasIndex(g => new { g.SupplierOrganizationId, g.GrantedAt });
        builder.HasIndex(g => new { g.BuyerOrganizationId, g.AssessmentId });
        builder.HasOne<Organizations.OrganizationRecord>().WithMany().HasForeignKey(g => g.SupplierOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organizations.OrganizationRecord>().WithMany().HasForeignKey(g => g.BuyerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Assessments.AssessmentRecord>().WithMany().HasForeignKey(g => g.AssessmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A buyer's recorded check of a supplier's security (★4 criterion 2-1-3-1).</summary>
public sealed class PartnerCheckRecord
{
    public Guid Id { get; set; }

    public Guid SupplierId { get; set; }

    public DateOnly CheckedOn { get; set; }

    public Domain.Suppliers.PartnerCheckMethod Method { get; set; }

    public string? Note { get; set; }

    public Guid RecordedBy { get; set; }

    public DateTime RecordedAt { get; set; }
}

internal sealed class PartnerCheckConfiguration : IEntityTypeConfiguration<PartnerCheckRecord>
{
    public void Configure(EntityTypeBuilder<PartnerCheckRecord> builder)
    {
        builder.ToTable("PartnerChecks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Method).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Note).HasMaxLength(2000);
        builder.HasIndex(c => new { c.SupplierId, c.CheckedOn });
        builder.HasOne<SupplierRecord>().WithMany().HasForeignKey(c => c.SupplierId).OnDelete(DeleteBehavior.Cascade);
    }
}
