using System.Collections.Concurrent;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Guidance;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Guidance;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Guidance;

/// <summary>A help entry as stored: the help, its version (for the edit form) and who last changed it.</summary>
public sealed record StoredHelp(CriterionHelp Help, int Version, Guid? UpdatedBy, DateTime UpdatedAt);

/// <summary>A saved state of a help entry.</summary>
public sealed record HelpRevision(CriterionHelp Help, Guid? ChangedBy, DateTime ChangedAt);

/// <summary>The help is refused: what is wrong with it.</summary>
public sealed class InvalidHelpException(IReadOnlyList<string> problems) : Exception(string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>Someone else saved the help since the form was loaded.</summary>
public sealed class StaleHelpException(StoredHelp current) : Exception("The help was changed meanwhile.")
{
    public StoredHelp Current { get; } = current;
}

/// <summary>
/// Hoshi's help on criteria, per catalog version, kept apart from the catalog: loaded from the
/// shipped <c>hoshi-help/1</c> files (embedded <c>Shipped/*.help.json</c>) the first time a version's
/// help is asked for, never over an edit; the scheme owner edits it with optimistic concurrency,
/// every saved state kept and audited.
/// </summary>
/// <summary>
/// A catalog version's help stamp: the number of entries and the sum of their versions (an edit anywhere, on any node, raises it).</summary>
public sealed record HelpStamp(int Count, long Versions);

/// <summary>
/// The parsed help of each catalog version, kept per app instance with the stamp it was read at
/// (number of entries and sum of their versions: an edit anywhere, on any node, raises it).
/// </summary>
public sealed class HelpCache
{
    internal ConcurrentDictionary<string, (int Count, long Versions, IReadOnlyDictionary<string, StoredHelp> Help)> Entries { get; } = new(StringComparer.Ordinal);
}

public sealed class GuidanceStore(AppDbContext db, TimeProvider clock, HelpCache cache)
{
    private const string Prefix = "Hoshi.Help.";

    /// <summary>The help files shipped with Hoshi, by catalog id.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<CriterionHelp>> Shipped { get; } = LoadShipped();

    private static Dictionary<string, IReadOnlyList<CriterionHelp>> LoadShipped()
    {
        var assembly = typeof(GuidanceStore).Assembly;
        var files = new Dictionary<string, IReadOnlyList<CriterionHelp>>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var (catalog, help) = HelpFile.Parse(reader.ReadToEnd());
            files[catalog] = help;
        }

        return files;
    }

    /// <summary>
    /// Every help entry of a catalog version, by criterion id. Pages call this on every view: one
    /// small aggregate says whether the parsed copy is still current; only then are the entries read.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, StoredHelp>> ForCatalogAsync(string catalogId, CancellationToken ct = default) =>
        await ForCatalogAsync(catalogId, await db.CriterionHelp.Where(h => h.CatalogId == catalogId).GroupBy(h => h.CatalogId)
            .Select(g => new HelpStamp(g.Count(), g.Sum(h => (long)h.Version))).FirstOrDefaultAsync(ct), ct);

    /// <summary>
    /// The help of a catalog version whose stamp the caller read already (a round's pages read it with
    /// the round, <see cref="Assessments.LoadedAssessment.Help"/>): no statement while the cache holds that stamp.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, StoredHelp>> ForCatalogAsync(string catalogId, HelpStamp? stamp, CancellationToken ct = default)
    {
        if (stamp is { Count: 0 })
        {
            stamp = null;
        }

        if (stamp is not null && cache.Entries.TryGetValue(catalogId, out var cached) && cached.Count == stamp.Count && cached.Versions == stamp.Versions
            && !(Shipped.TryGetValue(catalogId, out var all) && stamp.Count < all.Count))
        {
            return cached.Help;
        }

        var rows = await db.CriterionHelp.AsNoTracking().Where(h => h.CatalogId == catalogId).ToListAsync(ct);
        if (Shipped.TryGetValue(catalogId, out var shipped) && rows.Count < shipped.Count)
        {
            await AddShippedAsync(catalogId, shipped, rows.Select(r => r.CriterionId).ToHashSet(StringComparer.Ordinal), ct);
            rows = await db.CriterionHelp.AsNoTracking().Where(h => h.CatalogId == catalogId).ToListAsync(ct);
        }

        var help = rows.ToDictionary(r => r.CriterionId, Read, StringComparer.Ordinal);
        cache.Entries[catalogId] = (rows.Count, rows.Sum(r => (long)r.Version), help);
        return help;
    }

    public async Task<StoredHelp?> GetAsync(string catalogId, string criterionId, CancellationToken ct = default) =>
        (await ForCatalogAsync(catalogId, ct)).GetValueOrDefault(criterionId);

    public async Task<IReadOnlyList<HelpRevision>> HistoryAsync(string catalogId, string criterionId, CancellationToken ct = default) =>
        [.. (await db.CriterionHelpRevisions.AsNoTracking().Where(r => r.CatalogId == catalogId && r.CriterionId == criterionId).ToListAsync(ct))
            .OrderByDescending(r => r.ChangedAt)
            .Select(r => new HelpRevision(Parse(criterionId, r.Json), r.ChangedBy, r.ChangedAt))];

    /// <summary>Saves an edit; refused when the help is incomplete (<see cref="InvalidHelpException"/>) or the form is stale (<see cref="StaleHelpException"/>).</summary>
    public async Task<StoredHelp> SaveAsync(string catalogId, CriterionHelp help, int expectedVersion, Guid actor, string? address, CancellationToken ct = default)
    {
        if (help.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidHelpException(problems);
        }

        await ForCatalogAsync(catalogId, ct);
        var now = clock.GetUtcNow();
        var row = await db.CriterionHelp.SingleOrDefaultAsync(h => h.CatalogId == catalogId && h.CriterionId == help.CriterionId, ct);
        if (row is null)
        {
            if (expectedVersion != 0)
            {
                throw new StaleHelpException(new StoredHelp(help, 0, null, now.UtcDateTime));
            }

            row = new CriterionHelpRecord { CatalogId = catalogId, CriterionId = help.CriterionId, Json = help.ToJson() };
            db.CriterionHelp.Add(row);
        }
        else if (row.Version != expectedVersion)
        {
            throw new StaleHelpException(Read(row));
        }

        var before = row.Json;
        row.Json = help.ToJson();
        row.UpdatedBy = actor;
        row.UpdatedAt = now.UtcDateTime;
        db.CriterionHelpRevisions.Add(new CriterionHelpRevisionRecord { Id = Guid.CreateVersion7(), CatalogId = catalogId, CriterionId = help.CriterionId, Json = row.Json, ChangedBy = actor, ChangedAt = now.UtcDateTime });
        db.Audit(new AuditEvent(actor.ToString(), null, "help.edited", "CriterionHelp", $"{catalogId}/{help.CriterionId}", JsonSerializer.Serialize(new { before = JsonDocument.Parse(before).RootElement, after = JsonDocument.Parse(row.Json).RootElement }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new StaleHelpException((await GetAsync(catalogId, help.CriterionId, ct))!);
        }

        return Read(row);
    }

    private async Task AddShippedAsync(string catalogId, IReadOnlyList<CriterionHelp> shipped, HashSet<string> present, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var help in shipped.Where(h => !present.Contains(h.CriterionId)))
        {
            db.CriterionHelp.Add(new CriterionHelpRecord { CatalogId = catalogId, CriterionId = help.CriterionId, Json = help.ToJson(), UpdatedAt = now });
            db.CriterionHelpRevisions.Add(new CriterionHelpRevisionRecord { Id = Guid.CreateVersion7(), CatalogId = catalogId, CriterionId = help.CriterionId, Json = help.ToJson(), ChangedAt = now });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request loaded them at the same moment: theirs stand.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static StoredHelp Read(CriterionHelpRecord row) => new(Parse(row.CriterionId, row.Json), row.Version, row.UpdatedBy, row.UpdatedAt);

    private static CriterionHelp Parse(string criterionId, string json)
    {
        using var document = JsonDocument.Parse(json);
        return CriterionHelp.FromJson(criterionId, document.RootElement);
    }
}
