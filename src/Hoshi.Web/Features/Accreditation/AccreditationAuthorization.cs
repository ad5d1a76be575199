using Hoshi.Data.Accreditation;
using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace Hoshi.Web.Features.Accreditation;

/// <summary>Manage an accreditation: the people of the accreditation body that granted it (<see cref="AccreditationAccess.MayAccredit"/>).</summary>
public sealed record AccreditationRequirement : IAuthorizationRequirement;

/// <summary>The one place that answers <see cref="AccreditationRequirement"/> on an accreditation.</summary>
public sealed class AccreditationAccessHandler(Actors actors) : PersonResourceHandler<AccreditationRequirement, AccreditationRecord>(actors)
{
    protected override Task<bool> MayAsync(Actor actor, AccreditationRequirement requirement, AccreditationRecord resource) =>
        Task.FromResult(AccreditationAccess.MayAccredit(actor, resource.AccreditedById));
}
