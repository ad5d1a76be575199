using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Assessments;

/// <summary>
/// A page of one round (route value <c>assessmentId</c>): loads it with its catalog and asks the
/// authorization place about the round's organization. Foreign rounds are "not found".
/// </summary>
[Authorize]
public abstract class AssessmentPage(IAuthorizationService authorization, AssessmentStore store, UserManager<Data.Accounts.HoshiUser> users) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "assessmentId")]
    public Guid AssessmentId { get; set; }

    public LoadedAssessment Loaded { get; protected set; } = null!;

    protected AssessmentStore Store => store;

    protected IAuthorizationService Authorization => authorization;

    protected string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    protected Guid UserId => Guid.Parse(users.GetUserId(User)!);

    /// <summary>Null when allowed (and <see cref="Loaded"/> is set); otherwise the result to return.</summary>
    protected async Task<IActionResult?> LoadAsync(Operation operation, CancellationToken ct)
    {
        var loaded = await store.LoadAsync(AssessmentId, ct);
        if (loaded is null)
        {
            return NotFound();
        }

        switch (await authorization.CheckAsync(User, operation, loaded.Assessment.OrganizationId))
        {
            case AccessOutcome.Allowed:
                Loaded = loaded;
                return null;
            case AccessOutcome.SignInNeeded:
                return Challenge();
            case AccessOutcome.Forbidden when await authorization.MayAsync(User, Operation.ViewOrganization, loaded.Assessment.OrganizationId):
                return Forbid();
            default:
                return NotFound();
        }
    }
}
