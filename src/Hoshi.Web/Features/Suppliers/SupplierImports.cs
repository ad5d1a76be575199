using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Data.Suppliers;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Shared.Excel;
using Microsoft.EntityFrameworkCore;
using Sylvan.Data.Csv;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>The report of an import: each row's outcome, in file order.</summary>
public sealed record ImportReport(IReadOnlyList<ImportRowOutcome> Rows);

/// <summary>Where an import is: its record, and the rows worked through so far while it runs.</summary>
public sealed record ImportStatus(SupplierImportRecord Import, int Processed, ImportReport? Report);

/// <summary>
/// Supplier imports (CSV or Excel): the upload is stored and queued at once, a background worker
/// reads, checks and adds the rows, and the page shows its progress and then the row-by-row
/// report. Accepted rows are added in one transaction with the report, so an import is either
/// done or not at all; an import cut off by a restart is worked through again at start-up.
/// </summary>
public sealed class SupplierImportStore(AppDbContext db, ImportBacklog queue, TimeProvider clock)
{
    public const long MaxUploadBytes = XlsxReader.MaxUploadBytes;

    /// <summary>Stores the upload and queues it; null with a stable word when the file is refused outright.</summary>
    public async Task<(Guid? Id, string? Problem)> StartAsync(Guid buyer, string fileName, byte[] content, Guid actor, string? address, CancellationToken ct = default)
    {
        if (content.Length == 0)
        {
            return (null, "empty");
        }

        if (content.Length > MaxUploadBytes)
        {
            return (null, "tooLarge");
        }

        var now = clock.GetUtcNow();
        var name = Path.GetFileName(fileName);
        var record = new SupplierImportRecord
        {
            Id = Guid.CreateVersion7(now),
            BuyerId = buyer,
            FileName = name.Length > 200 ? name[..200] : name,
            Content = content,
            State = "queued",
            CreatedBy = actor,
            CreatedAt = now.UtcDateTime,
        };
        db.SupplierImports.Add(record);
        db.Audit(new AuditEvent(actor.ToString(), buyer.ToString(), "supplier.import-started", "SupplierImport", record.Id.ToString(),
            JsonSerializer.Serialize(new { record.FileName, bytes = content.Length }), address), now);
        await db.SaveChangesAsync(ct);
        queue.Enqueue(record.Id);
        return (record.Id, null);
    }

    /// <summary>An import of this buyer, with its live progress; null when there is none.</summary>
    public async Task<ImportStatus?> FindAsync(Guid buyer, Guid importId, CancellationToken ct = default)
    {
        var record = await db.SupplierImports.AsNoTracking().Where(i => i.Id == importId && i.BuyerId == buyer)
            .Select(i => new SupplierImportRecord
            {
                Id = i.Id,
                BuyerId = i.BuyerId,
                FileName = i.FileName,
                State = i.State,
                Total = i.Total,
                Processed = i.Processed,
                Added = i.Added,
                Refused = i.Refused,
                ReportJson = i.ReportJson,
                Error = i.Error,
                CreatedBy = i.CreatedBy,
                CreatedAt = i.CreatedAt,
                FinishedAt = i.FinishedAt,
            })
            .FirstOrDefaultAsync(ct);
        if (record is null)
        {
            return null;
        }

        var (processed, total) = queue.ProgressOf(importId) ?? (record.Processed, record.Total);
        record.Total = Math.Max(record.Total, total);
        var report = record.ReportJson is { } json ? JsonSerializer.Deserialize<ImportReport>(json) : null;
        return new ImportStatus(record, processed, report);
    }

    /// <summary>The buyer's latest imports, newest first.</summary>
    public async Task<IReadOnlyList<SupplierImportRecord>> RecentAsync(Guid buyer, int count, CancellationToken ct = default) =>
        await db.SupplierImports.AsNoTracking().Where(i => i.BuyerId == buyer).OrderByDescending(i => i.CreatedAt).Take(count)
            .Select(i => new SupplierImportRecord
            {
                Id = i.Id,
                BuyerId = i.BuyerId,
                FileName = i.FileName,
                State = i.State,
                Total = i.Total,
                Added = i.Added,
                Refused = i.Refused,
                Error = i.Error,
                CreatedAt = i.CreatedAt,
                FinishedAt = i.FinishedAt,
            })
            .ToListAsync(ct);
}

