using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Accreditation;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Accreditation;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Accreditation;

/// <summary>What a new accreditation says.</summary>
public sealed record NewAccreditation(Guid OrganizationId, string? Number, AccreditationScope Scope, DateOnly ValidFrom, DateOnly ValidUntil);

/// <summary>An accredited organization as choosers see it.</summary>
public sealed record AccreditedBody(Guid OrganizationId, string Name, string? Prefecture, AccreditationScope Scope, string Number, DateOnly ValidUntil);

/// <summary>
/// Accreditations granted by accreditation bodies: grant, suspend, reinstate, withdraw, record
/// surveillance; and the question every evaluation asks — may this body act today. Every change audited.
/// </summary>
public sealed class AccreditationStore(AppDbContext db, TimeProvider clock, Lifecycle.Notifier notifier)
{
    private static readonly Domain.Evaluations.EvaluationState[] Running = [Domain.Evaluations.EvaluationState.Requested, Domain.Evaluations.EvaluationState.Planning, Domain.Evaluations.EvaluationState.InProgress, Domain.Evaluations.EvaluationState.RecheckRequested, Domain.Evaluations.EvaluationState.CorrectiveActions];

    /// <summary>The body's ★4 evaluations not yet decided (what a suspension or withdrawal would leave hanging).</summary>
    public Task<int> RunningEvaluationsAsync(Guid bodyId, CancellationToken ct = default) =>
        db.Evaluations.CountAsync(e => e.BodyId == bodyId && Running.Contains(e.State), ct);

    public DateOnly Today => JapanTime.DateOf(clock.GetUtcNow());

