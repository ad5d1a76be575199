using Hoshi.Data.Audit;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Tests.Organizations;

public sealed class OrganizationStoreTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static string NewNumber() => Hoshi.Web.Cli.DemoData.CorporateNumberFor("8" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString());

    private OrganizationStore Store(AppDbContext db) => new(db, database.Clock);

    [Fact]
    public async Task Create_StoresTheOrganization_WithANormalizedCorporateNumber_AndAudits()
    {
        var number = NewNumber();
        var fullWidth = string.Concat(number.Select(c => (char)(c - '0' + '０')));
        await using var db = database.NewContext();

        var created = await Store(db).CreateAsync(new NewOrganization("株式会社テスト", "Test Co.", fullWidth, EmployeeBand.From11To50, "24 金属製品製造業", "23"), "user-1");

        await using var check = database.NewContext();
        var stored = await check.Organizations.SingleAsync(o => o.Id == created.Id);
        Assert.Equal(number, stored.CorporateNumber);
        Assert.Equal(EmployeeBand.From11To50, stored.EmployeeBand);
        Assert.Equal("23", stored.PrefectureCode);
        Assert.Contains(await check.AuditRecords.Where(a => a.ObjectId == created.Id.ToString()).Select(a => a.Action).ToListAsync(), a => a == "organization.created");
        Assert.True((await AuditTrail.VerifyAsync(check)).Intact);
    }

    [Fact]
    public async Task Create_RefusesEveryBadField_NamingIt_AndStoresNothing()
    {
        await using var db = database.NewContext();
        var before = await db.Organizations.CountAsync();

        var e = await Assert.ThrowsAsync<OrganizationInputException>(() =>
            Store(db).CreateAsync(new NewOrganization("  ", null, "2180301018771", EmployeeBand.UpTo10, null, "48", Guid.NewGuid()), "user-1"));

        Assert.Equal(["legalNameJa", "corporateNumber", "prefectureCode", "parentId"], e.Errors.Select(x => x.Field));
        Assert.Contains("check digit", e.Errors[1].Message, StringComparison.Ordinal);
        await using var check = database.NewContext();
        Assert.Equal(before, await check.Organizations.CountAsync());
    }

    [Fact]
    public async Task Create_LetsUnverifiedClaimsOfANumberCoexist_AndRefusesANumberVerifiedElsewhere()
    {
        var number = NewNumber();
        await using var db = database.NewContext();
        var first = await Store(db).CreateAsync(new NewOrganization("一社目", null, number, EmployeeBand.UpTo10, null, null), "user-1");

        // An unverified claim does not block the number: the real company may come later.
        var second = await Store(db).CreateAsync(new NewOrganization("二社目", null, number, EmployeeBand.UpTo10, null, null), "user-2");
        Assert.NotEqual(first.Id, second.Id);

        await db.Organizations.Where(o => o.Id == first.Id).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.VerifiedCorporateNumber, number)
            .SetProperty(o => o.CorporateNumberVerificationMethod, "officer-document")
            .SetProperty(o => o.CorporateNumberVerifiedAt, DateTime.UtcNow));
        var e = await Assert.ThrowsAsync<OrganizationInputException>(() =>
            Store(db).CreateAsync(new NewOrganization("三社目", null, number, EmployeeBand.UpTo10, null, null), "user-3"));

        Assert.Equal("corporateNumber", e.Errors.Single().Field);
    }

    [Fact]
    public async Task GrantRole_LetsTheOrganizationDeclareBuyer_ButNotAnEvaluationBody()
    {
        await using var db = database.NewContext();
        var organization = await Store(db).CreateAsync(new NewOrganization("発注株式会社", null, NewNumber(), EmployeeBand.Over10000, null, "13"), "user-1");

        await Store(db).GrantRoleAsync(organization.Id, OrganizationRole.Buyer, "user-1", actorAdministersTheOrganization: true, actorIsSchemeOwnerAdmin: false);
        await Store(db).GrantRoleAsync(organization.Id, OrganizationRole.Buyer, "user-1", actorAdministersTheOrganization: true, actorIsSchemeOwnerAdmin: false);
        await Assert.ThrowsAsync<OrganizationForbiddenException>(() =>
            Store(db).GrantRoleAsync(organization.Id, OrganizationRole.EvaluationBody, "user-1", actorAdministersTheOrganization: true, actorIsSchemeOwnerAdmin: false));
        await Store(db).GrantRoleAsync(organization.Id, OrganizationRole.EvaluationBody, "owner-admin", actorAdministersTheOrganization: false, actorIsSchemeOwnerAdmin: true);

        await using var check = database.NewContext();
        var roles = await check.Set<OrganizationRoleRecord>().Where(r => r.OrganizationId == organization.Id).OrderBy(r => r.GrantedBy).ToListAsync();
        Assert.Equal([(OrganizationRole.EvaluationBody, "owner-admin"), (OrganizationRole.Buyer, "user-1")], roles.Select(r => (r.Role, r.GrantedBy)));
        Assert.Equal(2, await check.AuditRecords.CountAsync(a => a.ObjectId == organization.Id.ToString() && a.Action == "organization.role-granted"));
    }
}
