using Hoshi.Data;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Organizations;

/// <summary>The organizations a person belongs to; for scheme-owner administrators, every organization (searchable, paged).</summary>
[Authorize]
public sealed class IndexModel(OrganizationQueries organizations, Actors actors, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(Guid Id, string Name, string? CorporateNumber, IReadOnlyList<OrganizationRole> Roles, MembershipRole? MyRole);

    public IReadOnlyList<Row> Mine { get; private set; } = [];

    public bool MaySeeAll { get; private set; }

    public IReadOnlyList<Row> All { get; private set; } = [];

    public int Total { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await actors.PersonAsync(User, ct) is not { } actor)
        {
            return Challenge();
        }

        var ids = actor.Memberships.Select(m => m.OrganizationId).Distinct().ToList();
        var mine = await organizations.ListAsync(ids, ct);
        Mine = [.. mine.Select(o => ToRow(o, actor.MembershipIn(o.Id)?.Role))];

        MaySeeAll = await authorization.MayAsync(User, Operation.ViewAllOrganizations);
        if (MaySeeAll)
        {
            var page = await organizations.SearchAsync(Q, PageNumber, PageSize, ct);
            (Total, PageNumber) = (page.Total, page.PageNumber);
            All = [.. page.Rows.Select(o => ToRow(o, actor.MembershipIn(o.Id)?.Role))];
        }

        return Page();
    }

    private static Row ToRow(OrganizationRecord o, MembershipRole? myRole) =>
        new(o.Id, o.LegalNameJa, o.CorporateNumber, [.. o.Roles.Select(r => r.Role).Order()], myRole);
}
