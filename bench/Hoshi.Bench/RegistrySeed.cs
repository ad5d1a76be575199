using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Hoshi.Data;
using Hoshi.Data.Registry;
using Hoshi.Domain;
using Hoshi.Domain.Lifecycle;
using Hoshi.Domain.Organizations;
using Hoshi.Domain.Registry;
using Hoshi.Web.Cli;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Hoshi.Bench;

/// <summary>
/// <c>seed-registry --count N [--seed S] [--force]</c>: deterministic synthetic organizations, each
/// with a valid 法人番号 and one registry entry (★3 or ★4; valid, expired, suspended or revoked),
/// its signed certificate and its log events. Rows go in by bulk insert (SQLite prepared
/// statements, PostgreSQL binary COPY), 20,000 organizations per transaction, so a million load
/// in minutes and an interrupted run leaves whole batches only.
/// </summary>
public static class RegistrySeed
{
    public const int Batch = 20_000;

    /// <summary>Where seeded numbers start (the 12 digits after the check digit begin with 9).</summary>
    private const long NumberBase = 900_000_000_000;

    private static readonly string[] Places = ["北斗", "東海", "北陸", "中央", "大和", "富士", "桜井", "青葉", "瀬戸", "信濃", "若狭", "筑紫", "常盤", "松島", "白山", "浜名", "三河", "飛騨", "出雲", "琵琶"];
    private static readonly string[] Kana = ["サクラ", "ミドリ", "アオバ", "ホシノ", "ヤマト", "ヒカリ", "ミナト", "カエデ", "ツバサ", "アサヒ"];
    private static readonly string[] Trades = ["精機", "工業", "電子", "製作所", "化成", "物流", "商事", "システム", "金属", "食品", "樹脂", "テック", "部品", "電機", "印刷", "技研"];
    private static readonly string[] Scopes = ["全社", "全社(本社)", "全社(本社・工場)", "一部(製造部門)", "一部(設計部門)"];

    /// <summary>The reminder stages of the default settings, for the stage an entry near its end has had.</summary>
    private static readonly LifecycleSettings Reminders = new();

