using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Web.Features.Assessments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Reviews;

/// <summary>The rounds an expert was asked to review.</summary>
[Authorize]
public sealed class ReviewsModel(ReviewStore reviews, Organizations.OrganizationQueries organizations, UserManager<Data.Accounts.HoshiUser> users) : PageModel
{
    public IReadOnlyList<(AssessmentRecord Round, string Organization)> Rounds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rounds = await reviews.AssignedToAsync(Guid.Parse(users.GetUserId(User)!), ct);
        var ids = rounds.Select(r => r.OrganizationId).Distinct().ToList();
        var names = await organizations.NamesAsync(ids, ct);
        Rounds = [.. rounds.Select(r => (r, names[r.OrganizationId]))];
    }
}
