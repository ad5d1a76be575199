using Hoshi.Data.Organizations;
using Hoshi.Domain.Organizations;

namespace Hoshi.Web.Features.Organizations;

/// <summary>The organization form's fields, as posted.</summary>
public sealed class OrganizationInput
{
    public string? LegalNameJa { get; set; }

    public string? NameEn { get; set; }

    public string? CorporateNumber { get; set; }

    public EmployeeBand EmployeeBand { get; set; } = EmployeeBand.From11To50;

    public string? Industry { get; set; }

    public string? PrefectureCode { get; set; }

    public Guid? ParentId { get; set; }

    /// <summary>The version the form was opened with (edit only).</summary>
    public int Version { get; set; }

    public NewOrganization ToNew() => new(
        LegalNameJa ?? "", NameEn, CorporateNumber, EmployeeBand, Industry,
        string.IsNullOrWhiteSpace(PrefectureCode) ? null : PrefectureCode, ParentId);

    public static OrganizationInput From(OrganizationRecord organization) => new()
    {
        LegalNameJa = organization.LegalNameJa,
        NameEn = organization.NameEn,
        CorporateNumber = organization.CorporateNumber,
        EmployeeBand = organization.EmployeeBand,
        Industry = organization.Industry,
        PrefectureCode = organization.PrefectureCode,
        ParentId = organization.ParentId,
        Version = organization.Version,
    };
}

/// <summary>An organization in a list: id and the name to show.</summary>
public sealed record OrganizationChoice(Guid Id, string Name);

/// <summary>What the shared organization fields need: the input and the possible parents.</summary>
public sealed record OrganizationFieldsView(OrganizationInput Input, IReadOnlyList<OrganizationChoice> Parents);
