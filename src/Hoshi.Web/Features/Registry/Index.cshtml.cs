using Hoshi.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Registry;

/// <summary>
/// The registry (台帳) as a plain public list, newest first, one row per legal entity an entry is
/// listed under. The full registry (search, API, certificates) is its own feature.
/// </summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(string CorporateNumber, string Name, int Level, string Status, DateOnly ValidFrom, DateOnly ValidUntil, string Scope, string RegisteredBy);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public int Total { get; private set; }

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = from subject in db.Set<Data.Assessments.RegistryEntrySubjectRecord>()
                    join entry in db.RegistryEntries on subject.EntryId equals entry.Id
                    join body in db.Organizations on entry.RegisteredByOrganizationId equals body.Id
                    select new { subject, entry, body.LegalNameJa };
        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var rows = await query.OrderByDescending(x => x.entry.RegisteredAt).ThenBy(x => x.subject.CorporateNumber)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Rows = [.. rows.Select(x => new Row(x.subject.CorporateNumber, x.subject.Name, (int)x.entry.Level, x.entry.Status, x.entry.ValidFrom, x.entry.ValidUntil, x.entry.ScopeSummary, x.LegalNameJa))];
    }
}
