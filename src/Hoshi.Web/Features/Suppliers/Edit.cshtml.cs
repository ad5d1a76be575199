using Hoshi.Data.Suppliers;
using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>Changes a supplier's details (not its 法人番号); archives it (with a confirmation) or brings it back.</summary>
public sealed class EditModel(IAuthorizationService authorization, SupplierStore store, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<SuppliersText> text)
    : OrganizationPage(authorization)
{
    [BindProperty(SupportsGet = true)]
    public Guid SupplierId { get; set; }

    public SupplierRecord Supplier { get; private set; } = null!;

    [BindProperty]
    public IndexModel.SupplierForm Input { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public bool Confirm { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Input = new IndexModel.SupplierForm
        {
            Name = Supplier.Name,
            SupplierCode = Supplier.SupplierCode,
            Department = Supplier.Department,
            ContactEmail = Supplier.ContactEmail,
            Tags = Supplier.Tags?.Replace(",", ", ", StringComparison.Ordinal),
        };
        Version = Supplier.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        var errors = await store.UpdateAsync(OrganizationId, SupplierId, new SupplierInput(null, Input.Name, Input.SupplierCode, Input.Department, Input.ContactEmail, Input.Tags), Version, UserId, Address, ct);
        if (errors is null || !await LoadAsync(ct))
        {
            return NotFound();
        }

        if (errors.Count > 0)
        {
            FieldErrors.AddTo(ModelState, errors.Where(e => e.Field != "form"), "Input.", text);
            if (errors.Any(e => e.Code == "changed"))
            {
                ModelState.AddModelError("", text["Changed"]);
                Response.StatusCode = StatusCodes.Status409Conflict;
            }
            else
            {
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            }

            return Page();
        }

        Message = text["Saved"];
        return RedirectToPage("/Suppliers/Supplier", new { id = OrganizationId, supplierId = SupplierId });
    }

    public async Task<IActionResult> OnPostArchiveAsync(bool archive, CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (archive && !Confirm)
        {
            ModelState.AddModelError("Confirm", text["ArchiveConfirmRequired"]);
            Input = new IndexModel.SupplierForm { Name = Supplier.Name, SupplierCode = Supplier.SupplierCode, Department = Supplier.Department, ContactEmail = Supplier.ContactEmail, Tags = Supplier.Tags };
            Version = Supplier.Version;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (!await store.ArchiveAsync(OrganizationId, SupplierId, archive, Version, UserId, Address, ct))
        {
            ModelState.AddModelError("", text["Changed"]);
            Input = new IndexModel.SupplierForm { Name = Supplier.Name, SupplierCode = Supplier.SupplierCode, Department = Supplier.Department, ContactEmail = Supplier.ContactEmail, Tags = Supplier.Tags };
            Version = Supplier.Version;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Message = archive ? text["ArchivedMessage", Supplier.Name] : text["RestoredMessage", Supplier.Name];
        return archive ? RedirectToPage("/Suppliers/Index", new { id = OrganizationId }) : RedirectToPage("/Suppliers/Supplier", new { id = OrganizationId, supplierId = SupplierId });
    }

    private Guid UserId => Guid.Parse(users.GetUserId(User)!);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await store.FindAsync(OrganizationId, SupplierId, ct) is not { } found)
        {
            return false;
        }

        Supplier = found.Supplier;
        return true;
    }
}
