using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Hoshi.Web.Features.Organizations;

/// <summary>An organization's claim as the scheme sees it: proven or not, and what the NTA's data says.</summary>
public sealed record IdentityStatus(bool Verified, string? Method, DateTime? VerifiedAt, CorporationRecord? Published, IReadOnlyList<IdentityFinding> Findings, bool NtaDataLoaded);

/// <summary>How an NTA file import went.</summary>
public sealed record NtaImportResult(long Read, long Applied, long Removed, long Refused, IReadOnlyList<string> FirstProblems);

/// <summary>
/// Binds organizations to their real corporation: the 法人番号 is a claim until proven (here: a
/// scheme-owner officer's check of a submitted document), the NTA's published data fills and
/// checks name and address by number and flags closed corporations, and an officer confirms
/// parent relations (a confirmed subsidiary is listed under its parent's entries without asking).
/// </summary>
public sealed class CorporateIdentityStore(AppDbContext db, Lifecycle.Notifier notifier, TimeProvider clock)
{
    /// <summary>The method recorded when an officer checked a submitted document (登記事項証明書 and the like).</summary>
    public const string OfficerDocument = "officer-document";

    /// <summary>The method recorded when a GビズID sign-in carried the number in its ID token.</summary>
    public const string GbizId = "gbizid";

    /// <summary>The organizations <paramref name="person"/> administers that claim <paramref name="number"/> and have no verified number yet.</summary>
    public Task<List<Guid>> ClaimingAsync(Guid person, string number, CancellationToken ct = default) =>
        db.Memberships.Where(m => m.UserId == person && m.Role == Domain.Accounts.MembershipRole.OrgAdmin)
            .Join(db.Organizations.Where(o => o.CorporateNumber == number && o.VerifiedCorporateNumber == null), m => m.OrganizationId, o => o.Id, (_, o) => o.Id)
            .ToListAsync(ct);

    public async Task<IdentityStatus> StatusAsync(OrganizationRecord organization, CancellationToken ct = default)
    {
        var loaded = await db.Corporations.AnyAsync(ct);
        var published = organization.CorporateNumber is { } number ? await db.Corporations.AsNoTracking().FirstOrDefaultAsync(c => c.Number == number, ct) : null;
        var findings = CorporateIdentity.Compare(organization.CorporateNumber, organization.LegalNameJa, published is null ? null : ToDomain(published), loaded);
        return new(CorporateIdentity.IsVerified(organization.CorporateNumber, organization.VerifiedCorporateNumber, organization.CorporateNumberVerifiedAt),
            organization.CorporateNumberVerificationMethod, organization.CorporateNumberVerifiedAt, published, findings, loaded);
    }

