using Hoshi.Data;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>
/// A buyer's supplier portfolio: every supplier with the level required, the star held and its
/// status from the registry, at-risk first, filtered by status, 50 a page; add one by 法人番号.
/// </summary>
public sealed class IndexModel(IAuthorizationService authorization, AppDbContext db, SupplierStore store, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<SuppliersText> text)
    : OrganizationPage(authorization)
{
    public const int PageSize = 50;

    public string OrganizationName { get; private set; } = "";

    public IReadOnlyList<SupplierRow> Rows { get; private set; } = [];

    public IReadOnlyDictionary<SupplierStatus, int> Counts { get; private set; } = new Dictionary<SupplierStatus, int>();

    public int Total { get; private set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public SupplierStatus? Status { get; set; }

    /// <summary>The page number, as <c>p</c> ("page" is Razor Pages' own route value).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    [BindProperty]
    public SupplierForm Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public sealed class SupplierForm
    {
        public string? CorporateNumber { get; set; }

        public string? Name { get; set; }

        public string? SupplierCode { get; set; }

        public string? Department { get; set; }

        public string? ContactEmail { get; set; }

        public string? Tags { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        var (added, errors) = await store.AddAsync(OrganizationId, new SupplierInput(Input.CorporateNumber, Input.Name, Input.SupplierCode, Input.Department, Input.ContactEmail, Input.Tags), Guid.Parse(users.GetUserId(User)!), Address, ct);
        if (added is null)
        {
            FieldErrors.AddTo(ModelState, errors, "Input.", text);
            await LoadAsync(ct);
            return Page();
        }

        Message = text["Added", added.Name];
        return RedirectToPage(new { id = OrganizationId });
    }

    public string LinkTo(int page) => Url.Page(null, new { id = OrganizationId, status = Status, p = page })!;

    private async Task LoadAsync(CancellationToken ct)
    {
        OrganizationName = await db.Organizations.Where(o => o.Id == OrganizationId).Select(o => o.LegalNameJa).FirstAsync(ct);
        PageNumber = Math.Max(1, PageNumber);
        (Rows, Total, Counts) = await store.ListAsync(OrganizationId, Status, PageNumber, PageSize, ct);
        if (PageNumber > PageCount)
        {
            PageNumber = PageCount;
            (Rows, Total, Counts) = await store.ListAsync(OrganizationId, Status, PageNumber, PageSize, ct);
        }
    }
}
