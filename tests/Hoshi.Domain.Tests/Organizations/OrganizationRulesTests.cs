using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Tests.Organizations;

public sealed class OrganizationRulesTests
{
    [Theory]
    [InlineData(OrganizationRole.Applicant, true)]
    [InlineData(OrganizationRole.Buyer, true)]
    [InlineData(OrganizationRole.EvaluationBody, false)]
    [InlineData(OrganizationRole.VerificationProvider, false)]
    [InlineData(OrganizationRole.RegistrationBody, false)]
    [InlineData(OrganizationRole.AccreditationBody, false)]
    [InlineData(OrganizationRole.SchemeOwner, false)]
    public void MayGrant_LetsAnOrganizationDeclareOnlyApplicantAndBuyer(OrganizationRole role, bool selfDeclared)
    {
        Assert.Equal(selfDeclared, role.IsSelfDeclared());
        Assert.Equal(selfDeclared, OrganizationRoles.MayGrant(role, actorAdministersTheOrganization: true, actorIsSchemeOwnerAdmin: false));
        Assert.False(OrganizationRoles.MayGrant(role, actorAdministersTheOrganization: false, actorIsSchemeOwnerAdmin: false));
        Assert.True(OrganizationRoles.MayGrant(role, actorAdministersTheOrganization: false, actorIsSchemeOwnerAdmin: true));
    }

    [Theory]
    [InlineData(1, EmployeeBand.UpTo10)]
    [InlineData(10, EmployeeBand.UpTo10)]
    [InlineData(11, EmployeeBand.From11To50)]
    [InlineData(50, EmployeeBand.From11To50)]
    [InlineData(51, EmployeeBand.From51To100)]
    [InlineData(300, EmployeeBand.From101To300)]
    [InlineData(301, EmployeeBand.From301To500)]
    [InlineData(1000, EmployeeBand.From501To1000)]
    [InlineData(1001, EmployeeBand.From1001To3000)]
    [InlineData(5000, EmployeeBand.From3001To5000)]
    [InlineData(10000, EmployeeBand.From5001To10000)]
    [InlineData(10001, EmployeeBand.Over10000)]
    [InlineData(250000, EmployeeBand.Over10000)]
    public void ForHeadcount_PutsEveryHeadcountInItsBand_AtTheBoundaries(int employees, EmployeeBand band) =>
        Assert.Equal(band, EmployeeBands.ForHeadcount(employees));

    [Fact]
    public void ForHeadcount_RefusesZero() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EmployeeBands.ForHeadcount(0));

    [Fact]
    public void Bands_AreContiguous_AndLabelled()
    {
        var bands = Enum.GetValues<EmployeeBand>();
        for (var i = 1; i < bands.Length; i++)
        {
            Assert.Equal(bands[i - 1].Maximum() + 1, bands[i].Minimum());
        }

        Assert.Equal("~10", EmployeeBand.UpTo10.Label());
        Assert.Equal("11–50", EmployeeBand.From11To50.Label());
        Assert.Equal("10001+", EmployeeBand.Over10000.Label());
    }

    [Fact]
    public void Prefectures_AreThe47_WithUniqueCodes()
    {
        Assert.Equal(47, Prefecture.All.Count);
        Assert.Equal(47, Prefecture.All.Select(p => p.Code).Distinct().Count());
        Assert.Equal("愛知県", Prefecture.FindByCode("23")!.NameJa);
        Assert.Null(Prefecture.FindByCode("48"));
    }
}