/// <summary>Imports waiting for the worker, and the progress of the one running.</summary>
public sealed class ImportBacklog
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>();
    private readonly ConcurrentDictionary<Guid, (int Processed, int Total)> _progress = new();

    public void Enqueue(Guid id) => _channel.Writer.TryWrite(id);

    public ChannelReader<Guid> Reader => _channel.Reader;

    public void Report(Guid id, int processed, int total) => _progress[id] = (processed, total);

    public void Forget(Guid id) => _progress.TryRemove(id, out _);

    public (int Processed, int Total)? ProgressOf(Guid id) => _progress.TryGetValue(id, out var p) ? p : null;
}

/// <summary>Reads the rows of a CSV (UTF-8, else Shift_JIS; comma, tab or semicolon) or an Excel workbook.</summary>
public static class SupplierFile
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    static SupplierFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The rows, or why the file cannot be read (a stable word).</summary>
    public static (IReadOnlyList<ImportRow>? Rows, string? Problem) Read(string fileName, byte[] content)
    {
        var isZip = content.Length >= 4 && content[0] == (byte)'P' && content[1] == (byte)'K';
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (isZip || extension is ".xlsx" or ".xls")
        {
            return ReadXlsx(content);
        }

        return ReadCsv(content);
    }

    private static (IReadOnlyList<ImportRow>?, string?) ReadXlsx(byte[] content)
    {
        XlsxReadResult? result = null;
        foreach (var header in new[] { "法人番号", "CorporateNumber", "Corporate number", "Corporate Number" })
        {
            result = XlsxReader.Read(content, "取引先", [header], SupplierImport.MaxRows);
            if (result.Problem != XlsxProblem.OtherLayout)
            {
                break;
            }
        }

        if (result!.Problem != XlsxProblem.None)
        {
            return (null, result.Problem switch
            {
                XlsxProblem.OtherLayout or XlsxProblem.MissingColumn => "noNumberColumn",
                XlsxProblem.TooManyRows => "tooManyRows",
                XlsxProblem.TooLarge or XlsxProblem.TooLargeUnpacked => "tooLarge",
                XlsxProblem.OldXls => "oldXls",
                _ => "unreadable",
            });
        }

        var columns = result.ColumnLetters!.Keys.Select(h => (Header: h, Column: SupplierImport.ColumnOf(h))).Where(c => c.Column is not null)
            .GroupBy(c => c.Column!.Value).ToDictionary(g => g.Key, g => g.First().Header);
        return ([.. result.Rows!.Select(r => RowOf(r.Number, c => columns.TryGetValue(c, out var h) ? r[h] : null))], null);
    }

    private static (IReadOnlyList<ImportRow>?, string?) ReadCsv(byte[] content)
    {
        if (content.Take(512).Any(b => b == 0))
        {
            return (null, "notCsv");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            // Excel in Japan saves CSV as Shift_JIS (code page 932).
            text = Encoding.GetEncoding(932).GetString(content);
        }

        text = text.TrimStart('\uFEFF');
        var rows = new List<ImportRow>();
        Dictionary<ImportColumn, int>? columns = null;
        try
        {
            // The delimiter (comma, tab, semicolon …) is detected from the header line.
            using var reader = CsvDataReader.Create(new StringReader(text), new CsvDataReaderOptions { HasHeaders = false, MaxBufferSize = 1 << 20 });
            var line = 0;
            while (reader.Read())
            {
                line++;
                var record = new string[reader.RowFieldCount];
                for (var i = 0; i < record.Length; i++)
                {
                    record[i] = reader.GetString(i);
                }

                if (record.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (columns is null)
                {
                    columns = record.Select((h, i) => (Column: SupplierImport.ColumnOf(h), Index: i)).Where(c => c.Column is not null)
                        .GroupBy(c => c.Column!.Value).ToDictionary(g => g.Key, g => g.First().Index);
                    if (!columns.ContainsKey(ImportColumn.CorporateNumber))
                    {
                        return (null, "noNumberColumn");
                    }

                    continue;
                }

                if (rows.Count == SupplierImport.MaxRows)
                {
                    return (null, "tooManyRows");
                }

                rows.Add(RowOf(line, c => columns.TryGetValue(c, out var i) && i < record.Length ? record[i] : null));
            }
        }
        catch (Exception e) when (e is CsvFormatException or CsvRecordTooLargeException or FormatException or InvalidOperationException)
        {
            return (null, "unreadable");
        }

        return columns is null ? (null, "noNumberColumn") : (rows, null);
    }

    private static ImportRow RowOf(int number, Func<ImportColumn, string?> cell) =>
        new(number, NumberText(cell(ImportColumn.CorporateNumber)), cell(ImportColumn.Name), cell(ImportColumn.SupplierCode),
            cell(ImportColumn.Department), cell(ImportColumn.ContactEmail), cell(ImportColumn.Tags));

    /// <summary>A 法人番号 that a spreadsheet turned into a number in exponent form (1.23456789012E+12) comes back as its digits.</summary>
    private static string? NumberText(string? value) =>
        value is not null && value.Contains('E', StringComparison.OrdinalIgnoreCase)
        && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number) && number > 0
            ? number.ToString("0", CultureInfo.InvariantCulture)
            : value;
}