    public async Task<bool> IsVerifiedAsync(Guid organizationId, CancellationToken ct = default) =>
        await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => new { o.CorporateNumber, o.VerifiedCorporateNumber, o.CorporateNumberVerifiedAt }).FirstOrDefaultAsync(ct) is { } o
            && CorporateIdentity.IsVerified(o.CorporateNumber, o.VerifiedCorporateNumber, o.CorporateNumberVerifiedAt);

    private static NtaCorporation ToDomain(CorporationRecord c) =>
        new(c.Number, "", c.UpdatedOn, c.Name, c.Address, c.PrefectureCode, c.PostalCode, c.ClosedOn, c.ClosedReason, c.Furigana, true);

    /// <summary>
    /// Records the proof of the organization's 法人番号 (<paramref name="numberShown"/> is the number
    /// the officer saw). The first verified claim of a number wins; the other claimants' administrators are told.
    /// </summary>
    public async Task<IdentityProblem> VerifyAsync(Guid organizationId, string? numberShown, string method, string? note, Guid officer, string? address, CancellationToken ct = default)
    {
        var organization = await db.Organizations.FirstAsync(o => o.Id == organizationId, ct);
        var number = organization.CorporateNumber;
        var elsewhere = number is not null && await db.Organizations.AnyAsync(o => o.VerifiedCorporateNumber == number && o.Id != organizationId, ct);
        var closed = number is not null && await db.Corporations.AnyAsync(c => c.Number == number && c.ClosedOn != null, ct);
        var problem = CorporateIdentity.CheckVerification(number, string.IsNullOrWhiteSpace(numberShown) ? null : numberShown, elsewhere, closed);
        if (problem != IdentityProblem.None)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        organization.VerifiedCorporateNumber = number;
        organization.CorporateNumberVerificationMethod = method;
        organization.CorporateNumberVerifiedBy = officer;
        organization.CorporateNumberVerifiedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(officer.ToString(), organizationId.ToString(), "organization.corporate-number-verified", "Organization", organizationId.ToString(),
            JsonSerializer.Serialize(new { corporateNumber = number, method, note = string.IsNullOrWhiteSpace(note) ? null : note.Trim() }), address), now);
        if (number is not null)
        {
            var others = await db.Organizations.AsNoTracking().Where(o => o.CorporateNumber == number && o.Id != organizationId)
                .Join(db.Memberships.Where(m => m.Role == Domain.Accounts.MembershipRole.OrgAdmin), o => o.Id, m => m.OrganizationId, (o, m) => new { o.Id, m.UserId }).ToListAsync(ct);
            foreach (var other in others.GroupBy(o => o.Id))
            {
                await notifier.NotifyAsync([.. other.Select(o => o.UserId)], "number-verified-elsewhere", $"number-verified:{number}:{other.Key}", [number], $"/organizations/{other.Key}", now, ct);
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another organization proved the same number at the same moment: the first one stands.
            db.ChangeTracker.Clear();
            return IdentityProblem.NumberVerifiedElsewhere;
        }

        return IdentityProblem.None;
    }

    /// <summary>A scheme-owner officer confirms that the organization's parent relation is real.</summary>
    public async Task<bool> ConfirmParentAsync(Guid organizationId, Guid officer, string? address, CancellationToken ct = default)
    {
        var organization = await db.Organizations.FirstAsync(o => o.Id == organizationId, ct);
        if (organization.ParentId is not { } parent || organization.ParentConfirmedAt is not null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        organization.ParentConfirmedBy = officer;
        organization.ParentConfirmedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(officer.ToString(), organizationId.ToString(), "organization.parent-confirmed", "Organization", organizationId.ToString(),
            JsonSerializer.Serialize(new { parent }), address), now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public const int ImportBatch = 20_000;

    /// <summary>
    /// Applies an NTA corporation file (全件データ, or a 差分データ on top): each number's latest row
    /// replaces the stored one, 処理区分 99 (削除) removes it. Rows that cannot be read are counted
    /// and the first few named; <paramref name="progress"/> hears the rows read so far.
    /// </summary>
    public async Task<NtaImportResult> ImportAsync(Stream csv, string actor, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        using var text = new StreamReader(csv, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        await using var reader = await Sylvan.Data.Csv.CsvDataReader.CreateAsync(text, new Sylvan.Data.Csv.CsvDataReaderOptions { HasHeaders = false, Delimiter = ',' }, ct);
        long read = 0, applied = 0, removed = 0, refused = 0;
        var problems = new List<string>();
        var batch = new Dictionary<string, NtaCorporation>();
        var fields = new string[NtaCorporationFile.Columns];
        while (await reader.ReadAsync(ct))
        {
            read++;
            var count = Math.Min(reader.FieldCount, fields.Length);
            for (var i = 0; i < count; i++)
            {
                fields[i] = reader.GetString(i);
            }

            var (row, problem) = NtaCorporationFile.Parse(fields.AsSpan(0, count).ToArray());
            if (row is null)
            {
                refused++;
                if (problems.Count < 10)
                {
                    problems.Add($"row {read}: {problem}");
                }
            }
            else if (row.Latest)
            {
                batch[row.Number] = row;
            }

            if (batch.Count >= ImportBatch)
            {
                (var a, var r) = await ApplyAsync(batch, ct);
                applied += a;
                removed += r;
                batch.Clear();
                progress?.Report(read);
            }
        }

        (var lastApplied, var lastRemoved) = await ApplyAsync(batch, ct);
        applied += lastApplied;
        removed += lastRemoved;
        progress?.Report(read);
        var now = clock.GetUtcNow();
        db.Audit(new AuditEvent(actor, null, "corporations.imported", "Corporations", "nta", JsonSerializer.Serialize(new { read, applied, removed, refused }), null), now);
        await db.SaveChangesAsync(ct);
        return new(read, applied, removed, refused, problems);
    }

    private async Task<(long Applied, long Removed)> ApplyAsync(Dictionary<string, NtaCorporation> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return (0, 0);
        }

        var numbers = batch.Keys.ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Corporations.Where(c => numbers.Contains(c.Number)).ExecuteDeleteAsync(ct);
        var kept = batch.Values.Where(r => r.Process != "99").ToList();
        // Millions of rows: written in bulk (COPY on PostgreSQL, one prepared INSERT on SQLite), not through the change tracker.
        var bulk = new BulkWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction(), db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true);
        await bulk.InsertAsync("Corporations", ["Number", "Name", "Furigana", "Address", "PrefectureCode", "PostalCode", "ClosedOn", "ClosedReason", "UpdatedOn"],
            kept.Select(r => new object?[]
            {
                r.Number,
                r.Name.Length > 300 ? r.Name[..300] : r.Name,
                r.Furigana is { Length: > 500 } f ? f[..500] : r.Furigana,
                r.Address is { Length: > 600 } a ? a[..600] : r.Address,
                r.PrefectureCode is { Length: 2 } p ? p : null,
                r.PostalCode is { Length: 7 } z ? z : null,
                r.ClosedOn,
                r.ClosedReason is { Length: <= 2 } c ? c : null,
                r.UpdatedOn,
            }), ct);
        await transaction.CommitAsync(ct);
        return (kept.Count, batch.Count - kept.Count);
    }
}
