using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Home;
using Hoshi.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Home;

/// <summary>A person's inbox: the items (at most <see cref="InboxQueries.MaxPerSection"/> per section, in order) and how many there are of each section.</summary>
public sealed record InboxView(IReadOnlyList<InboxItem> Items, IReadOnlyDictionary<InboxSection, int> Counts, IReadOnlyList<(InboxSection Section, string Link)> Sections)
{
    public static readonly InboxView Empty = new([], new Dictionary<InboxSection, int>(), []);

    public IEnumerable<InboxItem> In(InboxSection section) => Items.Where(i => i.Section == section);

    public int CountOf(InboxSection section) => Counts.GetValueOrDefault(section);
}

/// <summary>
/// What waits for a signed-in person, for each of their memberships and roles (issue 24): their
/// organizations' rounds, buyers' requests and entries running out; reviews asked of them; their
/// body's evaluations; results sent to their registration body; their suppliers below level; the
/// scheme's operations. Only the sections that fit the person's roles are shown.
/// </summary>
public sealed class InboxQueries(AppDbContext db, Accounts.Actors actors, Suppliers.PortfolioQueries portfolio, Evaluations.EvaluationStore evaluations, Registry.RegistrationQueries registrations, TimeProvider clock)
{
    public const int MaxPerSection = 20;

    /// <summary>Entries running out within this many days are listed.</summary>
    public const int ExpiryHorizonDays = 90;

    /// <summary>How far back "registry changes since my last visit" looks on a person's first visit.</summary>
    public const int LookBackDaysWithoutVisit = 30;

    private sealed record OrganizationFacts(string LegalNameJa, string? VerifiedCorporateNumber);

    /// <summary>The kinds of <see cref="InboxRow"/>.</summary>
    private static class RowKind
    {
        public const string Round = "round";
        public const string Assigned = "assigned";
        public const string Proposal = "proposal";
        public const string Expiring = "expiring";
        public const string Star4 = "star4";
        public const string Request = "request";
        public const string Advised = "advised";
        public const string Review = "review";
    }

    /// <summary>
    /// One row of the inbox's reads, whatever it is about (<see cref="Kind"/>): the columns a kind
    /// does not use are empty. Rounds, assignments, proposals, entries running out, ★4 evaluations,
    /// buyers' requests, advised rounds and reviews come in one <c>UNION ALL</c>.
    /// </summary>
    private sealed class InboxRow
    {
        public required string Kind { get; init; }

        /// <summary>The round (the evaluation for <see cref="RowKind.Star4"/>).</summary>
        public Guid Id { get; init; }

        /// <summary>The ★4 evaluation's round.</summary>
        public Guid? Round { get; init; }

        public Guid OrganizationId { get; init; }

        public Level Level { get; init; }

        /// <summary>A buyer's request's level.</summary>
        public int? Number { get; init; }

        public AssessmentState? RoundState { get; init; }

        public Domain.Evaluations.EvaluationState? EvaluationState { get; init; }

        public DateOnly? Due { get; init; }

        public DateOnly? ValidFrom { get; init; }

        public DateOnly? ValidUntil { get; init; }

        public string? Name { get; init; }

        /// <summary>A buyer's request's 法人番号.</summary>
        public string? Text { get; init; }
    }

