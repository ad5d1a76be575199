using Hoshi.Data.Accounts;
using Hoshi.Data.Audit;
using Hoshi.Data.Catalog;
using Hoshi.Data.Mail;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Audit;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data;

/// <summary>
/// The one EF Core model of Hoshi, portable across SQLite and PostgreSQL: UTC DateTime through a
/// converter, an app-managed <see cref="IVersioned.Version"/> for optimistic concurrency, no
/// schemas, no provider-specific collations. Migrations live per provider in
/// Hoshi.Data.Sqlite and Hoshi.Data.Postgres (see README.md beside this file).
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<HoshiUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    private readonly List<(AuditEvent Event, DateTimeOffset At)> _pendingAudit = [];

    /// <summary>Set when the current transaction wrote pending audit records: they are chained after its commit.</summary>
    private bool _chainAfterCommit;

    /// <summary>Set when <see cref="KeepConnectionOpenAsync"/> opened the connection for the rest of the unit of work.</summary>
    private bool _keptOpen;

    /// <summary>
    /// Opens the connection for the rest of this unit of work (a web request), instead of EF Core opening
    /// it for every statement; it is closed when the context is disposed or returned to the pool.
    /// </summary>
    public async Task KeepConnectionOpenAsync(CancellationToken cancellationToken = default)
    {
        if (!_keptOpen)
        {
            await Database.OpenConnectionAsync(cancellationToken);
            _keptOpen = true;
        }
    }

    /// <summary>Leaves nothing of this unit of work behind: the context may be pooled and lent to the next request.</summary>
    public override void Dispose()
    {
        if (_keptOpen)
        {
            _keptOpen = false;
            Database.CloseConnection();
        }

        _pendingAudit.Clear();
        _chainAfterCommit = false;
        base.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public override async ValueTask DisposeAsync()
    {
        if (_keptOpen)
        {
            _keptOpen = false;
            await Database.CloseConnectionAsync();
        }

        _pendingAudit.Clear();
        _chainAfterCommit = false;
        await base.DisposeAsync();
    }

    public DbSet<CatalogVersionRecord> CatalogVersions => Set<CatalogVersionRecord>();

    public DbSet<OrganizationRecord> Organizations => Set<OrganizationRecord>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();

    public DbSet<PendingAuditRecord> PendingAuditRecords => Set<PendingAuditRecord>();

    public DbSet<Analytics.ConformanceFactRecord> ConformanceFacts => Set<Analytics.ConformanceFactRecord>();

    public DbSet<Analytics.ConformanceTallyRecord> ConformanceTallies => Set<Analytics.ConformanceTallyRecord>();

    public DbSet<Guidance.CriterionHelpRecord> CriterionHelp => Set<Guidance.CriterionHelpRecord>();

    public DbSet<Guidance.CriterionHelpRevisionRecord> CriterionHelpRevisions => Set<Guidance.CriterionHelpRevisionRecord>();

    public DbSet<Guidance.TemplateFillRecord> TemplateFills => Set<Guidance.TemplateFillRecord>();

    /// <summary>
    /// Records a state change in the audit trail. It is written by the next
    /// <see cref="SaveChangesAsync(bool, CancellationToken)"/>, in the same transaction as the change itself.
    /// </summary>
    public void Audit(AuditEvent auditEvent, DateTimeOffset at) => _pendingAudit.Add((auditEvent, at));

    public DbSet<Assessments.AssignmentRecord> Assignments => Set<Assessments.AssignmentRecord>();

    public DbSet<Assessments.AdviserRecord> Advisers => Set<Assessments.AdviserRecord>();

    public DbSet<Assessments.CriterionNoteRecord> CriterionNotes => Set<Assessments.CriterionNoteRecord>();

    public DbSet<MembershipRecord> Memberships => Set<MembershipRecord>();

    public DbSet<InvitationRecord> Invitations => Set<InvitationRecord>();

    public DbSet<SessionRecord> Sessions => Set<SessionRecord>();

    public DbSet<ApiTokenRecord> ApiTokens => Set<ApiTokenRecord>();

    public DbSet<ExpertProfileRecord> ExpertProfiles => Set<ExpertProfileRecord>();

    public DbSet<Assessments.AssessmentRecord> Assessments => Set<Assessments.AssessmentRecord>();

    public DbSet<Assessments.AnswerRecord> Answers => Set<Assessments.AnswerRecord>();

    public DbSet<Assessments.AnswerRevisionRecord> AnswerRevisions => Set<Assessments.AnswerRevisionRecord>();

    public DbSet<Assessments.VerdictRecord> Verdicts => Set<Assessments.VerdictRecord>();

    public DbSet<Assessments.VerdictRevisionRecord> VerdictRevisions => Set<Assessments.VerdictRevisionRecord>();

    public DbSet<Assessments.ScopeReviewRecord> ScopeReviews => Set<Assessments.ScopeReviewRecord>();

    public DbSet<Assessments.IndependenceDeclarationRecord> IndependenceDeclarations => Set<Assessments.IndependenceDeclarationRecord>();

    public DbSet<Assessments.GroupListingRecord> GroupListings => Set<Assessments.GroupListingRecord>();

    public DbSet<Registry.SuspensionProposalRecord> SuspensionProposals => Set<Registry.SuspensionProposalRecord>();

    public DbSet<Organizations.CorporationRecord> Corporations => Set<Organizations.CorporationRecord>();

    public DbSet<Organizations.CorporateNumberLetterRecord> CorporateNumberLetters => Set<Organizations.CorporateNumberLetterRecord>();

    public DbSet<Assessments.RegistryEntryRecord> RegistryEntries => Set<Assessments.RegistryEntryRecord>();

    public DbSet<Accreditation.AccreditationRecord> Accreditations => Set<Accreditation.AccreditationRecord>();

    public DbSet<Accreditation.SurveillanceRecord> Surveillances => Set<Accreditation.SurveillanceRecord>();

    public DbSet<Evaluations.EvaluationRecord> Evaluations => Set<Evaluations.EvaluationRecord>();

    public DbSet<Evaluations.EvaluationAssessorRecord> EvaluationAssessors => Set<Evaluations.EvaluationAssessorRecord>();

    public DbSet<Evaluations.NonconformityRecord> Nonconformities => Set<Evaluations.NonconformityRecord>();

    public DbSet<Evaluations.TechnicalVerificationRecord> TechnicalVerifications => Set<Evaluations.TechnicalVerificationRecord>();

    public DbSet<Evaluations.TechnicalFindingRecord> TechnicalFindings => Set<Evaluations.TechnicalFindingRecord>();

    public DbSet<Evaluations.EffortRecord> EvaluationEfforts => Set<Evaluations.EffortRecord>();

    public DbSet<Evaluations.AuditVisitRecord> AuditVisits => Set<Evaluations.AuditVisitRecord>();

    public DbSet<Evaluations.EvidenceRecord> Evidence => Set<Evaluations.EvidenceRecord>();

    public DbSet<Evaluations.EvidenceContentRecord> EvidenceContents => Set<Evaluations.EvidenceContentRecord>();

    public DbSet<Evaluations.YearlySelfAssessmentRecord> YearlySelfAssessments => Set<Evaluations.YearlySelfAssessmentRecord>();

    public DbSet<Registry.CertificateRecord> Certificates => Set<Registry.CertificateRecord>();

    public DbSet<Registry.SigningKeyRecord> SigningKeys => Set<Registry.SigningKeyRecord>();

    public DbSet<Registry.LogLeafRecord> LogLeaves => Set<Registry.LogLeafRecord>();

    public DbSet<Registry.LogHeadRecord> LogHeads => Set<Registry.LogHeadRecord>();

    public DbSet<Registry.LogStateRecord> LogState => Set<Registry.LogStateRecord>();

    public DbSet<Suppliers.SupplierRecord> Suppliers => Set<Suppliers.SupplierRecord>();

    public DbSet<Suppliers.LevelDecisionRecord> LevelDecisions => Set<Suppliers.LevelDecisionRecord>();

    public DbSet<Suppliers.SupplierImportRecord> SupplierImports => Set<Suppliers.SupplierImportRecord>();

    public DbSet<Suppliers.SupplierRequestRecord> SupplierRequests => Set<Suppliers.SupplierRequestRecord>();

    public DbSet<Suppliers.SupplierRequestNoteRecord> SupplierRequestNotes => Set<Suppliers.SupplierRequestNoteRecord>();

    public DbSet<Suppliers.DisclosureGrantRecord> DisclosureGrants => Set<Suppliers.DisclosureGrantRecord>();

    public DbSet<Suppliers.PartnerCheckRecord> PartnerChecks => Set<Suppliers.PartnerCheckRecord>();

    public DbSet<Lifecycle.NotificationRecord> Notifications => Set<Lifecycle.NotificationRecord>();

    public DbSet<Lifecycle.NotificationPreferenceRecord> NotificationPreferences => Set<Lifecycle.NotificationPreferenceRecord>();

    public DbSet<Lifecycle.ScheduledJobRecord> ScheduledJobs => Set<Lifecycle.ScheduledJobRecord>();

    /// <summary>The sign-in throttle's windows, counted by every node alike.</summary>
    public DbSet<Accounts.ThrottleWindowRecord> ThrottleWindows => Set<Accounts.ThrottleWindowRecord>();

    /// <summary>Data Protection keys (cookies, confirmation and reset tokens), shared by every app node.</summary>

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// The audit chainer for contexts built by hand (design time, tests); those of the app get it from
    /// <see cref="HoshiDatabase.Configure"/>, since a pooled context may not change its options here.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.Interceptors?.Contains(AuditChainer.Instance) != true)
        {
            optionsBuilder.AddInterceptors(AuditChainer.Instance);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (_pendingAudit.Count > 0 || RoundsToRefresh().Count > 0 || MovesCounted())
        {
            throw new InvalidOperationException("Audited changes and changes to rounds, answers or verdicts are saved with SaveChangesAsync.");
        }

        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        var rounds = RoundsToRefresh();
        if (_pendingAudit.Count == 0 && rounds.Count == 0 && !MovesCounted())
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The audit records go in with the change: on PostgreSQL as pending, chained after the commit
        // (AuditChainer); on SQLite chained at once (ChainsInTransaction).
        var events = _pendingAudit.Select(p => PendingAuditRecord.From(p.Event, p.At)).ToList();
        _pendingAudit.Clear();
        var chainNow = events.Count > 0 && ChainsInTransaction;
        var pending = chainNow ? [] : events;
        PendingAuditRecords.AddRange(pending);
        List<AuditRecord> chained = [];
        AuditHead? head = null;
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var savepoints = Database.AutoSavepointsEnabled;
        int written;
        try
        {
            if (chainNow)
            {
                head = await AuditHeads.AsNoTracking().SingleAsync(h => h.Id == AuditHead.SingletonId, cancellationToken);
                (chained, head.LastSequence, head.LastHash) = AuditChaining.Link(head.LastSequence, head.LastHash, events);
                AuditRecords.AddRange(chained);
                AuditHeads.Update(head);
            }

            // In a transaction of its own a failed save rolls everything back: a savepoint would
            // only cost two more round trips.
            Database.AutoSavepointsEnabled = savepoints && own is null;

            // The analysis's tallies: what the organizations this save may change contribute
            // before it, locked, and after it (ConformanceTallyKeeper). A round changed only through
            // its answers or verdicts is asked about after the save (below): it is almost always open.
            var quiet = QuietRounds(rounds);
            var holders = await Analytics.ConformanceTallyKeeper.AffectedAsync(this, [.. rounds.Except(quiet)], cancellationToken);
            var before = new Dictionary<Analytics.TallyPlace, Analytics.TallyCounts>();
            if (holders.Count > 0)
            {
                await Analytics.ConformanceTallyKeeper.LockAsync(this, holders, cancellationToken);
                before = await Analytics.ConformanceTallyKeeper.ContributionsAsync(this, holders, cancellationToken);
            }

            written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            Database.AutoSavepointsEnabled = savepoints;
            ForgetAudit(pending, chained, head);

            // A round changed only through its answers or verdicts, locked while it is not finished,
            // has no facts and counts nowhere until our commit (a finish waits for the lock, then
            // reads our rows). A finished one is counted as any other: its contribution is read now,
            // as the facts are still those from before this save.
            var late = new List<Guid>();
            foreach (var round in quiet.Order())
            {
                if (await Database.ExecuteSqlRawAsync(Analytics.ConformanceFactsSql.LockIfNotFinished, [round], cancellationToken) == 0)
                {
                    late.Add(round);
                }
            }

            if (late.Count > 0)
            {
                var more = (await Analytics.ConformanceTallyKeeper.AffectedAsync(this, late, cancellationToken)).Except(holders).ToList();
                await Analytics.ConformanceTallyKeeper.LockAsync(this, more, cancellationToken);
                foreach (var (place, counts) in await Analytics.ConformanceTallyKeeper.ContributionsAsync(this, more, cancellationToken))
                {
                    before[place] = before.GetValueOrDefault(place) + counts;
                }

                holders = [.. holders, .. more];
            }

            // The analysis's facts follow the rounds in the same transaction; the round's row is
            // locked first, so two changes to one round rebuild its facts one after the other.
            foreach (var round in rounds.Except(quiet).Concat(late).Order())
            {
                await Database.ExecuteSqlRawAsync(Analytics.ConformanceFactsSql.RefreshOneLocked, [round], cancellationToken);
            }

            if (holders.Count > 0)
            {
                var after = await Analytics.ConformanceTallyKeeper.ContributionsAsync(this, holders, cancellationToken);
                await Analytics.ConformanceTallyKeeper.ApplyAsync(this, before, after, cancellationToken);
            }

            // A caller's transaction is chained when it commits (AuditChainer); one of our own once
            // it is over and its connection is back in the pool (below), so a writer waiting for a
            // pass holds no connection that the pass may need.
            _chainAfterCommit |= pending.Count > 0 && own is null;
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
        }
        catch
        {
            ForgetAudit(pending, chained, head);
            throw;
        }
        finally
        {
            Database.AutoSavepointsEnabled = savepoints;
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }

        if (own is not null && pending.Count > 0)
        {
            await AuditChaining.AfterCommitAsync(this);
        }

        return written;
    }

    /// <summary>
    /// Whether a save chains its audit records in its own transaction: on SQLite. A SQLite database
    /// has one writer at a time (a transaction begins IMMEDIATE, taking the write lock first), so the
    /// chain's head keeps no other writer waiting, and a pass after the commit would cost every write
    /// a second connection, transaction and five statements. PostgreSQL writes run side by side: there
    /// the head is taken after the commit, by one pass for the writers that arrive together.
    /// </summary>
    private bool ChainsInTransaction => Database.IsSqlite();

    /// <summary>The audit rows of a save leave the change tracker, saved or not: the next save reads the chain's end again.</summary>
    private void ForgetAudit(List<PendingAuditRecord> pending, List<AuditRecord> chained, AuditHead? head)
    {
        foreach (var record in pending)
        {
            Entry(record).State = EntityState.Detached;
        }

        foreach (var record in chained)
        {
            Entry(record).State = EntityState.Detached;
        }

        if (head is not null)
        {
            Entry(head).State = EntityState.Detached;
        }
    }

    /// <summary>Whether the transaction that just ended wrote pending audit records (and forgets it).</summary>
    internal bool TakeChainAfterCommit()
    {
        var chain = _chainAfterCommit;
        _chainAfterCommit = false;
        return chain;
    }

    /// <summary>
    /// Whether this save may change where the analysis counts a round: a finished round changed or
    /// deleted, or an organization's band, industry or prefecture changed.
    /// </summary>
    private bool MovesCounted() =>
        ChangeTracker.Entries<Assessments.AssessmentRecord>().Any(e => e.State is EntityState.Modified or EntityState.Deleted
            && (Array.IndexOf(Analytics.ConformanceFactsSql.Finished, e.Property(a => a.State).OriginalValue) >= 0 || Array.IndexOf(Analytics.ConformanceFactsSql.Finished, e.Entity.State) >= 0))
        || ChangeTracker.Entries<Organizations.OrganizationRecord>().Any(e => e.State == EntityState.Modified
            && (e.Property(o => o.Industry).IsModified || e.Property(o => o.PrefectureCode).IsModified || e.Property(o => o.EmployeeBand).IsModified));

    /// <summary>Of <paramref name="rounds"/>, those this save changes only through answers or verdicts (the round itself not tracked).</summary>
    private HashSet<Guid> QuietRounds(HashSet<Guid> rounds)
    {
        var quiet = new HashSet<Guid>(rounds);
        foreach (var entry in ChangeTracker.Entries<Assessments.AssessmentRecord>())
        {
            quiet.Remove(entry.Entity.Id);
        }

        return quiet;
    }

    /// <summary>Rounds whose state, answers or verdicts this save changes (a deleted round takes its facts with it).</summary>
    private HashSet<Guid> RoundsToRefresh()
    {
        var rounds = new HashSet<Guid>();
        foreach (var entry in ChangeTracker.Entries<Assessments.AssessmentRecord>())
        {
            if (entry.State == EntityState.Added || (entry.State == EntityState.Modified && entry.Property(a => a.State).IsModified))
            {
                rounds.Add(entry.Entity.Id);
            }
        }

        foreach (var entry in ChangeTracker.Entries<Assessments.AnswerRecord>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                rounds.Add(entry.Entity.AssessmentId);
            }
        }

        foreach (var entry in ChangeTracker.Entries<Assessments.VerdictRecord>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                rounds.Add(entry.Entity.AssessmentId);
            }
        }

        return rounds;
    }

    /// <summary>Every modified versioned row gets the next version; the old one is the concurrency check.</summary>
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version++;
            }
        }
    }
}
