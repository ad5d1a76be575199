using System.Globalization;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Evaluations;
using Hoshi.Data.Registry;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Registry;

/// <summary>An open proposal as the accreditation body's queue lists it.</summary>
public sealed record OpenProposal(SuspensionProposalRecord Proposal, string Holder, string? ProposedBy);

/// <summary>
/// The suspension paths of a ★4 entry: its evaluation body proposes (reason, evidence), or Hoshi
/// proposes for a yearly self-assessment missing past the grace period; an accreditation body
/// that accredited the evaluation body accepts (the entry is suspended through
/// <see cref="RegistryBook.ChangeStatusAsync"/>, in the same transaction) or rejects with a reason.
/// Every step is audited and told to the holder, the evaluation body and the accreditation body.
/// </summary>
public sealed class SuspensionProposalStore(AppDbContext db, RegistryBook book, Lifecycle.Notifier notifier, TimeProvider clock)
{
    /// <summary>The proposals about the entry of an evaluation, newest first.</summary>
    public async Task<List<SuspensionProposalRecord>> OfEvaluationAsync(Guid evaluationId, CancellationToken ct = default) =>
        await db.SuspensionProposals.AsNoTracking().Where(p => p.EvaluationId == evaluationId).OrderByDescending(p => p.CreatedAt).ToListAsync(ct);

    /// <summary>Open proposals about ★4 holders evaluated by bodies the given accreditation bodies accredited, oldest first.</summary>
    public async Task<List<OpenProposal>> OpenForAccreditationBodiesAsync(IReadOnlyCollection<Guid> accreditationBodies, CancellationToken ct = default)
    {
        if (accreditationBodies.Count == 0)
        {
            return [];
        }

        var rows = await (from p in db.SuspensionProposals.AsNoTracking()
                          where p.State == ProposalState.Open
                          join e in db.Evaluations on p.EvaluationId equals e.Id
                          where db.Accreditations.Any(a => a.OrganizationId == e.BodyId && accreditationBodies.Contains(a.AccreditedById))
                          join o in db.Organizations on e.ApplicantId equals o.Id
                          join b in db.Organizations on p.ProposedByOrganizationId equals (Guid?)b.Id into proposers
                          from b in proposers.DefaultIfEmpty()
                          orderby p.CreatedAt
                          select new { p, Holder = o.LegalNameJa, By = b == null ? null : b.LegalNameJa }).Take(500).ToListAsync(ct);
        return [.. rows.Select(r => new OpenProposal(r.p, r.Holder, r.By))];
    }

