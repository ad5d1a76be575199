using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Data.Registry;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Registry;

/// <summary>What a registration puts in the registry: the round, its holder and level, the scope registered, and who registered it.</summary>
public sealed record NewRegistration(Guid AssessmentId, Guid OrganizationId, Level Level, Domain.Assessments.ScopeQuestionnaire Scope, Guid RegisteredByOrganizationId, Guid RegisteredBy);

/// <summary>
/// The registry's book, the only writer of registry entries: registration (★3 by the registration
/// body, ★4 by the accreditation body, both through <see cref="RegisterAsync"/>), a certificate and
/// a log event for every registration and renewal, suspension, reinstatement and revocation with
/// their reasons, and the preparation of a database (a signing key; certificates for entries made
/// before certificates).
/// </summary>
public sealed class RegistryBook(AppDbContext db, RegistryKeys keys, TransparencyLog log, Data.Registry.RegistrySnapshot snapshot, GroupListingStore groupListings, Shared.PublicUrl publicUrl, TimeProvider clock, ILogger<RegistryBook> logger)
{
    /// <summary>
    /// A registered result becomes a registry entry (inside the caller's transaction; the caller
    /// saves with the step that registered it), listed under the holder and, with their consent,
    /// every group company in its scope; its certificate is issued and the registration logged.
    /// </summary>
    public async Task<RegistryEntryRecord> RegisterAsync(NewRegistration registration, DateTimeOffset now, CancellationToken ct = default)
    {
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == registration.OrganizationId, ct);
        var today = JapanTime.DateOf(now);
        var scope = registration.Scope;

        // A renewal registered while the current entry is still valid follows it without a gap.
        var current = await db.RegistryEntries.AsNoTracking()
            .Where(e => e.OrganizationId == registration.OrganizationId && e.Level == registration.Level && e.Status == "valid" && e.ValidUntil >= today)
            .OrderByDescending(e => e.ValidUntil).Select(e => (DateOnly?)e.ValidUntil).FirstOrDefaultAsync(ct);
        var from = Domain.Lifecycle.LifecycleRules.ValidFrom(today, current);
        var entry = new RegistryEntryRecord
        {
            Id = Guid.CreateVersion7(now),
            AssessmentId = registration.AssessmentId,
            OrganizationId = registration.OrganizationId,
            Level = registration.Level,
            Status = "valid",
            ValidFrom = from,
            ValidUntil = RegistryValidity.ValidUntil(registration.Level, from),
            ScopeSummary = ScopeCoverage.Summary(scope),
            Coverage = ScopeCoverage.Of(scope.WholeCompany),
            RegisteredByOrganizationId = registration.RegisteredByOrganizationId,
            RegisteredBy = registration.RegisteredBy,
            RegisteredAt = now.UtcDateTime,
        };
        if (organization.CorporateNumber is { } own)
        {
            entry.Subjects.Add(new RegistryEntrySubjectRecord { CorporateNumber = own, Name = organization.LegalNameJa });
        }

        // A group company is listed under its own 法人番号 only with its consent: at once when it is a
        // subsidiary whose parent relation a scheme-owner officer confirmed, else once its administrator accepts.
        var others = scope.OtherEntities.Where(e => e.CorporateNumber != organization.CorporateNumber).ToList();
        var numbers = others.Select(e => e.CorporateNumber).ToList();
        var confirmedSubsidiaries = await db.Organizations.AsNoTracking()
            .Where(o => o.VerifiedCorporateNumber != null && numbers.Contains(o.VerifiedCorporateNumber) && o.ParentId == organization.Id && o.ParentConfirmedAt != null)
            .Select(o => o.VerifiedCorporateNumber!).ToListAsync(ct);
        var listings = new List<GroupListingRecord>();
        foreach (var other in others)
        {
            var consent = GroupListing.AtRegistration(confirmedSubsidiaries.Contains(other.CorporateNumber));
            listings.Add(new GroupListingRecord { EntryId = entry.Id, CorporateNumber = other.CorporateNumber, Name = other.Name, Consent = consent, DecidedAt = consent == ListingConsent.Confirmed ? now.UtcDateTime : null });
            if (GroupListing.IsPublic(consent))
            {
                entry.Subjects.Add(new RegistryEntrySubjectRecord { CorporateNumber = other.CorporateNumber, Name = other.Name });
            }
        }

