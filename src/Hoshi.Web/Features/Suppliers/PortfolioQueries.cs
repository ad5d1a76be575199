using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Data.Suppliers;
using Hoshi.Domain;
using Hoshi.Domain.Registry;
using Hoshi.Domain.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>How to order a portfolio.</summary>
public enum PortfolioSort
{
    Risk,
    Name,
    CorporateNumber,
    SupplierCode,
    Department,
    Required,
    ValidUntil,
}

/// <summary>Filters of a portfolio list; <see cref="Required"/> is 3, 4, or 0 for "not decided / out of scope".</summary>
public sealed record PortfolioFilter(
    SupplierStatus? Status = null, string? Tag = null, string? Department = null, int? Required = null,
    string? Text = null, bool GapOnly = false, bool Archived = false, PortfolioSort Sort = PortfolioSort.Risk, bool Descending = false);

/// <summary>The latest request to a supplier, as both sides see it.</summary>
public sealed record RequestSummary(Guid Id, Level Level, DateOnly DueOn, RequestState State, RequestProgress Progress);

/// <summary>A supplier with where it stands today and the latest request sent to it.</summary>
public sealed record SupplierRow(SupplierRecord Supplier, SupplierStanding Standing, RequestSummary? Request = null);

/// <summary>Counts of a whole portfolio (not archived): by status, by required level (0: none), short of the requirement, requests overdue.</summary>
public sealed record PortfolioCounts(IReadOnlyDictionary<SupplierStatus, int> ByStatus, IReadOnlyDictionary<int, int> ByRequired, int Gap, int Total, int RequestsOverdue)
{
    public static readonly PortfolioCounts Empty = new(new Dictionary<SupplierStatus, int>(), new Dictionary<int, int>(), 0, 0, 0);

    /// <summary>Suppliers that hold what is required: a level was decided and there is no gap.</summary>
    public int Covered { get; init; }
}

/// <summary>A page of a portfolio, with the counts and the choices for the filters.</summary>
public sealed record PortfolioPage(IReadOnlyList<SupplierRow> Rows, int Total, PortfolioCounts Counts, IReadOnlyList<string> Tags, IReadOnlyList<string> Departments);

/// <summary>
/// Reads a buyer's portfolio with every supplier's registry standing, in a fixed number of
/// statements whatever its size: the suppliers, their registry entries (one join on 法人番号) and
/// their latest requests; filters, counts and order are worked out in memory.
/// </summary>
/// <summary>A supplier of the buyer and one registry entry of its 法人番号.</summary>
public sealed record SupplierEntry(Guid SupplierId, string Name, string CorporateNumber, Level Level, string Status, DateOnly ValidFrom, DateOnly ValidUntil, DateTime RegisteredAt, DateTime? StatusChangedAt)
{
    /// <summary>The entry as the change rules read it (days in Japan time).</summary>
    public EntryFacts ToFacts() =>
        new(Level, Status, ValidFrom, ValidUntil, JapanTime.DateOf(new DateTimeOffset(RegisteredAt, TimeSpan.Zero)),
            StatusChangedAt is { } at ? JapanTime.DateOf(new DateTimeOffset(at, TimeSpan.Zero)) : null);
}

/// <summary>The latest level decision's three answers for a supplier.</summary>
public sealed record LatestDecision(Guid SupplierId, DateTime DecidedAt, bool ImportantConfidentialInformation, bool UnacceptableDelay, bool AccessToInternalSystems);

/// <summary>The latest partner check (取引先確認) recorded for a supplier.</summary>
public sealed record LatestCheck(Guid SupplierId, DateOnly CheckedOn, PartnerCheckMethod Method, DateTime RecordedAt);

public sealed class PortfolioQueries(AppDbContext db, TimeProvider clock)
{
    /// <summary>Every registry entry of the buyer's current suppliers (for the changes page).</summary>
    public Task<List<SupplierEntry>> EntriesAsync(Guid buyer, CancellationToken ct = default) =>
        (from s in db.Suppliers
         where s.BuyerId == buyer && s.ArchivedAt == null
         join sub in db.Set<RegistryEntrySubjectRecord>() on s.CorporateNumber equals sub.CorporateNumber
         join e in db.RegistryEntries on sub.EntryId equals e.Id
         select new SupplierEntry(s.Id, s.Name, s.CorporateNumber, e.Level, e.Status, e.ValidFrom, e.ValidUntil, e.RegisteredAt, e.StatusChangedAt)).ToListAsync(ct);

    /// <summary>The latest level decision of each current supplier of the buyer that has one.</summary>
    public async Task<Dictionary<Guid, LatestDecision>> LatestDecisionsAsync(Guid buyer, CancellationToken ct = default) =>
        (await (from d in db.LevelDecisions.AsNoTracking()
                join s in db.Suppliers on d.SupplierId equals s.Id
                where s.BuyerId == buyer && s.ArchivedAt == null
                select new LatestDecision(d.SupplierId, d.DecidedAt, d.ImportantConfidentialInformation, d.UnacceptableDelay, d.AccessToInternalSystems)).ToListAsync(ct))
            .GroupBy(d => d.SupplierId).ToDictionary(g => g.Key, g => g.MaxBy(d => d.DecidedAt)!);

