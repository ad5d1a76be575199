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
public sealed class RegistrationsModel(Actors actors, Organizations.OrganizationQueries organizations, RegistrationQueries registrations) : PageModel
{
    public IReadOnlyList<(AssessmentRecord Round, string Organization)> Rounds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await actors.PersonAsync(User, ct);
        var rounds = actor is null ? [] : await registrations.RoundsAsync(actor, ct);
        var ids = rounds.Select(r => r.OrganizationId).Distinct().ToList();
        var names = await organizations.NamesAsync(ids, ct);
        Rounds = [.. rounds.Select(r => (r, names[r.OrganizationId]))];
    }
}
