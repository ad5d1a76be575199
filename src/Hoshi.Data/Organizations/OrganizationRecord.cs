using Hoshi.Domain.Organizations;

namespace Hoshi.Data.Organizations;

/// <summary>An organization: a legal entity (or a group's member) taking part in the scheme.</summary>
public sealed class OrganizationRecord : IVersioned
{
    public Guid Id { get; set; }

    /// <summary>Legal name in Japanese (商号).</summary>
    public required string LegalNameJa { get; set; }

    public string? NameEn { get; set; }

    /// <summary>13-digit 法人番号, normalized; null only for an entity that has none (e.g. a foreign company).</summary>
    public string? CorporateNumber { get; set; }

    public EmployeeBand EmployeeBand { get; set; }

    /// <summary>日本標準産業分類 middle class (e.g. "31 輸送用機械器具製造業"), or free text.</summary>
    public string? Industry { get; set; }

    /// <summary>JIS X 0401 prefecture code of the head office.</summary>
    public string? PrefectureCode { get; set; }

    /// <summary>The group's parent organization, if any.</summary>
    public Guid? ParentId { get; set; }

    /// <summary>Created by demo or benchmark seeding, not by a real sign-up.</summary>
    public bool IsSynthetic { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<OrganizationRoleRecord> Roles { get; set; } = [];

    public int Version { get; set; }
}

/// <summary>A role an organization holds, with who granted it and when.</summary>
public sealed class OrganizationRoleRecord
{
    public Guid OrganizationId { get; set; }

    public OrganizationRole Role { get; set; }

    public DateTime GrantedAt { get; set; }

    public required string GrantedBy { get; set; }
}
