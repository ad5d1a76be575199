using Hoshi.Data;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>
/// <c>/api/organizations/{id}/suppliers</c>: a buyer's systems list, add and update suppliers and
/// read every supplier's status (API tokens with <c>suppliers:read</c> / <c>suppliers:write</c>;
/// reading also for the buyer's people). A token reaches only its own organization: anything else is 404.
/// </summary>
public static class SuppliersApi
{
    public const int MaxPageSize = 500;

    public sealed record SupplierItem(
        Guid Id, string CorporateNumber, string Name, string? SupplierCode, string? Department, string? ContactEmail, IReadOnlyList<string> Tags,
        int? RequiredLevel, int? HeldLevel, string Status, DateOnly? ValidUntil, bool Gap, bool Archived, int Version);

    public sealed record SupplierList(IReadOnlyList<SupplierItem> Items, int Total, int Page, int PageSize);

    public sealed record StatusItem(string CorporateNumber, string Name, int? RequiredLevel, int? HeldLevel, string Status, DateOnly? ValidUntil, bool Gap);

    public sealed record SupplierBody(string? CorporateNumber, string? Name, string? SupplierCode, string? Department, string? ContactEmail, string? Tags, int? Version);

    public static IEndpointRouteBuilder MapSuppliersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organizations/{id:guid}/suppliers").WithTags("Suppliers").RequireAuthorization();

        api.MapGet("/", async (Guid id, string? status, string? tag, string? department, int? required, string? q, bool? archived, int? page, int? pageSize,
                HttpContext context, IAuthorizationService authorization, PortfolioQueries portfolio, CancellationToken ct) =>
            {
                if (await DenyAsync(context, authorization, Operation.ViewSuppliers, id) is { } denied)
                {
                    return denied;
                }

                SupplierStatus? wanted = null;
                if (!string.IsNullOrEmpty(status))
                {
                    if (!Enum.TryParse<SupplierStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                    {
                        return Results.Problem(title: "Bad filter", detail: $"status must be one of {string.Join(", ", Enum.GetNames<SupplierStatus>())}.", statusCode: 400);
                    }

                    wanted = parsed;
                }

                var size = pageSize ?? 100;
                if (size is < 1 or > MaxPageSize || page is < 1)
                {
                    return Results.Problem(title: "Bad paging", detail: $"page ≥ 1 and 1 ≤ pageSize ≤ {MaxPageSize}.", statusCode: 400);
                }

                var result = await portfolio.ListAsync(id, new PortfolioFilter(wanted, tag, department, required, q, Archived: archived == true), page ?? 1, size, ct);
                return Results.Ok(new SupplierList([.. result.Rows.Select(Item)], result.Total, page ?? 1, size));
            })
            .WithSummary("The portfolio, at-risk first, filtered like the page (status, tag, department, required 3/4/0, q). Token scope: suppliers:read.");

        api.MapGet("/status", async (Guid id, HttpContext context, IAuthorizationService authorization, PortfolioQueries portfolio, CancellationToken ct) =>
            {
                if (await DenyAsync(context, authorization, Operation.ViewSuppliers, id) is { } denied)
                {
                    return denied;
                }

                var rows = await portfolio.RowsAsync(id, archived: false, ct);
                var items = rows.OrderBy(r => r.Supplier.CorporateNumber, StringComparer.Ordinal).Select(r => new StatusItem(
                    r.Supplier.CorporateNumber, r.Supplier.Name, r.Supplier.RequiredLevel, r.Standing.HeldLevel is { } held ? (int)held : null,
                    Word(r.Standing.Status), r.Standing.ValidUntil, r.Standing.Gap)).ToList();
                return Results.Ok(new { results = items });
            })
            .WithSummary("Bulk status of the whole portfolio (every supplier not archived). Token scope: suppliers:read.");

        api.MapGet("/{supplierId:guid}", async (Guid id, Guid supplierId, HttpContext context, IAuthorizationService authorization, PortfolioQueries portfolio, CancellationToken ct) =>
            {
                if (await DenyAsync(context, authorization, Operation.ViewSuppliers, id) is { } denied)
                {
                    return denied;
                }

                return await portfolio.RowAsync(id, supplierId, ct) is { } row ? Results.Ok(Item(row)) : NotFound();
            })
            .WithSummary("One supplier with its status. Token scope: suppliers:read.");

        api.MapPost("/", async (Guid id, SupplierBody body, HttpContext context, IAuthorizationService authorization, SupplierStore store, PortfolioQueries portfolio, CancellationToken ct) =>
            {
                if (await DenyWriteAsync(context, authorization, id) is { } denied)
                {
                    return denied;
                }

                var (added, errors) = await store.AddAsync(id, new SupplierInput(body.CorporateNumber, body.Name, body.SupplierCode, body.Department, body.ContactEmail, body.Tags),
                    ActorOf(context), context.Connection.RemoteIpAddress?.ToString(), ct);
                if (added is null)
                {
                    return errors.Any(e => e.Code == "duplicate")
                        ? Results.Problem(title: "Already in the portfolio", detail: errors.First(e => e.Code == "duplicate").Message, statusCode: 409)
                        : Results.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
                }

                var row = (await portfolio.RowAsync(id, added.Id, ct))!;
                return Results.Created($"/api/organizations/{id}/suppliers/{added.Id}", Item(row));
            })
            .WithSummary("Adds a supplier (name filled from Hoshi or the registry when left out). Token scope: suppliers:write.");

        api.MapPut("/{supplierId:guid}", async (Guid id, Guid supplierId, SupplierBody body, HttpContext context, IAuthorizationService authorization, SupplierStore store, PortfolioQueries portfolio, CancellationToken ct) =>
            {
                if (await DenyWriteAsync(context, authorization, id) is { } denied)
                {
                    return denied;
                }

                if (body.Version is not { } version)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["The version you read is required (optimistic concurrency)."] });
                }

