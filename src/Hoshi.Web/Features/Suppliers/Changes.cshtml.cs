using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>A change of one supplier, for the list.</summary>
public sealed record SupplierChange(Guid SupplierId, string Name, string CorporateNumber, PortfolioChange Change);

/// <summary>
/// The buyer's notification list: what changed in the registry for its suppliers over the last
/// 90 days — newly certified, suspended, revoked, reinstated, expired — and whose star ends within
/// 60 days, newest first. (E-mail and the unread bell come with the lifecycle work.)
/// </summary>
public sealed class ChangesModel(IAuthorizationService authorization, PortfolioQueries portfolio, TimeProvider clock) : OrganizationPage(authorization)
{
    public const int PageSize = 100;

    public IReadOnlyList<SupplierChange> Changes { get; private set; } = [];

    public int Total { get; private set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        var buyer = OrganizationId;
        var rows = await portfolio.EntriesAsync(buyer, ct);
        var today = JapanTime.DateOf(clock.GetUtcNow());
        var all = rows.SelectMany(r => PortfolioChanges.Of(r.ToFacts(), today)
                .Select(c => new SupplierChange(r.SupplierId, r.Name, r.CorporateNumber, c)))
            .OrderByDescending(c => c.Change.Kind == ChangeKind.ExpiryApproaching ? today : c.Change.On)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        Total = all.Count;
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Changes = [.. all.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
        return Page();
    }

    public string LinkTo(int page) => Url.Page(null, new { id = OrganizationId, p = page })!;
}
