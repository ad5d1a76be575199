using Hoshi.Data;
using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Organizations;

/// <summary>
/// <c>/api/organizations</c>: an organization's details and audit trail, for its people (cookie)
/// and its systems (API token with the matching scope). Foreign organizations are 404.
/// </summary>
public static class OrganizationsApi
{
    public sealed record OrganizationItem(
        Guid Id, string LegalNameJa, string? NameEn, string? CorporateNumber, string EmployeeBand,
        string? Industry, string? PrefectureCode, Guid? ParentId, IReadOnlyList<string> Roles);

    public sealed record AuditItem(long Sequence, DateTime OccurredAt, string Actor, string Action, string ObjectType, string ObjectId, string? Changes, string? Address);

    public sealed record AuditList(IReadOnlyList<AuditItem> Items, int Total, int Page, int PageSize);

    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organizations").WithTags("Organizations").RequireAuthorization();

        api.MapGet("/{id:guid}", async Task<Results<Ok<OrganizationItem>, ProblemHttpResult, ChallengeHttpResult, ForbidHttpResult>> (
                Guid id, HttpContext context, IAuthorizationService authorization, AppDbContext db, CancellationToken ct) =>
            {
                if (await DenyAsync(context, authorization, Operation.ViewOrganization, id) is { } denied)
                {
                    return denied.AsResults<OrganizationItem>();
                }

                var o = await db.Organizations.AsNoTracking().Include(x => x.Roles).FirstAsync(x => x.Id == id, ct);
                return TypedResults.Ok(new OrganizationItem(o.Id, o.LegalNameJa, o.NameEn, o.CorporateNumber, o.EmployeeBand.ToString(),
                    o.Industry, o.PrefectureCode, o.ParentId, [.. o.Roles.Select(r => r.Role.ToString()).Order(StringComparer.Ordinal)]));
            })
            .WithSummary("An organization's details and roles. Token scope: organization:read.")
            .WithMetadata(new Shared.TokenScope(ApiScope.OrganizationRead))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:guid}/audit", async Task<Results<Ok<AuditList>, ProblemHttpResult, ChallengeHttpResult, ForbidHttpResult>> (
                Guid id, int? page, int? pageSize, string? action, HttpContext context, IAuthorizationService authorization, AuditLog log, CancellationToken ct) =>
            {
                if (await DenyAsync(context, authorization, Operation.ViewOrganizationAudit, id) is { } denied)
                {
                    return denied.AsResults<AuditList>();
                }

                var result = await log.PageAsync(id, action, page ?? 1, pageSize ?? AuditLog.DefaultPageSize, ct);
                return TypedResults.Ok(new AuditList(
                    [.. result.Rows.Select(r => new AuditItem(r.Sequence, r.OccurredAt, r.Actor, r.Action, r.ObjectType, r.ObjectId, r.Changes, r.Address))],
                    result.Total, result.Page, result.PageSize));
            })
            .WithSummary("The organization's audit trail, newest first (pageSize ≤ 200). Token scope: audit:read.")
            .WithMetadata(new Shared.TokenScope(ApiScope.AuditRead))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    /// <summary>The refusal for a caller who may not do this, or null.</summary>
    private static async Task<Refusal?> DenyAsync(HttpContext context, IAuthorizationService authorization, Operation operation, Guid id) =>
        await authorization.CheckAsync(context.User, operation, id) switch
        {
            AccessOutcome.Allowed => null,
            AccessOutcome.SignInNeeded => new Refusal(StatusCodes.Status401Unauthorized),
            AccessOutcome.NotFound => new Refusal(StatusCodes.Status404NotFound),
            _ => new Refusal(StatusCodes.Status403Forbidden),
        };

    private sealed record Refusal(int Status)
    {
        public Results<Ok<T>, ProblemHttpResult, ChallengeHttpResult, ForbidHttpResult> AsResults<T>() => Status switch
        {
            StatusCodes.Status401Unauthorized => TypedResults.Challenge(),
            StatusCodes.Status403Forbidden => TypedResults.Forbid(),
            _ => TypedResults.Problem(title: "Not found", detail: "There is no such organization, or it is not yours.", statusCode: StatusCodes.Status404NotFound),
        };
    }
}
