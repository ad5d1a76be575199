using Hoshi.Data;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
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

    /// <summary>What an endpoint of this API asks of the caller (read by the group's access filter).</summary>
    private sealed record SupplierAccess(Operation Operation, bool Write);

    public sealed record StatusList(IReadOnlyList<StatusItem> Results);

    public sealed record ImportList(IReadOnlyList<ImportItem> Items);

    public static IEndpointRouteBuilder MapSuppliersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organizations/{id:guid}/suppliers").WithTags("Suppliers").RequireAuthorization()
            .AddEndpointFilter(AccessFilterAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        var read = new SupplierAccess(Operation.ViewSuppliers, Write: false);
        var write = new SupplierAccess(Operation.ManageSuppliers, Write: true);
        var readScope = new Shared.TokenScope(ApiScope.SuppliersRead);
        var writeScope = new Shared.TokenScope(ApiScope.SuppliersWrite);

        api.MapGet("/", ListAsync).WithMetadata(read, readScope).ProducesValidationProblem()
            .WithSummary("The portfolio, at-risk first, filtered like the page (status, tag, department, required 3/4/0, q). Token scope: suppliers:read.");
        api.MapGet("/status", StatusAsync).WithMetadata(read, readScope)
            .WithSummary("Bulk status of the whole portfolio (every supplier not archived). Token scope: suppliers:read.");
        api.MapGet("/{supplierId:guid}", OneAsync).WithMetadata(read, readScope)
            .WithSummary("One supplier with its status. Token scope: suppliers:read.");
        api.MapPost("/", AddAsync).WithMetadata(write, writeScope)
            .WithSummary("Adds a supplier (name filled from Hoshi or the registry when left out). Token scope: suppliers:write.");
        api.MapPut("/{supplierId:guid}", UpdateAsync).WithMetadata(write, writeScope)
            .WithSummary("Changes a supplier's details (not its number); send the version you read. Token scope: suppliers:write.");
        api.MapPost("/imports", ImportAsync).WithMetadata(write, writeScope)
            .WithMetadata(new Shared.FileBody("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
            .WithSummary("Imports suppliers from a CSV or .xlsx body (as the page does); answers 202 with where to follow it. Token scope: suppliers:write.");
        api.MapGet("/imports", ImportsAsync).WithMetadata(read, readScope)
            .WithSummary("The latest 50 imports, newest first. Token scope: suppliers:read.");
        api.MapGet("/imports/{importId:guid}", ImportStatusAsync).WithMetadata(read, readScope)
            .WithSummary("Where an import is (queued, running, done, failed), with the refused rows and their problems once done. Token scope: suppliers:read.");
        return app;
    }

    /// <summary>
    /// Every endpoint's access check, before its handler: the organization's operation (a foreign
    /// organization is 404), and for changes an API token (a browser session could be driven by another site).
    /// </summary>
    private static async ValueTask<object?> AccessFilterAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var access = context.GetEndpoint()?.Metadata.GetMetadata<SupplierAccess>() ?? throw new InvalidOperationException("A suppliers endpoint declares its access.");
        var id = Guid.Parse((string)context.Request.RouteValues["id"]!);
        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        switch (await authorization.CheckAsync(context.User, access.Operation, id))
        {
            case AccessOutcome.Allowed:
                break;
            case AccessOutcome.SignInNeeded:
                return TypedResults.Challenge();
            case AccessOutcome.NotFound:
                return TypedResults.Problem(title: "Not found", detail: "There is no such organization, or it is not yours.", statusCode: 404);
            default:
                return TypedResults.Forbid();
        }

        if (access.Write && ApiTokenAuthentication.TokenOf(context.User) is null)
        {
            return TypedResults.Problem(title: "API token required", detail: "Changes through the API need an API token with suppliers:write; people use the pages.", statusCode: 403);
        }

        return await next(invocation);
    }

    private static async Task<Results<Ok<SupplierList>, ProblemHttpResult>> ListAsync(Guid id, string? status, string? tag, string? department, int? required, string? q, bool? archived, int? page, int? pageSize,
        PortfolioQueries portfolio, CancellationToken ct)
    {
        SupplierStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<SupplierStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.Problem(title: "Bad filter", detail: $"status must be one of {string.Join(", ", Enum.GetNames<SupplierStatus>())}.", statusCode: 400);
            }

            wanted = parsed;
        }

        var size = pageSize ?? 100;
        if (size is < 1 or > MaxPageSize || page is < 1)
        {
            return TypedResults.Problem(title: "Bad paging", detail: $"page ≥ 1 and 1 ≤ pageSize ≤ {MaxPageSize}.", statusCode: 400);
        }

        var result = await portfolio.ListAsync(id, new PortfolioFilter(wanted, tag, department, required, q, Archived: archived == true), page ?? 1, size, ct);
        return TypedResults.Ok(new SupplierList([.. result.Rows.Select(Item)], result.Total, page ?? 1, size));
    }

    private static async Task<Ok<StatusList>> StatusAsync(Guid id, PortfolioQueries portfolio, CancellationToken ct)
    {
        var rows = await portfolio.RowsAsync(id, archived: false, ct);
        var items = rows.OrderBy(r => r.Supplier.CorporateNumber, StringComparer.Ordinal).Select(r => new StatusItem(
            r.Supplier.CorporateNumber, r.Supplier.Name, r.Supplier.RequiredLevel, r.Standing.HeldLevel is { } held ? (int)held : null,
            Word(r.Standing.Status), r.Standing.ValidUntil, r.Standing.Gap)).ToList();
        return TypedResults.Ok(new StatusList(items));
    }

    private static async Task<Results<Ok<SupplierItem>, ProblemHttpResult>> OneAsync(Guid id, Guid supplierId, PortfolioQueries portfolio, CancellationToken ct) =>
        await portfolio.RowAsync(id, supplierId, ct) is { } row ? TypedResults.Ok(Item(row)) : NotFound();

    private static async Task<Results<Created<SupplierItem>, ProblemHttpResult, ValidationProblem>> AddAsync(Guid id, SupplierBody body, HttpContext context, SupplierStore store, PortfolioQueries portfolio, CancellationToken ct)
    {
        var (added, errors) = await store.AddAsync(id, new SupplierInput(body.CorporateNumber, body.Name, body.SupplierCode, body.Department, body.ContactEmail, body.Tags),
            ActorOf(context), context.Connection.RemoteIpAddress?.ToString(), ct);
        if (added is null)
        {
            return errors.Any(e => e.Code == "duplicate")
                ? TypedResults.Problem(title: "Already in the portfolio", detail: errors.First(e => e.Code == "duplicate").Message, statusCode: 409)
                : TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        var row = (await portfolio.RowAsync(id, added.Id, ct))!;
        return TypedResults.Created($"/api/organizations/{id}/suppliers/{added.Id}", Item(row));
    }

    private static async Task<Results<Ok<SupplierItem>, ProblemHttpResult, ValidationProblem>> UpdateAsync(Guid id, Guid supplierId, SupplierBody body, HttpContext context, SupplierStore store, PortfolioQueries portfolio, CancellationToken ct)
    {
        if (body.Version is not { } version)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["The version you read is required (optimistic concurrency)."] });
        }

        var errors = await store.UpdateAsync(id, supplierId, new SupplierInput(null, body.Name, body.SupplierCode, body.Department, body.ContactEmail, body.Tags),
            version, ActorOf(context), context.Connection.RemoteIpAddress?.ToString(), ct);
        if (errors is null)
        {
            return NotFound();
        }

        if (errors.Any(e => e.Code == "changed"))
        {
            return TypedResults.Problem(title: "Changed meanwhile", detail: "The supplier changed since you read it: read it again.", statusCode: 409);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        return TypedResults.Ok(Item((await portfolio.RowAsync(id, supplierId, ct))!));
    }

    private static async Task<Results<Accepted<ImportItem>, ProblemHttpResult>> ImportAsync(Guid id, HttpContext context, SupplierImportStore imports, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var limited = context.Request.Body;
        var chunk = new byte[81920];
        int read;
        while ((read = await limited.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > SupplierImportStore.MaxUploadBytes)
            {
                return TypedResults.Problem(title: "Too large", detail: $"At most {SupplierImportStore.MaxUploadBytes / (1024 * 1024)} MB.", statusCode: 413);
            }
        }

        var name = context.Request.Headers["X-File-Name"].ToString() is { Length: > 0 } given ? given
            : context.Request.ContentType?.Contains("spreadsheetml", StringComparison.Ordinal) == true ? "suppliers.xlsx" : "suppliers.csv";
        var (importId, problem) = await imports.StartAsync(id, name, buffer.ToArray(), ActorOf(context), context.Connection.RemoteIpAddress?.ToString(), ct);
        return importId is { } started
            ? TypedResults.Accepted($"/api/organizations/{id}/suppliers/imports/{started}", new ImportItem(started, "queued", 0, 0, 0, 0, null, null))
            : TypedResults.Problem(title: "File refused", detail: problem, statusCode: 400);
    }

    private static async Task<Ok<ImportList>> ImportsAsync(Guid id, SupplierImportStore imports, CancellationToken ct)
    {
        var recent = await imports.RecentAsync(id, 50, ct);
        return TypedResults.Ok(new ImportList([.. recent.Select(i => new ImportItem(i.Id, i.State, i.Total, i.State == "done" ? i.Total : 0, i.Added, i.Refused, i.Error, null))]));
    }

    private static async Task<Results<Ok<ImportItem>, ProblemHttpResult>> ImportStatusAsync(Guid id, Guid importId, SupplierImportStore imports, CancellationToken ct)
    {
        if (await imports.FindAsync(id, importId, ct) is not { } status)
        {
            return NotFound();
        }

        var i = status.Import;
        return TypedResults.Ok(new ImportItem(i.Id, i.State, i.Total, status.Processed, i.Added, i.Refused, i.Error,
            status.Report?.Rows.Where(r => !r.Accepted).Select(r => new RefusedRow(r.Number, r.CorporateNumber, r.Problems)).ToList()));
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

    private static ProblemHttpResult NotFound() => TypedResults.Problem(title: "Not found", detail: "There is no such supplier in this portfolio.", statusCode: 404);
}
