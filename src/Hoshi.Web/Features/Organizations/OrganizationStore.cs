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

/// <summary>One refused field: its name, a code for the rule it broke (for localized messages) and an English message.</summary>
public sealed record FieldError(string Field, string Code, string Message);

/// <summary>The input was refused; nothing was stored.</summary>
public sealed class OrganizationInputException(IReadOnlyList<FieldError> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>Someone else changed the object since it was read; nothing was overwritten.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);

/// <summary>The actor may not do this.</summary>
public sealed class OrganizationForbiddenException(string message) : Exception(message);

/// <summary>Creates organizations and grants their roles; every change is audited.</summary>
public sealed class OrganizationStore(AppDbContext db, TimeProvider clock)
{
    public const int MaxNameLength = 300;
    public const int MaxIndustryLength = 200;

    public Task<OrganizationRecord?> FindByCorporateNumberAsync(CorporateNumber number, CancellationToken ct = default) =>
        db.Organizations.Include(o => o.Roles).Where(o => o.CorporateNumber == number.Value)
            .OrderByDescending(o => o.VerifiedCorporateNumber != null).ThenBy(o => o.CreatedAt).FirstOrDefaultAsync(ct);

    /// <summary>Checks every field; throws <see cref="OrganizationInputException"/> listing all refused fields.</summary>
    private async Task<(string Name, string? CorporateNumber)> ValidateAsync(NewOrganization input, Guid? existingId, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = input.LegalNameJa?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new("legalNameJa", "required", "The legal name is required."));
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(new("legalNameJa", "tooLong", $"The legal name is at most {MaxNameLength} characters."));
        }

        if (input.NameEn?.Trim().Length > MaxNameLength)
        {
            errors.Add(new("nameEn", "tooLong", $"The English name is at most {MaxNameLength} characters."));
        }

        if (input.Industry?.Trim().Length > MaxIndustryLength)
        {
            errors.Add(new("industry", "tooLong", $"The industry is at most {MaxIndustryLength} characters."));
        }

        string? corporateNumber = null;
        if (!string.IsNullOrWhiteSpace(input.CorporateNumber))
        {
            if (CorporateNumber.TryParse(input.CorporateNumber, out var number, out var error))
            {
                corporateNumber = number.Value;
                // Unverified claims of one number may coexist; a number another organization has proven is taken.
                if (await db.Organizations.AnyAsync(o => o.VerifiedCorporateNumber == corporateNumber && o.Id != existingId, ct))
                {
                    errors.Add(new("corporateNumber", "duplicate", $"An organization with the corporate number {corporateNumber} already exists."));
                }
            }
            else
            {
                errors.Add(new("corporateNumber", "corporateNumber." + error, CorporateNumber.Describe(error, input.CorporateNumber)));
            }
        }

        if (input.PrefectureCode is not null && Prefecture.FindByCode(input.PrefectureCode) is null)
        {
            errors.Add(new("prefectureCode", "unknown", "Unknown prefecture code (use 01–47)."));
        }

        if (!Enum.IsDefined(input.EmployeeBand))
        {
            errors.Add(new("employeeBand", "unknown", "Unknown employee band."));
        }

        if (input.ParentId is { } parent && (parent == existingId || !await db.Organizations.AnyAsync(o => o.Id == parent, ct)))
        {
            errors.Add(new("parentId", "unknown", "The parent organization does not exist."));
        }

        if (errors.Count > 0)
        {
            throw new OrganizationInputException(errors);
        }

        return (name, corporateNumber);
    }

    public async Task<OrganizationRecord> CreateAsync(NewOrganization input, string actor, CancellationToken ct = default)
    {
        var (name, corporateNumber) = await ValidateAsync(input, null, ct);
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
            ?? throw new OrganizationInputException([new("organizationId", "unknown", "The organization does not exist.")]);
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

    /// <summary>
    /// Creates an organization for a signed-in person, who becomes its administrator, with the
    /// roles it declares for itself (applicant, buyer). All in one transaction.
    /// </summary>
    public async Task<OrganizationRecord> CreateWithAdministratorAsync(NewOrganization input, Guid userId, IEnumerable<OrganizationRole> declaredRoles, string? address, CancellationToken ct = default)
    {
        var roles = declaredRoles.Distinct().ToList();
        if (roles.Any(r => !r.IsSelfDeclared()))
        {
            throw new OrganizationForbiddenException("Only applicant and buyer can be declared; a body's role is granted by the scheme owner.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var actor = userId.ToString();
        var organization = await CreateAsync(input, actor, ct);
        var now = clock.GetUtcNow();
        db.Memberships.Add(new Data.Accounts.MembershipRecord { UserId = userId, OrganizationId = organization.Id, Role = Domain.Accounts.MembershipRole.OrgAdmin, CreatedAt = now.UtcDateTime });
        db.Audit(new AuditEvent(actor, organization.Id.ToString(), "membership.added", "Membership", $"{userId}/{organization.Id}",
            JsonSerializer.Serialize(new { role = nameof(Domain.Accounts.MembershipRole.OrgAdmin) }), address), now);
        await db.SaveChangesAsync(ct);
        foreach (var role in roles)
        {
            await GrantRoleAsync(organization.Id, role, actor, actorAdministersTheOrganization: true, actorIsSchemeOwnerAdmin: false, ct);
        }

        await transaction.CommitAsync(ct);
        return organization;
    }

    /// <summary>
    /// Changes an organization's details if nobody changed them since <paramref name="expectedVersion"/>
    /// was read; otherwise throws <see cref="ConcurrencyConflictException"/> and stores nothing.
    /// </summary>
    public async Task<OrganizationRecord> UpdateAsync(Guid id, int expectedVersion, NewOrganization input, string actor, string? address, CancellationToken ct = default)
    {
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct)
            ?? throw new OrganizationInputException([new("organizationId", "unknown", "The organization does not exist.")]);
        if (organization.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException("The organization was changed by someone else after you opened it.");
        }

        var (name, corporateNumber) = await ValidateAsync(input, id, ct);
        var before = new { organization.LegalNameJa, organization.NameEn, organization.CorporateNumber, band = organization.EmployeeBand.ToString(), organization.Industry, organization.PrefectureCode, organization.ParentId };
        organization.LegalNameJa = name;
        organization.NameEn = string.IsNullOrWhiteSpace(input.NameEn) ? null : input.NameEn.Trim();
        organization.CorporateNumber = corporateNumber;
        organization.EmployeeBand = input.EmployeeBand;
        organization.Industry = string.IsNullOrWhiteSpace(input.Industry) ? null : input.Industry.Trim();
        organization.PrefectureCode = input.PrefectureCode;
        if (organization.ParentId != input.ParentId)
        {
            // A new parent relation is confirmed again by the scheme owner.
            organization.ParentConfirmedBy = null;
            organization.ParentConfirmedAt = null;
        }

        organization.ParentId = input.ParentId;
        if (before.CorporateNumber != corporateNumber)
        {
            // A changed number is a claim again until it is proven.
            organization.VerifiedCorporateNumber = null;
            organization.CorporateNumberVerificationMethod = null;
            organization.CorporateNumberVerifiedBy = null;
            organization.CorporateNumberVerifiedAt = null;
        }

        var after = new { organization.LegalNameJa, organization.NameEn, organization.CorporateNumber, band = organization.EmployeeBand.ToString(), organization.Industry, organization.PrefectureCode, organization.ParentId };
        db.Audit(new AuditEvent(actor, id.ToString(), "organization.updated", "Organization", id.ToString(), JsonSerializer.Serialize(new { before, after }), address), clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("The organization was changed by someone else after you opened it.");
        }

        return organization;
    }
}
