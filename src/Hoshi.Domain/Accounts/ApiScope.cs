namespace Hoshi.Domain.Accounts;

/// <summary>What an API token may do, always within its own organization.</summary>
public enum ApiScope
{
    /// <summary><c>organization:read</c>: the organization's details, roles and members.</summary>
    OrganizationRead,

    /// <summary><c>audit:read</c>: the organization's audit trail.</summary>
    AuditRead,

    /// <summary><c>suppliers:read</c>: the supplier portfolio and each supplier's status.</summary>
    SuppliersRead,

    /// <summary><c>suppliers:write</c>: add and update suppliers of the portfolio.</summary>
    SuppliersWrite,
}

public static class ApiScopes
{
    public static readonly IReadOnlyList<ApiScope> All = Enum.GetValues<ApiScope>();

    public static string Name(this ApiScope scope) => scope switch
    {
        ApiScope.OrganizationRead => "organization:read",
        ApiScope.AuditRead => "audit:read",
        ApiScope.SuppliersRead => "suppliers:read",
        ApiScope.SuppliersWrite => "suppliers:write",
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };

    public static bool TryParse(string? name, out ApiScope scope)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name?.Trim(), StringComparison.Ordinal))
            {
                scope = candidate;
                return true;
            }
        }

        scope = default;
        return false;
    }

    /// <summary>Scopes stored as one space-separated string, as OAuth writes them.</summary>
    public static string Format(IEnumerable<ApiScope> scopes) => string.Join(' ', scopes.Distinct().Order().Select(Name));

    public static IReadOnlySet<ApiScope> ParseList(string? list)
    {
        var result = new HashSet<ApiScope>();
        foreach (var part in (list ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParse(part, out var scope))
            {
                result.Add(scope);
            }
        }

        return result;
    }
}
