using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Experts;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Experts;

/// <summary>The scheme owner's register of experts: profiles by verification state, the pending ones first to check.</summary>
[Authorize]
public sealed class RegisterModel(ExpertStore experts, IAuthorizationService authorization) : PageModel
{
    [FromQuery(Name = "state")]
    public VerificationState State { get; set; } = VerificationState.Pending;

    [FromQuery(Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<(ExpertProfileRecord Profile, string Name, string Email)> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public Shared.Pager Pager { get; private set; } = new(1, 1, _ => "");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.VerifyExperts))
        {
            return Forbid();
        }

        PageNumber = Math.Max(1, PageNumber);
        (var rows, Total) = await experts.ListAsync(State, PageNumber, ct);
        Rows = rows;
        Pager = new(PageNumber, Math.Max(1, (Total + ExpertStore.PageSize - 1) / ExpertStore.PageSize), p => $"/experts?state={State}&p={p}");
        return Page();
    }
}
