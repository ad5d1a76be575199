using System.Security.Cryptography;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Organizations;
using Hoshi.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Registry;

/// <summary>
/// The public registry API (no sign-in): <c>GET /api/registry/{corporateNumber}</c> answers the
/// entries listed under a 法人番号, with an ETag and <c>Cache-Control: public, max-age=60</c> so HTTP
/// caches can serve it, and CORS open for GET. A malformed number is 400 naming the field and the
/// reason; a valid number without entries is 404.
/// </summary>
public static class RegistryApi
{
    public sealed record EntryItem(int Level, string Status, string ValidFrom, string ValidUntil, string Scope, string CertificateId, string RegisteredBy);

    public sealed record LookupResult(string CorporateNumber, string Name, IReadOnlyList<EntryItem> Entries);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/registry/{corporateNumber}", async (string corporateNumber, HttpContext context, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            if (!CorporateNumber.TryParse(corporateNumber, out var number, out var error))
            {
                return Results.Problem(
                    title: "Invalid corporate number",
                    detail: CorporateNumber.Describe(error, corporateNumber),
                    statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["corporateNumber"] = [CorporateNumber.Describe(error, corporateNumber)] } });
            }

            var rows = await db.Set<Data.Assessments.RegistryEntrySubjectRecord>().AsNoTracking()
                .Where(s => s.CorporateNumber == number.Value)
                .Join(db.RegistryEntries, s => s.EntryId, e => e.Id, (s, e) => new { s.Name, Entry = e })
                .Join(db.Organizations, x => x.Entry.RegisteredByOrganizationId, o => o.Id, (x, o) => new { x.Name, x.Entry, RegisteredBy = o.LegalNameJa })
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                return Results.Problem(title: "Not in the registry", detail: $"No registry entry is listed under {number.Value}.", statusCode: StatusCodes.Status404NotFound);
            }

            var today = JapanTime.DateOf(clock.GetUtcNow());
            var result = new LookupResult(number.Value, rows[0].Name, [.. rows
                .OrderByDescending(r => r.Entry.Level).ThenByDescending(r => r.Entry.ValidFrom)
                .Select(r => new EntryItem(
                    (int)r.Entry.Level,
                    RegistryStatus.Word(RegistryStatus.Of(r.Entry.Status, r.Entry.ValidUntil, today)),
                    r.Entry.ValidFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    r.Entry.ValidUntil.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    r.Entry.ScopeSummary,
                    r.Entry.Id.ToString(),
                    r.RegisteredBy))]);
            var body = JsonSerializer.SerializeToUtf8Bytes(result, Json);
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";
            context.Response.Headers.ETag = etag;
            context.Response.Headers.CacheControl = "public, max-age=60";
            if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            return Results.Bytes(body, "application/json; charset=utf-8");
        })
        .WithTags("Registry")
        .AllowAnonymous();
        return app;
    }
}
