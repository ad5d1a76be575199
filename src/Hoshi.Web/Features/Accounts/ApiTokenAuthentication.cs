using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Hoshi.Data;
using Hoshi.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Accounts;

/// <summary>
/// <c>Authorization: Bearer hoshi_…</c>: machine access with an organization's API token. The
/// token is looked up by its SHA-256; revoked tokens fail; the last use is recorded (at most once a minute).
/// </summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AppDbContext db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string TokenPrefix = "hoshi_";
    private const string TokenIdClaim = "hoshi:token";
    private const string OrganizationClaim = "hoshi:organization";
    private const string ScopeClaim = "scope";
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    /// <summary>A new token: "hoshi_" and 32 random bytes, base64url.</summary>
    public static string NewToken() => TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool IsBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The token a principal was authenticated with, or null for people and anonymous callers.</summary>
    public static TokenGrant? TokenOf(ClaimsPrincipal principal)
    {
        var identity = principal.Identities.FirstOrDefault(i => i.AuthenticationType == SchemeName);
        if (identity is null
            || !Guid.TryParse(identity.FindFirst(TokenIdClaim)?.Value, out var tokenId)
            || !Guid.TryParse(identity.FindFirst(OrganizationClaim)?.Value, out var organizationId))
        {
            return null;
        }

        return new TokenGrant(tokenId, organizationId, ApiScopes.ParseList(string.Join(' ', identity.FindAll(ScopeClaim).Select(c => c.Value))));
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return AuthenticateResult.Fail("Not a Hoshi API token.");
        }

        var hash = Hash(token);
        var record = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        if (record is null || record.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("The API token is unknown or revoked.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (record.LastUsedAt is not { } last || now - last >= LastUseResolution)
        {
            await db.ApiTokens.Where(t => t.Id == record.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var claims = new List<Claim>
        {
            new(TokenIdClaim, record.Id.ToString()),
            new(OrganizationClaim, record.OrganizationId.ToString()),
            new(ClaimTypes.Name, "token:" + record.Id),
        };
        claims.AddRange(ApiScopes.ParseList(record.Scopes).Select(s => new Claim(ScopeClaim, s.Name())));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"hoshi\"";
        return Task.CompletedTask;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
