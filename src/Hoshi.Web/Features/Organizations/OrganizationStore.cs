using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Organizations;

/// <summary>What is needed to create an organization.</summary>
public sealed record NewOrganization(
    string LegalNameJa,
    string? NameEn,
    string? CorporateNumber,
    EmployeeBand EmployeeBand,
    string? Industry,
    string? PrefectureCode,
    Guid? ParentId = null,
    bool IsSynthetic = false);

/// <summary>One refused field: its name and the rule it broke.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>The input was refused; nothing was stored.</summary>
public sealed class OrganizationInputException(IReadOnlyList<FieldError> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>The actor may not do this.</summary>
public sealed class OrganizationForbiddenException(string message) : Exception(message);

/// <summary>Creates organizations and grants their roles; every change is audited.</summary>
public sealed class OrganizationStore(AppDbContext db, TimeProvider clock)
{
    public const int MaxNameLength = 300;

    public Task<OrganizationRecord?> FindByCorporateNumberAsync(CorporateNumber number, CancellationToken ct = default) =>
        db.Organizations.Include(o => o.Roles).FirstOrDefaultAsync(o => o.CorporateNumber == number.Value, ct);

    public async Task<OrganizationRecord> CreateAsync(NewOrganization input, string actor, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var name = input.LegalNameJa?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new("legalNameJa", "The legal name is required."));
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(new("legalNameJa", $"The legal name is at most {MaxNameLength} characters."));
        }

        string? corporateNumber = null;
        if (!string.IsNullOrWhiteSpace(input.CorporateNumber))
        {
            if (CorporateNumber.TryParse(input.CorporateNumber, out var number, out var error))
            {
                corporateNumber = number.Value;
                if (await db.Organizations.AnyAsync(o => o.CorporateNumber == corporateNumber, ct))
                {
                    errors.Add(new("corporateNumber", $"An organization with the corporate number {corporateNumber} already exists."));
                }
            }
            else
            {
                errors.Add(new("corporateNumber", CorporateNumber.Describe(error, input.CorporateNumber)));
            }
        }

        if (input.PrefectureCode is not null && Prefecture.FindByCode(input.PrefectureCode) is null)
        {
            errors.Add(new("prefectureCode", "Unknown prefecture code (use 01–47)."));
        }

        if (!Enum.IsDefined(input.EmployeeBand))
        {
            errors.Add(new("employeeBand", "Unknown employee band."));
        }

        if (input.ParentId is { } parent && !await db.Organizations.AnyAsync(o => o.Id == parent, ct))
        {
            errors.Add(new("parentId", "The parent organization does not exist."));
        }

        if (errors.Count > 0)
        {
            throw new OrganizationInputException(errors);
        }

        var now = clock.GetUtcNow();
        var organization = new OrganizationRecord
        {
            Id = Guid.CreateVersion7(now),
            LegalNameJa = name,
            NameEn = string.IsNullOrWhiteSpace(input.NameEn) ? null : input.NameEn.Trim(),
            CorporateNumber = corporateNumber,
            EmployeeBand = input.EmployeeBand,
            Industry = string.IsNullOrWhiteSpace(input.Industry) ? null : input.Industry.Trim(),
            PrefectureCode = input.PrefectureCode,
            ParentId = input.ParentId,
            IsSynthetic = input.IsSynthetic,
            CreatedAt = now.UtcDateTime,
        };
        db.Organizations.Add(organization);
        db.Audit(
            new AuditEvent(actor, organization.Id.ToString(), "organization.created", "Organization", organization.Id.ToString(),
                JsonSerializer.Serialize(new { organization.LegalNameJa, organization.CorporateNumber, band = organization.EmployeeBand.ToString(), organization.PrefectureCode }),
                null),
            now);
        await db.SaveChangesAsync(ct);
        return organization;
    }

    /// <summary>
    /// Gives an organization a role. Applicant and buyer may be declared by the organization's own
    /// administrators; a body's role only by a scheme-owner administrator. Granting a held role is a no-op.
    /// </summary>
    public async Task GrantRoleAsync(Guid organizationId, OrganizationRole role, string actor, bool actorAdministersTheOrganization, bool actorIsSchemeOwnerAdmin, CancellationToken ct = default)
    {
        if (!OrganizationRoles.MayGrant(role, actorAdministersTheOrganization, actorIsSchemeOwnerAdmin))
        {
            throw new OrganizationForbiddenException(role.IsSelfDeclared()
                ? $"Only an administrator of the organization may declare the role {role}."
                : $"The role {role} is granted by the scheme owner only.");
        }

        var organization = await db.Organizations.Include(o => o.Roles).FirstOrDefaultAsync(o => o.Id == organizationId, ct)
            ?? throw new OrganizationInputException([new("organizationId", "The organization does not exist.")]);
        if (organization.Roles.Any(r => r.Role == role))
        {
            return;
        }

        var now = clock.GetUtcNow();
        organization.Roles.Add(new OrganizationRoleRecord { OrganizationId = organizationId, Role = role, GrantedAt = now.UtcDateTime, GrantedBy = actor });
        db.Audit(
            new AuditEvent(actor, organizationId.ToString(), "organization.role-granted", "Organization", organizationId.ToString(),
                JsonSerializer.Serialize(new { role = role.ToString() }), null),
            now);
        await db.SaveChangesAsync(ct);
    }
}
