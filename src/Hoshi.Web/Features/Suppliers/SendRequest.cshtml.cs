using Hoshi.Data.Suppliers;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>Asks a supplier for a level by a due date: e-mailed with a link that also lets it sign up into the right organization.</summary>
public sealed class SendRequestModel(IAuthorizationService authorization, SupplierStore store, SupplierRequestStore requests, TimeProvider clock,
    UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<SuppliersText> text, Shared.PublicUrl publicUrl)
    : OrganizationPage(authorization)
{
    public const int DefaultDueDays = 90;

    [BindProperty(SupportsGet = true)]
    public Guid SupplierId { get; set; }

    public SupplierRecord Supplier { get; private set; } = null!;

    [BindProperty]
    public RequestForm Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public sealed class RequestForm
    {
        public int? Level { get; set; }

        public DateOnly? DueOn { get; set; }

        public string? Email { get; set; }

        public string? Message { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        if (await store.FindAsync(OrganizationId, SupplierId, ct) is not { } found)
        {
            return NotFound();
        }

        Supplier = found.Supplier;
        Input = new RequestForm
        {
            Level = Supplier.RequiredLevel,
            DueOn = JapanTime.DateOf(clock.GetUtcNow()).AddDays(DefaultDueDays),
            Email = Supplier.ContactEmail,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        if (await store.FindAsync(OrganizationId, SupplierId, ct) is not { } found)
        {
            return NotFound();
        }

        Supplier = found.Supplier;
        var result = await requests.SendAsync(OrganizationId, SupplierId, Input.Level, Input.DueOn, Input.Message, Input.Email,
            Guid.Parse(users.GetUserId(User)!), Address, ct);
        if (result is not { } sent)
        {
            return NotFound();
        }

        if (sent.Request is null)
        {
            FieldErrors.AddTo(ModelState, sent.Errors, "Input.", text);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var link = publicUrl.Link($"/requests/{sent.Secret}");
        Message = sent.Request.SentTo is { } to ? text["RequestSent", to, link] : text["RequestSentNoMail", link];
        return RedirectToPage("/Suppliers/Supplier", new { id = OrganizationId, supplierId = SupplierId });
    }
}
