using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Registry;

/// <summary>Results submitted to the registration bodies this officer acts for.</summary>
[Authorize]
public sealed class RegistrationsModel(Actors actors, AppDbContext db) : PageModel
{
    public IReadOnlyList<(AssessmentRecord Round, string Organization)> Rounds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await actors.PersonAsync(User, ct);
        var bodies = actor?.Memberships.Where(m => RegistrationAccess.MayRegister(actor, m.OrganizationId)).Select(m => (Guid?)m.OrganizationId).ToList() ?? [];
        var rounds = await db.Assessments.AsNoTracking()
            .Where(a => bodies.Contains(a.RegistrationBodyId) && a.State != AssessmentState.Draft)
            .OrderBy(a => a.State != AssessmentState.SubmittedForRegistration).ThenByDescending(a => a.UpdatedAt).Take(200).ToListAsync(ct);
        var ids = rounds.Select(r => r.OrganizationId).Distinct().ToList();
        var names = await db.Organizations.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.LegalNameJa, ct);
        Rounds = [.. rounds.Select(r => (r, names[r.OrganizationId]))];
    }
}
