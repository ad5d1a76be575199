using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>
/// The supplier's administrators grant a buyer (one that keeps them in its portfolio) access to
/// the details of one finished result, with an optional last day, and revoke it (with a confirmation).
/// </summary>
public sealed class DisclosuresModel(IAuthorizationService authorization, DisclosureStore disclosures, CorporateIdentityStore identity, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<SuppliersText> text)
    : OrganizationPage(authorization)
{
    public IReadOnlyList<GrantView> Grants { get; private set; } = [];

    public IReadOnlyList<DisclosableResult> Results { get; private set; } = [];

    public IReadOnlyList<BuyerChoice> Buyers { get; private set; } = [];

    /// <summary>Buyers are found by the 法人番号 only once it is verified.</summary>
    public bool NumberVerified { get; private set; }

    [BindProperty]
    public GrantForm Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public sealed class GrantForm
    {
        public Guid? AssessmentId { get; set; }

        public Guid? BuyerId { get; set; }

        public DateOnly? EndsOn { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageDisclosure) is { } denied)
        {
            return denied;
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageDisclosure) is { } denied)
        {
            return denied;
        }

        var problems = await disclosures.GrantAsync(OrganizationId, Input.AssessmentId, Input.BuyerId, Input.EndsOn, UserId, Address, ct);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                ModelState.AddModelError(problem switch { "resultRequired" => "Input.AssessmentId", "buyerRequired" => "Input.BuyerId", _ => "Input.EndsOn" }, text["DisclosureProblem_" + problem]);
            }

            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Message = text["DisclosureGranted"];
        return RedirectToPage(new { id = OrganizationId });
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid grantId, int version, bool confirm, CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageDisclosure) is { } denied)
        {
            return denied;
        }

        if (!confirm)
        {
            ModelState.AddModelError("revoke-" + grantId, text["RevokeConfirmRequired"]);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (!await disclosures.RevokeAsync(OrganizationId, grantId, version, UserId, Address, ct))
        {
            ModelState.AddModelError("revoke-" + grantId, text["Changed"]);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Message = text["DisclosureRevoked"];
        return RedirectToPage(new { id = OrganizationId });
    }

    private Guid UserId => Guid.Parse(users.GetUserId(User)!);

    private async Task LoadAsync(CancellationToken ct)
    {
        Grants = await disclosures.GrantsAsync(OrganizationId, ct);
        Results = await disclosures.ResultsAsync(OrganizationId, ct);
        Buyers = await disclosures.BuyersAsync(OrganizationId, ct);
        NumberVerified = await identity.IsVerifiedAsync(OrganizationId, ct);
    }
}