    private async Task<List<InboxRow>> RowsAsync(Actor actor, List<Guid> applicants, List<string> numbers, DateOnly horizon, CancellationToken ct)
    {
        var rows = new List<InboxRow>();
        await foreach (var row in Rows(db, actor.UserId, applicants, numbers, horizon, actor.IsExpert).WithCancellation(ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// The inbox's one <c>UNION ALL</c>, compiled once: the home page is the first page most people
    /// open, and an ordinary LINQ query of eight parts had EF Core walk and compare the whole
    /// expression on every request. A part that does not apply (no organization to work for, no
    /// verified 法人番号 to answer buyers for, not an expert) has an empty list or a false flag.
    /// </summary>
    private static readonly Func<AppDbContext, Guid, List<Guid>, List<string>, DateOnly, bool, IAsyncEnumerable<InboxRow>> Rows = EF.CompileAsyncQuery(
        (AppDbContext db, Guid person, List<Guid> applicants, List<string> numbers, DateOnly horizon, bool expert) =>
            // First: in a UNION ALL the first part's columns give the types, and a NULL in place
            // of a state stored as text would be read as a number.
            (from e in db.Evaluations.AsNoTracking()
             where applicants.Contains(e.ApplicantId) && (e.State == Domain.Evaluations.EvaluationState.CorrectiveActions || e.State == Domain.Evaluations.EvaluationState.Registered)
             join r in db.RegistryEntries on e.AssessmentId equals r.AssessmentId into entries
             from r in entries.DefaultIfEmpty()
             join a in db.Assessments on e.AssessmentId equals a.Id
             select new InboxRow { Kind = RowKind.Star4, Id = e.Id, Round = e.AssessmentId, OrganizationId = e.ApplicantId, Level = a.Level, Number = null, RoundState = a.State, EvaluationState = e.State, Due = e.CorrectiveActionDeadline, ValidFrom = (DateOnly?)r.ValidFrom, ValidUntil = (DateOnly?)r.ValidUntil, Name = null, Text = null })
            .Concat(from v in db.Advisers.AsNoTracking()
                    where v.UserId == person && v.RemovedAt == null
                    join a in db.Assessments on v.AssessmentId equals a.Id
                    where a.State == AssessmentState.Draft
                    join o in db.Organizations on a.OrganizationId equals o.Id
                    select new InboxRow { Kind = RowKind.Advised, Id = a.Id, Round = null, OrganizationId = a.OrganizationId, Level = a.Level, Number = null, RoundState = a.State, EvaluationState = null, Due = null, ValidFrom = null, ValidUntil = null, Name = o.LegalNameJa, Text = null })
            .Concat(db.Assessments.AsNoTracking().Where(a => applicants.Contains(a.OrganizationId))
                .Select(a => new InboxRow { Kind = RowKind.Round, Id = a.Id, Round = null, OrganizationId = a.OrganizationId, Level = a.Level, Number = null, RoundState = a.State, EvaluationState = null, Due = null, ValidFrom = null, ValidUntil = null, Name = null, Text = null }))
            .Concat(from g in db.Assignments.AsNoTracking()
                    where g.AssigneeId == person
                    join a in db.Assessments on g.AssessmentId equals a.Id
                    where a.State == AssessmentState.Draft && applicants.Contains(a.OrganizationId)
                    join ans in db.Answers on new { g.AssessmentId, g.CriterionId } equals new { ans.AssessmentId, ans.CriterionId } into found
                    from ans in found.DefaultIfEmpty()
                    where ans == null || ans.Value == null
                    select new InboxRow { Kind = RowKind.Assigned, Id = g.AssessmentId, Round = null, OrganizationId = a.OrganizationId, Level = a.Level, Number = null, RoundState = a.State, EvaluationState = null, Due = g.DueOn, ValidFrom = null, ValidUntil = null, Name = null, Text = null })
            .Concat(from n in db.CriterionNotes.AsNoTracking()
                    where n.Kind == NoteKind.Proposal && n.State == NoteState.Open
                    join a in db.Assessments on n.AssessmentId equals a.Id
                    where a.State == AssessmentState.Draft && applicants.Contains(a.OrganizationId)
                    select new InboxRow { Kind = RowKind.Proposal, Id = a.Id, Round = null, OrganizationId = a.OrganizationId, Level = a.Level, Number = null, RoundState = a.State, EvaluationState = null, Due = null, ValidFrom = null, ValidUntil = null, Name = null, Text = null })
            .Concat(db.RegistryEntries.AsNoTracking().Where(e => applicants.Contains(e.OrganizationId) && e.Status == "valid" && e.ValidUntil <= horizon)
                .Select(e => new InboxRow { Kind = RowKind.Expiring, Id = e.Id, Round = null, OrganizationId = e.OrganizationId, Level = e.Level, Number = null, RoundState = null, EvaluationState = null, Due = e.ValidUntil, ValidFrom = null, ValidUntil = null, Name = null, Text = null }))
            .Concat(from r in db.SupplierRequests.AsNoTracking()
                    where numbers.Contains(r.CorporateNumber) && r.State == Domain.Suppliers.RequestState.Sent
                    join b in db.Organizations on r.BuyerId equals b.Id
                    select new InboxRow { Kind = RowKind.Request, Id = r.Id, Round = null, OrganizationId = r.BuyerId, Level = Level.Star3, Number = r.Level, RoundState = null, EvaluationState = null, Due = r.DueOn, ValidFrom = null, ValidUntil = null, Name = b.LegalNameJa, Text = r.CorporateNumber })
            .Concat(from a in db.Assessments.AsNoTracking()
                    where expert && a.ExpertUserId == person && a.State == AssessmentState.UnderReview
                    join o in db.Organizations on a.OrganizationId equals o.Id
                    select new InboxRow { Kind = RowKind.Review, Id = a.Id, Round = null, OrganizationId = a.OrganizationId, Level = a.Level, Number = null, RoundState = a.State, EvaluationState = null, Due = null, ValidFrom = null, ValidUntil = null, Name = o.LegalNameJa, Text = null }));

    public async Task<InboxView> ForAsync(Actor actor, CancellationToken ct = default)
    {
        var today = JapanTime.DateOf(clock.GetUtcNow());
        var items = new List<InboxItem>();
        var sections = new List<(InboxSection Section, string Link)>();
        // The names and verified 法人番号 of the person's organizations come with the person read for
        // this request; read here only when the inbox is asked for someone else (a test, a job).
        var names = actors.Remembered(actor.UserId) is { } read
            ? read.OrganizationNames.ToDictionary(n => n.Key, n => new OrganizationFacts(n.Value, read.VerifiedNumbers.GetValueOrDefault(n.Key)))
            : await db.Organizations.AsNoTracking().Where(o => actor.Memberships.Select(m => m.OrganizationId).Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => new OrganizationFacts(o.LegalNameJa, o.VerifiedCorporateNumber), ct);

        var applicants = actor.Memberships.Where(m => Access.May(actor, Operation.WorkOnAssessments, m.OrganizationId)).Select(m => m.OrganizationId).Distinct().ToList();
        var responders = actor.Memberships.Where(m => Access.May(actor, Operation.RespondToBuyers, m.OrganizationId) && names.GetValueOrDefault(m.OrganizationId)?.VerifiedCorporateNumber is not null)
            .Select(m => m.OrganizationId).Distinct().ToDictionary(id => names[id].VerifiedCorporateNumber!);
        var rows = await RowsAsync(actor, applicants, [.. responders.Keys], today.AddDays(ExpiryHorizonDays), ct);
        IEnumerable<InboxRow> Of(string kind) => rows.Where(r => r.Kind == kind);

        if (applicants.Count > 0)
        {
            sections.Add((InboxSection.Rounds, $"/organizations/{applicants[0]}/assessments"));
            items.AddRange(Of(RowKind.Round).Where(r => Inbox.ApplicantAction(r.RoundState!.Value) is not null).Select(r => new InboxItem(
                InboxSection.Rounds, Inbox.ApplicantAction(r.RoundState!.Value)!, $"{names[r.OrganizationId].LegalNameJa} ★{r.Level.Number()}", $"/assessments/{r.Id}")));

            // Work shared in the company: criteria given to this person, not answered yet, in rounds being filled.
            items.AddRange(Of(RowKind.Assigned).GroupBy(m => (m.Id, m.OrganizationId, m.Level)).Select(g => new InboxItem(
                InboxSection.Rounds, "assigned", $"{names[g.Key.OrganizationId].LegalNameJa} ★{g.Key.Level.Number()}", $"/assessments/{g.Key.Id}/sheet", g.Min(x => x.Due), g.Count())));

            // Proposed answers (an adviser's, an imported self-check's) waiting for a member to accept or decline.
            items.AddRange(Of(RowKind.Proposal).GroupBy(p => (p.Id, p.OrganizationId, p.Level)).Select(g => new InboxItem(
                InboxSection.Rounds, "proposals", $"{names[g.Key.OrganizationId].LegalNameJa} ★{g.Key.Level.Number()}", $"/assessments/{g.Key.Id}/advice", null, g.Count())));

            sections.Add((InboxSection.Requests, $"/organizations/{applicants[0]}"));
            items.AddRange(Of(RowKind.Expiring).Select(e => new InboxItem(InboxSection.Requests, "renew", $"{names[e.OrganizationId].LegalNameJa} ★{e.Level.Number()}", $"/organizations/{e.OrganizationId}", e.Due)));

            // ★4: corrective actions to finish by their deadline, and this year's self-assessment once its window is open.
            var star4 = Of(RowKind.Star4).ToList();
            items.AddRange(star4.Where(e => e.EvaluationState == Domain.Evaluations.EvaluationState.CorrectiveActions).Select(e =>
                new InboxItem(InboxSection.Rounds, "fixCorrections", $"{names[e.OrganizationId].LegalNameJa} ★4", $"/assessments/{e.Round}/evaluation", e.Due)));
            var registered = star4.Where(e => e.EvaluationState == Domain.Evaluations.EvaluationState.Registered && e.ValidFrom is not null).ToList();
            if (registered.Count > 0)
            {
                var ids = registered.Select(e => e.Id).ToList();
                var recorded = await db.YearlySelfAssessments.AsNoTracking().Where(y => ids.Contains(y.EvaluationId)).Select(y => new { y.EvaluationId, y.DueOn, y.Status }).ToListAsync(ct);
                foreach (var e in registered)
                {
                    foreach (var due in Domain.Evaluations.YearlySelfAssessmentRules.DueDates(e.ValidFrom!.Value, e.ValidUntil!.Value))
                    {
                        var status = recorded.FirstOrDefault(y => y.EvaluationId == e.Id && y.DueOn == due)?.Status;
                        if (Domain.Evaluations.YearlySelfAssessmentRules.StatusOn(due, today, Evaluations.YearlyStore.Window, status) is Domain.Evaluations.YearlyStatus.Open)
                        {
                            items.Add(new InboxItem(InboxSection.Rounds, "yearly", $"{names[e.OrganizationId].LegalNameJa} ★4", $"/assessments/{e.Round}/evaluation", due));
                        }
                    }
                }
            }
        }

        if (responders.Count > 0)
        {
            if (sections.All(s => s.Section != InboxSection.Requests))
            {
                sections.Add((InboxSection.Requests, $"/organizations/{responders.Values.First()}/requests"));
            }

            items.AddRange(Of(RowKind.Request).Select(r => new InboxItem(InboxSection.Requests, "respond", $"{r.Name} → ★{r.Number}", $"/organizations/{responders[r.Text!]}/requests", r.Due)));
        }

        // Rounds the person advises from outside the applicant (issue 25), while they are drafts.
        var advised = Of(RowKind.Advised).ToList();
        if (advised.Count > 0)
        {
            if (!sections.Any(s => s.Section == InboxSection.Rounds))
            {
                sections.Insert(0, (InboxSection.Rounds, $"/assessments/{advised[0].Id}/advice"));
            }

            items.AddRange(advised.Select(r => new InboxItem(InboxSection.Rounds, "advise", $"{r.Name} ★{r.Level.Number()}", $"/assessments/{r.Id}/advice")));
        }

        if (actor.IsExpert)
        {
            sections.Add((InboxSection.Reviews, "/reviews"));
            items.AddRange(Of(RowKind.Review).Select(r => new InboxItem(InboxSection.Reviews, Inbox.ExpertAction(r.RoundState!.Value)!, $"{r.Name} ★{r.Level.Number()}", $"/reviews/{r.Id}")));
        }

        var evaluating = actor.Memberships.Any(m => m.OrganizationRoles.Contains(OrganizationRole.EvaluationBody) || m.OrganizationRoles.Contains(OrganizationRole.VerificationProvider)
            || m.OrganizationRoles.Contains(OrganizationRole.AccreditationBody));
        if (evaluating)
        {
            sections.Add((InboxSection.Evaluations, "/evaluations"));
            // Yearly self-assessments submitted to the person's evaluation bodies, waiting to be acknowledged.
            var bodies = actor.Memberships.Where(m => m.OrganizationRoles.Contains(OrganizationRole.EvaluationBody)).Select(m => m.OrganizationId).ToList();
            if (bodies.Count > 0)
            {
                var submitted = await (from y in db.YearlySelfAssessments.AsNoTracking()
                                       where y.Status == Domain.Evaluations.YearlyStatus.Submitted
                                       join e in db.Evaluations on y.EvaluationId equals e.Id
                                       where bodies.Contains(e.BodyId)
                                       join o in db.Organizations on e.ApplicantId equals o.Id
                                       select new { e.Id, y.DueOn, o.LegalNameJa }).ToListAsync(ct);
                items.AddRange(submitted.Select(y => new InboxItem(InboxSection.Evaluations, "acknowledgeYearly", $"{y.LegalNameJa} ★4", $"/evaluations/{y.Id}", y.DueOn)));
            }

            foreach (var (evaluation, applicant, _) in await evaluations.ForPersonAsync(actor, ct))
            {
                var action = evaluation.State == Domain.Evaluations.EvaluationState.Passed ? "register" : Inbox.BodyAction(evaluation.State);
                // A separate verification provider's people work on the technical verification page only.
                var provider = action is not null and not "register" && evaluation.LeadAssessorId != actor.UserId && actor.Memberships.All(m => m.OrganizationId != evaluation.BodyId);
                if (action is not null)
                {
                    items.Add(new InboxItem(InboxSection.Evaluations, provider ? "verifyTechnically" : action, $"{applicant} ★4",
                        provider ? $"/evaluations/{evaluation.Id}/technical" : $"/evaluations/{evaluation.Id}",
                        evaluation.State == Domain.Evaluations.EvaluationState.CorrectiveActions ? evaluation.CorrectiveActionDeadline : null));
                }
            }
        }

        if (actor.Memberships.Any(m => RegistrationAccess.MayRegister(actor, m.OrganizationId)))
        {
            sections.Add((InboxSection.Registrations, "/registrations"));
            var sent = (await registrations.RoundsAsync(actor, ct)).Where(a => a.State == AssessmentState.SubmittedForRegistration).ToList();
            var holders = await db.Organizations.AsNoTracking().Where(o => sent.Select(a => a.OrganizationId).Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.LegalNameJa, ct);
            items.AddRange(sent.Select(a => new InboxItem(InboxSection.Registrations, "register", $"{holders.GetValueOrDefault(a.OrganizationId)} ★{a.Level.Number()}", $"/registrations/{a.Id}")));
        }

        var accreditors = AccreditationAccess.BodiesOf(actor);
        if (accreditors.Count > 0)
        {
            sections.Add((InboxSection.Accreditations, "/accreditations"));
            var horizon = today.AddDays(ExpiryHorizonDays);
            var granted = await (from a in db.Accreditations.AsNoTracking()
                                 where accreditors.Contains(a.AccreditedById) && a.Status == Domain.Accreditation.AccreditationStatus.Active && a.ValidUntil >= today
                                 join o in db.Organizations on a.OrganizationId equals o.Id
                                 select new { a.Id, a.ValidFrom, a.ValidUntil, o.LegalNameJa, Held = db.Surveillances.Count(s => s.AccreditationId == a.Id) }).ToListAsync(ct);
            foreach (var a in granted)
            {
                if (Domain.Accreditation.AccreditationRules.NextSurveillanceDue(a.ValidFrom, a.ValidUntil, a.Held) is { } due && due <= horizon)
                {
                    items.Add(new InboxItem(InboxSection.Accreditations, "surveillance", a.LegalNameJa, $"/accreditations/{a.Id}", due));
                }
            }
        }

        var buyers = actor.Memberships.Where(m => m.OrganizationRoles.Contains(OrganizationRole.Buyer) && Access.May(actor, Operation.ViewSuppliers, m.OrganizationId)).Select(m => m.OrganizationId).Distinct().ToList();
        if (buyers.Count > 0)
        {
            sections.Add((InboxSection.Suppliers, $"/organizations/{buyers[0]}/suppliers"));

            // "Since my last visit": the last request of the person's previous session (sessions are
            // kept on the server); a first visit looks back LookBackDaysWithoutVisit days.
            var previous = await db.Sessions.AsNoTracking().Where(s => s.UserId == actor.UserId).OrderByDescending(s => s.CreatedAt)
                .Skip(1).Select(s => (DateTime?)s.LastSeenAt).FirstOrDefaultAsync(ct);
            var since = previous is { } seen ? JapanTime.DateOf(new DateTimeOffset(seen, TimeSpan.Zero)) : today.AddDays(-LookBackDaysWithoutVisit);
            foreach (var buyer in buyers)
            {
                var changed = (await portfolio.EntriesAsync(buyer, ct))
                    .Where(r => Domain.Suppliers.PortfolioChanges.Since(Domain.Suppliers.PortfolioChanges.Of(r.ToFacts(), today), since).Any())
                    .Select(r => r.SupplierId).Distinct().Count();
                if (changed > 0)
                {
                    items.Add(new InboxItem(InboxSection.Suppliers, "registryChanges", names[buyer].LegalNameJa, $"/organizations/{buyer}/suppliers/changes", Count: changed));
                }

                var counts = await portfolio.CountsAsync(buyer, ct);
                if (counts.Gap > 0)
                {
                    items.Add(new InboxItem(InboxSection.Suppliers, "belowLevel", names[buyer].LegalNameJa, $"/organizations/{buyer}/suppliers", Count: counts.Gap));
                }

                if (counts.RequestsOverdue > 0)
                {
                    items.Add(new InboxItem(InboxSection.Suppliers, "requestsOverdue", names[buyer].LegalNameJa, $"/organizations/{buyer}/suppliers", Count: counts.RequestsOverdue));
                }
            }
        }

        if (Access.May(actor, Operation.ViewAllAudit, null))
        {
            sections.Add((InboxSection.Operations, "/admin/jobs"));
            var failing = await db.ScheduledJobs.AsNoTracking().CountAsync(j => j.LastFailedAt != null && (j.LastFinishedAt == null || j.LastFailedAt >= j.LastFinishedAt), ct);
            var waiting = await db.OutboxMessages.CountAsync(m => m.SentAt == null && m.FailedAttempts > 0, ct);
            if (failing > 0)
            {
                items.Add(new InboxItem(InboxSection.Operations, "failingJobs", "", "/admin/jobs", Count: failing));
            }

            if (waiting > 0)
            {
                items.Add(new InboxItem(InboxSection.Operations, "failingMail", "", "/admin/jobs", Count: waiting));
            }

            var drafts = await db.CatalogVersions.AsNoTracking().CountAsync(c => c.Status == Domain.Catalog.CatalogStatus.Draft, ct);
            if (drafts > 0)
            {
                items.Add(new InboxItem(InboxSection.Operations, "catalogDrafts", "", "/catalog", Count: drafts));
            }
        }

        if (Access.May(actor, Operation.VerifyExperts, null))
        {
            if (sections.All(s => s.Section != InboxSection.Operations))
            {
                sections.Add((InboxSection.Operations, "/experts"));
            }

            var pending = await db.ExpertProfiles.AsNoTracking().CountAsync(p => p.Verification == Domain.Experts.VerificationState.Pending, ct);
            if (pending > 0)
            {
                items.Add(new InboxItem(InboxSection.Operations, "verifyExperts", "", "/experts?state=Pending", Count: pending));
            }
        }

        var ordered = Inbox.Order(items);
        var sectionCounts = ordered.GroupBy(i => i.Section).ToDictionary(g => g.Key, g => g.Count());
        return new InboxView([.. ordered.GroupBy(i => i.Section).SelectMany(g => g.Take(MaxPerSection))], sectionCounts, [.. sections.OrderBy(s => s.Section)]);
    }
}
