using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Assessments;

/// <summary>An applicant's self-assessments: start a ★3 round, open the ones in progress and the history.</summary>
public sealed class IndexModel(IAuthorizationService authorization, Organizations.OrganizationQueries organizations, AssessmentStore store, UserManager<Data.Accounts.HoshiUser> users, Microsoft.Extensions.Localization.IStringLocalizer<AssessmentsText> text)
    : OrganizationPage(authorization)
{
    public string OrganizationName { get; private set; } = "";

    public IReadOnlyList<AssessmentRecord> Rounds { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.WorkOnAssessments) is { } denied)
        {
            return denied;
        }

        OrganizationName = await organizations.NameAsync(OrganizationId, ct);
        Rounds = await store.ListAsync(OrganizationId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(int? level, CancellationToken ct)
    {
        if (await GuardAsync(Operation.WorkOnAssessments) is { } denied)
        {
            return denied;
        }

        try
        {
            var round = await store.StartAsync(OrganizationId, level == 4 ? Level.Star4 : Level.Star3, Guid.Parse(users.GetUserId(User)!), Address, ct);
            return RedirectToPage("/Assessments/Overview", new { assessmentId = round.Id });
        }
        catch (RenewalNotOpenException e)
        {
            ModelState.AddModelError("level", text["RenewalNotOpen", level == 4 ? 4 : 3, e.OpensOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await OnGetAsync(ct);
        }
    }
}