    /// <summary>The evaluation body proposes to suspend the entry of its registered evaluation; the refusal word or null.</summary>
    public async Task<string?> ProposeAsync(EvaluationRecord evaluation, string? reason, string? evidence, Guid actor, string? address, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var refusal = await AddAsync(evaluation, ProposalSource.EvaluationBody, evaluation.BodyId, actor, null, reason, evidence, address, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    /// <summary>
    /// Hoshi proposes the suspension for a yearly self-assessment due on <paramref name="due"/> and
    /// missing past the grace period (once per anniversary). The caller saves. True when proposed now.
    /// </summary>
    public async Task<bool> ProposeForMissedYearlyAsync(EvaluationRecord evaluation, DateOnly due, string reason, CancellationToken ct = default)
    {
        var entryId = await db.RegistryEntries.Where(e => e.AssessmentId == evaluation.AssessmentId).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        if (entryId is null || await db.SuspensionProposals.AnyAsync(p => p.EntryId == entryId && p.YearlyDueOn == due, ct))
        {
            return false;
        }

        return await AddAsync(evaluation, ProposalSource.MissedYearlySelfAssessment, null, null, due, reason, null, null, ct) is null;
    }

    private async Task<string?> AddAsync(EvaluationRecord evaluation, ProposalSource source, Guid? byOrganization, Guid? actor, DateOnly? yearlyDue, string? reason, string? evidence, string? address, CancellationToken ct)
    {
        var entry = await db.RegistryEntries.AsNoTracking().FirstOrDefaultAsync(e => e.AssessmentId == evaluation.AssessmentId, ct);
        if (entry is null)
        {
            return "notValid";
        }

        var now = clock.GetUtcNow();
        var open = await db.SuspensionProposals.AnyAsync(p => p.EntryId == entry.Id && p.State == ProposalState.Open, ct);
        if (SuspensionProposals.RefusalToPropose(RegistryStatus.Of(entry.Status, entry.ValidUntil, JapanTime.DateOf(now)), open, reason, evidence) is { } refusal)
        {
            return refusal;
        }

        var proposal = new SuspensionProposalRecord
        {
            Id = Guid.CreateVersion7(now),
            EntryId = entry.Id,
            EvaluationId = evaluation.Id,
            Source = source,
            ProposedByOrganizationId = byOrganization,
            ProposedBy = actor,
            YearlyDueOn = yearlyDue,
            Reason = reason!.Trim(),
            Evidence = string.IsNullOrWhiteSpace(evidence) ? null : evidence.Trim(),
            State = ProposalState.Open,
            CreatedAt = now.UtcDateTime,
        };
        db.SuspensionProposals.Add(proposal);
        db.Audit(new AuditEvent(actor?.ToString() ?? "hoshi", evaluation.ApplicantId.ToString(), "registry.suspension-proposed", "RegistryEntry", entry.Id.ToString(),
            JsonSerializer.Serialize(new { proposal = proposal.Id, source = source.ToString(), reason = proposal.Reason, evidence = proposal.Evidence, yearlyDue }), address), now);
        var holder = await HolderNameAsync(evaluation, ct);
        var people = (await notifier.AdministratorsAsync(evaluation.ApplicantId, ct))
            .Concat(await MembersAsync([evaluation.BodyId], ct))
            .Concat(await MembersAsync(await AccreditorsOfAsync(evaluation.BodyId, ct), ct)).ToList();
        await notifier.NotifyAsync(people, "suspension-proposed", $"suspension:{proposal.Id}:proposed", [holder, proposal.Reason], $"/evaluations/{evaluation.Id}#suspension", now, ct);
        return null;
    }

    /// <summary>
    /// An accreditation body that accredited the evaluation body decides an open proposal: accepted
    /// suspends the entry (with the proposal's reason and evidence), rejected keeps it valid with
    /// <paramref name="reason"/>. Null when not found or not this actor's to decide; else the refusal word or null.
    /// </summary>
    public async Task<(bool Found, string? Refusal)> DecideAsync(EvaluationRecord evaluation, Guid proposalId, bool accept, string? reason, int expectedVersion, Actor actor, string? address, CancellationToken ct = default)
    {
        var accreditors = await AccreditorsOfAsync(evaluation.BodyId, ct);
        var mine = AccreditationAccess.BodiesOf(actor).Intersect(accreditors).ToList();
        if (mine.Count == 0)
        {
            return (false, null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var proposal = await db.SuspensionProposals.FirstOrDefaultAsync(p => p.Id == proposalId && p.EvaluationId == evaluation.Id, ct);
        if (proposal is null)
        {
            return (false, null);
        }

        if (proposal.Version != expectedVersion)
        {
            return (true, "changed");
        }

        var entry = await db.RegistryEntries.AsNoTracking().Include(e => e.Subjects).FirstAsync(e => e.Id == proposal.EntryId, ct);
        var now = clock.GetUtcNow();
        var (state, refusal) = SuspensionProposals.Decide(proposal.State, RegistryStatus.Of(entry.Status, entry.ValidUntil, JapanTime.DateOf(now)), accept, reason);
        if (refusal is not null)
        {
            return (true, refusal);
        }

        proposal.Decide(state!.Value);
        proposal.DecidedBy = actor.UserId;
        proposal.DecidedByOrganizationId = mine[0];
        proposal.DecidedAt = now.UtcDateTime;
        proposal.DecisionReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        db.Audit(new AuditEvent(actor.UserId.ToString(), evaluation.ApplicantId.ToString(), accept ? "registry.suspension-accepted" : "registry.suspension-rejected", "RegistryEntry", entry.Id.ToString(),
            JsonSerializer.Serialize(new { proposal = proposal.Id, reason = proposal.DecisionReason }), address), now);
        var holder = await HolderNameAsync(evaluation, ct);
        var people = (await notifier.AdministratorsAsync(evaluation.ApplicantId, ct)).Concat(await MembersAsync([evaluation.BodyId], ct)).ToList();
        await notifier.NotifyAsync(people, accept ? "suspension-accepted" : "suspension-rejected", $"suspension:{proposal.Id}:decided", [holder, proposal.DecisionReason ?? proposal.Reason], $"/evaluations/{evaluation.Id}#suspension", now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (true, "changed");
        }

        if (accept)
        {
            // The suspension itself: status, log event and audit, inside this transaction.
            var outcome = await book.ChangeStatusAsync(entry.Id, RegistryAction.Suspend, proposal.Reason, proposal.Evidence, entry.Version, actor, address, ct);
            if (outcome?.Refusal is { } suspendRefusal)
            {
                return (true, suspendRefusal);
            }
        }

        await transaction.CommitAsync(ct);
        if (accept)
        {
            await book.RefreshAsync(entry.Subjects.Select(s => s.CorporateNumber), ct);
        }

        return (true, null);
    }

    /// <summary>The accreditation bodies that accredited the evaluation body.</summary>
    public async Task<List<Guid>> AccreditorsOfAsync(Guid evaluationBody, CancellationToken ct = default) =>
        await db.Accreditations.Where(a => a.OrganizationId == evaluationBody).Select(a => a.AccreditedById).Distinct().ToListAsync(ct);

    private async Task<List<Guid>> MembersAsync(IReadOnlyCollection<Guid> organizations, CancellationToken ct) =>
        await db.Memberships.Where(m => organizations.Contains(m.OrganizationId) && (m.Role == MembershipRole.OrgAdmin || m.Role == MembershipRole.Officer || m.Role == MembershipRole.LeadAssessor))
            .Select(m => m.UserId).Distinct().ToListAsync(ct);

    private async Task<string> HolderNameAsync(EvaluationRecord evaluation, CancellationToken ct) =>
        await db.Organizations.Where(o => o.Id == evaluation.ApplicantId).Select(o => o.LegalNameJa).FirstOrDefaultAsync(ct) ?? evaluation.ApplicantId.ToString();

    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
