using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Data.Evaluations;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Evaluations;
using Hoshi.Domain.Lifecycle;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// The in-app notifications of every ★3 and ★4 workflow step (issue 24), for each person of each
/// party <see cref="WorkflowNotices"/> names, once per person and event, in the step's unit of work.
/// Mail follows each person's choice, except where the step already sent its own mail.
/// </summary>
public sealed class StepNotices(AppDbContext db, Notifier notifier)
{
    /// <param name="mailed">The step already mailed the people told (the ★3 review steps): in-app only.</param>
    public async Task RoundAsync(AssessmentRecord assessment, AssessmentStep step, bool mailed, DateTimeOffset now, CancellationToken ct = default)
    {
        var kind = WorkflowNotices.Kind(step);
        var arguments = await ArgumentsAsync(assessment.OrganizationId, assessment.Level, ct);
        foreach (var party in WorkflowNotices.ForRound(step))
        {
            var (people, link) = party switch
            {
                Party.Applicant => (await WorkersAsync(assessment.OrganizationId, ct), $"/assessments/{assessment.Id}"),
                Party.Expert => (assessment.ExpertUserId is { } expert ? [expert] : [], $"/reviews/{assessment.Id}"),
                Party.RegistrationBody => (assessment.RegistrationBodyId is { } body ? await OfficersAsync([body], ct) : [], $"/registrations/{assessment.Id}"),
                _ => ((IReadOnlyList<Guid>)[], ""),
            };
            await notifier.NotifyAsync(people, kind, $"{kind}:{assessment.Id}:{now.UtcTicks}:{party}", arguments, link, now, mail: !mailed, ct);
        }
    }

    public async Task EvaluationAsync(EvaluationRecord evaluation, EvaluationStep step, EvaluationState to, DateTimeOffset now, CancellationToken ct = default)
    {
        var kind = WorkflowNotices.Kind(step);
        var arguments = await ArgumentsAsync(evaluation.ApplicantId, Level.Star4, ct);
        foreach (var party in WorkflowNotices.ForEvaluation(step, to))
        {
            IReadOnlyList<Guid> people = party switch
            {
                Party.Applicant => await WorkersAsync(evaluation.ApplicantId, ct),
                Party.EvaluationBody => await OfficersAsync([evaluation.BodyId], ct),
                Party.EvaluationTeam => [.. (await db.EvaluationAssessors.Where(a => a.EvaluationId == evaluation.Id).Select(a => a.UserId).ToListAsync(ct))
                    .Concat(evaluation.LeadAssessorId is { } lead ? [lead] : [])],
                Party.AccreditationBody => await OfficersAsync(await db.Accreditations.Where(a => a.OrganizationId == evaluation.BodyId).Select(a => a.AccreditedById).Distinct().ToListAsync(ct), ct),
                _ => [],
            };
            var link = party == Party.Applicant ? $"/assessments/{evaluation.AssessmentId}/evaluation" : $"/evaluations/{evaluation.Id}";
            await notifier.NotifyAsync(people, kind, $"{kind}:{evaluation.Id}:{now.UtcTicks}:{party}", arguments, link, now, ct);
        }
    }

    private async Task<IReadOnlyList<string>> ArgumentsAsync(Guid organization, Level level, CancellationToken ct) =>
        [await db.Organizations.Where(o => o.Id == organization).Select(o => o.LegalNameJa).FirstAsync(ct), level.Number().ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>The people who work on an organization's own rounds: administrators and members.</summary>
    private async Task<IReadOnlyList<Guid>> WorkersAsync(Guid organization, CancellationToken ct) =>
        await db.Memberships.Where(m => m.OrganizationId == organization && (m.Role == MembershipRole.OrgAdmin || m.Role == MembershipRole.Member)).Select(m => m.UserId).ToListAsync(ct);

    /// <summary>The people who act for bodies: officers and administrators.</summary>
    private async Task<IReadOnlyList<Guid>> OfficersAsync(IReadOnlyCollection<Guid> bodies, CancellationToken ct) =>
        await db.Memberships.Where(m => bodies.Contains(m.OrganizationId) && (m.Role == MembershipRole.Officer || m.Role == MembershipRole.OrgAdmin)).Select(m => m.UserId).Distinct().ToListAsync(ct);
}
