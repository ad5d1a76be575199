using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Assessments;

/// <summary>The organization a round belongs to, as read with the round: its name and its 法人番号's verification.</summary>
public sealed record RoundHolder(string Name, string? CorporateNumber, string? VerifiedCorporateNumber, DateTime? CorporateNumberVerifiedAt);

/// <summary>
/// A round with its catalog version, its holder and its chosen expert's profile (as it was when
/// loaded), loaded together (one statement while the catalog is cached).
/// </summary>
public sealed record LoadedAssessment(AssessmentRecord Assessment, CatalogVersion Catalog, RoundHolder Holder, ExpertProfileRecord? Expert = null, Guidance.HelpStamp? Help = null)
{
    /// <summary>Whether anyone filled a policy template for this round (read with the round: a sheet without any asks for no suggestions).</summary>
    public bool AnyTemplateFilled { get; init; } = true;

    /// <summary>Whether the holder has another judged round a draft may take answers from (read with the round: most drafts have none to list).</summary>
    public bool AnyImportSource { get; init; } = true;

    /// <summary>Whether the round has any verdict (read with the round: a first draft has none to forget when an answer changes).</summary>
    public bool AnyVerdict { get; init; } = true;

    /// <summary>The expert's judgement of the scope as read with the round (null: none yet); a page that changes it reads it again.</summary>
    public ScopeReviewRecord? ScopeReview { get; init; }

    public ScopeQuestionnaire Scope => AssessmentStore.ReadScope(Assessment.ScopeJson);
}

/// <summary>The outcome of saving one answer: saved (with the new version), refused, or a conflict.</summary>
public sealed record AnswerSaveResult(bool Saved, int Version, AnswerProblem Problem, AnswerRecord? Current, string? Refusal)
{
    public bool Conflict => !Saved && Current is not null && Problem == AnswerProblem.None && Refusal is null;
}

/// <summary>The applicant's side of a ★3 round: start it, answer scope and sheet. Every change audited.</summary>
/// <summary>A new round for a level the organization holds, asked for before its renewal window opens.</summary>
public sealed class RenewalNotOpenException(DateOnly opensOn) : Exception($"A renewal may start on {opensOn:yyyy-MM-dd}.")
{
    public DateOnly OpensOn { get; } = opensOn;
}

