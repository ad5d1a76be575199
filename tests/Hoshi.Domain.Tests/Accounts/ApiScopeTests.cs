using Hoshi.Domain.Accounts;

namespace Hoshi.Domain.Tests.Accounts;

public sealed class ApiScopeTests
{
    [Fact]
    public void Every_scope_has_a_name_that_parses_back()
    {
        foreach (var scope in ApiScopes.All)
        {
            Assert.True(ApiScopes.TryParse(scope.Name(), out var parsed));
            Assert.Equal(scope, parsed);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Audit:Read")]
    [InlineData("admin")]
    [InlineData(null)]
    public void Unknown_names_are_refused(string? name) => Assert.False(ApiScopes.TryParse(name, out _));

    [Fact]
    public void A_list_round_trips_sorted_and_without_duplicates()
    {
        var text = ApiScopes.Format([ApiScope.AuditRead, ApiScope.OrganizationRead, ApiScope.AuditRead]);
        Assert.Equal("organization:read audit:read", text);
        Assert.Equal(new HashSet<ApiScope> { ApiScope.AuditRead, ApiScope.OrganizationRead }, ApiScopes.ParseList(text));
        Assert.Empty(ApiScopes.ParseList("nonsense  "));
    }
}