                var errors = await store.UpdateAsync(id, supplierId, new SupplierInput(null, body.Name, body.SupplierCode, body.Department, body.ContactEmail, body.Tags),
                    version, ActorOf(context), context.Connection.RemoteIpAddress?.ToString(), ct);
                if (errors is null)
                {
                    return NotFound();
                }

                if (errors.Any(e => e.Code == "changed"))
                {
                    return Results.Problem(title: "Changed meanwhile", detail: "The supplier changed since you read it: read it again.", statusCode: 409);
                }

                if (errors.Count > 0)
                {
                    return Results.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
                }

                return Results.Ok(Item((await portfolio.RowAsync(id, supplierId, ct))!));
            })
            .WithSummary("Changes a supplier's details (not its number); send the version you read. Token scope: suppliers:write.");

        api.MapPost("/imports", async (Guid id, HttpContext context, IAuthorizationService authorization, SupplierImportStore imports, CancellationToken ct) =>
            {
                if (await DenyWriteAsync(context, authorization, id) is { } denied)
                {
                    return denied;
                }

                using var buffer = new MemoryStream();
                var limited = context.Request.Body;
                var chunk = new byte[81920];
                int read;
                while ((read = await limited.ReadAsync(chunk, ct)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > SupplierImportStore.MaxUploadBytes)
                    {
                        return Results.Problem(title: "Too large", detail: $"At most {SupplierImportStore.MaxUploadBytes / (1024 * 1024)} MB.", statusCode: 413);
                    }
                }

                var name = context.Request.Headers["X-File-Name"].ToString() is { Length: > 0 } given ? given
                    : context.Request.ContentType?.Contains("spreadsheetml", StringComparison.Ordinal) == true ? "suppliers.xlsx" : "suppliers.csv";
                var (importId, problem) = await imports.StartAsync(id, name, buffer.ToArray(), ActorOf(context), context.Connection.RemoteIpAddress?.ToString(), ct);
                return importId is { } started
                    ? Results.Accepted($"/api/organizations/{id}/suppliers/imports/{started}", new ImportItem(started, "queued", 0, 0, 0, 0, null, null))
                    : Results.Problem(title: "File refused", detail: problem, statusCode: 400);
            })
            .WithSummary("Imports suppliers from a CSV or .xlsx body (as the page does); answers 202 with where to follow it. Token scope: suppliers:write.");

        api.MapGet("/imports", async (Guid id, HttpContext context, IAuthorizationService authorization, SupplierImportStore imports, CancellationToken ct) =>
            {
                if (await DenyAsync(context, authorization, Operation.ViewSuppliers, id) is { } denied)
                {
                    return denied;
                }

                var recent = await imports.RecentAsync(id, 50, ct);
                return Results.Ok(new { items = recent.Select(i => new ImportItem(i.Id, i.State, i.Total, i.State == "done" ? i.Total : 0, i.Added, i.Refused, i.Error, null)) });
            })
            .WithSummary("The latest 50 imports, newest first. Token scope: suppliers:read.");

        api.MapGet("/imports/{importId:guid}", async (Guid id, Guid importId, HttpContext context, IAuthorizationService authorization, SupplierImportStore imports, CancellationToken ct) =>
            {
                if (await DenyAsync(context, authorization, Operation.ViewSuppliers, id) is { } denied)
                {
                    return denied;
                }

                if (await imports.FindAsync(id, importId, ct) is not { } status)
                {
                    return NotFound();
                }

                var i = status.Import;
                return Results.Ok(new ImportItem(i.Id, i.State, i.Total, status.Processed, i.Added, i.Refused, i.Error,
                    status.Report?.Rows.Where(r => !r.Accepted).Select(r => new RefusedRow(r.Number, r.CorporateNumber, r.Problems)).ToList()));
            })
            .WithSummary("Where an import is (queued, running, done, failed), with the refused rows and their problems once done. Token scope: suppliers:read.");

        return app;
    }

    public sealed record RefusedRow(int Row, string? CorporateNumber, IReadOnlyList<string> Problems);

    public sealed record ImportItem(Guid Id, string State, int Total, int Processed, int Added, int Refused, string? Error, IReadOnlyList<RefusedRow>? RefusedRows);

    private static SupplierItem Item(SupplierRow r) => new(
        r.Supplier.Id, r.Supplier.CorporateNumber, r.Supplier.Name, r.Supplier.SupplierCode, r.Supplier.Department, r.Supplier.ContactEmail,
        [.. PortfolioQueries.TagsOf(r.Supplier.Tags)], r.Supplier.RequiredLevel, r.Standing.HeldLevel is { } held ? (int)held : null,
        Word(r.Standing.Status), r.Standing.ValidUntil, r.Standing.Gap, r.Supplier.ArchivedAt is not null, r.Supplier.Version);

    private static string Word(SupplierStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The actor of a change: the person, or for a token the token's id (its audit records name it).</summary>
    private static Guid ActorOf(HttpContext context) =>
        ApiTokenAuthentication.TokenOf(context.User) is { } token ? token.TokenId
        : Guid.TryParse(context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var user) ? user : Guid.Empty;

    private static IResult NotFound() => Results.Problem(title: "Not found", detail: "There is no such supplier in this portfolio.", statusCode: 404);

    private static async Task<IResult?> DenyAsync(HttpContext context, IAuthorizationService authorization, Operation operation, Guid id) =>
        await authorization.CheckAsync(context.User, operation, id) switch
        {
            AccessOutcome.Allowed => null,
            AccessOutcome.SignInNeeded => Results.Challenge(),
            AccessOutcome.NotFound => Results.Problem(title: "Not found", detail: "There is no such organization, or it is not yours.", statusCode: 404),
            _ => Results.Forbid(),
        };

    /// <summary>Changes come from systems with a token (a browser session could be driven by another site).</summary>
    private static async Task<IResult?> DenyWriteAsync(HttpContext context, IAuthorizationService authorization, Guid id)
    {
        if (await DenyAsync(context, authorization, Operation.ManageSuppliers, id) is { } denied)
        {
            return denied;
        }

        return ApiTokenAuthentication.TokenOf(context.User) is null
            ? Results.Problem(title: "API token required", detail: "Changes through the API need an API token with suppliers:write; people use the pages.", statusCode: 403)
            : null;
    }
}
