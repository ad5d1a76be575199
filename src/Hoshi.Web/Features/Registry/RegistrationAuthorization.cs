using Hoshi.Data.Assessments;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace Hoshi.Web.Features.Registry;

/// <summary>Register (or return) a ★3 result sent to a registration body: its officers (<see cref="RegistrationAccess.MayRegister"/>), once it is no draft.</summary>
public sealed record RegistrationRequirement : IAuthorizationRequirement;

/// <summary>The one place that answers <see cref="RegistrationRequirement"/> on a round.</summary>
public sealed class RegistrationAccessHandler(Actors actors) : PersonResourceHandler<RegistrationRequirement, AssessmentRecord>(actors)
{
    protected override Task<bool> MayAsync(Actor actor, RegistrationRequirement requirement, AssessmentRecord resource) =>
        Task.FromResult(resource.State != AssessmentState.Draft && RegistrationAccess.MayRegister(actor, resource.RegistrationBodyId));
}