    public static Command Command()
    {
        var count = new Option<int>("--count") { Description = "How many synthetic organizations (each with one entry) to add.", Required = true, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator: the same seed on the same database gives the same data (default 1).", DefaultValueFactory = _ => 1, HelpName = "S" };
        var force = new Option<bool>("--force") { Description = "Run even though the database holds real (non-synthetic) organizations." };
        var command = new Command("seed-registry", "Load deterministic synthetic registry entries for benchmarks and demos.") { count, seed, force };
        command.SetAction((result, ct) => CliHost.RunAsync((services, ct2) => RunAsync(services, result.GetValue(count), result.GetValue(seed), result.GetValue(force), Console.Out, ct2), ct));
        return command;
    }

    public static async Task<int> RunAsync(IServiceProvider services, int count, int seed, bool force, TextWriter output, CancellationToken ct)
    {
        if (count is < 1 or > 10_000_000)
        {
            await Console.Error.WriteLineAsync("hoshi: --count is from 1 to 10,000,000.");
            return 1;
        }

        var db = services.GetRequiredService<AppDbContext>();
        if (!force && await db.Organizations.AnyAsync(o => !o.IsSynthetic, ct))
        {
            await Console.Error.WriteLineAsync("hoshi: refused: this database holds real (non-synthetic) organizations. Seed a database of its own, or pass --force.");
            return 1;
        }

        await services.GetRequiredService<RegistryBook>().PrepareAsync(ct);
        var (kid, key) = await services.GetRequiredService<RegistryKeys>().SigningKeyAsync(ct);
        var issuer = services.GetRequiredService<Hoshi.Web.Shared.PublicUrl>().Base;
        var clock = services.GetRequiredService<TimeProvider>();
        var bodies = await BodiesAsync(services, ct);
        var offset = await db.RegistryEntries.LongCountAsync(e => e.AssessmentId == null, ct);
        var random = new Random(seed);
        var today = JapanTime.DateOf(clock.GetUtcNow());
        var started = Stopwatch.StartNew();
        var postgres = db.Database.IsNpgsql();
        for (var done = 0; done < count;)
        {
            var size = Math.Min(Batch, count - done);
            var rows = Enumerable.Range(0, size).Select(i => Generate(random, offset + done + i, seed, today, bodies)).ToList();
            // Signing is the costly part: every core signs its share (each with its own key object).
            var parameters = key.ExportParameters(true);
            Parallel.ForEach(
                System.Collections.Concurrent.Partitioner.Create(0, rows.Count),
                () => System.Security.Cryptography.ECDsa.Create(parameters),
                (range, _, signer) =>
                {
                    for (var i = range.Item1; i < range.Item2; i++)
                    {
                        var r = rows[i];
                        r.Jws = CertificateJws.Sign(new CertificateJws.Claims(issuer, r.Number, r.Name, r.Level, r.Scope, r.RegisteredAt, r.ValidFrom, r.ValidUntil, r.CertificateId, r.BodyName), kid, signer);
                    }

                    return signer;
                },
                signer => signer.Dispose());
            await WriteBatchAsync(db, rows, postgres, kid, key, clock.GetUtcNow(), ct);
            done += size;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"seed-registry: {done:N0} / {count:N0} ({done / Math.Max(0.001, started.Elapsed.TotalSeconds):N0}/s)"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Seeded {count:N0} synthetic organizations with registry entries in {started.Elapsed.TotalSeconds:N1} s."));
        return 0;
    }

    private sealed record Bodies(Guid Registration, string RegistrationName, Guid Accreditation, string AccreditationName);

    private sealed class Row
    {
        public required Guid OrganizationId { get; init; }

        public required Guid EntryId { get; init; }

        public required Guid CertificateId { get; init; }

        public required string Number { get; init; }

        public required string Name { get; init; }

        public required string Prefecture { get; init; }

        public required EmployeeBand Band { get; init; }

        public required Level Level { get; init; }

        public required string Status { get; init; }

        public required DateOnly ValidFrom { get; init; }

        public required DateOnly ValidUntil { get; init; }

        public required string Scope { get; init; }

        public required Guid Body { get; init; }

        public required string BodyName { get; init; }

        public required DateTimeOffset RegisteredAt { get; init; }

        public DateTimeOffset? ChangedAt { get; init; }

        public int? RemindedDaysBefore { get; init; }

        public string? Reason { get; init; }

        public string Jws { get; set; } = "";
    }

    private static Row Generate(Random random, long ordinal, int seed, DateOnly today, Bodies bodies)
    {
        var base12 = (NumberBase + ordinal).ToString(CultureInfo.InvariantCulture);
        var number = CorporateNumber.CheckDigit(base12) + base12;
        var stem = random.Next(4) == 0 ? Kana[random.Next(Kana.Length)] : Places[random.Next(Places.Length)];
        var trade = Trades[random.Next(Trades.Length)];
        var name = random.Next(3) switch
        {
            0 => $"株式会社{stem}{trade}",
            1 => $"{stem}{trade}株式会社",
            _ => $"{stem}{trade}{ordinal % 997}有限会社",
        };
        var level = random.Next(10) < 7 ? Level.Star3 : Level.Star4;
        // Registered up to one validity period (plus a little) ago, so some have expired.
        var span = RegistryValidity.Years(level) * 365;
        var from = today.AddDays(-random.Next(span + 120));
        var until = RegistryValidity.ValidUntil(level, from);
        var roll = random.Next(100);
        var status = roll < 2 ? "suspended" : roll < 3 ? "revoked" : until < today ? "expired" : "valid";
        var registeredAt = new DateTimeOffset(from.ToDateTime(new TimeOnly(10, 0)), JapanTime.Offset);
        // As a running registry would hold them: an entry past its last day was recorded expired by
        // the expiry job just after that midnight, and one within 90 days of its end had its reminder.
        // (The expiry job changes the status only, as RegistryBook.ExpireAsync does; its log event
        // is dated just after the midnight that ended the entry.)
        var changedAt = status is "valid" or "expired" ? (DateTimeOffset?)null : registeredAt.AddDays(random.Next(1, 60));
        var reminded = status == "valid" && LifecycleRules.ReminderDue(until, today, Reminders) is { Stage: ReminderStage.Before } due ? due.DaysBefore : (int?)null;
        return new Row
        {
            OrganizationId = DeterministicGuid(seed, ordinal, 1),
            EntryId = DeterministicGuid(seed, ordinal, 2),
            CertificateId = DeterministicGuid(seed, ordinal, 3),
            Number = number,
            Name = name,
            Prefecture = (1 + random.Next(47)).ToString("00", CultureInfo.InvariantCulture),
            Band = (EmployeeBand)random.Next(Enum.GetValues<EmployeeBand>().Length),
            Level = level,
            Status = status,
            ValidFrom = from,
            ValidUntil = until,
            Scope = Scopes[random.Next(Scopes.Length)],
            Body = level == Level.Star3 ? bodies.Registration : bodies.Accreditation,
            BodyName = level == Level.Star3 ? bodies.RegistrationName : bodies.AccreditationName,
            RegisteredAt = registeredAt,
            ChangedAt = changedAt,
            RemindedDaysBefore = reminded,
            Reason = status switch { "suspended" => "合成データ:年次自己評価の未提出", "revoked" => "合成データ:虚偽の申告が判明", _ => null },
        };
    }

    private static Guid DeterministicGuid(int seed, long ordinal, int kind)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, ordinal);
        BitConverter.TryWriteBytes(bytes[8..], seed);
        BitConverter.TryWriteBytes(bytes[12..], kind | 0x5EED0000);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // a version nibble so it reads as a proper UUID (v8, custom)
        return new Guid(bytes);
    }

