using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Tests.Shared;

/// <summary>A registered organization made for a test, with its certificate.</summary>
internal sealed record Listing(string CorporateNumber, Guid OrganizationId, Guid EntryId, Guid CertificateId, Guid RegisteredBy);

/// <summary>
/// Registers organizations the way a registration does after its checks: the entry, then
/// <see cref="RegistryBook.IssueAsync"/> (certificate and log event), in one transaction.
/// </summary>
internal static class Listings
{
    public static string NewNumber() => Hoshi.Web.Cli.DemoData.CorporateNumberFor("7" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static async Task<Listing> RegisterAsync(IServiceProvider root, string name, Level level = Level.Star3, string prefecture = "13", Guid? body = null, DateOnly? from = null, string scope = "全社(本社)")
    {
        await using var serviceScope = root.CreateAsyncScope();
        var services = serviceScope.ServiceProvider;
        var organizations = services.GetRequiredService<OrganizationStore>();
        var number = NewNumber();
        var organization = await organizations.CreateAsync(new NewOrganization(name, null, number, EmployeeBand.From11To50, null, prefecture), "test");
        await organizations.GrantRoleAsync(organization.Id, OrganizationRole.Applicant, "test", true, true);
        return await RegisterExistingAsync(root, organization.Id, number, name, level, body, from, scope);
    }

    /// <summary>Registers an organization that already exists (with its 法人番号).</summary>
    public static async Task<Listing> RegisterExistingAsync(IServiceProvider root, Guid organizationId, string number, string name, Level level = Level.Star3, Guid? body = null, DateOnly? from = null, string scope = "全社(本社)")
    {
        await using var serviceScope = root.CreateAsyncScope();
        var services = serviceScope.ServiceProvider;
        var organizations = services.GetRequiredService<OrganizationStore>();
        var organization = new { Id = organizationId };
        if (body is null)
        {
            var made = await organizations.CreateAsync(new NewOrganization("登録機関(台帳試験)", null, null, EmployeeBand.From11To50, null, "13"), "test");
            await organizations.GrantRoleAsync(made.Id, OrganizationRole.RegistrationBody, "test", true, true);
            body = made.Id;
        }

        var db = services.GetRequiredService<AppDbContext>();
        var now = DateTimeOffset.UtcNow;
        var validFrom = from ?? JapanTime.DateOf(now);
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Only an organization whose 法人番号 is verified can be registered.
        if (!await db.Organizations.AnyAsync(o => o.VerifiedCorporateNumber == number && o.Id != organization.Id))
        {
            await db.Organizations.Where(o => o.Id == organization.Id && o.CorporateNumber == number).ExecuteUpdateAsync(u => u
                .SetProperty(o => o.VerifiedCorporateNumber, number)
                .SetProperty(o => o.CorporateNumberVerificationMethod, "officer-document")
                .SetProperty(o => o.CorporateNumberVerifiedAt, now.UtcDateTime));
        }

        var round = new AssessmentRecord { Id = Guid.NewGuid(), OrganizationId = organization.Id, Level = level, CatalogVersionId = "scs-2026-03", State = Domain.Assessments.AssessmentState.Registered, CreatedAt = now.UtcDateTime, UpdatedAt = now.UtcDateTime };
        db.Assessments.Add(round);
        var entry = new RegistryEntryRecord
        {
            Id = Guid.NewGuid(),
            AssessmentId = round.Id,
            OrganizationId = organization.Id,
            Level = level,
            Status = "valid",
            ValidFrom = validFrom,
            ValidUntil = Domain.Registry.RegistryValidity.ValidUntil(level, validFrom),
            ScopeSummary = scope,
            Coverage = scope.StartsWith("全社", StringComparison.Ordinal) ? Hoshi.Domain.Registry.Coverage.Whole : Hoshi.Domain.Registry.Coverage.Partial,
            RegisteredByOrganizationId = body.Value,
            RegisteredAt = now.UtcDateTime,
        };
        entry.Subjects.Add(new RegistryEntrySubjectRecord { CorporateNumber = number, Name = name });
        db.RegistryEntries.Add(entry);
        await services.GetRequiredService<RegistryBook>().IssueAsync(entry, now);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return new Listing(number, organization.Id, entry.Id, entry.CertificateId!.Value, body.Value);
    }
}
