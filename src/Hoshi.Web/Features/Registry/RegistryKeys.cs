using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Registry;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Hoshi.Web.Features.Registry;

/// <summary>
/// The registry's P-256 signing keys. Generated on first need and kept in the database with the
/// private key encrypted by ASP.NET Data Protection (so every app node shares them). The newest
/// key not retired signs; <c>./hoshi keys rotate</c> adds a new one and retires the others from
/// signing, and every key stays in the JWKS so old certificates and heads keep verifying.
/// </summary>
public sealed class RegistryKeys(AppDbContext db, IDataProtectionProvider protection, TimeProvider clock, RegistryKeyCache cache)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Hoshi.Registry.SigningKeys");

    /// <summary>The key to sign with now (created if there is none).</summary>
    public async Task<(string Kid, ECDsa Key)> SigningKeyAsync(CancellationToken ct = default)
    {
        if (cache.Signing is { } cached && cache.SigningCheckedAt > clock.GetUtcNow().AddMinutes(-1))
        {
            return cached;
        }

        var record = await db.SigningKeys.AsNoTracking().Where(k => k.RetiredAt == null).OrderByDescending(k => k.CreatedAt).FirstOrDefaultAsync(ct)
            ?? await AddAsync(retireOthers: false, ct);
        var key = cache.Private.GetOrAdd(record.Kid, _ => Unprotect(record));
        cache.Signing = (record.Kid, key);
        cache.SigningCheckedAt = clock.GetUtcNow();
        return (record.Kid, key);
    }

    /// <summary>Adds a new signing key and retires the current ones from signing (they still verify).</summary>
    public async Task<SigningKeyRecord> RotateAsync(CancellationToken ct = default)
    {
        var record = await AddAsync(retireOthers: true, ct);
        cache.Signing = null;
        return record;
    }

    /// <summary>Every public key, as JWKs (RFC 7517), newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> PublicJwksAsync(CancellationToken ct = default)
    {
        var keys = await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).Select(k => k.PublicJwk).ToListAsync(ct);
        return [.. keys.Select(k => JsonDocument.Parse(k).RootElement.Clone())];
    }

    /// <summary>The public keys to verify with, by kid.</summary>
    public async Task<IReadOnlyDictionary<string, ECDsa>> VerificationKeysAsync(CancellationToken ct = default)
    {
        var keys = await db.SigningKeys.AsNoTracking().Select(k => new { k.Kid, k.PublicJwk }).ToListAsync(ct);
        return keys.ToDictionary(k => k.Kid, k => cache.Public.GetOrAdd(k.Kid, _ => FromJwk(k.PublicJwk)));
    }

    private async Task<SigningKeyRecord> AddAsync(bool retireOthers, CancellationToken ct)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(false);
        var x = Base64UrlEncoder.Encode(parameters.Q.X);
        var y = Base64UrlEncoder.Encode(parameters.Q.Y);
        // RFC 7638 thumbprint: the required members in lexical order, no whitespace.
        var kid = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{y}\"}}")));
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new SigningKeyRecord
        {
            Kid = kid,
            ProtectedPrivateKey = _protector.Protect(Convert.ToBase64String(key.ExportPkcs8PrivateKey())),
            PublicJwk = JsonSerializer.Serialize(new { kty = "EC", crv = "P-256", x, y, kid, use = "sig", alg = "ES256" }),
            CreatedAt = now,
        };
        if (retireOthers)
        {
            await db.SigningKeys.Where(k => k.RetiredAt == null).ExecuteUpdateAsync(u => u.SetProperty(k => k.RetiredAt, now), ct);
        }

        db.SigningKeys.Add(record);
        db.Audit(new Domain.Audit.AuditEvent("system", null, retireOthers ? "registry.key-rotated" : "registry.key-created", "SigningKey", kid, null, null), clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return record;
    }

    private ECDsa Unprotect(SigningKeyRecord record)
    {
        string pkcs8;
        try
        {
            pkcs8 = _protector.Unprotect(record.ProtectedPrivateKey);
        }
        catch (CryptographicException e)
        {
            throw new Shared.KeyProtectionException(
                $"The registry signing key {record.Kid} cannot be decrypted: the Data Protection key that protects it is missing or was encrypted with another key file than Hoshi:Keys:KeyFile ({e.Message}).");
        }

        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(pkcs8), out _);
        return key;
    }

    /// <summary>A P-256 public key from its JWK.</summary>
    public static ECDsa FromJwk(string jwk)
    {
        using var document = JsonDocument.Parse(jwk);
        var root = document.RootElement;
        if (root.GetProperty("kty").GetString() != "EC" || root.GetProperty("crv").GetString() != "P-256")
        {
            throw new CryptographicException("Only P-256 EC keys are used by Hoshi.");
        }

        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = Base64UrlEncoder.DecodeBytes(root.GetProperty("x").GetString()),
                Y = Base64UrlEncoder.DecodeBytes(root.GetProperty("y").GetString()),
            },
        });
    }
}

/// <summary>Decrypted keys, kept for the life of the process.</summary>
public sealed class RegistryKeyCache
{
    public ConcurrentDictionary<string, ECDsa> Private { get; } = new();

    public ConcurrentDictionary<string, ECDsa> Public { get; } = new();

    public (string Kid, ECDsa Key)? Signing { get; set; }

    public DateTimeOffset SigningCheckedAt { get; set; }
}
