using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Reviews;
using Hoshi.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Hoshi.Web.Features.Assessments;

/// <summary>
/// A round's OSCAL documents: the assessment plan (GET) and, once decided, the assessment results
/// (<c>?handler=Results</c>), whose <c>import-ap</c> names the plan's address here. For the
/// applicant's administrators and members and for those who judge the round (the chosen expert;
/// the ★4 evaluation's team and the body's managers), so the one link in the results opens for
/// everyone who may hold them.
/// </summary>
public sealed class OscalModel(IAuthorizationService authorization, AssessmentStore store, UserManager<Data.Accounts.HoshiUser> users, Organizations.OrganizationQueries organizations, PublicUrl publicUrl, TimeProvider clock)
    : AssessmentPage(authorization, store, users)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadForExportAsync(ct) is { } denied)
        {
            return denied;
        }

        var document = OscalAssessmentPlan.Build(Loaded, await organizations.NameAsync(Loaded.Assessment.OrganizationId, ct), publicUrl.Base, clock.GetUtcNow());
        return Json(document, $"hoshi-assessment-plan-{AssessmentId}.json");
    }

    public async Task<IActionResult> OnGetResultsAsync(CancellationToken ct)
    {
        if (await LoadForExportAsync(ct) is { } denied)
        {
            return denied;
        }

        if (!OscalAssessmentResults.IsExportable(Loaded.Assessment.State))
        {
            return NotFound();
        }

        var organization = await organizations.NameAsync(Loaded.Assessment.OrganizationId, ct);
        var document = OscalAssessmentResults.Build(Loaded, organization, await Store.AnswersAsync(AssessmentId, ct), await Store.VerdictsAsync(AssessmentId, ct), publicUrl.Base, clock.GetUtcNow());
        return Json(document, $"hoshi-assessment-results-{AssessmentId}.json");
    }

    /// <summary>The applicant's workers, else whoever may see the round's review; everyone else as for any page of the round.</summary>
    private async Task<IActionResult?> LoadForExportAsync(CancellationToken ct)
    {
        var denied = await LoadAsync(Operation.WorkOnAssessments, ct);
        if (denied is null or ChallengeResult)
        {
            return denied;
        }

        return await Store.LoadAsync(AssessmentId, ct) is { } loaded && await Authorization.MayAsync(User, loaded, ReviewOperation.See)
            ? SetLoaded(loaded)
            : denied;
    }

    private IActionResult? SetLoaded(LoadedAssessment loaded)
    {
        Loaded = loaded;
        return null;
    }

    private FileContentResult Json(System.Text.Json.Nodes.JsonObject document, string name) =>
        File(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString(Catalog.OscalJson.Options)), "application/json", name);
}