    private static async Task<Bodies> BodiesAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<OrganizationStore>();
        async Task<(Guid, string)> BodyAsync(string base12, string name, OrganizationRole role)
        {
            var number = CorporateNumber.Parse(DemoData.CorporateNumberFor(base12));
            var organization = await store.FindByCorporateNumberAsync(number, ct)
                ?? await store.CreateAsync(new NewOrganization(name, null, number.Value, EmployeeBand.From51To100, null, "13", IsSynthetic: true), "seed-registry", ct);
            await store.GrantRoleAsync(organization.Id, role, "seed-registry", actorAdministersTheOrganization: true, actorIsSchemeOwnerAdmin: true, ct);
            return (organization.Id, organization.LegalNameJa);
        }

        var (registration, registrationName) = await BodyAsync("899999999901", "合成データ登録機関", OrganizationRole.RegistrationBody);
        var (accreditation, accreditationName) = await BodyAsync("899999999902", "合成データ認定機関", OrganizationRole.AccreditationBody);
        return new Bodies(registration, registrationName, accreditation, accreditationName);
    }

    private static async Task WriteBatchAsync(AppDbContext db, List<Row> rows, bool postgres, string kid, System.Security.Cryptography.ECDsa key, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var tx = transaction.GetDbTransaction();
        var bulk = new BulkWriter(connection, tx, postgres);
        var created = now.UtcDateTime;
        await bulk.InsertAsync("Organizations", ["Id", "LegalNameJa", "NameEn", "CorporateNumber", "EmployeeBand", "Industry", "PrefectureCode", "ParentId", "IsSynthetic", "CreatedAt", "Version"],
            rows.Select(r => new object?[] { r.OrganizationId, r.Name, null, r.Number, r.Band.ToString(), null, r.Prefecture, null, true, created, 0 }), ct);
        await bulk.InsertAsync("RegistryEntries", ["Id", "AssessmentId", "CertificateId", "Level", "OrganizationId", "PrefectureCode", "RegisteredAt", "RegisteredBy", "RegisteredByOrganizationId", "ScopeSummary", "Status", "StatusChangedAt", "StatusChangedBy", "StatusEvidence", "StatusReason", "ValidFrom", "ValidUntil", "ReminderSentDaysBefore", "Version"],
            rows.Select(r => new object?[] { r.EntryId, null, r.CertificateId, (int)r.Level, r.OrganizationId, r.Prefecture, r.RegisteredAt.UtcDateTime, Guid.Empty, r.Body, r.Scope, r.Status, r.ChangedAt?.UtcDateTime, r.ChangedAt is null ? null : Guid.Empty, null, r.Reason, r.ValidFrom, r.ValidUntil, r.RemindedDaysBefore, 0 }), ct);
        await bulk.InsertAsync("RegistryEntrySubjects", ["EntryId", "CorporateNumber", "Name", "SearchName"],
            rows.Select(r => new object?[] { r.EntryId, r.Number, r.Name, SearchText.Normalize(r.Name) }), ct);
        await bulk.InsertAsync("Certificates", ["Id", "EntryId", "IssuedAt", "Jws", "Kid"],
            rows.Select(r => new object?[] { r.CertificateId, r.EntryId, r.RegisteredAt.UtcDateTime, r.Jws, kid }), ct);

        // The log: lock its state, append the events (registration, then any suspension or revocation), sign one head.
        await db.Database.ExecuteSqlRawAsync("UPDATE \"LogState\" SET \"Size\" = \"Size\" WHERE \"Id\" = 1", ct);
        var state = await db.LogState.AsNoTracking().SingleAsync(ct);
        var frontier = MerkleFrontier.FromBytes(state.Size, state.Frontier);
        var leaves = new List<object?[]>();
        foreach (var r in rows)
        {
            IEnumerable<RegistryEvent> events = [new(RegistryEventKind.Registered, r.EntryId, r.CertificateId, [r.Number], r.Level, r.ValidFrom, r.ValidUntil, r.RegisteredAt, null)];
            if (r.ChangedAt is { } changed)
            {
                events = events.Append(new(r.Status == "revoked" ? RegistryEventKind.Revoked : RegistryEventKind.Suspended, r.EntryId, r.CertificateId, [r.Number], r.Level, r.ValidFrom, r.ValidUntil, changed, r.Reason));
            }
            else if (r.Status == "expired")
            {
                var expiredAt = new DateTimeOffset(r.ValidUntil.AddDays(1).ToDateTime(new TimeOnly(0, 5)), JapanTime.Offset);
                events = events.Append(new(RegistryEventKind.Expired, r.EntryId, r.CertificateId, [r.Number], r.Level, r.ValidFrom, r.ValidUntil, expiredAt, null));
            }

            foreach (var item in events)
            {
                var data = item.ToCanonicalJson();
                var hash = MerkleHash.Leaf(data);
                leaves.Add([frontier.Size, item.CertificateId, data, item.EntryId, hash, item.At.UtcDateTime]);
                frontier.Append(hash);
            }
        }

        await bulk.InsertAsync("LogLeaves", ["Index", "CertificateId", "Data", "EntryId", "LeafHash", "RecordedAt"], leaves, ct);
        var root = frontier.Root();
        await bulk.InsertAsync("LogHeads", ["TreeSize", "Jws", "RootHash", "Timestamp"],
            [[frontier.Size, CertificateJws.SignHead(frontier.Size, root, now, kid, key), root, now.UtcDateTime]], ct);
        var size = frontier.Size;
        var bytes = frontier.ToBytes();
        await db.LogState.Where(s => s.Id == LogStateRecord.SingletonId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Size, size).SetProperty(s => s.Frontier, bytes), ct);
        db.Audit(new Domain.Audit.AuditEvent("seed-registry", null, "registry.seeded", "Registry", rows[0].EntryId.ToString(), $"{{\"count\":{rows.Count}}}", null), now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
