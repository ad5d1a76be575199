using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Data.Evaluations;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Accreditation;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Evaluations;
using Hoshi.Web.Features.Accreditation;
using Hoshi.Web.Features.Assessments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Evaluations;

/// <summary>Settings of ★4 evaluations (section <c>Evaluations</c>).</summary>
public sealed class EvaluationSettings
{
    public const string Section = "Evaluations";

    public int CorrectiveActionDefaultDays { get; set; } = 90;

    public int CorrectiveActionMaxDays { get; set; } = 180;

    public CorrectiveActionSettings CorrectiveActions => new(CorrectiveActionDefaultDays, CorrectiveActionMaxDays);

    /// <summary>Services flagged when exposed; empty means Hoshi's default list.</summary>
    public List<RiskyServiceSetting> RiskyServices { get; set; } = [];
}

/// <summary>The evaluation's plan as the body records it.</summary>
public sealed record EvaluationPlan(string? Notes, DateOnly? DocumentReviewOn, DateOnly? OnSiteAuditOn, DateOnly? TechnicalVerificationOn);

/// <summary>
/// ★4 third-party evaluations on top of the ★3 machinery: the round's sheet, verdicts and rechecks
/// are the assessment's (its state follows <see cref="EvaluationLifecycle.SheetState"/>); this
/// store adds the body's side — request, acceptance, team, plan, decision, corrective actions and
/// registration by the accreditation body. Every step in a transaction, audited.
/// </summary>
public sealed class EvaluationStore(AppDbContext db, Lifecycle.StepNotices notices, AssessmentStore assessments, AssessmentSteps steps, Registry.RegistryBook registry, TechnicalVerificationStore technical, AccreditationStore accreditations, TimeProvider clock, IOptions<EvaluationSettings> settings)
{
    public CorrectiveActionSettings CorrectiveActions => settings.Value.CorrectiveActions;

    public DateOnly Today => JapanTime.DateOf(clock.GetUtcNow());

