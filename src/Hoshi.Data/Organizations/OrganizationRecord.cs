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

    /// <summary>A scheme-owner officer confirmed the parent relation (then the company is listed under its parent's entries without asking).</summary>
    public Guid? ParentConfirmedBy { get; set; }

    public DateTime? ParentConfirmedAt { get; set; }

    /// <summary>
    /// The 法人番号 as proven (by a scheme-owner officer's check of a submitted document, or the
    /// other methods of <see cref="CorporateNumberVerificationMethod"/>); null while the claim is
    /// unverified. Unique: the first verified claim of a number blocks it for others.
    /// </summary>
    public string? VerifiedCorporateNumber { get; set; }

    /// <summary>How the number was proven (officer-document, …).</summary>
    public string? CorporateNumberVerificationMethod { get; set; }

    public Guid? CorporateNumberVerifiedBy { get; set; }

    public DateTime? CorporateNumberVerifiedAt { get; set; }

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

/// <summary>
/// A corporation as the National Tax Agency publishes it (法人番号公表サイト 全件データ and its
/// monthly differences): the latest name and address by 法人番号, and whether it is closed.
/// </summary>
public sealed class CorporationRecord
{
    public required string Number { get; set; }

    public required string Name { get; set; }

    public string? Furigana { get; set; }

    /// <summary>都道府県 + 市区町村 + 丁目番地等, as published.</summary>
    public string? Address { get; set; }

    public string? PrefectureCode { get; set; }

    public string? PostalCode { get; set; }

    /// <summary>閉鎖日付: the day the registration was closed (merger, dissolution …), if it is.</summary>
    public DateOnly? ClosedOn { get; set; }

    /// <summary>閉鎖事由 code (01 清算の結了等, 11 合併による解散等, 21 登記官による閉鎖, 31 その他).</summary>
    public string? ClosedReason { get; set; }

    /// <summary>更新年月日 of the row applied.</summary>
    public DateOnly UpdatedOn { get; set; }
}
