using Hoshi.Domain.Accounts;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>
/// The supplier's side: every buyer's request for a level (found by the organization's 法人番号),
/// open ones first, with the conversation; accept, comment, or propose another date.
/// </summary>
public sealed class IncomingModel(IAuthorizationService authorization, SupplierRequestStore requests, CorporateIdentityStore identity, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<SuppliersText> text)
    : OrganizationPage(authorization)
{
    public IReadOnlyList<RequestView> Requests { get; private set; } = [];

    /// <summary>Requests reach only the organization whose 法人番号 is verified.</summary>
    public bool NumberVerified { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.RespondToBuyers) is { } denied)
        {
            return denied;
        }

        Requests = await requests.IncomingAsync(OrganizationId, ct);
        NumberVerified = await identity.IsVerifiedAsync(OrganizationId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid requestId, RequestAction action, string? note, DateOnly? proposedDueOn, int version, CancellationToken ct)
    {
        if (await GuardAsync(Operation.RespondToBuyers) is { } denied)
        {
            return denied;
        }

        if (action is not (RequestAction.Accept or RequestAction.Comment or RequestAction.ProposeDate))
        {
            return BadRequest();
        }

        var problems = await requests.ActAsync(requestId, RequestSide.Supplier, OrganizationId, action, note, proposedDueOn, version, Guid.Parse(users.GetUserId(User)!), Address, ct);
        if (problems is null)
        {
            return NotFound();
        }

        if (problems.Count > 0)
        {
            SupplierRequestStore.AddProblems(ModelState, requestId, problems, text);

            Requests = await requests.IncomingAsync(OrganizationId, ct);
            NumberVerified = await identity.IsVerifiedAsync(OrganizationId, ct);
            Response.StatusCode = SupplierRequestStore.StatusOf(problems);
            return Page();
        }

        Message = text["RequestDone_" + action];
        return RedirectToPage(new { id = OrganizationId });
    }
}
