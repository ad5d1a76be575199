using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Assessments;

/// <summary>An adviser of a round as the pages show them.</summary>
public sealed record AdviserView(Guid UserId, string Name, string? Email, DateTime InvitedAt, DateTime? RemovedAt)
{
    public bool Active => RemovedAt is null;
}

/// <summary>A note on a criterion with its author's name and whether the author advises the round.</summary>
public sealed record NoteView(CriterionNoteRecord Note, string Author, bool ByAdviser, string? DecidedByName);

/// <summary>The outcome of a member's accept or decline: done, refused (a stable code), a problem with the answer, or a conflict.</summary>
public sealed record NoteDecision(bool Done, string? Refusal = null, AnswerProblem Problem = AnswerProblem.None, bool Conflict = false);

/// <summary>What one upload of another scheme's self-check did.</summary>
public sealed record MappedImportResult(MappedImportPlan Plan, int Proposed, int Answered);

/// <summary>
/// An adviser beside the company, and proposals to confirm (issue 25): advisers invited to a draft
/// and removed, notes per criterion (members' questions, comments, proposed answers), a member's
/// accept or decline, and the proposals from another scheme's self-check. Every change audited.
/// </summary>
public sealed class AdviceStore(AppDbContext db, AssessmentStore assessments, TimeProvider clock, Lifecycle.Notifier notifier)
{
    public async Task<IReadOnlyList<AdviserView>> AdvisersAsync(Guid assessmentId, CancellationToken ct = default) =>
        [.. (await (from a in db.Advisers.AsNoTracking()
                    where a.AssessmentId == assessmentId
                    join u in db.Users on a.UserId equals u.Id
                    select new { a, u.DisplayName, u.Email }).ToListAsync(ct))
            .Select(x => new AdviserView(x.a.UserId, string.IsNullOrWhiteSpace(x.DisplayName) ? x.Email ?? "" : x.DisplayName, x.Email, x.a.InvitedAt, x.a.RemovedAt))
            .OrderBy(a => a.RemovedAt is not null).ThenBy(a => a.InvitedAt)];

    /// <summary>Whether the person advises the round now (invited and not removed).</summary>
    public Task<bool> IsAdviserAsync(Guid assessmentId, Guid userId, CancellationToken ct = default) =>
        db.Advisers.AnyAsync(a => a.AssessmentId == assessmentId && a.UserId == userId && a.RemovedAt == null, ct);

    /// <summary>The rounds the person advises now, newest invitation first.</summary>
    public async Task<IReadOnlyList<AssessmentRecord>> AdvisedByAsync(Guid userId, CancellationToken ct = default) =>
        await (from a in db.Advisers.AsNoTracking()
               where a.UserId == userId && a.RemovedAt == null
               join r in db.Assessments on a.AssessmentId equals r.Id
               orderby a.InvitedAt descending
               select r).ToListAsync(ct);

    /// <summary>
    /// Invites the person with this e-mail address (a confirmed Hoshi account from outside the
    /// applicant, not judging the round) as an adviser of a draft, and tells them.
    /// </summary>
    public async Task<AdviserProblem> InviteAsync(LoadedAssessment loaded, string email, Guid actor, string? address, CancellationToken ct = default)
    {
        var assessment = loaded.Assessment;
        var normalized = email.Trim().ToUpperInvariant();
        var person = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized && u.EmailConfirmed).Select(u => new { u.Id }).FirstOrDefaultAsync(ct);
        var id = person?.Id ?? Guid.Empty;
        var member = person is not null && await db.Memberships.AnyAsync(m => m.UserId == id && m.OrganizationId == assessment.OrganizationId, ct);
        var judges = person is not null && (assessment.ExpertUserId == id
            || await db.IndependenceDeclarations.AnyAsync(d => d.AssessmentId == assessment.Id && d.UserId == id, ct));
        var existing = person is null ? null : await db.Advisers.FirstOrDefaultAsync(a => a.AssessmentId == assessment.Id && a.UserId == id, ct);
        var problem = Advice.CheckInvitation(assessment.State, person is not null, member, judges, existing is { RemovedAt: null });
        if (problem != AdviserProblem.None)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        if (existing is null)
        {
            db.Advisers.Add(new AdviserRecord { AssessmentId = assessment.Id, UserId = id, InvitedBy = actor, InvitedAt = now.UtcDateTime });
        }
        else
        {
            // Invited again after a removal: the same row, so the round remembers the person advised it.
            existing.InvitedBy = actor;
            existing.InvitedAt = now.UtcDateTime;
            existing.RemovedAt = null;
            existing.RemovedBy = null;
        }