    public Task<AccreditationRecord?> FindAsync(Guid id, CancellationToken ct = default) =>
        db.Accreditations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);

    public Task<List<SurveillanceRecord>> SurveillancesAsync(Guid accreditationId, CancellationToken ct = default) =>
        db.Surveillances.AsNoTracking().Where(s => s.AccreditationId == accreditationId).OrderByDescending(s => s.HeldOn).ToListAsync(ct);

    /// <summary>The accreditations granted by these accreditation bodies, a page at a time (newest first).</summary>
    public async Task<(List<(AccreditationRecord Accreditation, string Organization)> Items, int Total)> GrantedByAsync(IReadOnlyList<Guid> bodies, int page, int pageSize, CancellationToken ct = default)
    {
        var query = db.Accreditations.AsNoTracking().Where(a => bodies.Contains(a.AccreditedById));
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize)
            .Join(db.Organizations, a => a.OrganizationId, o => o.Id, (a, o) => new { a, o.LegalNameJa }).ToListAsync(ct);
        return ([.. items.Select(x => (x.a, x.LegalNameJa))], total);
    }

    /// <summary>Organizations that hold the role an accreditation is for (evaluation body or verification provider).</summary>
    public async Task<List<(Guid Id, string Name)>> CandidatesAsync(CancellationToken ct = default) =>
        (await db.Organizations.AsNoTracking()
            .Where(o => o.Roles.Any(r => r.Role == OrganizationRole.EvaluationBody || r.Role == OrganizationRole.VerificationProvider))
            .OrderBy(o => o.LegalNameJa).Select(o => new { o.Id, o.LegalNameJa }).Take(500).ToListAsync(ct))
            .Select(o => (o.Id, o.LegalNameJa)).ToList();

    public async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> organizations, CancellationToken ct = default)
    {
        var ids = organizations.Distinct().ToList();
        return await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.LegalNameJa, ct);
    }

    /// <summary>Every term of an organization (several when a renewal overlaps the old one).</summary>
    public async Task<List<AccreditationTerms>> TermsOfAsync(Guid organizationId, CancellationToken ct = default) =>
        (await db.Accreditations.AsNoTracking().Where(a => a.OrganizationId == organizationId).ToListAsync(ct)).Select(a => a.Terms).ToList();

    public async Task<bool> MayActAsync(Guid organizationId, AccreditationScope needed, CancellationToken ct = default) =>
        AccreditationRules.MayAct(await TermsOfAsync(organizationId, ct), needed, Today);

    /// <summary>Bodies that may act in <paramref name="needed"/> today, for an applicant to choose from.</summary>
    public async Task<List<AccreditedBody>> AccreditedAsync(AccreditationScope needed, CancellationToken ct = default)
    {
        var rows = await db.Accreditations.AsNoTracking().Where(a => a.Status == AccreditationStatus.Active)
            .Join(db.Organizations, a => a.OrganizationId, o => o.Id, (a, o) => new { a, o.LegalNameJa, o.PrefectureCode }).ToListAsync(ct);
        var today = Today;
        return [.. rows.Where(r => AccreditationRules.MayAct(r.a.Terms, needed, today))
            .GroupBy(r => r.a.OrganizationId)
            .Select(g => g.OrderByDescending(r => r.a.ValidUntil).First())
            .Select(r => new AccreditedBody(r.a.OrganizationId, r.LegalNameJa, r.PrefectureCode, r.a.Scope, r.a.Number, r.a.ValidUntil))
            .OrderBy(b => b.Name, StringComparer.Ordinal)];
    }

    public async Task<(AccreditationRecord? Accreditation, AccreditationProblem Problem)> GrantAsync(Guid accreditationBodyId, NewAccreditation input, Guid actor, string? address, CancellationToken ct = default)
    {
        var number = input.Number?.Trim();
        var problem = AccreditationRules.CheckNew(number, input.Scope, input.ValidFrom, input.ValidUntil);
        if (problem != AccreditationProblem.None)
        {
            return (null, problem);
        }

        var now = clock.GetUtcNow();
        var record = new AccreditationRecord
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = input.OrganizationId,
            AccreditedById = accreditationBodyId,
            Number = number!,
            Scope = input.Scope,
            ValidFrom = input.ValidFrom,
            ValidUntil = input.ValidUntil,
            Status = AccreditationStatus.Active,
            CreatedBy = actor,
            CreatedAt = now.UtcDateTime,
            Version = 1,
        };
        db.Accreditations.Add(record);
        db.Audit(new AuditEvent(actor.ToString(), input.OrganizationId.ToString(), "accreditation.granted", "Accreditation", record.Id.ToString(),
            JsonSerializer.Serialize(new { record.Number, scope = record.Scope.ToString(), record.ValidFrom, record.ValidUntil, by = accreditationBodyId }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (null, AccreditationProblem.NumberTaken);
        }

        return (record, AccreditationProblem.None);
    }

    /// <summary>Suspends, reinstates or withdraws, unless someone changed it since <paramref name="expectedVersion"/>.</summary>
    public async Task<AccreditationProblem> ActAsync(Guid id, AccreditationAction action, string? reason, int expectedVersion, Guid actor, string? address, CancellationToken ct = default)
    {
        var record = await db.Accreditations.FirstAsync(a => a.Id == id, ct);
        if (record.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException("The accreditation was changed by someone else.");
        }

        var (status, problem) = AccreditationRules.Apply(record.Status, action, reason);
        if (problem != AccreditationProblem.None)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        record.Status = status;
        record.StatusReason = action == AccreditationAction.Reinstate ? null : reason!.Trim();
        record.StatusChangedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(actor.ToString(), record.OrganizationId.ToString(), "accreditation." + action.ToString().ToLowerInvariant(), "Accreditation", id.ToString(),
            JsonSerializer.Serialize(new { status = status.ToString(), reason = record.StatusReason }), address), now);

        // The accredited body's administrators and officers learn it at once, in the same transaction (its evaluations stop or resume).
        var name = await db.Organizations.Where(o => o.Id == record.OrganizationId).Select(o => o.LegalNameJa).SingleAsync(ct);
        var people = await db.Memberships.Where(m => m.OrganizationId == record.OrganizationId && (m.Role == MembershipRole.OrgAdmin || m.Role == MembershipRole.Officer))
            .Select(m => m.UserId).ToListAsync(ct);
        await notifier.NotifyAsync(people, Domain.Lifecycle.WorkflowNotices.AccreditationStatusKind(action.ToString()),
            $"accreditation:{id}:status:{record.Version + 1}", [name, record.Number, record.StatusReason ?? ""], $"/organizations/{record.OrganizationId}", now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("The accreditation was changed by someone else.");
        }

        return AccreditationProblem.None;
    }

    public async Task RecordSurveillanceAsync(Guid accreditationId, DateOnly heldOn, SurveillanceResult result, string? notes, Guid actor, string? address, CancellationToken ct = default)
    {
        var record = await db.Accreditations.AsNoTracking().FirstAsync(a => a.Id == accreditationId, ct);
        var now = clock.GetUtcNow();
        var surveillance = new SurveillanceRecord
        {
            Id = Guid.CreateVersion7(now),
            AccreditationId = accreditationId,
            HeldOn = heldOn,
            Result = result,
            Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(),
            RecordedBy = actor,
            RecordedAt = now.UtcDateTime,
        };
        db.Surveillances.Add(surveillance);
        db.Audit(new AuditEvent(actor.ToString(), record.OrganizationId.ToString(), "accreditation.surveillance-recorded", "Accreditation", accreditationId.ToString(),
            JsonSerializer.Serialize(new { heldOn, result = result.ToString(), surveillance.Notes }), address), now);
        await db.SaveChangesAsync(ct);
    }
}
