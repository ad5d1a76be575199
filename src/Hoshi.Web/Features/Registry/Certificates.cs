using System.Globalization;
using System.Security.Cryptography;
using Hoshi.Data.Assessments;
using Hoshi.Data.Registry;
using Hoshi.Domain;
using Hoshi.Domain.Registry;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hoshi.Web.Features.Registry;

/// <summary>Settings of the registry (section <c>Registry</c>).</summary>
public sealed class RegistrySettings
{
    public const string Section = "Registry";

    /// <summary>Requests each client address may make to the public API per <see cref="RateLimitWindowSeconds"/>.</summary>
    public int RateLimitPermits { get; set; } = 600;

    public int RateLimitWindowSeconds { get; set; } = 60;

    /// <summary>
    /// Corporate numbers each client address may look up through the bulk status endpoint per
    /// <see cref="RateLimitWindowSeconds"/>: a bulk request is charged by the numbers it carries, not as one request.
    /// </summary>
    public int BulkNumbersPerWindow { get; set; } = 20_000;

    /// <summary>Keep the registry in memory for the lookup by number (loaded in the background at start).</summary>
    public bool Snapshot { get; set; } = true;

    /// <summary>How often the snapshot applies registry changes from the log (other nodes' changes, renewals).</summary>
    public double SnapshotSyncSeconds { get; set; } = 1;
}

