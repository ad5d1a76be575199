using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Assessments;
using Microsoft.AspNetCore.Authorization;

namespace Hoshi.Web.Features.Reviews;

/// <summary>What a person asks to do on a round's review page.</summary>
public enum ReviewOperation
{
    /// <summary>Open the review page and the expert's sheet (<see cref="Reviewer.MaySee"/>).</summary>
    See,

    /// <summary>Give verdicts by role and state (<see cref="Reviewer.MayJudge"/>; independence and the declaration are asked on top).</summary>
    Judge,
}

public sealed record ReviewRequirement(ReviewOperation Operation) : IAuthorizationRequirement;

/// <summary>The one place that answers <see cref="ReviewRequirement"/> on a round (<see cref="LoadedAssessment"/>).</summary>
public sealed class ReviewAccessHandler(Actors actors, ReviewerAccess access) : PersonResourceHandler<ReviewRequirement, LoadedAssessment>(actors)
{
    protected override async Task<bool> MayAsync(Actor actor, ReviewRequirement requirement, LoadedAssessment resource)
    {
        var reviewer = await access.ReviewerAsync(actor, resource);
        return requirement.Operation switch
        {
            ReviewOperation.See => reviewer.MaySee,
            ReviewOperation.Judge => reviewer.MayJudge,
            _ => false,
        };
    }
}

public static class ReviewAuthorization
{
    public static Task<bool> MayAsync(this IAuthorizationService authorization, System.Security.Claims.ClaimsPrincipal user, LoadedAssessment round, ReviewOperation operation) =>
        authorization.MayAsync(user, round, new ReviewRequirement(operation));
}