public sealed class AssessmentStore(AppDbContext db, CatalogStore catalogs, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Domain.Lifecycle.LifecycleSettings> lifecycle)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ScopeQuestionnaire ReadScope(string? json) =>
        string.IsNullOrEmpty(json) ? new ScopeQuestionnaire() : JsonSerializer.Deserialize<ScopeQuestionnaire>(json, Json) ?? new ScopeQuestionnaire();

    public Task<List<AssessmentRecord>> ListAsync(Guid organizationId, CancellationToken ct = default) =>
        db.Assessments.AsNoTracking().Where(a => a.OrganizationId == organizationId).OrderByDescending(a => a.CreatedAt).ToListAsync(ct);

    public async Task<LoadedAssessment?> LoadAsync(Guid id, CancellationToken ct = default)
    {
        // The round with its catalog's content hash and help stamp in one statement; the parsed catalog comes from the cache.
        var found = await LoadRound(db, id, ct);
        if (found is null)
        {
            return null;
        }

        var assessment = found.Assessment;
        var catalog = (found.Hash is { } hash ? catalogs.Cached(hash) : null)
            ?? (await catalogs.GetAsync(assessment.CatalogVersionId, ct))?.Catalog
            ?? throw new InvalidOperationException($"Catalog version {assessment.CatalogVersionId} of assessment {id} is missing.");
        return new LoadedAssessment(assessment, catalog, found.Holder ?? throw new InvalidOperationException($"Organization {assessment.OrganizationId} of assessment {id} is missing."), found.Expert,
            new Guidance.HelpStamp(found.HelpCount, found.HelpVersions))
        {
            AnyTemplateFilled = found.AnyTemplateFilled,
            AnyImportSource = found.AnyImportSource,
            AnyVerdict = found.AnyVerdict,
            ScopeReview = found.ScopeReview,
        };
    }

    // The reads every round page makes, compiled once: an ordinary LINQ query has EF Core walk its
    // expression for parameters on every run, which a profile showed among a page's largest costs.
    private static readonly Func<AppDbContext, Guid, CancellationToken, Task<RoundRow?>> LoadRound = EF.CompileAsyncQuery(
        (AppDbContext db, Guid id, CancellationToken ct) => (
            from a in db.Assessments.AsNoTracking().Where(a => a.Id == id)
            join e in db.ExpertProfiles.AsNoTracking() on a.ExpertUserId equals (Guid?)e.UserId into experts
            from e in experts.DefaultIfEmpty()

                // A join, not a subquery with FirstOrDefault: EF Core turns a record projected from a
                // subquery into ROW_NUMBER() over the whole Organizations table, a scan on every round page.
            join o in db.Organizations.AsNoTracking() on a.OrganizationId equals o.Id into holders
            from o in holders.DefaultIfEmpty()
            join r in db.ScopeReviews.AsNoTracking() on a.Id equals r.AssessmentId into reviews
            from r in reviews.DefaultIfEmpty()
            select new RoundRow
            {
                ScopeReview = r,
                Assessment = a,
                Hash = db.CatalogVersions.Where(c => c.Id == a.CatalogVersionId).Select(c => c.ContentHash).FirstOrDefault(),
                Holder = o == null ? null : new RoundHolder(o.LegalNameJa, o.CorporateNumber, o.VerifiedCorporateNumber, o.CorporateNumberVerifiedAt),
                Expert = e,
                HelpCount = db.CriterionHelp.Count(h => h.CatalogId == a.CatalogVersionId),
                HelpVersions = db.CriterionHelp.Where(h => h.CatalogId == a.CatalogVersionId).Sum(h => (long)h.Version),
                AnyTemplateFilled = db.TemplateFills.Any(f => f.AssessmentId == a.Id),
                AnyImportSource = db.Assessments.Any(s => s.OrganizationId == a.OrganizationId && s.Id != a.Id && ImportableStates.Contains(s.State)),
                AnyVerdict = db.Verdicts.Any(v => v.AssessmentId == a.Id),
            })
            .FirstOrDefault());

    private static readonly Func<AppDbContext, Guid, IAsyncEnumerable<AnswerRecord>> RoundAnswers = EF.CompileAsyncQuery(
        (AppDbContext db, Guid id) => db.Answers.AsNoTracking().Where(a => a.AssessmentId == id));

    private static readonly Func<AppDbContext, Guid, IAsyncEnumerable<VerdictRecord>> RoundVerdicts = EF.CompileAsyncQuery(
        (AppDbContext db, Guid id) => db.Verdicts.AsNoTracking().Where(v => v.AssessmentId == id));

    // The verdicts first: in a UNION ALL the first part's columns give the types, and a NULL in place
    // of a verdict stored as text would be read as a number.
    private static readonly Func<AppDbContext, Guid, IAsyncEnumerable<AnswerOrVerdict>> RoundAnswersAndVerdicts = EF.CompileAsyncQuery(
        (AppDbContext db, Guid id) => db.Verdicts.AsNoTracking().Where(v => v.AssessmentId == id)
            .Select(v => new AnswerOrVerdict { CriterionId = v.CriterionId, IsVerdict = true, Verdict = v.Verdict, Value = null, Text = v.Remark, Reply = null, CarriedFrom = null, UpdatedBy = v.UpdatedBy, UpdatedAt = v.UpdatedAt, Version = v.Version })
            .Concat(db.Answers.AsNoTracking().Where(a => a.AssessmentId == id)
                .Select(a => new AnswerOrVerdict { CriterionId = a.CriterionId, IsVerdict = false, Verdict = null, Value = a.Value, Text = a.Supplement, Reply = a.Reply, CarriedFrom = a.CarriedFrom, UpdatedBy = a.UpdatedBy, UpdatedAt = a.UpdatedAt, Version = a.Version })));

    /// <summary>A row of <see cref="RoundAnswersAndVerdicts"/>: an answer (<see cref="Text"/> its supplement) or a verdict (its remark).</summary>
    private sealed class AnswerOrVerdict
    {
        public required string CriterionId { get; init; }

        public bool IsVerdict { get; init; }

        public Verdict? Verdict { get; init; }

        public string? Value { get; init; }

        public string? Text { get; init; }

        public string? Reply { get; init; }

        public Guid? CarriedFrom { get; init; }

        public Guid UpdatedBy { get; init; }

        public DateTime UpdatedAt { get; init; }

        public int Version { get; init; }
    }

    private sealed class RoundRow
    {
        public required AssessmentRecord Assessment { get; init; }

        public string? Hash { get; init; }

        public RoundHolder? Holder { get; init; }

        public ExpertProfileRecord? Expert { get; init; }

        /// <summary>The catalog's help stamp, so that the help comes from the cache without a statement of its own.</summary>
        public int HelpCount { get; init; }

        public long HelpVersions { get; init; }

        public bool AnyTemplateFilled { get; init; }

        public bool AnyImportSource { get; init; }

        public bool AnyVerdict { get; init; }

        public ScopeReviewRecord? ScopeReview { get; init; }
    }

    private static async Task<Dictionary<string, T>> ByCriterionAsync<T>(IAsyncEnumerable<T> rows, Func<T, string> criterion, CancellationToken ct)
    {
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        await foreach (var row in rows.WithCancellation(ct))
        {
            found.Add(criterion(row), row);
        }

        return found;
    }

    /// <summary>What a move of a draft to another catalog version recorded: the answers to check and those set aside.</summary>
    public sealed record CatalogMove(string From, string To, DateTime At, IReadOnlyList<string> Flagged, IReadOnlyList<MovedAnswer> Dropped, IReadOnlyList<string> Open);

    public static CatalogMove? ReadMove(string? json) => json is null ? null : JsonSerializer.Deserialize<CatalogMove>(json);

    /// <summary>The plan of moving a draft to <paramref name="target"/>: what would be kept, flagged, dropped and left open.</summary>
    public async Task<MigrationPlan> PlanMoveAsync(LoadedAssessment loaded, CatalogVersion target, CancellationToken ct = default)
    {
        var answers = (await AnswersAsync(loaded.Assessment.Id, ct)).Values.Select(a => new MovedAnswer(a.CriterionId, a.Value, a.Supplement)).ToList();
        return CatalogMigration.Plan(CatalogDiff.Compare(loaded.Catalog, target), loaded.Assessment.Level, answers);
    }

    /// <summary>
    /// Moves a draft to the current published catalog: answers carried to their criteria (renumbered
    /// ones follow their text), those whose criterion changed flagged for the applicant to check,
    /// those to removed criteria set aside in the round's record (nothing typed is lost). Refused
    /// (false) when the round is no longer a draft, is on the current version already, or changed
    /// since <paramref name="expectedVersion"/>.
    /// </summary>
    public async Task<bool> MoveToCurrentCatalogAsync(Guid assessmentId, int expectedVersion, Guid userId, string? address, CancellationToken ct = default)
    {
        var loaded = await LoadAsync(assessmentId, ct);
        var current = await catalogs.CurrentAsync(ct);
        if (loaded is null || current is null || loaded.Assessment.State != AssessmentState.Draft || loaded.Assessment.CatalogVersionId == current.Id
            || loaded.Assessment.Version != expectedVersion)
        {
            return false;
        }

        var target = (await catalogs.GetAsync(current.Id, ct))!.Catalog;
        if (!target.Offers(loaded.Assessment.Level))
        {
            return false;
        }

        var plan = await PlanMoveAsync(loaded, target, ct);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var assessment = await db.Assessments.FirstAsync(a => a.Id == assessmentId, ct);
        if (assessment.Version != expectedVersion || assessment.State != AssessmentState.Draft)
        {
            return false;
        }

        var stored = await db.Answers.Where(a => a.AssessmentId == assessmentId).ToListAsync(ct);
        db.Answers.RemoveRange(stored);
        await db.SaveChangesAsync(ct);
        var byOld = stored.ToDictionary(a => a.CriterionId, StringComparer.Ordinal);
        var comparison = CatalogDiff.Compare(loaded.Catalog, target);
        foreach (var change in comparison.Criteria.Where(c => c.Old is not null && c.New is not null && byOld.ContainsKey(c.Old.Id) && c.New.AppliesTo(assessment.Level)))
        {
            var old = byOld[change.Old!.Id];
            db.Answers.Add(new AnswerRecord
            {
                AssessmentId = assessmentId,
                CriterionId = change.New!.Id,
                Value = old.Value,
                Supplement = old.Supplement,
                Reply = old.Reply,
                UpdatedBy = userId,
                UpdatedAt = now.UtcDateTime,
            });
        }

        var move = new CatalogMove(assessment.CatalogVersionId, current.Id, now.UtcDateTime, [.. plan.Flagged.Select(a => a.CriterionId)], plan.Dropped, plan.Open);
        assessment.CatalogMoveJson = JsonSerializer.Serialize(move);
        assessment.CatalogVersionId = current.Id;
        assessment.UpdatedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(userId.ToString(), assessment.OrganizationId.ToString(), "assessment.catalog-moved", "Assessment", assessmentId.ToString(),
            JsonSerializer.Serialize(new { from = move.From, to = move.To, kept = plan.Kept.Count, flagged = move.Flagged, dropped = plan.Dropped.Select(d => d.CriterionId), open = plan.Open.Count }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>The round's current verdicts by criterion (given by the expert or the ★4 team; see the Reviews feature).</summary>
    public async Task<Dictionary<string, VerdictRecord>> VerdictsAsync(Guid assessmentId, CancellationToken ct = default) =>
        await ByCriterionAsync(RoundVerdicts(db, assessmentId), v => v.CriterionId, ct);

    /// <summary>The judge's verdict on the round's scope when it asks for a recheck.</summary>
    public Task<ScopeReviewRecord?> ScopeRecheckAsync(Guid assessmentId, CancellationToken ct = default) =>
        db.ScopeReviews.AsNoTracking().FirstOrDefaultAsync(r => r.AssessmentId == assessmentId && r.Verdict == ScopeVerdict.Recheck, ct);

    /// <summary>The judge's verdict on the round's scope, if any, as the rules read it.</summary>
    public async Task<ScopeReviewFacts?> ScopeReviewAsync(Guid assessmentId, CancellationToken ct = default) =>
        (await db.ScopeReviews.AsNoTracking().FirstOrDefaultAsync(r => r.AssessmentId == assessmentId, ct)).ToFacts();

    public async Task<Dictionary<string, AnswerRecord>> AnswersAsync(Guid assessmentId, CancellationToken ct = default) =>
        await ByCriterionAsync(RoundAnswers(db, assessmentId), a => a.CriterionId, ct);

    /// <summary>
    /// <see cref="AnswersAsync"/> and <see cref="VerdictsAsync"/> in one statement, for the pages
    /// that show both (the review, the sheet under review, a renewal's last round).
    /// </summary>
    public async Task<(Dictionary<string, AnswerRecord> Answers, Dictionary<string, VerdictRecord> Verdicts)> AnswersAndVerdictsAsync(Guid assessmentId, CancellationToken ct = default)
    {
        var answers = new Dictionary<string, AnswerRecord>(StringComparer.Ordinal);
        var verdicts = new Dictionary<string, VerdictRecord>(StringComparer.Ordinal);
        await foreach (var row in RoundAnswersAndVerdicts(db, assessmentId).WithCancellation(ct))
        {
            if (row.IsVerdict)
            {
                verdicts.Add(row.CriterionId, new VerdictRecord
                {
                    AssessmentId = assessmentId,
                    CriterionId = row.CriterionId,
                    Verdict = row.Verdict!.Value,
                    Remark = row.Text,
                    UpdatedBy = row.UpdatedBy,
                    UpdatedAt = row.UpdatedAt,
                    Version = row.Version,
                });
            }
            else
            {
                answers.Add(row.CriterionId, new AnswerRecord
                {
                    AssessmentId = assessmentId,
                    CriterionId = row.CriterionId,
                    Value = row.Value,
                    Supplement = row.Text,
                    Reply = row.Reply,
                    CarriedFrom = row.CarriedFrom,
                    UpdatedBy = row.UpdatedBy,
                    UpdatedAt = row.UpdatedAt,
                    Version = row.Version,
                });
            }
        }

        return (answers, verdicts);
    }

    /// <summary>
    /// Starts a round for <paramref name="level"/> on the current published catalog, or returns
    /// the round already open for that level (one open round per level at a time).
    /// </summary>
    public async Task<AssessmentRecord> StartAsync(Guid organizationId, Level level, Guid userId, string? address, CancellationToken ct = default)
    {
        var open = await db.Assessments.AsNoTracking()
            .Where(a => a.OrganizationId == organizationId && a.Level == level && a.State != AssessmentState.Registered)
            .OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(ct);
        if (open is not null)
        {
            return open;
        }

        // Holding this level already: a new round is a renewal, which opens 90 (★3) / 180 (★4) days before expiry.
        var today = Domain.JapanTime.DateOf(clock.GetUtcNow());
        var held = await db.RegistryEntries.AsNoTracking()
            .Where(e => e.OrganizationId == organizationId && e.Level == level && e.Status == "valid" && e.ValidUntil >= today)
            .OrderByDescending(e => e.ValidUntil).Select(e => (DateOnly?)e.ValidUntil).FirstOrDefaultAsync(ct);
        if (held is { } until && !Domain.Lifecycle.LifecycleRules.RenewalOpen(level, until, today, lifecycle.Value))
        {
            throw new RenewalNotOpenException(Domain.Lifecycle.LifecycleRules.RenewalOpensOn(level, until, lifecycle.Value));
        }

        var current = await catalogs.CurrentAsync(ct) ?? throw new InvalidOperationException("No published catalog version.");
        var catalog = (await catalogs.GetAsync(current.Id, ct))!.Catalog;
        if (!catalog.Offers(level))
        {
            throw new InvalidOperationException($"The catalog {current.Id} has no sheet for {level}.");
        }

        var now = clock.GetUtcNow();
        var assessment = new AssessmentRecord
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = organizationId,
            Level = level,
            CatalogVersionId = current.Id,
            State = AssessmentState.Draft,
            CreatedBy = userId,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        db.Assessments.Add(assessment);
        db.Audit(new AuditEvent(userId.ToString(), organizationId.ToString(), "assessment.started", "Assessment", assessment.Id.ToString(),
            JsonSerializer.Serialize(new { level = level.Number(), catalog = current.Id }), address), now);
        await CarryForwardAsync(assessment, catalog, userId, address, now, ct);
        await db.SaveChangesAsync(ct);
        return assessment;
    }

    /// <summary>
    /// A renewal (issue 25): a new round for a level the organization holds or held starts from its
    /// last registered round of that level — scope, answers and supplements copied, each answer
    /// carried over until someone confirms or changes it (<see cref="Renewal"/>); across catalog
    /// versions through the catalog migration, recorded like a draft's move (answers to check, set aside, new).
    /// </summary>
    private async Task CarryForwardAsync(AssessmentRecord assessment, CatalogVersion catalog, Guid userId, string? address, DateTimeOffset now, CancellationToken ct)
    {
        var previous = await db.Assessments.AsNoTracking()
            .Where(a => a.OrganizationId == assessment.OrganizationId && a.Level == assessment.Level && a.State == AssessmentState.Registered && a.Id != assessment.Id)
            .OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(ct);
        if (previous is null)
        {
            return;
        }

        var answers = await db.Answers.AsNoTracking().Where(a => a.AssessmentId == previous.Id)
            .Select(a => new MovedAnswer(a.CriterionId, a.Value, a.Supplement)).ToListAsync(ct);
        var comparison = previous.CatalogVersionId == catalog.Id
            ? null
            : CatalogDiff.Compare((await catalogs.GetAsync(previous.CatalogVersionId, ct))!.Catalog, catalog);
        var plan = Renewal.Plan(comparison, assessment.Level, answers);
        assessment.PreviousRoundId = previous.Id;
        assessment.ScopeJson = previous.ScopeJson;
        AddCarried(assessment.Id, plan.Carried, previous.Id, userId, now);

        if (comparison is not null)
        {
            var move = new CatalogMove(previous.CatalogVersionId, catalog.Id, now.UtcDateTime, [.. plan.Carried.Where(c => c.CriterionChanged).Select(c => c.CriterionId)], plan.Dropped, plan.Open);
            assessment.CatalogMoveJson = JsonSerializer.Serialize(move);
        }

        db.Audit(new AuditEvent(userId.ToString(), assessment.OrganizationId.ToString(), "assessment.carried-forward", "Assessment", assessment.Id.ToString(),
            JsonSerializer.Serialize(new { from = previous.Id, catalogFrom = previous.CatalogVersionId, catalogTo = catalog.Id, carried = plan.Carried.Count, dropped = plan.Dropped.Select(d => d.CriterionId), open = plan.Open.Count }), address), now);
    }

    /// <summary>The organization's other rounds whose answers a draft may take as proposals (judged ones: approved, submitted or registered), newest first.</summary>
    /// <summary>The states of a round whose answers a draft may take (judged: approved, or further).</summary>
    private static readonly AssessmentState[] ImportableStates = [AssessmentState.Approved, AssessmentState.SubmittedForRegistration, AssessmentState.Registered];

    public async Task<IReadOnlyList<AssessmentRecord>> ImportSourcesAsync(AssessmentRecord draft, CancellationToken ct = default) =>
        await db.Assessments.AsNoTracking()
            .Where(a => a.OrganizationId == draft.OrganizationId && a.Id != draft.Id && ImportableStates.Contains(a.State))
            .OrderByDescending(a => a.CreatedAt).Take(5).ToListAsync(ct);

    /// <summary>
    /// Reuse of an earlier self-check (issue 25): a draft takes the answers of another judged round of
    /// the organization (★3 answers into a ★4 round) for the criteria it has not answered yet, each a
    /// proposal marked with its source until someone confirms or changes it, like a renewal's. Across
    /// catalog versions through the catalog migration. Returns how many were taken; 0 when none or not a draft.
    /// </summary>
    public async Task<int> ImportFromRoundAsync(LoadedAssessment loaded, Guid sourceId, Guid userId, string? address, CancellationToken ct = default)
    {
        var draft = loaded.Assessment;
        var source = (await ImportSourcesAsync(draft, ct)).FirstOrDefault(a => a.Id == sourceId);
        if (draft.State != AssessmentState.Draft || source is null)
        {
            return 0;
        }

        var answers = await db.Answers.AsNoTracking().Where(a => a.AssessmentId == source.Id).Select(a => new MovedAnswer(a.CriterionId, a.Value, a.Supplement)).ToListAsync(ct);
        var comparison = source.CatalogVersionId == loaded.Catalog.Id ? null : CatalogDiff.Compare((await catalogs.GetAsync(source.CatalogVersionId, ct))!.Catalog, loaded.Catalog);
        var sheet = loaded.Catalog.SheetFor(draft.Level).SelectMany(r => r.Criteria).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var held = await db.Answers.Where(a => a.AssessmentId == draft.Id).Select(a => a.CriterionId).ToListAsync(ct);
        var taken = Renewal.Plan(comparison, draft.Level, answers).Carried.Where(c => sheet.Contains(c.CriterionId) && !held.Contains(c.CriterionId)).ToList();
        if (taken.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        AddCarried(draft.Id, taken, source.Id, userId, now);

        db.Audit(new AuditEvent(userId.ToString(), draft.OrganizationId.ToString(), "assessment.answers-imported", "Assessment", draft.Id.ToString(),
            JsonSerializer.Serialize(new { from = source.Id, level = source.Level.Number(), taken = taken.Count }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone answered one of these criteria meanwhile: nothing was taken.
            db.ChangeTracker.Clear();
            return 0;
        }

        return taken.Count;
    }

    /// <summary>Adds answers carried over from <paramref name="source"/>, each waiting for "confirm or change".</summary>
    private void AddCarried(Guid assessmentId, IEnumerable<CarriedAnswer> answers, Guid source, Guid userId, DateTimeOffset now) =>
        db.Answers.AddRange(answers.Select(carried => new AnswerRecord
        {
            AssessmentId = assessmentId,
            CriterionId = carried.CriterionId,
            Value = carried.Value,
            Supplement = carried.Supplement,
            CarriedFrom = source,
            UpdatedBy = userId,
            UpdatedAt = now.UtcDateTime,
            Version = 1,
        }));

    /// <summary>
    /// Confirms carried-over answers as they stand (one criterion, or every one of a category in one
    /// action): they stop being "carried over". Returns how many were confirmed; only in a draft.
    /// </summary>
    public async Task<int> ConfirmCarriedAsync(LoadedAssessment loaded, IReadOnlyCollection<string> criteria, Guid userId, string? address, CancellationToken ct = default)
    {
        if (loaded.Assessment.State != AssessmentState.Draft || criteria.Count == 0)
        {
            return 0;
        }

        var carried = await db.Answers.Where(a => a.AssessmentId == loaded.Assessment.Id && a.CarriedFrom != null && criteria.Contains(a.CriterionId)).ToListAsync(ct);
        if (carried.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        foreach (var answer in carried)
        {
            answer.CarriedFrom = null;
            KeepRevision(answer, loaded.Assessment, userId, now);
        }

        db.Audit(new AuditEvent(userId.ToString(), loaded.Assessment.OrganizationId.ToString(), "assessment.carried-confirmed", "Assessment", loaded.Assessment.Id.ToString(),
            JsonSerializer.Serialize(new { criteria = carried.Select(a => a.CriterionId).Order(CatalogNumber.Comparer) }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone changed one of them meanwhile: nothing confirmed; the page shows where things stand.
            db.ChangeTracker.Clear();
            return 0;
        }

        return carried.Count;
    }

    /// <summary>
    /// Saves the scope questionnaire (a draft may be incomplete, not malformed). Refused when the
    /// round is no longer a draft or someone saved since <paramref name="expectedVersion"/>.
    /// </summary>
    /// <remarks>
    /// In a draft, and while the judge sent the scope itself back for recheck: then
    /// <paramref name="reply"/> is the applicant's reply to the judge's remark (kept with the scope's review).
    /// </remarks>
    public async Task<IReadOnlyList<ScopeProblem>> SaveScopeAsync(Guid id, int expectedVersion, ScopeQuestionnaire scope, Guid userId, string? address, string? reply = null, CancellationToken ct = default)
    {
        var normalized = ScopeRules.Normalize(scope);
        var problems = ScopeRules.CheckShape(normalized);
        if (reply?.Length > ScopeReview.MaxTextLength)
        {
            problems = [.. problems, new ScopeProblem("Reply", "tooLong")];
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var assessment = await db.Assessments.FirstAsync(a => a.Id == id, ct);
        var review = await db.ScopeReviews.FirstOrDefaultAsync(r => r.AssessmentId == id, ct);
        if (!ScopeReview.ApplicantMayEditScope(assessment.State, ScopeReviewFactsReader.ToFacts(review)))
        {
            throw new AssessmentStepException($"The scope cannot change while the assessment is {assessment.State}.");
        }

        if (assessment.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException("The scope was changed by someone else after you opened it.");
        }

        var now = clock.GetUtcNow();
        reply = string.IsNullOrWhiteSpace(reply) ? null : reply.Trim();
        if (assessment.State == AssessmentState.RecheckRequested && review is not null && reply is not null && (reply != review.Reply || review.RepliedAt <= review.JudgedAt))
        {
            review.Reply = reply;
            review.RepliedBy = userId;
            review.RepliedAt = now.UtcDateTime;
            db.Audit(new AuditEvent(userId.ToString(), assessment.OrganizationId.ToString(), "assessment.scope-recheck-answered", "Assessment", id.ToString(), JsonSerializer.Serialize(new { reply }), address), now);
        }

        assessment.ScopeJson = JsonSerializer.Serialize(normalized, Json);
        assessment.UpdatedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(userId.ToString(), assessment.OrganizationId.ToString(), "assessment.scope-saved", "Assessment", id.ToString(), assessment.ScopeJson, address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("The scope was changed by someone else after you opened it.");
        }

        return [];
    }

    /// <summary>
    /// Saves one answer if nobody saved it since <paramref name="expectedVersion"/> (0 for "not
    /// answered yet"); otherwise returns the current answer as a conflict and stores nothing.
    /// </summary>
    public Task<AnswerSaveResult> SaveAnswerAsync(LoadedAssessment loaded, string criterionId, string? value, string? supplement, int expectedVersion, Guid userId, string? address, string? reply = null, CancellationToken ct = default) =>
        SaveAsync(loaded, criterionId, value, supplement, expectedVersion, userId, null, address, reply, ct);

    /// <summary>
    /// Saves a proposal that <paramref name="userId"/> accepted as the answer, as <see cref="SaveAnswerAsync"/>
    /// does; the history keeps who proposed it (<paramref name="proposedBy"/>) beside who accepted it.
    /// Other changes already tracked (the proposal marked accepted) are saved in the same transaction.
    /// </summary>
    public Task<AnswerSaveResult> SaveProposedAnswerAsync(LoadedAssessment loaded, string criterionId, string? value, string? supplement, int expectedVersion, Guid userId, Guid? proposedBy, string? address, CancellationToken ct = default) =>
        SaveAsync(loaded, criterionId, value, supplement, expectedVersion, userId, proposedBy, address, null, ct);

    private async Task<AnswerSaveResult> SaveAsync(LoadedAssessment loaded, string criterionId, string? value, string? supplement, int expectedVersion, Guid userId, Guid? proposedBy, string? address, string? reply, CancellationToken ct)
    {
        var assessment = loaded.Assessment;
        var criterion = loaded.Catalog.FindCriterion(criterionId);
        if (criterion is null || !criterion.AppliesTo(assessment.Level))
        {
            return new(false, 0, AnswerProblem.None, null, $"The criterion {criterionId} is not on this sheet.");
        }

        // In a draft the whole sheet is open; during a recheck only the items the expert sent back.
        var open = assessment.State == AssessmentState.Draft
            || (assessment.State == AssessmentState.RecheckRequested
                && await db.Verdicts.AnyAsync(v => v.AssessmentId == assessment.Id && v.CriterionId == criterionId && v.Verdict == Verdict.Recheck, ct));
        if (!open)
        {
            return new(false, 0, AnswerProblem.None, null, $"Answers cannot change while the assessment is {assessment.State}.");
        }

        reply = assessment.State == AssessmentState.RecheckRequested && !string.IsNullOrWhiteSpace(reply) ? reply.Trim() : null;
        if (reply?.Length > AnswerRules.MaxSupplementLength)
        {
            return new(false, 0, AnswerProblem.TooLong, null, null);
        }

        value = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        supplement = string.IsNullOrWhiteSpace(supplement) ? null : supplement.Trim();
        var problem = AnswerRules.CheckDraft(criterion, value, supplement);
        if (problem != AnswerProblem.None)
        {
            return new(false, 0, problem, null, null);
        }

        var now = clock.GetUtcNow();
        var answer = await db.Answers.FirstOrDefaultAsync(a => a.AssessmentId == assessment.Id && a.CriterionId == criterionId, ct);
        if ((answer?.Version ?? 0) != expectedVersion)
        {
            return new(false, answer?.Version ?? 0, AnswerProblem.None, answer, null);
        }

        if (answer is null)
        {
            answer = new AnswerRecord { AssessmentId = assessment.Id, CriterionId = criterionId, Version = 1 };
            db.Answers.Add(answer);
        }
        else if (answer.Value == value && answer.Supplement == supplement && (assessment.State == AssessmentState.Draft || answer.Reply == reply) && answer.CarriedFrom is null)
        {
            return new(true, answer.Version, AnswerProblem.None, null, null);
        }

        // Saved as it stands or changed, a carried-over answer is now the person's own (Renewal).
        answer.CarriedFrom = null;

        if (assessment.State == AssessmentState.Draft && loaded.AnyVerdict && (answer.Value != value || answer.Supplement != supplement))
        {
            await ForgetVerdictsAsync(assessment.Id, [criterionId], ct);
        }

        answer.Value = value;
        answer.Supplement = supplement;
        if (assessment.State == AssessmentState.RecheckRequested)
        {
            answer.Reply = reply;
        }

        KeepRevision(answer, assessment, userId, now, proposedBy);
        db.Audit(new AuditEvent(userId.ToString(), assessment.OrganizationId.ToString(), "assessment.answer-saved", "Answer", $"{assessment.Id}/{criterionId}",
            JsonSerializer.Serialize(proposedBy is null ? (object)new { value, supplement, reply } : new { value, supplement, proposedBy }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone else saved (or created) the same answer between our read and our write.
            db.ChangeTracker.Clear();
            var current = await db.Answers.AsNoTracking().FirstOrDefaultAsync(a => a.AssessmentId == assessment.Id && a.CriterionId == criterionId, ct);
            return new(false, current?.Version ?? 0, AnswerProblem.None, current, null);
        }

        return new(true, answer.Version, AnswerProblem.None, null, null);
    }

    /// <summary>
    /// A verdict kept from an earlier round no longer stands once its answer changes in the reopened
    /// draft (<see cref="Reopening.Stands"/>): removed with the answer's save (its history stays), so the
    /// expert judges the new answer.
    /// </summary>
    private async Task ForgetVerdictsAsync(Guid assessmentId, IReadOnlyCollection<string> criteria, CancellationToken ct) =>
        db.Verdicts.RemoveRange(await db.Verdicts.Where(v => v.AssessmentId == assessmentId && criteria.Contains(v.CriterionId)).ToListAsync(ct));

    /// <summary>Stamps an answer just changed and keeps it in the history (with the reply during a recheck).</summary>
    private void KeepRevision(AnswerRecord answer, AssessmentRecord assessment, Guid userId, DateTimeOffset now, Guid? proposedBy = null)
    {
        answer.UpdatedBy = userId;
        answer.UpdatedAt = now.UtcDateTime;
        db.AnswerRevisions.Add(new AnswerRevisionRecord
        {
            Id = Guid.CreateVersion7(now),
            AssessmentId = assessment.Id,
            CriterionId = answer.CriterionId,
            Round = assessment.Round,
            Value = answer.Value,
            Supplement = answer.Supplement,
            Reply = assessment.State == AssessmentState.RecheckRequested ? answer.Reply : null,
            ChangedBy = userId,
            ProposedBy = proposedBy,
            ChangedAt = now.UtcDateTime,
        });
    }

    /// <summary>
    /// Imports the rows of an uploaded sheet in one transaction: checked against the catalog and
    /// what is held now; nothing is written when a row is refused unless <paramref name="validRowsOnly"/>
    /// (the user confirmed importing the valid rows). A concurrent save makes the whole import a conflict.
    /// </summary>
    public async Task<SheetImportResult<AnswerChange>> ImportAnswersAsync(Guid assessmentId, IReadOnlyList<AnswerRow> rows, SheetVocabulary vocabulary, bool validRowsOnly,
        string? fileName, Guid userId, string? address, CancellationToken ct = default)
    {
        var loaded = await LoadAsync(assessmentId, ct) ?? throw new InvalidOperationException($"Assessment {assessmentId} is missing.");
        var assessment = loaded.Assessment;
        var answers = await AnswersAsync(assessmentId, ct);
        var rechecks = assessment.State == AssessmentState.RecheckRequested
            ? await db.Verdicts.AsNoTracking().Where(v => v.AssessmentId == assessmentId && v.Verdict == Verdict.Recheck).Select(v => v.CriterionId).ToHashSetAsync(ct)
            : [];
        var held = answers.ToDictionary(kv => kv.Key, kv => new HeldAnswer(kv.Value.Value, kv.Value.Supplement, kv.Value.Reply, kv.Value.Version));
        var plan = SheetImportRules.PlanAnswers(loaded.Catalog, assessment.Level, vocabulary, rows, held,
            id => assessment.State == AssessmentState.Draft || rechecks.Contains(id), repliesOpen: assessment.State == AssessmentState.RecheckRequested);
        if (plan.Changes.Count == 0 || (!plan.IsClean && !validRowsOnly))
        {
            return new(plan, false, false);
        }

        var now = clock.GetUtcNow();
        var ids = plan.Changes.Select(c => c.CriterionId).ToList();
        var tracked = await db.Answers.Where(a => a.AssessmentId == assessmentId && ids.Contains(a.CriterionId)).ToDictionaryAsync(a => a.CriterionId, ct);
        if (assessment.State == AssessmentState.Draft)
        {
            await ForgetVerdictsAsync(assessmentId, [.. plan.Changes.Where(c => !tracked.TryGetValue(c.CriterionId, out var a) || a.Value != c.Value || a.Supplement != c.Supplement).Select(c => c.CriterionId)], ct);
        }

        foreach (var change in plan.Changes)
        {
            if (!tracked.TryGetValue(change.CriterionId, out var answer))
            {
                answer = new AnswerRecord { AssessmentId = assessmentId, CriterionId = change.CriterionId, Version = 1 };
                db.Answers.Add(answer);
            }
            else if (answer.Version != change.ExpectedVersion)
            {
                db.ChangeTracker.Clear();
                return new(plan, false, true);
            }

            answer.Value = change.Value;
            answer.Supplement = change.Supplement;
            answer.CarriedFrom = null;
            if (assessment.State == AssessmentState.RecheckRequested)
            {
                answer.Reply = change.Reply;
            }

            KeepRevision(answer, assessment, userId, now);
            db.Audit(new AuditEvent(userId.ToString(), assessment.OrganizationId.ToString(), "assessment.answer-saved", "Answer", $"{assessmentId}/{change.CriterionId}",
                JsonSerializer.Serialize(new { value = change.Value, supplement = change.Supplement, reply = change.Reply, source = "excel" }), address), now);
        }

        db.Audit(new AuditEvent(userId.ToString(), assessment.OrganizationId.ToString(), "assessment.sheet-imported", "Assessment", assessmentId.ToString(),
            JsonSerializer.Serialize(new { file = fileName, accepted = plan.Accepted, unchanged = plan.Unchanged, refused = plan.Refused }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone saved one of these answers between our read and our write: nothing was written.
            db.ChangeTracker.Clear();
            return new(plan, false, true);
        }

        return new(plan, true, false);
    }
}

/// <summary>What an import did: the plan (a line per row), whether it was written, and whether a concurrent change stopped it.</summary>
public sealed record SheetImportResult<TChange>(ImportPlan<TChange> Plan, bool Imported, bool Conflict);

/// <summary>The step is not possible in the round's current state.</summary>
public sealed class AssessmentStepException(string message) : Exception(message);
