using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Hoshi.Domain.Organizations;
using Hoshi.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Registry;

/// <summary>
/// The public registry API (no sign-in, rate-limited per client address, CORS open): lookup by
/// 法人番号, search, bulk status; certificates and their status; the signing keys (JWKS); the
/// transparency log's head, leaves and proofs. GET answers carry an ETag and
/// <c>Cache-Control: public, max-age=60</c> so HTTP caches can serve them.
/// </summary>
public static class RegistryApi
{
    public const string RateLimitPolicy = "public-registry";

    public sealed record EntryItem(int Level, string Status, string ValidFrom, string ValidUntil, string Scope, string? CertificateId, string RegisteredBy);

    public sealed record LookupResult(string CorporateNumber, string Name, IReadOnlyList<EntryItem> Entries);

    public sealed record SearchItem(string CorporateNumber, string Name, int Level, string Status, string ValidFrom, string ValidUntil, string Scope, string? CertificateId, string RegisteredBy, string? Prefecture);

    public sealed record SearchResult(IReadOnlyList<SearchItem> Items, int Total, int Page, int PageSize);

    public sealed record BulkRequest(IReadOnlyList<string>? CorporateNumbers);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    /// <summary>Per client address: a fixed window of <see cref="RegistrySettings.RateLimitPermits"/> requests; beyond it 429 with Retry-After.</summary>
    public static IServiceCollection AddRegistryRateLimit(this IServiceCollection services)
    {
        services.AddSingleton<BulkCharge>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(RateLimitPolicy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<RegistrySettings>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.RateLimitPermits,
                    Window = TimeSpan.FromSeconds(settings.RateLimitWindowSeconds),
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (rejected, ct) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : 60;
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                rejected.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
                await Results.Problem(title: "Too many requests", detail: $"This address made too many requests; try again in {Math.Max(1, seconds)} s.", statusCode: StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Registry").AllowAnonymous().RequireRateLimiting(RateLimitPolicy)
            .AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
                return await next(context);
            })
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        // Lookups and searches are answered from bytes serialized once (ETag, 304): their schema is declared.
        api.MapGet("/api/registry/{corporateNumber}", LookupAsync).Produces<LookupResult>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/api/registry", SearchAsync).Produces<SearchResult>(StatusCodes.Status200OK, "application/json");
        api.MapPost("/api/registry/status", BulkStatusAsync)
            .Accepts<BulkRequest>("application/json", "text/csv")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/api/certificates/{id}", CertificateAsync).Produces<string>(StatusCodes.Status200OK, "application/jwt")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/api/certificates/{id}/status", CertificateStatusAsync).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/.well-known/jwks.json", JwksAsync).Produces<JwkSet>(StatusCodes.Status200OK, "application/jwk-set+json");
        api.MapGet("/api/log/head", LogHeadAsync).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/api/log/entries", LogEntriesAsync);
        api.MapGet("/api/log/proof", LogProofAsync).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/api/log/consistency", LogConsistencyAsync);
        return app;
    }

    public sealed record BulkResponse(IReadOnlyList<BulkAnswer> Results);

    /// <summary>One number's answer; <see cref="Reason"/> only for <c>"invalid"</c>.</summary>
    public sealed record BulkAnswer(string CorporateNumber, string? Name, int? Level, string Status, string? ValidUntil,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Reason);

    /// <summary>The registry's public keys (RFC 7517 JWK Set): ES256 keys with <c>kid</c>, <c>kty</c>, <c>crv</c>, <c>x</c>, <c>y</c>.</summary>
    public sealed record JwkSet(IReadOnlyList<JsonElement> Keys);

    public sealed record CertificateStatusResult(Guid CertificateId, string Status, string? Reason, string? Since, string ValidFrom, string ValidUntil, bool Current, string CheckedAt);

    public sealed record LogHeadResult(long TreeSize, string RootHash, string Timestamp, string Signature);

    public sealed record LogLeafItem(long Index, string Leaf);

    public sealed record LogEntriesResult(IReadOnlyList<LogLeafItem> Entries);

    public sealed record LogProofResult(long LeafIndex, long TreeSize, IReadOnlyList<string> AuditPath, string Leaf, string RootHash);

    public sealed record LogConsistencyResult(long First, long Second, IReadOnlyList<string> ConsistencyPath);

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> LookupAsync(string corporateNumber, HttpContext context,
        Data.Registry.RegistrySnapshot snapshot, Data.Registry.RegistryLookupReader lookup, TimeProvider clock, CancellationToken ct)
    {
        if (!CorporateNumber.TryParse(corporateNumber, out var number, out var error))
        {
            return Invalid("corporateNumber", CorporateNumber.Describe(error, corporateNumber));
        }

        var rows = await RegistryQueries.LookupAsync(snapshot, lookup, clock, number.Value, ct);
        if (rows.Count == 0)
        {
            return TypedResults.Problem(title: "Not in the registry", detail: $"No registry entry is listed under {number.Value}.", statusCode: StatusCodes.Status404NotFound);
        }

        var result = new LookupResult(number.Value, rows[0].Name, [.. rows.Select(r => new EntryItem(
            r.Level, r.StatusWord, RegistryQueries.Date(r.ValidFrom), RegistryQueries.Date(r.ValidUntil), r.Scope, r.CertificateId?.ToString(), r.RegisteredBy))]);
        var body = JsonSerializer.SerializeToUtf8Bytes(result, Json);
        return NotModified(context, body) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Bytes(body, "application/json; charset=utf-8");
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ValidationProblem>> SearchAsync(HttpContext context, RegistryQueries queries,
        string? q, string? level, string? status, string? prefecture, string? page, string? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var search = ParseSearch(q, level, status, prefecture, page, pageSize, errors);
        if (search is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid search");
        }

        var (items, total) = await queries.SearchAsync(search, ct);
        var result = new SearchResult([.. items.Select(r => new SearchItem(r.CorporateNumber, r.Name, r.Level, r.StatusWord, RegistryQueries.Date(r.ValidFrom), RegistryQueries.Date(r.ValidUntil), r.Scope, r.CertificateId?.ToString(), r.RegisteredBy, r.PrefectureCode))],
            total, search.Page, search.PageSize);
        var body = JsonSerializer.SerializeToUtf8Bytes(result, Json);
        return NotModified(context, body) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Bytes(body, "application/json; charset=utf-8");
    }

    /// <summary>Many numbers at once, as JSON (<c>{"corporateNumbers":[…]}</c>) or CSV (one per line, optional header); answers in input order.</summary>
    private static async Task<Results<Ok<BulkResponse>, ProblemHttpResult>> BulkStatusAsync(HttpRequest request, RegistryQueries queries, BulkCharge charge, CancellationToken ct)
    {
        IReadOnlyList<string> inputs;
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (request.ContentLength > 2_000_000)
        {
            return Invalid("body", "The request is larger than 2 MB.", StatusCodes.Status413PayloadTooLarge);
        }

        if (mediaType == "text/csv")
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(ct);
            inputs = CsvNumbers(text);
        }
        else if (mediaType == "application/json")
        {
            BulkRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<BulkRequest>(request.Body, Json, ct);
            }
            catch (JsonException e)
            {
                return Invalid("corporateNumbers", "The body is not the JSON expected: " + e.Message);
            }

            if (body?.CorporateNumbers is null)
            {
                return Invalid("corporateNumbers", "Send {\"corporateNumbers\":[\"…\"]}.");
            }

            inputs = [.. body.CorporateNumbers.Select(n => n ?? "")];
        }
        else
        {
            return Invalid("body", "Send application/json or text/csv.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (inputs.Count > RegistryQueries.MaxBulk)
        {
            return Invalid("corporateNumbers", $"At most {RegistryQueries.MaxBulk} numbers per request; this one has {inputs.Count}.");
        }

        // Charged by the numbers it carries: a bulk request is no cheaper way through the registry than single lookups.
        if (charge.Charge(request.HttpContext, inputs.Count) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(title: "Too many numbers", detail: $"This address looked up too many corporate numbers in bulk; try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests);
        }

        var answers = await queries.StatusOfAsync(inputs, ct);
        return TypedResults.Ok(new BulkResponse([.. answers.Select(a => new BulkAnswer(a.CorporateNumber, a.Name, a.Level, a.Status, a.ValidUntil, a.Status == "invalid" ? a.Reason : null))]));
    }

    /// <summary>The certificate itself: a compact JWS (ES256) that verifies offline against the JWKS.</summary>
    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> CertificateAsync(string id, HttpContext context, RegistryQueries queries, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var certificateId))
        {
            return Invalid("id", "A certificate id is a UUID.");
        }

        var certificate = await queries.CertificateAsync(certificateId, ct);
        if (certificate is null)
        {
            return TypedResults.Problem(title: "No such certificate", statusCode: StatusCodes.Status404NotFound);
        }

        var body = Encoding.ASCII.GetBytes(certificate.Jws);
        return NotModified(context, body) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Bytes(body, "application/jwt");
    }

    private static async Task<Results<Ok<CertificateStatusResult>, ProblemHttpResult>> CertificateStatusAsync(string id, RegistryQueries queries, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var certificateId))
        {
            return Invalid("id", "A certificate id is a UUID.");
        }

        var certificate = await queries.CertificateAsync(certificateId, ct);
        if (certificate is null)
        {
            return TypedResults.Problem(title: "No such certificate", statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(
            new CertificateStatusResult(
                certificate.Id,
                RegistryStatus.Word(certificate.Status),
                certificate.Status is EntryStatus.Suspended or EntryStatus.Revoked ? certificate.Entry.StatusReason : null,
                certificate.StatusSince is { } since ? RegistryQueries.Date(since) : null,
                RegistryQueries.Date(certificate.Entry.ValidFrom),
                RegistryQueries.Date(certificate.Entry.ValidUntil),
                certificate.IsCurrent,
                CertificateJws.Timestamp(queries.Now)));
    }

    /// <summary>The registry's public signing keys (JWK Set), old keys included.</summary>
    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> JwksAsync(HttpContext context, RegistryKeys keys, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { keys = await keys.PublicJwksAsync(ct) });
        return NotModified(context, body) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Bytes(body, "application/jwk-set+json");
    }

    private static async Task<Results<Ok<LogHeadResult>, ProblemHttpResult>> LogHeadAsync(TransparencyLog log, CancellationToken ct)
    {
        var head = await log.HeadAsync(ct);
        return head is null
            ? TypedResults.Problem(title: "The log is empty", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(new LogHeadResult(head.TreeSize, Convert.ToBase64String(head.RootHash), CertificateJws.Timestamp(new DateTimeOffset(head.Timestamp, TimeSpan.Zero)), head.Jws));
    }

    private static async Task<Results<Ok<LogEntriesResult>, ProblemHttpResult>> LogEntriesAsync(string? start, string? end, TransparencyLog log, CancellationToken ct)
    {
        if (!long.TryParse(start, out var first) || first < 0)
        {
            return Invalid("start", "start is the 0-based index of the first leaf.");
        }

        if (!long.TryParse(end, out var last) || last < first)
        {
            return Invalid("end", "end is the 0-based index of the last leaf, not before start.");
        }

        var leaves = await log.EntriesAsync(first, Math.Min(last, first + 999), ct);
        return TypedResults.Ok(new LogEntriesResult([.. leaves.Select(l => new LogLeafItem(l.Index, Convert.ToBase64String(l.Data)))]));
    }

    private static async Task<Results<Ok<LogProofResult>, ProblemHttpResult>> LogProofAsync(string? certificateId, TransparencyLog log, CancellationToken ct)
    {
        if (!Guid.TryParse(certificateId, out var id))
        {
            return Invalid("certificateId", "A certificate id is a UUID.");
        }

        var proof = await log.ProofAsync(id, ct);
        return proof is not { } found
            ? TypedResults.Problem(title: "Not in the log", detail: $"No log entry for certificate {id}.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(new LogProofResult(found.LeafIndex, found.Head.TreeSize, [.. found.Path.Select(Convert.ToBase64String)], Convert.ToBase64String(found.Leaf), Convert.ToBase64String(found.Head.RootHash)));
    }

    private static async Task<Results<Ok<LogConsistencyResult>, ProblemHttpResult>> LogConsistencyAsync(string? first, string? second, TransparencyLog log, CancellationToken ct)
    {

        var head = await log.HeadAsync(ct);
        var size = head?.TreeSize ?? 0;
        if (!long.TryParse(second, out var to) || to < 1 || to > size)
        {
            return Invalid("second", $"second is a tree size from 1 to the current {size}.");
        }

        if (!long.TryParse(first, out var from) || from < 1 || from > to)
        {
            return Invalid("first", "first is a tree size from 1 to second.");
        }

        var proof = await log.ConsistencyAsync(from, to, ct);
        return TypedResults.Ok(new LogConsistencyResult(from, to, [.. proof.Select(Convert.ToBase64String)]));
    }

    /// <summary>One number per line; the first line may be a header (anything that has no digit).</summary>
    public static IReadOnlyList<string> CsvNumbers(string text)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r').Trim().Trim('"').Trim()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        if (lines.Count > 0 && !CorporateNumber.Normalize(lines[0]).Any(char.IsAsciiDigit))
        {
            lines.RemoveAt(0);
        }

        return [.. lines.Select(l => l.Split(',')[0].Trim().Trim('"'))];
    }

    /// <summary>Validates search parameters; null with <paramref name="errors"/> filled when one is wrong.</summary>
    public static RegistrySearch? ParseSearch(string? q, string? level, string? status, string? prefecture, string? page, string? pageSize, Dictionary<string, string[]> errors, int defaultPageSize = 20)
    {
        int? levelNumber = null;
        if (!string.IsNullOrEmpty(level))
        {
            if (level is "3" or "4")
            {
                levelNumber = int.Parse(level, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                errors["level"] = ["level is 3 or 4."];
            }
        }

        EntryStatus? statusValue = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<EntryStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _))
            {
                statusValue = parsed;
            }
            else
            {
                errors["status"] = ["status is valid, expired, suspended or revoked."];
            }
        }

        if (!string.IsNullOrEmpty(prefecture) && Prefecture.FindByCode(prefecture) is null)
        {
            errors["prefecture"] = ["prefecture is a JIS X 0401 code from 01 to 47."];
        }

        var pageNumber = 1;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, out pageNumber) || pageNumber < 1))
        {
            errors["page"] = ["page is a number from 1."];
        }

        var size = defaultPageSize;
        if (!string.IsNullOrEmpty(pageSize) && (!int.TryParse(pageSize, out size) || size < 1 || size > RegistryQueries.MaxPageSize))
        {
            errors["pageSize"] = [$"pageSize is a number from 1 to {RegistryQueries.MaxPageSize}."];
        }

        if (q?.Length > 200)
        {
            errors["q"] = ["q is at most 200 characters."];
        }

        return errors.Count > 0 ? null : new RegistrySearch(q, levelNumber, statusValue, string.IsNullOrEmpty(prefecture) ? null : prefecture, pageNumber, size);
    }

    private static ProblemHttpResult Invalid(string field, string reason, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(title: "Invalid request", detail: reason, statusCode: status,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });

    /// <summary>A cacheable answer: strong ETag of the body, public for 60 s; true when the client already has it (answer 304).</summary>
    private static bool NotModified(HttpContext context, byte[] body)
    {
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "public, max-age=60";
        return context.Request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"));
    }
}