/// <summary>
/// Certificates as compact JWS (ES256, <c>typ: hoshi-certificate+jwt</c>): the entry's claims,
/// valid from the first day (JST midnight) to the end of the last valid day (JST).
/// </summary>
public static class CertificateJws
{
    public const string CertificateType = "hoshi-certificate+jwt";
    public const string HeadType = "hoshi-log-head+jwt";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>The claims of a certificate, as signed.</summary>
    /// <remarks>
    /// Format 2 (<c>fmt</c>) adds what the ★ covers: <c>coverage</c> (whole / partial), the group
    /// companies listed under it (<c>groupCompanies</c>: 法人番号 and name) and <c>outsideScheme</c>
    /// (OT and delivered products, always). Format 1 certificates (no <c>fmt</c>) still verify.
    /// </remarks>
    public sealed record Claims(string Issuer, string CorporateNumber, string Name, Level Level, string Scope, DateTimeOffset IssuedAt, DateOnly ValidFrom, DateOnly ValidUntil, Guid CertificateId, string RegisteredBy,
        Coverage Coverage = Coverage.Whole, IReadOnlyList<(string CorporateNumber, string Name)>? GroupCompanies = null, int Format = ScopeCoverage.CertificateFormat);

    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);

    /// <summary>The first instant after the day, in JST.</summary>
    public static DateTimeOffset EndOf(DateOnly day) => StartOf(day.AddDays(1));

    public static string Sign(Claims claims, string kid, ECDsa key)
    {
        var payload = new Dictionary<string, object>
        {
            ["sub"] = claims.CorporateNumber,
            ["name"] = claims.Name,
            ["level"] = claims.Level.Number(),
            ["scope"] = claims.Scope,
            ["jti"] = claims.CertificateId.ToString(),
            ["registeredBy"] = claims.RegisteredBy,
        };
        if (claims.Format >= 2)
        {
            payload["fmt"] = claims.Format;
            payload["coverage"] = ScopeCoverage.Word(claims.Coverage);
            payload["outsideScheme"] = ScopeCoverage.OutsideTheScheme.ToArray();
            payload["groupCompanies"] = (claims.GroupCompanies ?? []).Select(g => new Dictionary<string, object> { ["corporateNumber"] = g.CorporateNumber, ["name"] = g.Name }).ToArray();
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = claims.Issuer,
            IssuedAt = claims.IssuedAt.UtcDateTime,
            NotBefore = StartOf(claims.ValidFrom).UtcDateTime,
            Expires = EndOf(claims.ValidUntil).UtcDateTime,
            TokenType = CertificateType,
            SigningCredentials = Credentials(kid, key),
            Claims = payload,
        };
        return LowSForm(Handler.CreateToken(descriptor));
    }

    /// <summary>A signed log head: <c>{"treeSize","rootHash","timestamp"}</c>.</summary>
    public static string SignHead(long treeSize, byte[] rootHash, DateTimeOffset timestamp, string kid, ECDsa key) =>
        LowSForm(Handler.CreateToken(
            System.Text.Json.JsonSerializer.Serialize(new { treeSize, rootHash = Convert.ToBase64String(rootHash), timestamp = Timestamp(timestamp) }),
            Credentials(kid, key),
            new Dictionary<string, object> { ["typ"] = HeadType }));

    /// <summary>The same JWS with its signature in low-S form (<see cref="LowS"/>): one encoding per certificate.</summary>
    private static string LowSForm(string jws)
    {
        var dot = jws.LastIndexOf('.');
        var signature = Base64UrlEncoder.DecodeBytes(jws[(dot + 1)..]);
        return jws[..(dot + 1)] + Base64UrlEncoder.Encode(LowS.Normalize(signature));
    }

    /// <summary>Whether the JWS's signature is 64 bytes in low-S form; the high-S twin of a valid signature is refused.</summary>
    private static bool HasLowS(string jws)
    {
        var dot = jws.LastIndexOf('.');
        try
        {
            return dot > 0 && LowS.IsLow(Base64UrlEncoder.DecodeBytes(jws[(dot + 1)..]));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// No cached signature providers: the cache keys on the key's thumbprint, so a provider made
    /// for one ECDsa object would be handed out for another (possibly disposed) copy of it.
    /// </summary>
    private static readonly CryptoProviderFactory Uncached = new() { CacheSignatureProviders = false };

    private static SigningCredentials Credentials(string kid, ECDsa key) =>
        new(new ECDsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256) { CryptoProviderFactory = Uncached };

    /// <summary>The outcome of checking a JWS offline.</summary>
    public sealed record Verification(bool Valid, string? Problem, JsonWebToken? Token);

    /// <summary>
    /// Checks a compact JWS against the given public keys: ES256 only, the kid known, the
    /// signature, the expected <c>typ</c>, and (for certificates) the validity dates at <paramref name="at"/>.
    /// </summary>
    public static async Task<Verification> VerifyAsync(string jws, IReadOnlyDictionary<string, ECDsa> keys, string type, DateTimeOffset? at)
    {
        JsonWebToken token;
        try
        {
            token = new JsonWebToken(jws.Trim());
        }
        catch (ArgumentException e)
        {
            return new(false, "not a compact JWS: " + e.Message, null);
        }

        if (token.Alg != SecurityAlgorithms.EcdsaSha256)
        {
            return new(false, $"algorithm {token.Alg} is not ES256", token);
        }

        if (!keys.TryGetValue(token.Kid ?? "", out var key))
        {
            return new(false, $"no published key has kid {token.Kid}", token);
        }

        if (!HasLowS(jws.Trim()))
        {
            return new(false, "the signature is not in low-S form (a malleable twin of a signature, or not an ES256 signature)", token);
        }

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new ECDsaSecurityKey(key) { KeyId = token.Kid },
            ValidateIssuer = false,
            ValidateAudience = false,
            RequireAudience = false,
            ValidateLifetime = at is not null,
            RequireExpirationTime = at is not null,
            LifetimeValidator = at is { } moment
                ? (notBefore, expires, _, _) => (notBefore is null || notBefore <= moment.UtcDateTime) && expires is { } end && moment.UtcDateTime < end
                : null,
            ValidTypes = [type],
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jws.Trim(), parameters);
        return result.IsValid ? new(true, null, token) : new(false, result.Exception?.Message ?? "invalid", token);
    }

    /// <summary>The claims a certificate carries for an entry.</summary>
    public static Claims ClaimsOf(RegistryEntryRecord entry, RegistryEntrySubjectRecord holder, string registeredBy, Guid certificateId, DateTimeOffset issuedAt, string issuer) =>
        new(issuer, holder.CorporateNumber, holder.Name, entry.Level, entry.ScopeSummary, issuedAt, entry.ValidFrom, entry.ValidUntil, certificateId, registeredBy,
            entry.Coverage, [.. entry.Subjects.Where(s => s.CorporateNumber != holder.CorporateNumber).Select(s => (s.CorporateNumber, s.Name))]);

    public static CertificateRecord Record(Guid id, Guid entryId, string kid, string jws, DateTimeOffset issuedAt) =>
        new() { Id = id, EntryId = entryId, Kid = kid, Jws = jws, IssuedAt = issuedAt.UtcDateTime };
}
