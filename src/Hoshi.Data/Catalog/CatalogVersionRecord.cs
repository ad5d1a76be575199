using Hoshi.Domain.Catalog;

namespace Hoshi.Data.Catalog;

/// <summary>
/// A stored catalog version. <see cref="Document"/> is the canonical <c>hoshi-catalog/1</c> JSON
/// and never changes after import; <see cref="ContentHash"/> is its SHA-256. Only
/// <see cref="Status"/> can change later (a published version becomes superseded).
/// </summary>
public sealed class CatalogVersionRecord : IVersioned
{
    /// <summary>Stable id, e.g. <c>scs-2026-03</c>.</summary>
    public required string Id { get; set; }

    /// <summary>Human version label from the file, e.g. <c>2026-03-27</c>.</summary>
    public required string Label { get; set; }

    public CatalogStatus Status { get; set; }

    public DateOnly? PublishedOn { get; set; }

    public required string TitleJa { get; set; }

    public string? TitleEn { get; set; }

    public required string ContentHash { get; set; }

    public required string Document { get; set; }

    public DateTime ImportedAt { get; set; }

    public string? ImportedBy { get; set; }

    public int Version { get; set; }
}
