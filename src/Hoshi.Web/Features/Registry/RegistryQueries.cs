using System.Globalization;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Organizations;
using Hoshi.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Registry;

/// <summary>One entry as the registry shows it, listed under one 法人番号.</summary>
public sealed record RegistryRow(
    string CorporateNumber,
    string Name,
    Guid EntryId,
    int Level,
    EntryStatus Status,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    string Scope,
    Guid? CertificateId,
    string RegisteredBy,
    string? PrefectureCode,
    string? StatusReason,
    DateTime? StatusChangedAt)
{
    public string StatusWord => RegistryStatus.Word(Status);

    /// <summary>The day the status took effect: the change for suspension and revocation, the day after the last valid day for expiry.</summary>
    public DateOnly? StatusSince => Status switch
    {
        EntryStatus.Suspended or EntryStatus.Revoked when StatusChangedAt is { } at => JapanTime.DateOf(new DateTimeOffset(at, TimeSpan.Zero)),
        EntryStatus.Expired => ValidUntil.AddDays(1),
        _ => null,
    };
}

/// <summary>The filters of a registry search.</summary>
public sealed record RegistrySearch(string? Query, int? Level, EntryStatus? Status, string? PrefectureCode, int Page, int PageSize);

/// <summary>Reads of the public registry: lookup by 法人番号, search, bulk status, certificates.</summary>
public sealed class RegistryQueries(AppDbContext db, Data.Registry.RegistrySnapshot snapshot, Data.Registry.RegistryLookupReader lookup, TimeProvider clock)
{
    public const int MaxPageSize = 100;
    public const int MaxBulk = 10_000;

    private sealed record Raw(string CorporateNumber, string Name, Guid EntryId, Level Level, string Status, DateOnly ValidFrom, DateOnly ValidUntil, string Scope, Guid? CertificateId, string RegisteredBy, string? PrefectureCode, string? StatusReason, DateTime? StatusChangedAt);

    public DateOnly Today => JapanTime.DateOf(clock.GetUtcNow());

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The entries under a number, highest level and newest first.</summary>
    public Task<IReadOnlyList<RegistryRow>> ByCorporateNumberAsync(string number, CancellationToken ct = default) => LookupAsync(snapshot, lookup, clock, number, ct);

    /// <summary>
    /// The public lookup without a DbContext (the API's hot path): from the in-memory snapshot,
    /// else one indexed statement through <see cref="Data.Registry.RegistryLookupReader"/>; status of today.
    /// </summary>
    public static async Task<IReadOnlyList<RegistryRow>> LookupAsync(Data.Registry.RegistrySnapshot snapshot, Data.Registry.RegistryLookupReader lookup, TimeProvider clock, string number, CancellationToken ct = default)
    {
        var today = JapanTime.DateOf(clock.GetUtcNow());
        var rows = (snapshot.Find(number) ?? await lookup.ByCorporateNumberAsync(number, ct))
            .Select(r => Row(new Raw(number, r.Name, r.EntryId, r.Level, r.Status, r.ValidFrom, r.ValidUntil, r.Scope, r.CertificateId, r.RegisteredBy, r.PrefectureCode, r.StatusReason, r.StatusChangedAt), today))
            .ToList();
        rows.Sort((a, b) => b.Level != a.Level ? b.Level.CompareTo(a.Level) : b.ValidFrom.CompareTo(a.ValidFrom));
        return rows;
    }

    public async Task<(IReadOnlyList<RegistryRow> Items, int Total)> SearchAsync(RegistrySearch search, CancellationToken ct = default)
    {
        var today = Today;
        var query = from s in db.Set<RegistryEntrySubjectRecord>().AsNoTracking()
                    join e in db.RegistryEntries on s.EntryId equals e.Id
                    select new { s, e };
        var text = search.Query?.Trim() ?? "";
        if (text.Length > 0)
        {
            // A 法人番号 as people type it: full-width digits, hyphens and spaces are all the same number.
            var digits = CorporateNumber.Normalize(text);
            if (digits.All(char.IsAsciiDigit) && digits.Length >= 4)
            {
                query = query.Where(x => x.s.CorporateNumber.StartsWith(digits));
            }
            else
            {
                var name = SearchText.Normalize(text);
                query = query.Where(x => x.s.SearchName.Contains(name));
            }
        }

        if (search.Level is { } level)
        {
            query = query.Where(x => x.e.Level == (Level)level);
        }

        if (search.PrefectureCode is { Length: > 0 } prefecture)
        {
            query = query.Where(x => x.e.PrefectureCode == prefecture);
        }

        query = search.Status switch
        {
            EntryStatus.Valid => query.Where(x => x.e.Status == "valid" && x.e.ValidUntil >= today),
            EntryStatus.Expired => query.Where(x => x.e.Status == "expired" || (x.e.Status == "valid" && x.e.ValidUntil < today)),
            EntryStatus.Suspended => query.Where(x => x.e.Status == "suspended"),
            EntryStatus.Revoked => query.Where(x => x.e.Status == "revoked"),
            _ => query,
        };

        var total = await query.CountAsync(ct);
        var page = await query.OrderBy(x => x.s.SearchName).ThenBy(x => x.s.CorporateNumber).ThenByDescending(x => x.e.Level).ThenByDescending(x => x.e.ValidFrom)
            .Skip((search.Page - 1) * search.PageSize).Take(search.PageSize)
            .Join(db.Organizations, x => x.e.RegisteredByOrganizationId, o => o.Id, (x, o) =>
                new Raw(x.s.CorporateNumber, x.s.Name, x.e.Id, x.e.Level, x.e.Status, x.e.ValidFrom, x.e.ValidUntil, x.e.ScopeSummary, x.e.CertificateId, o.LegalNameJa, x.e.PrefectureCode, x.e.StatusReason, x.e.StatusChangedAt))
            .ToListAsync(ct);
        return ([.. page.Select(r => Row(r, today))], total);
    }

