using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Registry;

/// <summary>A listing awaiting the group company's answer, as its administrators see it.</summary>
public sealed record PendingListing(Guid EntryId, string CorporateNumber, string NameInScope, string Holder, Level Level, DateOnly ValidUntil);

/// <summary>
/// Group companies named in a registered scope: asked for their consent, and listed in the public
/// registry under their own 法人番号 only once they give it (then a log event records the listing).
/// Only a company whose 法人番号 is verified in Hoshi can answer for that number.
/// </summary>
public sealed class GroupListingStore(AppDbContext db, TransparencyLog log, Data.Registry.RegistrySnapshot snapshot, Lifecycle.Notifier notifier, TimeProvider clock)
{
    /// <summary>Tells the administrators of each pending company (verified in Hoshi) that a listing awaits them; the caller saves.</summary>
    public async Task AskAsync(RegistryEntryRecord entry, string holderName, IEnumerable<GroupListingRecord> pending, DateTimeOffset now, CancellationToken ct = default)
    {
        foreach (var listing in pending)
        {
            var admins = await db.Organizations.AsNoTracking().Where(o => o.VerifiedCorporateNumber == listing.CorporateNumber)
                .Join(db.Memberships.Where(m => m.Role == Domain.Accounts.MembershipRole.OrgAdmin), o => o.Id, m => m.OrganizationId, (o, m) => new { o.Id, m.UserId })
                .ToListAsync(ct);
            foreach (var organization in admins.GroupBy(a => a.Id))
            {
                await notifier.NotifyAsync([.. organization.Select(a => a.UserId)], "listing-consent", $"listing:{entry.Id}:{listing.CorporateNumber}",
                    [holderName, entry.Level.Number().ToString(System.Globalization.CultureInfo.InvariantCulture)], $"/organizations/{organization.Key}#listings", now, ct);
            }
        }
    }

    /// <summary>The pending listings under the number an organization has proven.</summary>
    public async Task<List<PendingListing>> PendingForAsync(string? verifiedNumber, CancellationToken ct = default)
    {
        if (verifiedNumber is null)
        {
            return [];
        }

        var rows = await db.GroupListings.AsNoTracking().Where(l => l.CorporateNumber == verifiedNumber && l.Consent == ListingConsent.Pending)
            .Join(db.RegistryEntries, l => l.EntryId, e => e.Id, (l, e) => new { l, e.OrganizationId, e.Level, e.ValidUntil })
            .Join(db.Organizations, x => x.OrganizationId, o => o.Id, (x, o) => new { x.l, x.Level, x.ValidUntil, o.LegalNameJa })
            .ToListAsync(ct);
        return [.. rows.Select(r => new PendingListing(r.l.EntryId, r.l.CorporateNumber, r.l.Name, r.LegalNameJa, r.Level, r.ValidUntil))];
    }

    /// <summary>Every listing of an entry with its consent (for the registrar and the holder).</summary>
    public Task<List<GroupListingRecord>> OfEntryAsync(Guid entryId, CancellationToken ct = default) =>
        db.GroupListings.AsNoTracking().Where(l => l.EntryId == entryId).OrderBy(l => l.CorporateNumber).ToListAsync(ct);

    /// <summary>
    /// The administrator of the company that proved <paramref name="verifiedNumber"/> accepts or
    /// declines a pending listing. Accepted: listed publicly, with a log event. False when there
    /// is no such pending listing.
    /// </summary>
    public async Task<bool> AnswerAsync(Guid entryId, string verifiedNumber, bool accept, Guid actor, Guid organizationId, string? address, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var listing = await db.GroupListings.FirstOrDefaultAsync(l => l.EntryId == entryId && l.CorporateNumber == verifiedNumber, ct);
        if (listing is null || GroupListing.Answer(listing.Consent, accept) is not { } consent)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        listing.Consent = consent;
        listing.DecidedBy = actor;
        listing.DecidedAt = now.UtcDateTime;
        var entry = await db.RegistryEntries.Include(e => e.Subjects).FirstAsync(e => e.Id == entryId, ct);
        if (GroupListing.IsPublic(consent) && entry.Subjects.All(s => s.CorporateNumber != verifiedNumber))
        {
            var name = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.LegalNameJa).FirstAsync(ct);
            entry.Subjects.Add(new RegistryEntrySubjectRecord { EntryId = entry.Id, CorporateNumber = verifiedNumber, Name = name, SearchName = SearchText.Normalize(name) });
            if (entry.CertificateId is { } certificate)
            {
                await log.AppendAsync([new RegistryEvent(RegistryEventKind.Listed, entry.Id, certificate, [verifiedNumber], entry.Level, entry.ValidFrom, entry.ValidUntil, now, null)], now, ct);
            }
        }

        db.Audit(new AuditEvent(actor.ToString(), organizationId.ToString(), accept ? "registry.listing-accepted" : "registry.listing-declined", "RegistryEntry", entry.Id.ToString(),
            JsonSerializer.Serialize(new { corporateNumber = verifiedNumber, consent = consent.ToString() }), address), now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await snapshot.RefreshAsync([verifiedNumber], ct);
        return true;
    }
}