    /// <summary>The latest partner check of each supplier of the buyer that has one.</summary>
    public async Task<Dictionary<Guid, LatestCheck>> LatestChecksAsync(Guid buyer, CancellationToken ct = default) =>
        (await (from c in db.PartnerChecks.AsNoTracking()
                join s in db.Suppliers on c.SupplierId equals s.Id
                where s.BuyerId == buyer
                select new LatestCheck(c.SupplierId, c.CheckedOn, c.Method, c.RecordedAt)).ToListAsync(ct))
            .GroupBy(c => c.SupplierId).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.CheckedOn).ThenByDescending(c => c.RecordedAt).First());

    /// <summary>Every partner check of one supplier, newest first.</summary>
    public Task<List<PartnerCheckRecord>> ChecksAsync(Guid supplierId, CancellationToken ct = default) =>
        db.PartnerChecks.AsNoTracking().Where(c => c.SupplierId == supplierId).OrderByDescending(c => c.CheckedOn).ThenByDescending(c => c.RecordedAt).ToListAsync(ct);

    /// <summary>
    /// Another organization in Hoshi proven to hold <paramref name="corporateNumber"/> that keeps its own
    /// suppliers here (the supplier's sub-portfolio), or null.
    /// </summary>
    public async Task<Guid?> SubPortfolioOwnerAsync(string corporateNumber, Guid excludingBuyer, CancellationToken ct = default)
    {
        var own = await db.Organizations.AsNoTracking().Where(o => o.VerifiedCorporateNumber == corporateNumber && o.Id != excludingBuyer).Select(o => o.Id).ToListAsync(ct);
        return own.Count > 0 && await db.Suppliers.AnyAsync(s => own.Contains(s.BuyerId) && s.ArchivedAt == null, ct) ? own[0] : null;
    }

    public DateOnly Today => JapanTime.DateOf(clock.GetUtcNow());

    /// <summary>Every supplier of the portfolio matching <paramref name="filter"/>, ordered, with the counts of the whole portfolio.</summary>
    public async Task<PortfolioPage> ListAsync(Guid buyer, PortfolioFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var all = await RowsAsync(buyer, filter.Archived, ct);
        var counts = filter.Archived ? PortfolioCounts.Empty : CountsOf(all);
        var tags = all.SelectMany(r => TagsOf(r.Supplier.Tags)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var departments = all.Select(r => r.Supplier.Department).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var matching = Order(all.Where(r => Matches(r, filter)), filter).ToList();
        var rows = pageSize == int.MaxValue ? matching : [.. matching.Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize)];
        return new PortfolioPage(rows, matching.Count, counts, tags, departments);
    }

    /// <summary>The counts of a portfolio only (for a buyer looking at a supplier's own portfolio, and the API).</summary>
    public async Task<PortfolioCounts> CountsAsync(Guid buyer, CancellationToken ct = default) => CountsOf(await RowsAsync(buyer, archived: false, ct));

    /// <summary>Every supplier's standing, unfiltered.</summary>
    public Task<IReadOnlyList<SupplierRow>> RowsAsync(Guid buyer, bool archived, CancellationToken ct = default) => ReadAsync(buyer, archived, null, ct);

    /// <summary>One supplier's standing (archived or not), without reading the rest of the portfolio; null when not in it.</summary>
    public async Task<SupplierRow?> RowAsync(Guid buyer, Guid supplierId, CancellationToken ct = default) =>
        await ReadAsync(buyer, null, supplierId, ct) is [var row] ? row : null;

    private async Task<IReadOnlyList<SupplierRow>> ReadAsync(Guid buyer, bool? archived, Guid? only, CancellationToken ct)
    {
        var selected = db.Suppliers.AsNoTracking().Where(s => s.BuyerId == buyer);
        selected = only is { } id ? selected.Where(s => s.Id == id)
            : archived == true ? selected.Where(s => s.ArchivedAt != null)
            : selected.Where(s => s.ArchivedAt == null);
        var suppliers = await selected.ToListAsync(ct);
        if (suppliers.Count == 0)
        {
            return [];
        }

        var entries = await (from s in selected
                             join sub in db.Set<RegistryEntrySubjectRecord>() on s.CorporateNumber equals sub.CorporateNumber
                             join e in db.RegistryEntries on sub.EntryId equals e.Id
                             select new { s.Id, e.Level, e.Status, e.ValidUntil, e.Coverage, e.ScopeSummary }).ToListAsync(ct);
        var today = Today;
        var held = entries.ToLookup(e => e.Id, e => new HeldEntry(e.Level, RegistryStatus.Of(e.Status, e.ValidUntil, today), e.ValidUntil, e.Coverage, e.ScopeSummary));
        var requests = (await db.SupplierRequests.AsNoTracking().Where(r => r.BuyerId == buyer && (only == null || r.SupplierId == only))
                .Select(r => new { r.Id, r.SupplierId, r.Level, r.DueOn, r.State, r.CreatedAt }).ToListAsync(ct))
            .GroupBy(r => r.SupplierId)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.CreatedAt)!);
        var rows = new List<SupplierRow>(suppliers.Count);
        foreach (var supplier in suppliers)
        {
            var standing = SupplierStandings.Of([.. held[supplier.Id]], supplier.RequiredLevel is { } level ? (Level)level : null, today);
            RequestSummary? request = null;
            if (requests.TryGetValue(supplier.Id, out var r))
            {
                request = new RequestSummary(r.Id, (Level)r.Level, r.DueOn, r.State, SupplierRequests.Progress(r.State, (Level)r.Level, r.DueOn, standing, today));
            }

            rows.Add(new SupplierRow(supplier, standing, request));
        }

        return rows;
    }

    public static IEnumerable<string> TagsOf(string? tags) => (tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static PortfolioCounts CountsOf(IReadOnlyList<SupplierRow> rows) =>
        new(
            rows.GroupBy(r => r.Standing.Status).ToDictionary(g => g.Key, g => g.Count()),
            rows.GroupBy(r => r.Supplier.RequiredLevel ?? 0).ToDictionary(g => g.Key, g => g.Count()),
            rows.Count(r => r.Standing.Gap),
            rows.Count,
            rows.Count(r => r.Request?.Progress == RequestProgress.Overdue))
        {
            Covered = rows.Count(r => r.Supplier.RequiredLevel is not null && !r.Standing.Gap),
        };

    private static bool Matches(SupplierRow row, PortfolioFilter filter)
    {
        var s = row.Supplier;
        if (filter.Status is { } status && row.Standing.Status != status)
        {
            return false;
        }

        if (filter.GapOnly && !row.Standing.Gap)
        {
            return false;
        }

        if (filter.Tag is { Length: > 0 } tag && !TagsOf(s.Tags).Contains(tag, StringComparer.Ordinal))
        {
            return false;
        }

        if (filter.Department is { Length: > 0 } department && s.Department != department)
        {
            return false;
        }

        if (filter.Required is { } required && (s.RequiredLevel ?? 0) != required)
        {
            return false;
        }

        if (filter.Text?.Trim() is { Length: > 0 } text)
        {
            var needle = SearchText.Normalize(text);
            var digits = Domain.Organizations.CorporateNumber.Normalize(text);
            return (digits.All(char.IsAsciiDigit) && s.CorporateNumber.StartsWith(digits, StringComparison.Ordinal))
                || SearchText.Normalize(s.Name).Contains(needle, StringComparison.Ordinal)
                || (s.SupplierCode is { } code && SearchText.Normalize(code).Contains(needle, StringComparison.Ordinal));
        }

        return true;
    }

    private static IEnumerable<SupplierRow> Order(IEnumerable<SupplierRow> rows, PortfolioFilter filter)
    {
        IOrderedEnumerable<SupplierRow> ordered = filter.Sort switch
        {
            PortfolioSort.Name => By(rows, r => r.Supplier.Name, filter.Descending),
            PortfolioSort.CorporateNumber => By(rows, r => r.Supplier.CorporateNumber, filter.Descending),
            PortfolioSort.SupplierCode => By(rows, r => r.Supplier.SupplierCode ?? "\uffff", filter.Descending),
            PortfolioSort.Department => By(rows, r => r.Supplier.Department ?? "\uffff", filter.Descending),
            PortfolioSort.Required => filter.Descending ? rows.OrderByDescending(r => r.Supplier.RequiredLevel ?? 0) : rows.OrderBy(r => r.Supplier.RequiredLevel ?? int.MaxValue),
            PortfolioSort.ValidUntil => filter.Descending ? rows.OrderByDescending(r => r.Standing.ValidUntil ?? DateOnly.MinValue) : rows.OrderBy(r => r.Standing.ValidUntil ?? DateOnly.MaxValue),
            _ => filter.Descending ? rows.OrderByDescending(r => r.Standing.RiskRank) : rows.OrderBy(r => r.Standing.RiskRank),
        };
        return ordered.ThenBy(r => r.Supplier.Name, StringComparer.Ordinal).ThenBy(r => r.Supplier.CorporateNumber, StringComparer.Ordinal);
    }

    private static IOrderedEnumerable<SupplierRow> By(IEnumerable<SupplierRow> rows, Func<SupplierRow, string> key, bool descending) =>
        descending ? rows.OrderByDescending(key, StringComparer.Ordinal) : rows.OrderBy(key, StringComparer.Ordinal);
}