    /// <summary>One answer per input, in input order: the highest valid level, else the latest entry's status, else none; malformed inputs are invalid with a reason.</summary>
    public async Task<IReadOnlyList<StatusAnswer>> StatusOfAsync(IReadOnlyList<string> inputs, CancellationToken ct = default)
    {
        var today = Today;
        var parsed = inputs.Select(input => CorporateNumber.TryParse(input, out var number, out var error)
            ? (Input: input, Number: number.Value, Error: (string?)null)
            : (Input: input, Number: (string?)null, Error: CorporateNumber.Describe(error, input))).ToList();
        var numbers = parsed.Where(p => p.Number is not null).Select(p => p.Number!).Distinct().ToList();
        var found = new Dictionary<string, List<(string Name, Level Level, EntryStatus Status, DateOnly ValidUntil)>>();
        var missing = new List<string>();
        foreach (var number in numbers)
        {
            // The in-memory snapshot answers most; the rest are asked of the database below.
            if (snapshot.Find(number) is { } held)
            {
                if (held.Count > 0)
                {
                    found[number] = [.. held.Select(r => (r.Name, r.Level, RegistryStatus.Of(r.Status, r.ValidUntil, today), r.ValidUntil))];
                }
            }
            else
            {
                missing.Add(number);
            }
        }

        foreach (var chunk in missing.Chunk(500))
        {
            var rows = await db.Set<RegistryEntrySubjectRecord>().AsNoTracking()
                .Where(s => chunk.Contains(s.CorporateNumber))
                .Join(db.RegistryEntries, s => s.EntryId, e => e.Id, (s, e) => new { s.CorporateNumber, s.Name, e.Level, e.Status, e.ValidUntil })
                .ToListAsync(ct);
            foreach (var row in rows)
            {
                if (!found.TryGetValue(row.CorporateNumber, out var list))
                {
                    found[row.CorporateNumber] = list = [];
                }

                list.Add((row.Name, row.Level, RegistryStatus.Of(row.Status, row.ValidUntil, today), row.ValidUntil));
            }
        }

        return [.. parsed.Select(p =>
        {
            if (p.Number is null)
            {
                return new StatusAnswer(p.Input, null, null, "invalid", null, p.Error);
            }

            if (!found.TryGetValue(p.Number, out var entries))
            {
                return new StatusAnswer(p.Number, null, null, "none", null, null);
            }

            var best = entries.Where(e => e.Status == EntryStatus.Valid).OrderByDescending(e => e.Level).ThenByDescending(e => e.ValidUntil).Cast<(string Name, Level Level, EntryStatus Status, DateOnly ValidUntil)?>().FirstOrDefault()
                ?? entries.OrderByDescending(e => e.ValidUntil).ThenByDescending(e => e.Level).First();
            return new StatusAnswer(p.Number, best.Name, best.Level.Number(), RegistryStatus.Word(best.Status), Date(best.ValidUntil), null);
        })];
    }

    /// <summary>A certificate with its entry and holder, or null.</summary>
    public async Task<CertificateView?> CertificateAsync(Guid id, CancellationToken ct = default)
    {
        var certificate = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (certificate is null)
        {
            return null;
        }

        var entry = await db.RegistryEntries.AsNoTracking().Include(e => e.Subjects).FirstAsync(e => e.Id == certificate.EntryId, ct);
        var registeredBy = await db.Organizations.Where(o => o.Id == entry.RegisteredByOrganizationId).Select(o => o.LegalNameJa).FirstAsync(ct);
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(certificate.Jws);
        return new CertificateView(certificate.Id, certificate.Jws, certificate.Kid, certificate.IssuedAt, entry, registeredBy,
            token.GetClaim("sub").Value, token.GetClaim("name").Value,
            RegistryStatus.Of(entry.Status, entry.ValidUntil, Today), entry.CertificateId == certificate.Id);
    }

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static RegistryRow Row(Raw r, DateOnly today) =>
        new(r.CorporateNumber, r.Name, r.EntryId, r.Level.Number(), RegistryStatus.Of(r.Status, r.ValidUntil, today), r.ValidFrom, r.ValidUntil, r.Scope, r.CertificateId, r.RegisteredBy, r.PrefectureCode, r.StatusReason, r.StatusChangedAt);
}

/// <summary>The bulk status answer for one input.</summary>
public sealed record StatusAnswer(string CorporateNumber, string? Name, int? Level, string Status, string? ValidUntil, string? Reason);

/// <summary>A certificate as its page and status endpoint show it.</summary>
public sealed record CertificateView(Guid Id, string Jws, string Kid, DateTime IssuedAt, RegistryEntryRecord Entry, string RegisteredBy, string CorporateNumber, string Name, EntryStatus Status, bool IsCurrent)
{
    public DateOnly? StatusSince => Status switch
    {
        EntryStatus.Suspended or EntryStatus.Revoked when Entry.StatusChangedAt is { } at => JapanTime.DateOf(new DateTimeOffset(at, TimeSpan.Zero)),
        EntryStatus.Expired => Entry.ValidUntil.AddDays(1),
        EntryStatus.Valid when Entry.StatusChangedAt is { } at => JapanTime.DateOf(new DateTimeOffset(at, TimeSpan.Zero)),
        _ => Entry.ValidFrom,
    };
}
