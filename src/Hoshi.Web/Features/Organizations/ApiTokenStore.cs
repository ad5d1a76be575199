using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Audit;
using Hoshi.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Organizations;

/// <summary>An organization's API tokens: issued with scopes, shown once, stored as a hash, revocable.</summary>
public sealed class ApiTokenStore(AppDbContext db, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    /// <summary>How many characters of a token are kept to tell tokens apart ("hoshi_" and 6 more).</summary>
    public const int PrefixLength = 12;

    /// <summary>A token of the organization that is not revoked, or null.</summary>
    public Task<ApiTokenRecord?> FindActiveAsync(Guid organizationId, Guid tokenId, CancellationToken ct = default) =>
        db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tokenId && t.OrganizationId == organizationId && t.RevokedAt == null, ct);

    public Task<List<ApiTokenRecord>> ListAsync(Guid organizationId, CancellationToken ct = default) =>
        db.ApiTokens.AsNoTracking().Where(t => t.OrganizationId == organizationId)
            .OrderBy(t => t.RevokedAt != null).ThenByDescending(t => t.CreatedAt).ToListAsync(ct);

    /// <summary>Issues a token; the returned secret is the only copy there will ever be.</summary>
    public async Task<(ApiTokenRecord Token, string Secret)> CreateAsync(Guid organizationId, string? name, IReadOnlyCollection<ApiScope> scopes, Guid actor, string? address, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        name = name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new("name", "required", "A name is required."));
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(new("name", "tooLong", $"The name is at most {MaxNameLength} characters."));
        }

        if (scopes.Count == 0)
        {
            errors.Add(new("scopes", "scopeRequired", "Choose at least one scope."));
        }

        if (errors.Count > 0)
        {
            throw new OrganizationInputException(errors);
        }

        var now = clock.GetUtcNow();
        var secret = ApiTokenAuthentication.NewToken();
        var token = new ApiTokenRecord
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = organizationId,
            Name = name,
            Prefix = secret[..PrefixLength],
            TokenHash = ApiTokenAuthentication.Hash(secret),
            Scopes = ApiScopes.Format(scopes),
            CreatedBy = actor,
            CreatedAt = now.UtcDateTime,
        };
        db.ApiTokens.Add(token);
        db.Audit(new AuditEvent(actor.ToString(), organizationId.ToString(), "api-token.created", "ApiToken", token.Id.ToString(),
            JsonSerializer.Serialize(new { name, scopes = token.Scopes, prefix = token.Prefix }), address), now);
        await db.SaveChangesAsync(ct);
        return (token, secret);
    }

    /// <summary>Revokes a token of the organization at once; returns false when there is no such live token.</summary>
    public async Task<bool> RevokeAsync(Guid organizationId, Guid tokenId, Guid actor, string? address, CancellationToken ct = default)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.OrganizationId == organizationId && t.RevokedAt == null, ct);
        if (token is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        token.RevokedAt = now.UtcDateTime;
        token.RevokedBy = actor;
        db.Audit(new AuditEvent(actor.ToString(), organizationId.ToString(), "api-token.revoked", "ApiToken", tokenId.ToString(),
            JsonSerializer.Serialize(new { token.Name, token.Prefix }), address), now);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
