using Hoshi.Data;
using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Audit;

/// <summary>An organization's own audit trail, for its administrators.</summary>
public sealed class OrganizationAuditModel(IAuthorizationService authorization, Organizations.OrganizationQueries organizations, AuditLog log) : OrganizationPage(authorization)
{
    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    public string OrganizationName { get; private set; } = "";

    public AuditPage Records { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ViewOrganizationAudit) is { } denied)
        {
            return denied;
        }

        OrganizationName = await organizations.NameAsync(OrganizationId, ct);
        Records = await log.PageAsync(OrganizationId, Action, PageNumber, AuditLog.DefaultPageSize, ct);
        return Page();
    }
}
