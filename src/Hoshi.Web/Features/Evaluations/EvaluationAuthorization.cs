using Hoshi.Data.Evaluations;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Evaluations;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace Hoshi.Web.Features.Evaluations;

/// <summary>What a person asks to do with one ★4 evaluation.</summary>
public enum EvaluationOperation
{
    /// <summary>Open the evaluation's page: the body's managers and team, and its registrars once it passed.</summary>
    See,

    /// <summary>Accept or decline, appoint the team, plan (<see cref="EvaluationAccess.MayManage"/>).</summary>
    Manage,

    /// <summary>Judge criteria and record the audit (<see cref="EvaluationAccess.MayJudge"/>).</summary>
    Judge,

    /// <summary>Decide and verify corrective actions (<see cref="EvaluationAccess.MayDecide"/>).</summary>
    Decide,

    /// <summary>Work on the technical verification for a separate provider (<see cref="EvaluationAccess.MayVerify"/>).</summary>
    VerifyTechnically,

    /// <summary>Register the passed result: an accreditation body that accredited the evaluating body.</summary>
    Register,

    /// <summary>Take part as the applicant (its people who work on assessments).</summary>
    TakePartAsApplicant,
}

public sealed record EvaluationRequirement(EvaluationOperation Operation) : IAuthorizationRequirement;

/// <summary>An evaluation with who is on it: what the rules in <see cref="EvaluationAccess"/> need.</summary>
public sealed record EvaluationResource(EvaluationRecord Evaluation, IReadOnlyCollection<Guid> Assessors, Guid? ProviderId);

/// <summary>The one place that answers <see cref="EvaluationRequirement"/> on an <see cref="EvaluationResource"/>.</summary>
public sealed class EvaluationAccessHandler(Actors actors, EvaluationStore store) : PersonResourceHandler<EvaluationRequirement, EvaluationResource>(actors)
{
    protected override async Task<bool> MayAsync(Actor actor, EvaluationRequirement requirement, EvaluationResource resource)
    {
        var evaluation = resource.Evaluation;
        return requirement.Operation switch
        {
            EvaluationOperation.See => EvaluationAccess.MayManage(actor, evaluation.BodyId)
                || EvaluationAccess.MayJudge(actor, evaluation.BodyId, evaluation.LeadAssessorId, resource.Assessors)
                || await MayRegisterAsync(actor, evaluation),
            EvaluationOperation.Manage => EvaluationAccess.MayManage(actor, evaluation.BodyId),
            EvaluationOperation.Judge => EvaluationAccess.MayJudge(actor, evaluation.BodyId, evaluation.LeadAssessorId, resource.Assessors),
            EvaluationOperation.Decide => EvaluationAccess.MayDecide(actor, evaluation.BodyId, evaluation.LeadAssessorId),
            EvaluationOperation.VerifyTechnically => resource.ProviderId is { } provider && provider != evaluation.BodyId && EvaluationAccess.MayVerify(actor, provider),
            EvaluationOperation.Register => await MayRegisterAsync(actor, evaluation),
            EvaluationOperation.TakePartAsApplicant => Access.May(actor, Operation.WorkOnAssessments, evaluation.ApplicantId),
            _ => false,
        };
    }

    private async Task<bool> MayRegisterAsync(Actor actor, EvaluationRecord evaluation) =>
        evaluation.State is EvaluationState.Passed or EvaluationState.Registered && (await store.RegistrarsForAsync(actor, evaluation.BodyId)).Count > 0;
}

public static class EvaluationAuthorization
{
    public static Task<bool> MayAsync(this IAuthorizationService authorization, System.Security.Claims.ClaimsPrincipal user, EvaluationResource resource, EvaluationOperation operation) =>
        authorization.MayAsync(user, resource, new EvaluationRequirement(operation));
}
