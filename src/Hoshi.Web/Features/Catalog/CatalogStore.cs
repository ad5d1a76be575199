using System.Collections.Concurrent;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Catalog;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Catalog;

public enum ImportOutcome
{
    /// <summary>A new catalog version was stored.</summary>
    Imported,

    /// <summary>The same id with identical content was already there: nothing changed.</summary>
    AlreadyPresent,
}

public sealed record ImportResult(string Id, string Version, ImportOutcome Outcome);

/// <summary>Refused because a catalog version with this id exists with other content.</summary>
public sealed class CatalogConflictException(string message) : Exception(message);

/// <summary>A stored catalog version: its immutable content and its current status.</summary>
public sealed record CatalogEntry(CatalogVersion Catalog, CatalogStatus Status, DateTime ImportedAt, string ContentHash);

/// <summary>Metadata of a stored version, without its content.</summary>
public sealed record CatalogSummary(string Id, string Version, CatalogStatus Status, DateOnly? Published, string TitleJa, string? TitleEn, string ContentHash);

/// <summary>Parsed catalog contents by content hash. Contents never change, so entries never go stale.</summary>
public sealed class CatalogCache
{
    private readonly ConcurrentDictionary<string, CatalogVersion> _byHash = new(StringComparer.Ordinal);

    public CatalogVersion? TryGet(string contentHash) => _byHash.GetValueOrDefault(contentHash);

    public CatalogVersion GetOrParse(string contentHash, string document, string id) =>
        _byHash.GetOrAdd(contentHash, _ => CatalogReader.Parse(document, id));
}

/// <summary>
/// Imports, lists and reads catalog versions. A stored version never changes: importing the same
/// id with identical content is a no-op, with different content it is refused.
/// </summary>
public sealed class CatalogStore(AppDbContext db, CatalogCache cache, TimeProvider clock)
{
    /// <summary>The largest catalog file accepted (the official one is ~140 KB).</summary>
    public const int MaxFileBytes = 10 * 1024 * 1024;

    public Task<bool> AnyAsync(CancellationToken ct = default) => db.CatalogVersions.AnyAsync(ct);

    public async Task<ImportResult> ImportAsync(string json, string fileName, string? importedBy, CancellationToken ct = default)
    {
        // An OSCAL catalog comes in as a draft of its own (see OscalCatalogReader).
        var catalog = CatalogReader.Parse(OscalCatalogReader.IsOscal(json) ? OscalCatalogReader.ToHoshi(json, fileName) : json, fileName);
        var document = CatalogWriter.ToJson(catalog);
        var hash = CatalogWriter.HashOf(document);

        var existing = await db.CatalogVersions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == catalog.Id, ct);
        if (existing is not null)
        {
            return Compare(existing, catalog, hash, fileName);
        }

        db.Audit(
            new AuditEvent(
                importedBy ?? "system",
                null,
                "catalog.imported",
                "CatalogVersion",
                catalog.Id,
                JsonSerializer.Serialize(new { version = catalog.Version, status = CatalogWriter.StatusText(catalog.Status), contentHash = hash, file = fileName }),
                null),
            clock.GetUtcNow());
        db.CatalogVersions.Add(new CatalogVersionRecord
        {
            Id = catalog.Id,
            Label = catalog.Version,
            Status = catalog.Status,
            PublishedOn = catalog.Published,
            TitleJa = catalog.Title.JaText,
            TitleEn = catalog.Title.Has("en") ? catalog.Title.For("en") : null,
            ContentHash = hash,
            Document = document,
            ImportedAt = clock.GetUtcNow().UtcDateTime,
            ImportedBy = importedBy,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone imported the same id at the same moment: judge against what they stored.
            db.ChangeTracker.Clear();
            existing = await db.CatalogVersions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == catalog.Id, ct);
            if (existing is null)
            {
                throw;
            }

            return Compare(existing, catalog, hash, fileName);
        }

        return new ImportResult(catalog.Id, catalog.Version, ImportOutcome.Imported);
    }

    private static ImportResult Compare(CatalogVersionRecord existing, CatalogVersion catalog, string hash, string fileName) =>
        existing.ContentHash == hash
            ? new ImportResult(catalog.Id, catalog.Version, ImportOutcome.AlreadyPresent)
            : throw new CatalogConflictException(
                $"{fileName}: catalog version \"{catalog.Id}\" ({existing.Label}) is already stored with different content. " +
                "A stored catalog version never changes; give the revised catalog a new id.");

    /// <summary>Imports every catalog shipped inside Hoshi (idempotent).</summary>
    public async Task<IReadOnlyList<ImportResult>> ImportShippedAsync(string? importedBy, CancellationToken ct = default)
    {
        var results = new List<ImportResult>();
        foreach (var (name, json) in ShippedCatalogs.All())
        {
            results.Add(await ImportAsync(json, name, importedBy, ct));
        }

        return results;
    }

    public async Task<IReadOnlyList<CatalogSummary>> ListAsync(CancellationToken ct = default)
    {
        var rows = await db.CatalogVersions.AsNoTracking()
            .Select(c => new CatalogSummary(c.Id, c.Label, c.Status, c.PublishedOn, c.TitleJa, c.TitleEn, c.ContentHash))
            .ToListAsync(ct);

        // Published first, then newest first: the version people should use is on top.
        return [.. rows.OrderBy(r => r.Status == CatalogStatus.Published ? 0 : r.Status == CatalogStatus.Draft ? 1 : 2)
            .ThenByDescending(r => r.Published)
            .ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>The catalog of that content, when it was parsed before (no statement).</summary>
    public CatalogVersion? Cached(string contentHash) => cache.TryGet(contentHash);

    public async Task<CatalogEntry?> GetAsync(string id, CancellationToken ct = default)
    {
        var row = await db.CatalogVersions.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new { c.ContentHash, c.Status, c.ImportedAt })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var catalog = cache.TryGet(row.ContentHash)
            ?? cache.GetOrParse(row.ContentHash, await db.CatalogVersions.Where(c => c.Id == id).Select(c => c.Document).FirstAsync(ct), id);
        return new CatalogEntry(catalog, row.Status, row.ImportedAt, row.ContentHash);
    }

    /// <summary>
    /// Publishes a stored draft version: it becomes the version new assessments use, and the version
    /// published before it becomes superseded, in one transaction. False when there is no such draft.
    /// </summary>
    public async Task<bool> PublishAsync(string id, string actor, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var target = await db.CatalogVersions.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (target is null || target.Status != CatalogStatus.Draft)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var superseded = await db.CatalogVersions.Where(c => c.Status == CatalogStatus.Published).ToListAsync(ct);
        foreach (var old in superseded)
        {
            old.Status = CatalogStatus.Superseded;
        }

        target.Status = CatalogStatus.Published;
        target.PublishedOn ??= Domain.JapanTime.DateOf(now);
        db.Audit(new AuditEvent(actor, null, "catalog.published", "CatalogVersion", id,
            JsonSerializer.Serialize(new { superseded = superseded.Select(c => c.Id), publishedOn = target.PublishedOn }), null), now);
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

    /// <summary>The newest published version (the default for new assessments and the catalog pages).</summary>
    public async Task<CatalogSummary?> CurrentAsync(CancellationToken ct = default) =>
        (await ListAsync(ct)).FirstOrDefault(c => c.Status == CatalogStatus.Published);
}
