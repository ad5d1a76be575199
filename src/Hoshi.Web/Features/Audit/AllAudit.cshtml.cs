using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Audit;

/// <summary>The whole audit trail, for the scheme owner's administrators.</summary>
[Authorize]
public sealed class AllAuditModel(IAuthorizationService authorization, AuditLog log) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Organization { get; set; }

    public AuditPage Records { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.ViewAllAudit))
        {
            return Forbid();
        }

        Records = await log.PageAsync(Organization, Action, PageNumber, AuditLog.DefaultPageSize, ct);
        return Page();
    }
}