        db.Audit(new AuditEvent(actor.ToString(), assessment.OrganizationId.ToString(), "assessment.adviser-invited", "Assessment", assessment.Id.ToString(),
            JsonSerializer.Serialize(new { adviser = id }), address), now);
        var organization = await db.Organizations.Where(o => o.Id == assessment.OrganizationId).Select(o => o.LegalNameJa).SingleAsync(ct);
        await notifier.NotifyAsync([id], "adviser-invited", $"adviser-invited:{assessment.Id}:{id}:{now.UtcTicks}",
            [organization, assessment.Level.Number().ToString(System.Globalization.CultureInfo.InvariantCulture)], $"/assessments/{assessment.Id}/advice", now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Invited at the same moment from another tab: one invitation stands.
            db.ChangeTracker.Clear();
            return AdviserProblem.AlreadyAdviser;
        }

        return AdviserProblem.None;
    }

    /// <summary>Ends an adviser's access to the round; the record stays (an adviser never judges the round). False when not an adviser now.</summary>
    public async Task<bool> RemoveAsync(LoadedAssessment loaded, Guid adviser, Guid actor, string? address, CancellationToken ct = default)
    {
        var record = await db.Advisers.FirstOrDefaultAsync(a => a.AssessmentId == loaded.Assessment.Id && a.UserId == adviser && a.RemovedAt == null, ct);
        if (record is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        record.RemovedAt = now.UtcDateTime;
        record.RemovedBy = actor;
        db.Audit(new AuditEvent(actor.ToString(), loaded.Assessment.OrganizationId.ToString(), "assessment.adviser-removed", "Assessment", loaded.Assessment.Id.ToString(),
            JsonSerializer.Serialize(new { adviser }), address), now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Every note of the round, oldest first, with names.</summary>
    public async Task<IReadOnlyList<NoteView>> NotesAsync(Guid assessmentId, CancellationToken ct = default)
    {
        var notes = await db.CriterionNotes.AsNoTracking().Where(n => n.AssessmentId == assessmentId).ToListAsync(ct);
        var people = notes.Select(n => n.AuthorId).Concat(notes.Where(n => n.DecidedBy is not null).Select(n => n.DecidedBy!.Value)).Distinct().ToList();
        var names = await NamesAsync(people, ct);
        var advisers = (await db.Advisers.AsNoTracking().Where(a => a.AssessmentId == assessmentId).Select(a => a.UserId).ToListAsync(ct)).ToHashSet();
        return [.. notes.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .Select(n => new NoteView(n, names.GetValueOrDefault(n.AuthorId, ""), advisers.Contains(n.AuthorId), n.DecidedBy is { } d ? names.GetValueOrDefault(d) : null))];
    }

    /// <summary>Display names (or e-mail addresses) of people by id.</summary>
    public async Task<Dictionary<Guid, string>> NamesAsync(IReadOnlyCollection<Guid> people, CancellationToken ct = default) =>
        (await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct))
            .ToDictionary(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? "" : u.DisplayName);

    /// <summary>
    /// The latest <paramref name="perCriterion"/> answers given on each of <paramref name="criteria"/>, oldest
    /// first (for the history under each criterion). Autosave keeps every pause in typing, so the page
    /// reads no more than it shows: a revision is read when fewer than <paramref name="perCriterion"/>
    /// of its criterion's are later (at most that many steps along the index on (round, criterion, time)).
    /// </summary>
    public Task<List<AnswerRevisionRecord>> HistoryAsync(Guid assessmentId, IReadOnlyCollection<string> criteria, int perCriterion, CancellationToken ct = default)
    {
        var later = perCriterion - 1;
        return db.AnswerRevisions.AsNoTracking()
            .Where(r => r.AssessmentId == assessmentId && criteria.Contains(r.CriterionId)
                && !db.AnswerRevisions.Where(o => o.AssessmentId == assessmentId && o.CriterionId == r.CriterionId && o.ChangedAt > r.ChangedAt).Skip(later).Any())
            .OrderBy(r => r.ChangedAt).ToListAsync(ct);
    }

    /// <summary>
    /// Adds a comment, or (with <paramref name="proposedValue"/>) a proposed answer, by an adviser or a
    /// member, while the round is a draft. A proposal is a complete answer, with its supplement (the
    /// evidence, or the reason for "not applicable"). Returns a refusal code, or null when added.
    /// </summary>
    public async Task<string?> AddAsync(LoadedAssessment loaded, string criterionId, string? text, string? proposedValue, string? proposedSupplement, Guid author, string? address, CancellationToken ct = default)
    {
        var criterion = loaded.Catalog.FindCriterion(criterionId);
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        proposedValue = string.IsNullOrWhiteSpace(proposedValue) ? null : proposedValue.Trim();
        proposedSupplement = string.IsNullOrWhiteSpace(proposedSupplement) ? null : proposedSupplement.Trim();
        var refusal = criterion is null || !criterion.AppliesTo(loaded.Assessment.Level) ? "advice.not-on-sheet"
            : !Advice.NotesOpen(loaded.Assessment.State) ? "advice.round-locked"
            : text is null && proposedValue is null ? "advice.empty"
            : text?.Length > Advice.MaxTextLength || proposedSupplement?.Length > AnswerRules.MaxSupplementLength ? "advice.too-long"
            : proposedValue is not null && AnswerRules.Check(criterion!, proposedValue, proposedSupplement) != AnswerProblem.None ? "advice.not-an-answer"
            : null;
        if (refusal is not null)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        var kind = proposedValue is null ? NoteKind.Comment : NoteKind.Proposal;
        Add(loaded.Assessment.Id, criterionId, kind, author, text, proposedValue, proposedSupplement, null, now);
        db.Audit(new AuditEvent(author.ToString(), loaded.Assessment.OrganizationId.ToString(), kind == NoteKind.Proposal ? "assessment.answer-proposed" : "assessment.comment-added",
            "Answer", $"{loaded.Assessment.Id}/{criterionId}", JsonSerializer.Serialize(new { text, value = proposedValue, supplement = proposedSupplement }), address), now);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// Records the criteria a member did not know ("わからない" in guided mode) as questions for the
    /// round's advisers, once per criterion while unanswered. Returns how many are new.
    /// </summary>
    public async Task<int> AskAsync(LoadedAssessment loaded, IReadOnlyCollection<string> criteria, Guid author, string? address, CancellationToken ct = default)
    {
        if (!Advice.NotesOpen(loaded.Assessment.State) || criteria.Count == 0)
        {
            return 0;
        }

        var asked = await db.CriterionNotes.Where(n => n.AssessmentId == loaded.Assessment.Id && n.Kind == NoteKind.Question && criteria.Contains(n.CriterionId))
            .Select(n => n.CriterionId).ToListAsync(ct);
        var fresh = criteria.Except(asked, StringComparer.Ordinal).Where(c => loaded.Catalog.FindCriterion(c)?.AppliesTo(loaded.Assessment.Level) == true).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        foreach (var criterion in fresh)
        {
            Add(loaded.Assessment.Id, criterion, NoteKind.Question, author, null, null, null, null, now);
        }

        db.Audit(new AuditEvent(author.ToString(), loaded.Assessment.OrganizationId.ToString(), "assessment.questions-asked", "Assessment", loaded.Assessment.Id.ToString(),
            JsonSerializer.Serialize(new { criteria = fresh }), address), now);
        await db.SaveChangesAsync(ct);
        return fresh.Count;
    }

    /// <summary>
    /// A member accepts a proposal (it becomes the answer, the history keeping who proposed and who
    /// accepted) or declines it. <paramref name="answerVersion"/> is the answer's version the member saw
    /// beside the proposal: a change since then is a conflict.
    /// </summary>
    public async Task<NoteDecision> DecideAsync(LoadedAssessment loaded, Guid noteId, bool accept, int noteVersion, int answerVersion, Guid actor, string? address, CancellationToken ct = default)
    {
        var note = await db.CriterionNotes.FirstOrDefaultAsync(n => n.Id == noteId && n.AssessmentId == loaded.Assessment.Id, ct);
        if (note is null)
        {
            return new(false, "advice.not-found");
        }

        if (note.Version != noteVersion)
        {
            return new(false, Conflict: true);
        }

        if (Advice.RefusalToDecide(note.Kind, note.State, loaded.Assessment.State) is { } refusal)
        {
            return new(false, refusal);
        }

        var now = clock.GetUtcNow();
        note.State = accept ? NoteState.Accepted : NoteState.Declined;
        note.DecidedBy = actor;
        note.DecidedAt = now.UtcDateTime;
        if (!accept)
        {
            db.Audit(new AuditEvent(actor.ToString(), loaded.Assessment.OrganizationId.ToString(), "assessment.proposal-declined", "Answer", $"{loaded.Assessment.Id}/{note.CriterionId}",
                JsonSerializer.Serialize(new { proposal = note.Id }), address), now);
            return await SaveDecisionAsync(ct);
        }

        // Typed by an adviser: the history names them; from a file: the importing member is the author and the source is in the note.
        var proposedBy = note.Source is null && note.AuthorId != actor ? note.AuthorId : (Guid?)null;
        var saved = await assessments.SaveProposedAnswerAsync(loaded, note.CriterionId, note.ProposedValue, note.ProposedSupplement, answerVersion, actor, proposedBy, address, ct);
        if (!saved.Saved)
        {
            db.ChangeTracker.Clear();
            return saved.Conflict ? new(false, Conflict: true) : new(false, saved.Refusal is null ? null : "advice.round-locked", saved.Problem);
        }

        db.Audit(new AuditEvent(actor.ToString(), loaded.Assessment.OrganizationId.ToString(), "assessment.proposal-accepted", "Answer", $"{loaded.Assessment.Id}/{note.CriterionId}",
            JsonSerializer.Serialize(new { proposal = note.Id, proposedBy = note.AuthorId, source = note.Source }), address), now);
        return await SaveDecisionAsync(ct);
    }

    private async Task<NoteDecision> SaveDecisionAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return new(true);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(false, Conflict: true);
        }
    }

    /// <summary>
    /// Turns another scheme's self-check into proposals (one per criterion, naming the file and the
    /// items); nothing when a row is refused. A proposal still open from an earlier file, the same
    /// answer and supplement, is not made twice.
    /// </summary>
    public async Task<MappedImportResult> ImportMappedAsync(LoadedAssessment loaded, string framework, string fileName, IReadOnlyList<MappedRow> rows, Func<string, string?> valueOf, Guid actor, string? address, CancellationToken ct = default)
    {
        var plan = MappedImport.Plan(loaded.Catalog, loaded.Assessment.Level, framework, rows, valueOf);
        if (plan.Refused || !Advice.NotesOpen(loaded.Assessment.State))
        {
            return new(plan, 0, 0);
        }

        var answered = (await db.Answers.AsNoTracking().Where(a => a.AssessmentId == loaded.Assessment.Id && a.Value != null && a.CarriedFrom == null).Select(a => a.CriterionId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var name = fileName.Length > 80 ? fileName[..80] : fileName;
        var pending = (await db.CriterionNotes.AsNoTracking()
            .Where(n => n.AssessmentId == loaded.Assessment.Id && n.Kind == NoteKind.Proposal && n.State == NoteState.Open && n.Source != null)
            .Select(n => new { n.CriterionId, n.ProposedValue, n.ProposedSupplement }).ToListAsync(ct))
            .Select(n => (n.CriterionId, n.ProposedValue, n.ProposedSupplement)).ToHashSet();
        var fresh = plan.Proposals.Where(p => !pending.Contains((p.CriterionId, p.Value, p.Supplement))).ToList();
        foreach (var proposal in fresh)
        {
            var source = $"{framework} {string.Join(", ", proposal.Items)} ({name})";
            Add(loaded.Assessment.Id, proposal.CriterionId, NoteKind.Proposal, actor, null, proposal.Value, proposal.Supplement, source.Length > 300 ? source[..300] : source, now);
        }

        db.Audit(new AuditEvent(actor.ToString(), loaded.Assessment.OrganizationId.ToString(), "assessment.self-check-imported", "Assessment", loaded.Assessment.Id.ToString(),
            JsonSerializer.Serialize(new { framework, file = name, rows = rows.Count, proposed = fresh.Count, disagreeing = plan.Disagreeing }), address), now);
        await db.SaveChangesAsync(ct);
        return new(plan, fresh.Count, fresh.Count(p => answered.Contains(p.CriterionId)));
    }

    private void Add(Guid assessmentId, string criterionId, NoteKind kind, Guid author, string? text, string? value, string? supplement, string? source, DateTimeOffset now) =>
        db.CriterionNotes.Add(new CriterionNoteRecord
        {
            Id = Guid.CreateVersion7(now),
            AssessmentId = assessmentId,
            CriterionId = criterionId,
            Kind = kind,
            State = NoteState.Open,
            AuthorId = author,
            Text = text,
            ProposedValue = value,
            ProposedSupplement = supplement,
            Source = source,
            CreatedAt = now.UtcDateTime,
            Version = 1,
        });
}
