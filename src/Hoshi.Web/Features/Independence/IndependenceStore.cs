using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Independence;

/// <summary>
/// Whoever judges never belongs to the judged: gathers the facts for <see cref="Independence"/>
/// from the database as they are now (so a membership added after the choice still blocks), and
/// keeps the per-round declarations of no conflict of interest.
/// </summary>
public sealed class IndependenceStore(AppDbContext db, Accounts.Actors actors, TimeProvider clock, ILogger<IndependenceStore> log)
{
    /// <summary>Audit actions by which a person edits a round's scope or answers.</summary>
    private static readonly string[] EditingActions = ["assessment.scope-saved", "assessment.answer-saved", "assessment.sheet-imported"];

    /// <summary>
    /// Why <paramref name="personId"/> may not judge the round, or <see cref="ConflictOfInterest.None"/>.
    /// An adviser stays one after being removed: the record is kept for this.
    /// </summary>
    public async Task<ConflictOfInterest> CheckAsync(Guid personId, AssessmentRecord assessment, ScopeQuestionnaire scope, CancellationToken ct = default) =>
        (await CheckAndDeclaredAsync(personId, assessment, scope, ct)).Conflict;

    /// <summary>
    /// <see cref="CheckAsync"/> and whether the person declared no conflict for the round's current
    /// round, in one statement (the applicant's parent, whether the person edited or advised on the
    /// round, the declaration) after the person's organizations (read with the signed-in person, else
    /// one more), plus one per further parent.
    /// </summary>
    public async Task<(ConflictOfInterest Conflict, bool Declared)> CheckAndDeclaredAsync(Guid personId, AssessmentRecord assessment, ScopeQuestionnaire scope, CancellationToken ct = default)
    {
        // The person's organizations: those of the signed-in person as read with them at the start of
        // this request (as they are now, like every access check of the request), else apart (as a
        // collection beside the facts SQLite would need APPLY).
        var memberships = actors.RememberedOrganizations(personId)
            ?? await db.Memberships.AsNoTracking().Where(m => m.UserId == personId)
                .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new PersonOrganization(o.Id, o.CorporateNumber)).ToListAsync(ct);
        var key = assessment.Id.ToString();
        var actor = personId.ToString();
        var facts = await db.Organizations.AsNoTracking().Where(o => o.Id == assessment.OrganizationId)
            .Select(o => new
            {
                o.ParentId,
                Edited = db.AnswerRevisions.Any(r => r.AssessmentId == assessment.Id && r.ChangedBy == personId)
                    || db.AuditRecords.Any(r => r.ObjectType == "Assessment" && r.ObjectId == key && r.Actor == actor && EditingActions.Contains(r.Action)),
                Adviser = db.Advisers.Any(a => a.AssessmentId == assessment.Id && a.UserId == personId),
                Declared = db.IndependenceDeclarations.Any(d => d.AssessmentId == assessment.Id && d.Round == assessment.Round && d.UserId == personId),
            })
            .FirstOrDefaultAsync(ct);
        var parents = await ParentsAsync(assessment.OrganizationId, facts?.ParentId, ct);
        var round = new JudgedRound(assessment.OrganizationId, parents, [.. scope.OtherEntities.Select(e => e.CorporateNumber)],
            facts?.Edited == true ? [personId] : [],
            Advisers: facts?.Adviser == true ? [personId] : []);
        return (Domain.Assessments.Independence.Check(personId, memberships, round), facts?.Declared == true);
    }

    /// <summary>The organization's parents up the chain (its own parent already read), one statement per further level.</summary>
    private async Task<IReadOnlyList<Guid>> ParentsAsync(Guid organizationId, Guid? firstParent, CancellationToken ct)
    {
        var known = new Dictionary<Guid, Guid?> { [organizationId] = firstParent };
        var current = firstParent;
        for (var depth = 1; depth <= Domain.Assessments.Independence.MaxParentDepth && current is { } next && !known.ContainsKey(next); depth++)
        {
            var parent = await db.Organizations.AsNoTracking().Where(o => o.Id == next).Select(o => o.ParentId).FirstOrDefaultAsync(ct);
            known[next] = parent;
            current = parent;
        }

        return Domain.Assessments.Independence.ParentsOf(organizationId, id => known.GetValueOrDefault(id));
    }

    /// <summary>Writes the refusal to the log (and nothing to the database): who, which round, what they tried, why.</summary>
    public void LogRefusal(Guid personId, Guid assessmentId, string attempted, ConflictOfInterest conflict) =>
        log.LogWarning("Independence: {Person} may not {Attempted} on round {Assessment}: {Conflict}", personId, attempted, assessmentId, conflict);

    public Task<bool> HasDeclaredAsync(Guid personId, AssessmentRecord assessment, CancellationToken ct = default) =>
        db.IndependenceDeclarations.AnyAsync(d => d.AssessmentId == assessment.Id && d.Round == assessment.Round && d.UserId == personId, ct);

    /// <summary>The declarations of the round's current round, oldest first, with the declarants' names.</summary>
    public async Task<List<(IndependenceDeclarationRecord Declaration, string Name)>> DeclarationsAsync(AssessmentRecord assessment, CancellationToken ct = default) =>
        [.. (await db.IndependenceDeclarations.AsNoTracking().Where(d => d.AssessmentId == assessment.Id && d.Round == assessment.Round)
            .Join(db.Users, d => d.UserId, u => u.Id, (d, u) => new { d, u.DisplayName }).ToListAsync(ct))
            .OrderBy(x => x.d.DeclaredAt).Select(x => (x.d, x.DisplayName))];

    /// <summary>Records the person's declaration of no conflict of interest for the round (once per round; audited).</summary>
    public async Task DeclareAsync(Guid personId, AssessmentRecord assessment, string role, string text, string? address, CancellationToken ct = default)
    {
        if (await HasDeclaredAsync(personId, assessment, ct))
        {
            return;
        }

        var now = clock.GetUtcNow();
        db.IndependenceDeclarations.Add(new IndependenceDeclarationRecord
        {
            AssessmentId = assessment.Id,
            Round = assessment.Round,
            UserId = personId,
            Role = role,
            Text = text.Length > 2000 ? text[..2000] : text,
            DeclaredAt = now.UtcDateTime,
        });
        db.Audit(new AuditEvent(personId.ToString(), assessment.OrganizationId.ToString(), "assessment.independence-declared", "Assessment", assessment.Id.ToString(),
            JsonSerializer.Serialize(new { round = assessment.Round, role, text }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Declared at the same moment from another tab: one declaration stands.
            db.ChangeTracker.Clear();
        }
    }
}