/// <summary>
/// Works through queued imports one at a time. Several nodes share the queue in the database: a node
/// claims an import (a lease of <see cref="Lease"/>, renewed as it goes) before working on it, and
/// every <c>Suppliers:ImportPollSeconds</c> (default 10) each node looks for imports queued on
/// another node or left running by a node that died (its lease ran out) and takes them over. The
/// import's rows are stored in one transaction, and a node that lost its lease cannot save it
/// (<see cref="SupplierImportRecord.LeaseOwner"/> is a concurrency token), so an import is stored once.
/// </summary>
public sealed class SupplierImportWorker(IServiceScopeFactory scopes, ImportBacklog queue, TimeProvider clock, ILogger<SupplierImportWorker> logger, IConfiguration? configuration = null) : BackgroundService
{
    private const int ProgressStep = 250;

    /// <summary>How long a claim holds without renewal (an import of 10,000 rows takes seconds).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>This process, as a lease owner.</summary>
    private static readonly string Node = Cut($"{Guid.NewGuid():N}:{Environment.ProcessId}:{Environment.MachineName}", 100);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private TimeSpan PollInterval => TimeSpan.FromSeconds(Math.Max(1, configuration?.GetValue("Suppliers:ImportPollSeconds", 10) ?? 10));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var polling = PollAsync(stoppingToken);
        await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
        {
            using var activity = Shared.Telemetry.HoshiMetrics.StartBackground("supplier import");
            try
            {
                await RunAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Supplier import {Id} failed.", id);
                await FailAsync(id, "internal", stoppingToken);
            }
            finally
            {
                queue.Forget(id);
            }
        }

