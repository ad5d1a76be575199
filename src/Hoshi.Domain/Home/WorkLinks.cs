using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Home;

/// <summary>A place in the header where a person does their work; shown only to those whose roles fit.</summary>
public enum WorkLink
{
    /// <summary>The organization's rounds (applicant).</summary>
    Rounds,

    /// <summary>The buyer's supplier portfolio.</summary>
    Suppliers,

    /// <summary>The reviews asked of an expert.</summary>
    Reviews,

    /// <summary>★4 evaluations (evaluation body, verification provider, accreditation body).</summary>
    Evaluations,

    /// <summary>Results sent for registration (registration body).</summary>
    Registrations,

    /// <summary>Accreditations and their surveillance (accreditation body).</summary>
    Accreditations,

    /// <summary>The register of experts to verify (scheme owner).</summary>
    Experts,

    /// <summary>Jobs, mail and the audit trail (scheme owner).</summary>
    Operations,
}

/// <summary>Which work links a person's header shows (issue 24: an applicant sees no registrar or accreditation links).</summary>
public static class WorkLinks
{
    /// <summary>The links that fit <paramref name="actor"/>'s roles, in header order, each with the organization it opens (when it is per organization).</summary>
    public static IReadOnlyList<(WorkLink Link, Guid? Organization)> For(Actor actor)
    {
        var links = new List<(WorkLink, Guid?)>();
        if (actor.Memberships.FirstOrDefault(m => Access.May(actor, Operation.WorkOnAssessments, m.OrganizationId)) is { } applicant)
        {
            links.Add((WorkLink.Rounds, applicant.OrganizationId));
        }

        if (actor.Memberships.FirstOrDefault(m => m.OrganizationRoles.Contains(OrganizationRole.Buyer) && Access.May(actor, Operation.ViewSuppliers, m.OrganizationId)) is { } buyer)
        {
            links.Add((WorkLink.Suppliers, buyer.OrganizationId));
        }

        if (actor.IsExpert)
        {
            links.Add((WorkLink.Reviews, null));
        }

        if (actor.Memberships.Any(m => m.OrganizationRoles.Any(r => r is OrganizationRole.EvaluationBody or OrganizationRole.VerificationProvider or OrganizationRole.AccreditationBody)))
        {
            links.Add((WorkLink.Evaluations, null));
        }

        if (actor.Memberships.Any(m => RegistrationAccess.MayRegister(actor, m.OrganizationId)))
        {
            links.Add((WorkLink.Registrations, null));
        }

        if (AccreditationAccess.BodiesOf(actor).Count > 0)
        {
            links.Add((WorkLink.Accreditations, null));
        }

        if (Access.May(actor, Operation.VerifyExperts, null))
        {
            links.Add((WorkLink.Experts, null));
        }

        if (Access.May(actor, Operation.ViewAllAudit, null))
        {
            links.Add((WorkLink.Operations, null));
        }

        return links;
    }

    /// <summary>Where a link goes.</summary>
    public static string Path(WorkLink link, Guid? organization) => link switch
    {
        WorkLink.Rounds => $"/organizations/{organization}/assessments",
        WorkLink.Suppliers => $"/organizations/{organization}/suppliers",
        WorkLink.Reviews => "/reviews",
        WorkLink.Evaluations => "/evaluations",
        WorkLink.Registrations => "/registrations",
        WorkLink.Accreditations => "/accreditations",
        WorkLink.Experts => "/experts",
        WorkLink.Operations => "/admin/jobs",
        _ => throw new ArgumentOutOfRangeException(nameof(link)),
    };
}