        db.RegistryEntries.Add(entry);
        db.GroupListings.AddRange(listings);
        await IssueAsync(entry, now, ct);
        await groupListings.AskAsync(entry, organization.LegalNameJa, listings.Where(l => l.Consent == ListingConsent.Pending), now, ct);
        db.Audit(new AuditEvent(registration.RegisteredBy.ToString(), registration.OrganizationId.ToString(), "registry.entry-created", "RegistryEntry", entry.Id.ToString(),
            JsonSerializer.Serialize(new { level = (int)entry.Level, entry.ValidFrom, entry.ValidUntil, subjects = entry.Subjects.Select(s => s.CorporateNumber) }), null), now);
        return entry;
    }

    /// <summary>
    /// Issues the certificate of a new entry (already added to the context, inside the caller's
    /// transaction) and logs it as registered, or renewed when the holder had an entry at that level.
    /// </summary>
    public async Task IssueAsync(RegistryEntryRecord entry, DateTimeOffset now, CancellationToken ct = default)
    {
        foreach (var subject in entry.Subjects)
        {
            subject.SearchName = SearchText.Normalize(subject.Name);
        }

        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == entry.OrganizationId).Select(o => new { o.CorporateNumber, o.PrefectureCode, o.LegalNameJa }).FirstAsync(ct);
        entry.PrefectureCode ??= organization.PrefectureCode;
        var renewal = await db.RegistryEntries.AnyAsync(e => e.OrganizationId == entry.OrganizationId && e.Level == entry.Level && e.Id != entry.Id, ct);
        var registeredBy = await db.Organizations.Where(o => o.Id == entry.RegisteredByOrganizationId).Select(o => o.LegalNameJa).FirstAsync(ct);
        var certificate = await SignAsync(entry, Holder(entry, organization.CorporateNumber, organization.LegalNameJa), registeredBy, now, ct);
        db.Certificates.Add(certificate);
        await log.AppendAsync([EventOf(entry, renewal ? RegistryEventKind.Renewed : RegistryEventKind.Registered, now, null)], now, ct);
    }

    /// <summary>
    /// Records a valid entry whose last valid day has passed as expired, with its log event and
    /// audit record, inside the caller's transaction (the caller saves and commits, with whatever
    /// else belongs to the same step). False when there is nothing to do.
    /// </summary>
    public async Task<bool> ExpireAsync(RegistryEntryRecord entry, DateTimeOffset now, CancellationToken ct = default)
    {
        if (!Domain.Lifecycle.LifecycleRules.ShouldExpire(entry.Status, entry.ValidUntil, JapanTime.DateOf(now)) || entry.CertificateId is null)
        {
            return false;
        }

        entry.Status = "expired";
        await log.AppendAsync([EventOf(entry, RegistryEventKind.Expired, now, null)], now, ct);
        db.Audit(new AuditEvent("scheduler", entry.OrganizationId.ToString(), "registry.expired", "RegistryEntry", entry.Id.ToString(),
            JsonSerializer.Serialize(new { from = "valid", to = "expired", entry.ValidUntil }), null), now);
        return true;
    }

    /// <summary>
    /// Records the expiry reminder stage sent for these entries: bookkeeping of the reminder job,
    /// not a change of the registry's public state (no log event, no audit record, no new version).
    /// </summary>
    public async Task RecordReminderSentAsync(IReadOnlyCollection<Guid> entries, int daysBefore, CancellationToken ct = default) =>
        await db.RegistryEntries.Where(e => entries.Contains(e.Id)).ExecuteUpdateAsync(u => u.SetProperty(e => e.ReminderSentDaysBefore, daysBefore), ct);

    /// <summary>Tells the in-memory registry about entries changed outside <see cref="ChangeStatusAsync"/>.</summary>
    public Task RefreshAsync(IEnumerable<string> corporateNumbers, CancellationToken ct = default) => snapshot.RefreshAsync(corporateNumbers, ct);

    /// <summary>The outcome of a status change: the refusal word, or null when done.</summary>
    public sealed record ChangeOutcome(string? Refusal, EntryStatus Status);

    /// <summary>
    /// Suspends, reinstates or revokes an entry, with a reason and an optional evidence note,
    /// unless it changed since <paramref name="expectedVersion"/>. Updates the status the API and
    /// the certificate status answer, logs the event, and audits it, in one transaction.
    /// </summary>
    /// <remarks>Inside a caller's transaction it joins it; the caller commits and then calls <see cref="RefreshAsync"/>.</remarks>
    public async Task<ChangeOutcome?> ChangeStatusAsync(Guid entryId, RegistryAction action, string? reason, string? evidence, int expectedVersion, Actor actor, string? address, CancellationToken ct = default)
    {
        var joined = db.Database.CurrentTransaction is not null;
        await using var transaction = joined ? null : await db.Database.BeginTransactionAsync(ct);
        var entry = await db.RegistryEntries.Include(e => e.Subjects).FirstOrDefaultAsync(e => e.Id == entryId, ct);
        if (entry is null || !RegistryStatusRules.MayChange(actor, entry.RegisteredByOrganizationId))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var current = RegistryStatus.Of(entry.Status, entry.ValidUntil, JapanTime.DateOf(now));
        if (entry.Version != expectedVersion)
        {
            return new("changed", current);
        }

        if (evidence?.Trim().Length > RegistryStatusRules.MaxReasonLength)
        {
            return new("evidenceTooLong", current);
        }

        if (RegistryStatusRules.Refusal(current, action, reason) is { } refusal)
        {
            return new(refusal, current);
        }

        var from = entry.Status;
        entry.Status = RegistryStatusRules.RecordedAfter(action);
        entry.StatusReason = reason!.Trim();
        entry.StatusEvidence = string.IsNullOrWhiteSpace(evidence) ? null : evidence.Trim();
        entry.StatusChangedAt = now.UtcDateTime;
        entry.StatusChangedBy = actor.UserId;
        if (entry.CertificateId is null)
        {
            throw new InvalidOperationException($"Entry {entry.Id} has no certificate; start the application once to issue the missing ones.");
        }

        await log.AppendAsync([EventOf(entry, RegistryStatusRules.EventOf(action), now, entry.StatusReason)], now, ct);
        db.Audit(new AuditEvent(actor.UserId.ToString(), entry.OrganizationId.ToString(), "registry." + RegistryEvent.Word(RegistryStatusRules.EventOf(action)), "RegistryEntry", entry.Id.ToString(),
            JsonSerializer.Serialize(new { from, to = entry.Status, reason = entry.StatusReason, evidence = entry.StatusEvidence }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new("changed", current);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
            await snapshot.RefreshAsync(entry.Subjects.Select(s => s.CorporateNumber), ct);
        }

        return new(null, RegistryStatus.Of(entry.Status, entry.ValidUntil, JapanTime.DateOf(now)));
    }

    /// <summary>
    /// Makes a database ready for the registry: a signing key, search names, and a certificate
    /// and a log event for entries made before either existed. Safe to run at every start.
    /// </summary>
    public async Task PrepareAsync(CancellationToken ct = default)
    {
        await keys.SigningKeyAsync(ct);
        // Only rows made before search names existed: comparing SearchName with Name would read
        // every row at every start (many names are already in normal form).
        var unnormalized = await db.Set<RegistryEntrySubjectRecord>().Where(s => s.SearchName == "").ToListAsync(ct);
        foreach (var subject in unnormalized)
        {
            subject.SearchName = SearchText.Normalize(subject.Name);
        }

        await db.SaveChangesAsync(ct);
        var missing = await db.RegistryEntries.Where(e => e.CertificateId == null).OrderBy(e => e.RegisteredAt).Include(e => e.Subjects).Take(10_000).ToListAsync(ct);
        if (missing.Count == 0)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var events = new List<RegistryEvent>();
        foreach (var entry in missing)
        {
            var own = await db.Organizations.Where(o => o.Id == entry.OrganizationId).Select(o => new { o.CorporateNumber, o.LegalNameJa }).FirstAsync(ct);
            var registeredBy = await db.Organizations.Where(o => o.Id == entry.RegisteredByOrganizationId).Select(o => o.LegalNameJa).FirstAsync(ct);
            db.Certificates.Add(await SignAsync(entry, Holder(entry, own.CorporateNumber, own.LegalNameJa), registeredBy, new DateTimeOffset(entry.RegisteredAt, TimeSpan.Zero), ct));
            events.Add(EventOf(entry, RegistryEventKind.Registered, new DateTimeOffset(entry.RegisteredAt, TimeSpan.Zero), null));
        }

        await log.AppendAsync(events, now, ct);
        db.Audit(new AuditEvent("system", null, "registry.certificates-backfilled", "Registry", "certificates", JsonSerializer.Serialize(new { count = missing.Count }), null), now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Issued certificates for {Count} registry entries made before certificates.", missing.Count);
    }

    /// <summary>
    /// The holder a certificate names: the subject with the organization's own number, else the
    /// first; an organization without a 法人番号 is named without one.
    /// </summary>
    public static RegistryEntrySubjectRecord Holder(RegistryEntryRecord entry, string? ownNumber, string ownName) =>
        entry.Subjects.FirstOrDefault(s => s.CorporateNumber == ownNumber)
        ?? entry.Subjects.OrderBy(s => s.CorporateNumber, StringComparer.Ordinal).FirstOrDefault()
        ?? new RegistryEntrySubjectRecord { CorporateNumber = "", Name = ownName };

    private async Task<CertificateRecord> SignAsync(RegistryEntryRecord entry, RegistryEntrySubjectRecord holder, string registeredBy, DateTimeOffset issuedAt, CancellationToken ct)
    {
        var (kid, key) = await keys.SigningKeyAsync(ct);
        var id = Guid.CreateVersion7(issuedAt);
        var jws = CertificateJws.Sign(CertificateJws.ClaimsOf(entry, holder, registeredBy, id, issuedAt, publicUrl.Base), kid, key);
        entry.CertificateId = id;
        return CertificateJws.Record(id, entry.Id, kid, jws, issuedAt);
    }

    public static RegistryEvent EventOf(RegistryEntryRecord entry, RegistryEventKind kind, DateTimeOffset at, string? reason) =>
        new(kind, entry.Id, entry.CertificateId!.Value, [.. entry.Subjects.Select(s => s.CorporateNumber)], entry.Level, entry.ValidFrom, entry.ValidUntil, at, reason);
}