        await polling;
    }

    /// <summary>Now and every poll interval: imports nobody holds (queued, or running with a lease run out) go to this node's queue.</summary>
    private async Task PollAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var id in await db.SupplierImports.AsNoTracking()
                    .Where(i => i.State == "queued" || (i.State == "running" && (i.LeaseUntil == null || i.LeaseUntil < now)))
                    .OrderBy(i => i.CreatedAt).Select(i => i.Id).Take(100).ToListAsync(stoppingToken))
                {
                    queue.Enqueue(id);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may not be ready yet (first start) or briefly away: look again later.
                logger.LogWarning(e, "Could not look for unfinished supplier imports.");
            }

            try
            {
                await Task.Delay(PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims the import for this node when nobody holds it; false when another node does, or it is finished.</summary>
    private async Task<bool> ClaimAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Lease;
        return await db.SupplierImports
            .Where(i => i.Id == id && i.Content != null && (i.State == "queued" || (i.State == "running" && (i.LeaseUntil == null || i.LeaseUntil < now || i.LeaseOwner == Node))))
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.State, "running").SetProperty(i => i.LeaseOwner, Node).SetProperty(i => i.LeaseUntil, until), ct) == 1;
    }

    /// <summary>Reads, checks and adds the rows of one import (when this node can claim it).</summary>
    public async Task RunAsync(Guid id, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await ClaimAsync(db, id, ct))
        {
            return;
        }

        var import = await db.SupplierImports.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (import is null || import.State is "done" or "failed" || import.Content is null)
        {
            return;
        }

        var clockStarted = System.Diagnostics.Stopwatch.StartNew();
        var (rows, problem) = SupplierFile.Read(import.FileName, import.Content);
        if (rows is null)
        {
            await FailAsync(id, problem!, ct);
            return;
        }

        queue.Report(id, 0, rows.Count);
        var buyer = import.BuyerId;
        var existing = (await db.Suppliers.Where(s => s.BuyerId == buyer).Select(s => s.CorporateNumber).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var numbers = rows.Select(r => Domain.Organizations.CorporateNumber.TryParse(r.CorporateNumber, out var n, out _) ? n.Value : null)
            .OfType<string>().Distinct().ToList();
        var names = await KnownNamesAsync(db, numbers, ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var outcomes = new List<ImportRowOutcome>(rows.Count);
        var now = clock.GetUtcNow();
        var stamp = now;
        foreach (var row in rows)
        {
            var outcome = SupplierImport.Check(row, seen, existing, n => names.GetValueOrDefault(n));
            outcomes.Add(outcome);
            if (outcome.Accepted)
            {
                // Version 7 ids from one clock reading would not keep the file's order; a tick apart they do.
                stamp = stamp.AddTicks(1);
                var supplier = new SupplierRecord
                {
                    Id = Guid.CreateVersion7(stamp),
                    BuyerId = buyer,
                    CorporateNumber = outcome.CorporateNumber!,
                    Name = outcome.Name!,
                    SupplierCode = Blank(row.SupplierCode),
                    Department = Blank(row.Department),
                    ContactEmail = Blank(row.ContactEmail),
                    Tags = SupplierStore.NormalizeTags(row.Tags),
                    CreatedAt = now.UtcDateTime,
                    CreatedBy = import.CreatedBy,
                    UpdatedAt = now.UtcDateTime,
                };
                db.Suppliers.Add(supplier);
                db.Audit(new AuditEvent(import.CreatedBy.ToString(), buyer.ToString(), "supplier.added", "Supplier", supplier.Id.ToString(),
                    JsonSerializer.Serialize(new { supplier.CorporateNumber, supplier.Name, supplier.SupplierCode, supplier.Department, supplier.Tags, import = id }), null), now);
            }

            if (outcomes.Count % ProgressStep == 0)
            {
                queue.Report(id, outcomes.Count / 2, rows.Count);
            }
        }

        // Checking is quick; storing is the slow half: progress counts it as the second half of the rows.
        queue.Report(id, rows.Count / 2, rows.Count);
        import.State = "done";
        import.Total = rows.Count;
        import.Processed = rows.Count;
        import.Added = outcomes.Count(o => o.Accepted);
        import.Refused = outcomes.Count - import.Added;
        import.ReportJson = JsonSerializer.Serialize(new ImportReport(outcomes));
        import.Content = null;
        import.LeaseUntil = null;
        import.FinishedAt = clock.GetUtcNow().UtcDateTime;
        db.Audit(new AuditEvent(import.CreatedBy.ToString(), buyer.ToString(), "supplier.import-finished", "SupplierImport", id.ToString(),
            JsonSerializer.Serialize(new { import.Added, import.Refused }), null), now);
        var before = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var checkedIn = clockStarted.ElapsedMilliseconds;
        try
        {
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Supplier import {Id}: {Rows} rows read and checked in {Checked} ms, {Added} stored in {Stored} ms.",
                id, rows.Count, checkedIn, import.Added, clockStarted.ElapsedMilliseconds - checkedIn);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node took the import over (this one held it past its lease): it stores it, this one stores nothing.
            db.ChangeTracker.Clear();
            logger.LogWarning("Supplier import {Id}: taken over by another node; this node's work is dropped.", id);
        }
        catch (DbUpdateException)
        {
            // A supplier added meanwhile by hand collided with a row: check again against the portfolio as it is now.
            db.ChangeTracker.Clear();
            await db.SupplierImports.Where(i => i.Id == id && i.LeaseOwner == Node).ExecuteUpdateAsync(u => u
                .SetProperty(i => i.State, "queued").SetProperty(i => i.LeaseOwner, (string?)null).SetProperty(i => i.LeaseUntil, (DateTime?)null), ct);
            queue.Enqueue(id);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = before;
        }
    }

    private async Task FailAsync(Guid id, string problem, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.SupplierImports.Where(i => i.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(i => i.State, "failed").SetProperty(i => i.Error, problem).SetProperty(i => i.FinishedAt, now).SetProperty(i => i.Content, (byte[]?)null), ct);
    }

    /// <summary>Names Hoshi knows for these numbers: its organizations first, then the registry.</summary>
    private static async Task<Dictionary<string, string>> KnownNamesAsync(AppDbContext db, List<string> numbers, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in numbers.Chunk(500))
        {
            foreach (var s in await db.Set<RegistryEntrySubjectRecord>().AsNoTracking().Where(s => chunk.Contains(s.CorporateNumber)).Select(s => new { s.CorporateNumber, s.Name }).ToListAsync(ct))
            {
                names[s.CorporateNumber] = s.Name;
            }

            foreach (var o in await db.Organizations.AsNoTracking().Where(o => o.CorporateNumber != null && chunk.Contains(o.CorporateNumber)).Select(o => new { o.CorporateNumber, o.LegalNameJa }).ToListAsync(ct))
            {
                names[o.CorporateNumber!] = o.LegalNameJa;
            }
        }

        return names;
    }

    private static string? Blank(string? value) => SupplierStore.Blank(value);
}
