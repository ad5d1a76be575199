using Hoshi.Domain.Assessments;
using Hoshi.Domain.Evaluations;

namespace Hoshi.Domain.Home;

/// <summary>The parts of a person's inbox, one per kind of work; shown in this order.</summary>
public enum InboxSection
{
    /// <summary>The organization's own rounds (applicant).</summary>
    Rounds,

    /// <summary>Buyers' requests to the organization and its entries running out (applicant as supplier).</summary>
    Requests,

    /// <summary>Reviews asked of the person (expert).</summary>
    Reviews,

    /// <summary>★4 evaluations of the body (evaluation body, verification provider, accreditation body).</summary>
    Evaluations,

    /// <summary>Results sent for registration (registration body).</summary>
    Registrations,

    /// <summary>Surveillance visits of the bodies the accreditation body accredited, falling due.</summary>
    Accreditations,

    /// <summary>The buyer's suppliers below their level and overdue requests.</summary>
    Suppliers,

    /// <summary>Failing jobs, mail waiting, experts to verify and catalog drafts (scheme owner).</summary>
    Operations,
}

/// <summary>One thing that waits for the person: what to do (<see cref="Action"/>, a stable word the UI names), on what, where, by when.</summary>
public sealed record InboxItem(InboxSection Section, string Action, string Subject, string Link, DateOnly? Due = null, int Count = 1);

/// <summary>Which work waits for whom, and in which order the inbox shows it.</summary>
public static class Inbox
{
    /// <summary>What the applicant does next with a round in <paramref name="state"/>; null when the round waits on someone else or is done.</summary>
    public static string? ApplicantAction(AssessmentState state) => state switch
    {
        AssessmentState.Draft => "fill",
        AssessmentState.RecheckRequested => "answerRechecks",
        AssessmentState.Approved => "declare",
        AssessmentState.NotApproved or AssessmentState.Returned => "reopen",
        _ => null,
    };

    /// <summary>What the chosen expert does with a round in <paramref name="state"/>; null when nothing waits on them.</summary>
    public static string? ExpertAction(AssessmentState state) => state == AssessmentState.UnderReview ? "review" : null;

    /// <summary>What the evaluation body's managers and team do with an evaluation in <paramref name="state"/>; null when nothing waits on them.</summary>
    public static string? BodyAction(EvaluationState state) => state switch
    {
        EvaluationState.Requested => "accept",
        EvaluationState.Planning => "plan",
        EvaluationState.InProgress => "evaluate",
        EvaluationState.CorrectiveActions => "verifyCorrections",
        _ => null,
    };

    /// <summary>
    /// The inbox's order: by section, then the nearest deadline first (items without one after
    /// those with one), then by subject, so the same data always reads the same way.
    /// </summary>
    public static IReadOnlyList<InboxItem> Order(IEnumerable<InboxItem> items) =>
        [.. items.OrderBy(i => i.Section)
            .ThenBy(i => i.Due is null)
            .ThenBy(i => i.Due)
            .ThenBy(i => i.Subject, StringComparer.Ordinal)
            .ThenBy(i => i.Link, StringComparer.Ordinal)];
}