    public Task<EvaluationRecord?> FindAsync(Guid id, CancellationToken ct = default) =>
        db.Evaluations.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);

    /// <summary>The round's current evaluation (the latest asked).</summary>
    public Task<EvaluationRecord?> ForAssessmentAsync(Guid assessmentId, CancellationToken ct = default) =>
        db.Evaluations.AsNoTracking().Where(e => e.AssessmentId == assessmentId).OrderByDescending(e => e.RequestedAt).FirstOrDefaultAsync(ct);

    public async Task<List<Guid>> AssessorsAsync(Guid evaluationId, CancellationToken ct = default) =>
        await db.EvaluationAssessors.AsNoTracking().Where(a => a.EvaluationId == evaluationId).Select(a => a.UserId).ToListAsync(ct);

    /// <summary>Evaluations of the bodies a person manages, or on whose team the person is.</summary>
    public async Task<List<(EvaluationRecord Evaluation, string Applicant, string Body)>> ForPersonAsync(Actor actor, CancellationToken ct = default)
    {
        var managed = actor.Memberships.Where(m => EvaluationAccess.MayManage(actor, m.OrganizationId)).Select(m => m.OrganizationId).Distinct().ToList();
        var team = await db.EvaluationAssessors.Where(a => a.UserId == actor.UserId).Select(a => a.EvaluationId).ToListAsync(ct);
        var registrars = AccreditationAccess.BodiesOf(actor);
        var accredited = await db.Accreditations.Where(a => registrars.Contains(a.AccreditedById)).Select(a => a.OrganizationId).Distinct().ToListAsync(ct);
        var providers = actor.Memberships.Where(m => EvaluationAccess.MayVerify(actor, m.OrganizationId)).Select(m => m.OrganizationId).Distinct().ToList();
        var verifying = await db.TechnicalVerifications.Where(t => providers.Contains(t.ProviderId)).Select(t => t.EvaluationId).ToListAsync(ct);
        var rows = await db.Evaluations.AsNoTracking()
            .Where(e => managed.Contains(e.BodyId) || e.LeadAssessorId == actor.UserId || team.Contains(e.Id) || verifying.Contains(e.Id)
                || (accredited.Contains(e.BodyId) && (e.State == EvaluationState.Passed || e.State == EvaluationState.Registered)))
            .OrderByDescending(e => e.UpdatedAt).Take(200).ToListAsync(ct);
        var names = await accreditations.NamesAsync(rows.SelectMany(r => new[] { r.ApplicantId, r.BodyId }), ct);
        return [.. rows.Select(r => (r, names.GetValueOrDefault(r.ApplicantId, ""), names.GetValueOrDefault(r.BodyId, "")))];
    }

    /// <summary>The evaluation with its team and its separate technical verification provider, for authorization; null when there is none.</summary>
    public async Task<EvaluationResource?> ResourceAsync(Guid id, CancellationToken ct = default) =>
        await FindAsync(id, ct) is { } evaluation
            ? new EvaluationResource(evaluation, await AssessorsAsync(id, ct),
                await db.TechnicalVerifications.AsNoTracking().Where(t => t.EvaluationId == id).Select(t => (Guid?)t.ProviderId).FirstOrDefaultAsync(ct))
            : null;

    /// <summary>The accreditation bodies (among those the person acts for) that accredited the evaluating body: they register its results.</summary>
    public async Task<List<Guid>> RegistrarsForAsync(Actor actor, Guid bodyId, CancellationToken ct = default)
    {
        var registrars = AccreditationAccess.BodiesOf(actor);
        return await db.Accreditations.Where(a => a.OrganizationId == bodyId && registrars.Contains(a.AccreditedById)).Select(a => a.AccreditedById).Distinct().ToListAsync(ct);
    }

    /// <summary>People of the body who may be appointed: assessors and lead assessors with two-factor on.</summary>
    public async Task<List<(Guid Id, string Name, bool Lead)>> AppointableAsync(Guid bodyId, CancellationToken ct = default) =>
        (await db.Memberships.Where(m => m.OrganizationId == bodyId && (m.Role == MembershipRole.Assessor || m.Role == MembershipRole.LeadAssessor))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, m.Role, u.TwoFactorEnabled }).ToListAsync(ct))
            .Where(p => p.TwoFactorEnabled).OrderBy(p => p.DisplayName, StringComparer.Ordinal)
            .Select(p => (p.Id, p.DisplayName, p.Role == MembershipRole.LeadAssessor)).ToList();

    public async Task<Dictionary<Guid, string>> PeopleNamesAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var list = ids.Distinct().ToList();
        return await db.Users.Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    /// <summary>The facts the evaluation's lifecycle needs, read from the database.</summary>
    public async Task<EvaluationLifecycle.Facts> FactsAsync(EvaluationRecord evaluation, LoadedAssessment loaded, string? reason = null, bool deadlineGiven = false, CancellationToken ct = default)
    {
        var sheet = await steps.FactsAsync(loaded, reason, ct);
        var evidence = await EvidenceAsync(evaluation.Id, ct);
        var nonconformant = await db.Verdicts.Where(v => v.AssessmentId == loaded.Assessment.Id && v.Verdict == Verdict.Nonconformant).Select(v => v.CriterionId).ToListAsync(ct);
        return new EvaluationLifecycle.Facts(
            ScopeComplete: sheet.ScopeComplete,
            SheetComplete: sheet.SheetComplete && sheet.UnconfirmedCarriedOver == 0,
            BodyAccredited: await accreditations.MayActAsync(evaluation.BodyId, AccreditationScope.Evaluation, ct),
            ReasonGiven: !string.IsNullOrWhiteSpace(reason),
            LeadAssessorAppointed: evaluation.LeadAssessorId is not null,
            PlanRecorded: evaluation.DocumentReviewOn is not null && evaluation.OnSiteAuditOn is not null && evaluation.TechnicalVerificationOn is not null,
            RecheckVerdicts: sheet.RecheckVerdicts,
            UnansweredRechecks: sheet.UnansweredRechecks,
            CriteriaWithoutVerdict: sheet.CriteriaWithoutVerdict,
            NonconformantVerdicts: sheet.NonconformantVerdicts,
            DeadlineGiven: deadlineGiven,
            DeadlinePassed: evaluation.CorrectiveActionDeadline is { } deadline && CorrectiveActionRules.HasLapsed(deadline, Today)) with
        {
            AuditRecorded = evidence.AuditRecorded,
            ExternalDiagnosisRecorded = evidence.ExternalDiagnosisRecorded,
            InternalCheckRecorded = evidence.InternalCheckRecorded,
            AlternativeReasonGiven = evidence.AlternativeReasonGiven,
            UnhandledRiskyServices = evidence.UnhandledRiskyServices,
            CriteriaWithOpenFindings = evidence.OpenFindingCriteria.Count(c => !nonconformant.Contains(c)),
            HolderVerified = sheet.HolderVerified,
            ScopeAccepted = sheet.ScopeAccepted,
        };
    }

    /// <summary>The evidence a decision rests on: the audit, the technical verification and the risky services it flagged.</summary>
    public sealed record Evidence(bool AuditRecorded, bool ExternalDiagnosisRecorded, bool InternalCheckRecorded, bool AlternativeReasonGiven, int UnhandledRiskyServices,
        IReadOnlyList<string> OpenFindingCriteria);

    public async Task<Evidence> EvidenceAsync(Guid evaluationId, CancellationToken ct = default)
    {
        var audited = await db.AuditVisits.AnyAsync(v => v.EvaluationId == evaluationId, ct);
        var verification = await db.TechnicalVerifications.AsNoTracking().FirstOrDefaultAsync(t => t.EvaluationId == evaluationId, ct);
        var findings = LatestPerService(await db.TechnicalFindings.AsNoTracking().Where(f => f.EvaluationId == evaluationId).ToListAsync(ct));
        var flags = TechnicalVerificationStore.ScanOf(verification) is { } scan ? ExternalDiagnosis.Flags(scan, technical.RiskyServices) : [];

        // A flagged service is handled when its latest finding links it to a criterion (open until
        // resolved or accepted), or resolves it, or accepts it with a reason.
        var unhandled = flags.Count(flag => !findings.Any(f => f.Host == flag.Host && f.Port == flag.Port.Number && f.Protocol == flag.Port.Protocol
            && (f.CriterionId is not null || f.Disposition != FindingDisposition.Open)));
        return new Evidence(
            audited,
            verification?.ScanSha256 is not null,
            verification?.InternalMethod is not null,
            verification?.InternalMethod is InternalCheckMethod.PatchCheck || !string.IsNullOrWhiteSpace(verification?.InternalNotes),
            unhandled,
            [.. findings.Where(f => f.Disposition == FindingDisposition.Open && f.CriterionId is not null).Select(f => f.CriterionId!).Distinct()]);
    }

    /// <summary>The latest finding recorded for each flagged service (host, port, protocol): a later one replaces the earlier, whose history stays.</summary>
    public static List<TechnicalFindingRecord> LatestPerService(IEnumerable<TechnicalFindingRecord> findings) =>
        [.. findings.GroupBy(f => (f.Host, f.Port, f.Protocol)).Select(g => g.OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).Last())];

    /// <summary>The applicant asks an evaluation body; the round's sheet is then closed (as under review).</summary>
    public async Task<(EvaluationRecord? Evaluation, string? Refusal, string? Code, string? Argument)> RequestAsync(LoadedAssessment loaded, Guid bodyId, Guid actor, string? address, CancellationToken ct = default)
    {
        var assessment = loaded.Assessment;
        if (assessment.Level != Level.Star4 || assessment.State != AssessmentState.Draft)
        {
            return (null, $"An evaluation can be asked for a ★4 round in Draft; this one is ★{assessment.Level.Number()} in {assessment.State}.", "step.notNow", null);
        }

        var now = clock.GetUtcNow();
        var evaluation = new EvaluationRecord
        {
            Id = Guid.CreateVersion7(now),
            AssessmentId = assessment.Id,
            ApplicantId = assessment.OrganizationId,
            BodyId = bodyId,
            State = EvaluationState.Declined,
            RequestedBy = actor,
            RequestedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
            Version = 1,
        };
        var outcome = EvaluationLifecycle.TryRequest(await FactsAsync(evaluation, loaded, ct: ct));
        if (!outcome.Allowed)
        {
            return (null, outcome.Refusal, outcome.Code, outcome.Argument);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var tracked = await db.Assessments.FirstAsync(a => a.Id == assessment.Id, ct);
        if (tracked.State != AssessmentState.Draft)
        {
            return (null, $"The assessment changed to {tracked.State} meanwhile.", "changed", null);
        }

        evaluation.Apply(outcome);
        tracked.FollowEvaluation(outcome.State);
        tracked.UpdatedAt = now.UtcDateTime;
        db.Evaluations.Add(evaluation);
        db.Audit(new AuditEvent(actor.ToString(), assessment.OrganizationId.ToString(), "evaluation.requested", "Evaluation", evaluation.Id.ToString(),
            JsonSerializer.Serialize(new { assessment = assessment.Id, body = bodyId }), address), now);
        await notices.EvaluationAsync(evaluation, EvaluationStep.Request, outcome.State, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (evaluation, null, null, null);
    }

    /// <summary>
    /// Takes a lifecycle step if the rules allow it now; the round's sheet state follows. With
    /// <paramref name="expectedVersion"/> (the version the person's page showed), an evaluation
    /// moved by someone else since is a conflict, not a refusal of the step.
    /// </summary>
    public async Task<EvaluationOutcome> StepAsync(Guid evaluationId, EvaluationStep step, Guid actor, string? address, string? reason = null, DateOnly? deadline = null, Guid? registeringBodyId = null, int? expectedVersion = null, CancellationToken ct = default)
    {
        var evaluation = await db.Evaluations.AsNoTracking().FirstAsync(e => e.Id == evaluationId, ct);
        if (expectedVersion is { } shown && evaluation.Version != shown)
        {
            return EvaluationOutcome.Changed(evaluation.State, "The evaluation was changed by someone else meanwhile.");
        }

        var loaded = (await assessments.LoadAsync(evaluation.AssessmentId, ct))!;
        var facts = await FactsAsync(evaluation, loaded, reason, deadline is not null, ct);
        if (step == EvaluationStep.Lapse || step == EvaluationStep.CloseCorrectiveActions)
        {
            facts = facts with
            {
                OpenNonconformities = await db.Nonconformities.CountAsync(n => n.EvaluationId == evaluationId && n.Status == NonconformityStatus.Open, ct),
                UnverifiedNonconformities = await db.Nonconformities.CountAsync(n => n.EvaluationId == evaluationId && n.Status != NonconformityStatus.Verified, ct),
            };
        }

        var outcome = EvaluationLifecycle.Try(evaluation.State, step, facts);
        if (!outcome.Allowed)
        {
            return outcome;
        }

        var now = clock.GetUtcNow();
        if (step == EvaluationStep.Decide && outcome.State == EvaluationState.CorrectiveActions
            && CorrectiveActionRules.CheckDeadline(Today, deadline!.Value, CorrectiveActions) is var problem && problem != CorrectiveActionProblem.None)
        {
            return problem == CorrectiveActionProblem.DeadlineTooFar
                ? EvaluationOutcome.Refused(evaluation.State, $"The corrective-action deadline may be at most {CorrectiveActions.MaxDays} days after the decision.", "deadline.tooFar")
                    with
                { Argument = CorrectiveActions.MaxDays.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                : EvaluationOutcome.Refused(evaluation.State, "The corrective-action deadline must be after the decision day.", "deadline.notAfterDecision");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var tracked = await db.Evaluations.FirstAsync(e => e.Id == evaluationId, ct);
        var assessment = await db.Assessments.FirstAsync(a => a.Id == evaluation.AssessmentId, ct);
        if (tracked.State != evaluation.State || tracked.Version != evaluation.Version)
        {
            return EvaluationOutcome.Changed(tracked.State, $"The evaluation changed to {tracked.State} meanwhile.");
        }

        var from = tracked.State;
        tracked.Apply(outcome);
        tracked.UpdatedAt = now.UtcDateTime;
        assessment.FollowEvaluation(outcome.State);
        assessment.UpdatedAt = now.UtcDateTime;
        switch (step)
        {
            case EvaluationStep.Decline:
                tracked.DeclineReason = reason!.Trim();
                break;
            case EvaluationStep.Decide:
                tracked.DecidedOn = Today;
                tracked.CorrectiveActionDeadline = outcome.State == EvaluationState.CorrectiveActions ? deadline : null;

                // Each nonconformity is tracked until its fix is verified: the nonconformant verdicts,
                // and the criteria an open risky-service finding of the external diagnosis is linked to.
                var verdictFindings = (await db.Verdicts.AsNoTracking().Where(v => v.AssessmentId == evaluation.AssessmentId && v.Verdict == Verdict.Nonconformant).ToListAsync(ct))
                    .ToDictionary(v => v.CriterionId, v => v.Remark);
                foreach (var finding in LatestPerService(await db.TechnicalFindings.AsNoTracking().Where(f => f.EvaluationId == evaluationId).ToListAsync(ct))
                    .Where(f => f.Disposition == FindingDisposition.Open && f.CriterionId != null).OrderBy(f => f.CreatedAt))
                {
                    var line = $"{finding.Risk}: {finding.Host} {finding.Port}/{finding.Protocol}" + (finding.Note is { } note ? $" — {note}" : "");
                    verdictFindings[finding.CriterionId!] = verdictFindings.GetValueOrDefault(finding.CriterionId!) is { } earlier ? $"{earlier}\n{line}" : line;
                }

                foreach (var (criterionId, text) in verdictFindings)
                {
                    db.Nonconformities.Add(new NonconformityRecord
                    {
                        Id = Guid.CreateVersion7(now),
                        EvaluationId = evaluationId,
                        CriterionId = criterionId,
                        Finding = text is { Length: > 2000 } ? text[..2000] : text,
                        Status = NonconformityStatus.Open,
                        Version = 1,
                    });
                }

                break;
            case EvaluationStep.Register:
                assessment.RegistrationBodyId = registeringBodyId;
                await registry.RegisterAsync(new Registry.NewRegistration(assessment.Id, assessment.OrganizationId, assessment.Level, loaded.Scope, registeringBodyId!.Value, actor), now, ct);
                break;
        }

        db.Audit(new AuditEvent(actor.ToString(), evaluation.ApplicantId.ToString(), "evaluation." + step.ToString().ToLowerInvariant(), "Evaluation", evaluationId.ToString(),
            JsonSerializer.Serialize(new { from = from.ToString(), to = outcome.State.ToString(), reason, deadline }), address), now);
        await notices.EvaluationAsync(tracked, step, outcome.State, now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return EvaluationOutcome.Changed(from, "The evaluation was changed by someone else meanwhile.");
        }

        await transaction.CommitAsync(ct);
        return outcome;
    }

    public Task<List<NonconformityRecord>> NonconformitiesAsync(Guid evaluationId, CancellationToken ct = default) =>
        db.Nonconformities.AsNoTracking().Where(n => n.EvaluationId == evaluationId).OrderBy(n => n.CriterionId).ToListAsync(ct);

    /// <summary>
    /// The applicant records a fix, or the body verifies or rejects it (with a reason), while the
    /// corrective actions run. A verified fix makes the criterion's verdict 適合, with the fix as its
    /// remark, so the final verdicts tell the whole story. Refusals come back as the problem.
    /// </summary>
    public async Task<CorrectiveActionProblem> ActOnNonconformityAsync(Guid nonconformityId, NonconformityAction action, string? text, int expectedVersion, Guid actor, string? address, CancellationToken ct = default)
    {
        var nonconformity = await db.Nonconformities.FirstAsync(n => n.Id == nonconformityId, ct);
        var evaluation = await db.Evaluations.AsNoTracking().FirstAsync(e => e.Id == nonconformity.EvaluationId, ct);
        if (evaluation.State != EvaluationState.CorrectiveActions)
        {
            return CorrectiveActionProblem.NotPossibleNow;
        }

        if (nonconformity.Version != expectedVersion)
        {
            throw new Organizations.ConcurrencyConflictException("The nonconformity was changed by someone else.");
        }

        if (text?.Trim().Length > 4000)
        {
            return CorrectiveActionProblem.TextRequired;
        }

        var lapsed = evaluation.CorrectiveActionDeadline is { } deadline && CorrectiveActionRules.HasLapsed(deadline, Today);
        var (status, problem) = CorrectiveActionRules.Apply(nonconformity.Status, action, text, lapsed);
        if (problem != CorrectiveActionProblem.None)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        nonconformity.Status = status;
        switch (action)
        {
            case NonconformityAction.SubmitFix:
                nonconformity.Fix = text!.Trim();
                nonconformity.FixedBy = actor;
                nonconformity.FixedAt = now.UtcDateTime;
                break;
            case NonconformityAction.Reject:
                nonconformity.RejectionReason = text!.Trim();
                break;
            case NonconformityAction.Verify:
                nonconformity.VerifiedBy = actor;
                nonconformity.VerifiedAt = now.UtcDateTime;
                var assessment = await db.Assessments.AsNoTracking().FirstAsync(a => a.Id == evaluation.AssessmentId, ct);
                var verdict = await db.Verdicts.FirstAsync(v => v.AssessmentId == evaluation.AssessmentId && v.CriterionId == nonconformity.CriterionId, ct);
                var remark = $"是正確認: {nonconformity.Fix}";
                db.RecordVerdict(verdict, assessment.Round, Verdict.Conformant, remark.Length > VerdictRules.MaxRemarkLength ? remark[..VerdictRules.MaxRemarkLength] : remark, actor, now);
                break;
        }

        db.Audit(new AuditEvent(actor.ToString(), evaluation.ApplicantId.ToString(), "evaluation.nonconformity-" + action.ToString().ToLowerInvariant(), "Nonconformity", nonconformityId.ToString(),
            JsonSerializer.Serialize(new { criterion = nonconformity.CriterionId, status = status.ToString(), text }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new Organizations.ConcurrencyConflictException("The nonconformity was changed by someone else.");
        }

        return CorrectiveActionProblem.None;
    }

    /// <summary>Appoints the lead assessor and the assessors: people of the body in assessor roles with two-factor on. Returns the refused people's ids.</summary>
    public async Task<IReadOnlyList<Guid>> AppointAsync(Guid evaluationId, Guid leadId, IReadOnlyCollection<Guid> assessorIds, Guid actor, string? address, CancellationToken ct = default)
    {
        var evaluation = await db.Evaluations.FirstAsync(e => e.Id == evaluationId, ct);
        var people = assessorIds.Append(leadId).Distinct().ToList();
        var members = await db.Memberships.Where(m => m.OrganizationId == evaluation.BodyId && people.Contains(m.UserId))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, m.Role, u.TwoFactorEnabled }).ToListAsync(ct);
        var refused = people.Where(p => !members.Any(m => m.UserId == p && EvaluationAccess.MayBeAppointed(m.Role, m.TwoFactorEnabled, lead: p == leadId))).ToList();
        if (refused.Count > 0 || evaluation.State is not (EvaluationState.Planning or EvaluationState.InProgress))
        {
            return refused.Count > 0 ? refused : [leadId];
        }

        var now = clock.GetUtcNow();
        evaluation.LeadAssessorId = leadId;
        evaluation.UpdatedAt = now.UtcDateTime;
        await db.EvaluationAssessors.Where(a => a.EvaluationId == evaluationId).ExecuteDeleteAsync(ct);
        foreach (var assessor in assessorIds.Where(a => a != leadId).Distinct())
        {
            db.EvaluationAssessors.Add(new EvaluationAssessorRecord { EvaluationId = evaluationId, UserId = assessor, AppointedAt = now.UtcDateTime });
        }

        db.Audit(new AuditEvent(actor.ToString(), evaluation.ApplicantId.ToString(), "evaluation.team-appointed", "Evaluation", evaluationId.ToString(),
            JsonSerializer.Serialize(new { lead = leadId, assessors = assessorIds }), address), now);
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Records the plan, unless someone changed the evaluation since <paramref name="expectedVersion"/>.</summary>
    public async Task<bool> SavePlanAsync(Guid evaluationId, EvaluationPlan plan, int expectedVersion, Guid actor, string? address, CancellationToken ct = default)
    {
        var evaluation = await db.Evaluations.FirstAsync(e => e.Id == evaluationId, ct);
        if (evaluation.Version != expectedVersion)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        evaluation.PlanNotes = string.IsNullOrWhiteSpace(plan.Notes) ? null : plan.Notes.Trim();
        evaluation.DocumentReviewOn = plan.DocumentReviewOn;
        evaluation.OnSiteAuditOn = plan.OnSiteAuditOn;
        evaluation.TechnicalVerificationOn = plan.TechnicalVerificationOn;
        evaluation.UpdatedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(actor.ToString(), evaluation.ApplicantId.ToString(), "evaluation.plan-saved", "Evaluation", evaluationId.ToString(),
            JsonSerializer.Serialize(plan), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        return true;
    }
}
