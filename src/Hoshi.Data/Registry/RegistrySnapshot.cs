using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hoshi.Domain;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hoshi.Data.Registry;

/// <summary>
/// The whole public registry in memory, packed (about 100 bytes an entry), so that the lookup by
/// 法人番号 answers without touching the database: at national scale random lookups would
/// otherwise each read cold pages of three indexes (issue 6, P1). It is loaded once in the
/// background and kept current from the transparency log, which records every registry change:
/// numbers named by new log leaves are read again from the database into an overlay. Until it is
/// loaded, and for numbers it does not hold, callers ask the database (<see cref="RegistryLookupReader"/>).
/// </summary>
public sealed class RegistrySnapshot(DatabaseSetting setting, RegistryLookupReader reader) : IDisposable
{
    private const string LoadSql =
        "SELECT s.\"CorporateNumber\", s.\"Name\", e.\"Id\", e.\"Level\", e.\"Status\", e.\"ValidFrom\", e.\"ValidUntil\", e.\"ScopeSummary\", e.\"CertificateId\", e.\"RegisteredByOrganizationId\", e.\"PrefectureCode\", e.\"StatusReason\", e.\"StatusChangedAt\" " +
        "FROM \"RegistryEntrySubjects\" s JOIN \"RegistryEntries\" e ON e.\"Id\" = s.\"EntryId\" ORDER BY s.\"CorporateNumber\"";

    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<RegistryLookupRow>> _overlay = new();
    private volatile Packed? _base;
    private long _cursor;
    private long _syncedAtTick;

    public void Dispose() => _sync.Dispose();

    /// <summary>Whether the snapshot is loaded and answering.</summary>
    public bool IsLoaded => _base is not null;

    /// <summary>Entries held in the packed base.</summary>
    public int Count => _base?.Numbers.Length ?? 0;

    /// <summary>How long ago the snapshot last caught up with the log (null before it is loaded): an operator's "snapshot stale".</summary>
    public TimeSpan? SinceSynced => _base is null ? null : TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _syncedAtTick));

    /// <summary>The log size up to which changes are applied.</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    /// <summary>The entries under a number, or null when the snapshot cannot say (not loaded, or a number it does not hold).</summary>
    public IReadOnlyList<RegistryLookupRow>? Find(string number)
    {
        if (_overlay.TryGetValue(number, out var changed))
        {
            return changed;
        }

        var packed = _base;
        if (packed is null || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var key))
        {
            return null;
        }

        var index = Array.BinarySearch(packed.Numbers, key);
        if (index < 0)
        {
            return null;
        }

        while (index > 0 && packed.Numbers[index - 1] == key)
        {
            index--;
        }

        var rows = new List<RegistryLookupRow>(1);
        for (; index < packed.Numbers.Length && packed.Numbers[index] == key; index++)
        {
            rows.Add(packed.Row(index));
        }

        return rows;
    }

    /// <summary>Loads the base from the database, then applies what the log recorded meanwhile.</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        await _sync.WaitAsync(ct);
        try
        {
            var cursor = await LogSizeAsync(ct);
            PackedBuilder builder;
            await using (var connection = await OpenAsync(ct))
            await using (var command = connection.CreateCommand())
            {
                // Sized once: growing lists of a million rows would briefly need twice the memory.
                command.CommandText = "SELECT COUNT(*) FROM \"RegistryEntrySubjects\"";
                builder = new PackedBuilder(Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) + 1000);
                command.CommandText = LoadSql;
                await using var rows = await command.ExecuteReaderAsync(ct);
                var sqlite = setting.Provider == DatabaseProvider.Sqlite;
                while (await rows.ReadAsync(ct))
                {
                    builder.Add(rows, sqlite);
                }
            }

            var names = new string[builder.Bodies.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = await reader.BodyNameAsync(builder.Bodies[i], ct);
            }

            _overlay.Clear();
            _base = builder.Build(names);
            Interlocked.Exchange(ref _cursor, cursor);
        }
        finally
        {
            _sync.Release();
        }

        await SyncAsync(ct);
    }

    /// <summary>Applies the log leaves after the cursor: every number they name is read again.</summary>
    public async Task SyncAsync(CancellationToken ct = default)
    {
        if (_base is null)
        {
            return;
        }

        await _sync.WaitAsync(ct);
        try
        {
            var size = await LogSizeAsync(ct);
            while (Cursor < size)
            {
                var numbers = new HashSet<string>(StringComparer.Ordinal);
                long next;
                await using (var connection = await OpenAsync(ct))
                await using (var command = connection.CreateCommand())
                {
                    command.CommandText = "SELECT \"Index\", \"Data\" FROM \"LogLeaves\" WHERE \"Index\" >= @from AND \"Index\" < @to ORDER BY \"Index\"";
                    var from = command.CreateParameter();
                    from.ParameterName = "@from";
                    from.Value = Cursor;
                    command.Parameters.Add(from);
                    var to = command.CreateParameter();
                    to.ParameterName = "@to";
                    to.Value = Math.Min(size, Cursor + 5000);
                    command.Parameters.Add(to);
                    next = (long)to.Value;
                    await using var rows = await command.ExecuteReaderAsync(ct);
                    while (await rows.ReadAsync(ct))
                    {
                        using var leaf = JsonDocument.Parse((byte[])rows.GetValue(1));
                        foreach (var number in leaf.RootElement.GetProperty("corporateNumbers").EnumerateArray())
                        {
                            numbers.Add(number.GetString()!);
                        }
                    }
                }

                await RefreshUnlockedAsync(numbers, ct);
                Interlocked.Exchange(ref _cursor, next);
            }

            Interlocked.Exchange(ref _syncedAtTick, Environment.TickCount64);
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>
    /// Reads these numbers again from the database, after a change this node committed. Taken in
    /// turn with <see cref="SyncAsync"/>, so a read made before the commit never lands after it.
    /// </summary>
    public async Task RefreshAsync(IEnumerable<string> numbers, CancellationToken ct = default)
    {
        await _sync.WaitAsync(ct);
        try
        {
            await RefreshUnlockedAsync(numbers, ct);
        }
        finally
        {
            _sync.Release();
        }
    }

    private async Task RefreshUnlockedAsync(IEnumerable<string> numbers, CancellationToken ct)
    {
        foreach (var number in numbers)
        {
            _overlay[number] = await reader.ByCorporateNumberAsync(number, ct);
        }
    }

    private async Task<long> LogSizeAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Size\" FROM \"LogState\" WHERE \"Id\" = 1";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L, CultureInfo.InvariantCulture);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        DbConnection connection = setting.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(HoshiDatabase.SqliteConnectionString(setting.Target))
            : new NpgsqlConnection(setting.Target);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>Rows sorted by number, in parallel arrays, their text in one UTF-8 buffer.</summary>
    private sealed class Packed(long[] numbers, Item[] items, byte[] text, string[] bodies, Dictionary<int, (string Reason, DateTime At)> reasons)
    {
        public long[] Numbers { get; } = numbers;

        public RegistryLookupRow Row(int i)
        {
            ref readonly var item = ref items[i];
            string? reason = null;
            DateTime? at = null;
            if (reasons.TryGetValue(i, out var found))
            {
                (reason, at) = (found.Reason, found.At);
            }

            return new RegistryLookupRow(
                Encoding.UTF8.GetString(text, item.NameAt, item.NameLength),
                Guid.Empty,
                (Level)item.Level,
                Statuses[item.Status],
                Item.Date(item.ValidFrom),
                Item.Date(item.ValidUntil),
                Encoding.UTF8.GetString(text, item.ScopeAt, item.ScopeLength),
                item.HasCertificate ? item.Certificate : null,
                bodies[item.Body],
                item.Prefecture == 0 ? null : item.Prefecture.ToString("00", CultureInfo.InvariantCulture),
                reason,
                at);
        }
    }

    internal static readonly string[] Statuses = ["valid", "expired", "suspended", "revoked"];

    /// <summary>Days are counted from 2000-01-01 in 16 bits (until 2179); level, status and whether there is a certificate share a byte. 36 bytes.</summary>
    private readonly record struct Item(Guid Certificate, int NameAt, int ScopeAt, ushort NameLength, ushort ScopeLength, ushort ValidFrom, ushort ValidUntil, ushort Body, byte Flags, byte Prefecture)
    {
        public static readonly int Epoch = new DateOnly(2000, 1, 1).DayNumber;

        public static byte Pack(int level, int status, bool hasCertificate) => (byte)(((level - 3) & 0b11) | ((status & 0b11) << 2) | (hasCertificate ? 0b1_0000 : 0));

        public int Level => 3 + (Flags & 0b11);

        public int Status => (Flags >> 2) & 0b11;

        public bool HasCertificate => (Flags & 0b1_0000) != 0;

        public static ushort Day(DateOnly day) => (ushort)Math.Clamp(day.DayNumber - Epoch, 0, ushort.MaxValue);

        public static DateOnly Date(ushort day) => DateOnly.FromDayNumber(Epoch + day);
    }

    private sealed class PackedBuilder(int capacity)
    {
        private readonly long[] _numbers = new long[capacity];
        private readonly Item[] _items = new Item[capacity];
        private readonly Dictionary<Guid, ushort> _bodyIndex = [];
        private readonly List<Guid> _bodyIds = [];
        private readonly Dictionary<int, (string, DateTime)> _reasons = [];
        private readonly Dictionary<string, (int At, ushort Length)> _scopes = new(StringComparer.Ordinal);
        private byte[] _text = new byte[Math.Max(4096, capacity * 40)];
        private int _textLength;
        private int _count;

        public List<Guid> Bodies => _bodyIds;

        public void Add(DbDataReader r, bool sqlite)
        {
            Guid Id(int i) => sqlite ? Guid.Parse(r.GetString(i)) : r.GetGuid(i);
            DateOnly Day(int i) => sqlite ? DateOnly.ParseExact(r.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture) : r.GetFieldValue<DateOnly>(i);
            if (_count == _numbers.Length || !long.TryParse(r.GetString(0), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                // Rows added since the count, and anything that is not a 法人番号, are left to the database.
                return;
            }

            var body = Id(9);
            if (!_bodyIndex.TryGetValue(body, out var bodyAt))
            {
                bodyAt = (ushort)_bodyIds.Count;
                _bodyIndex[body] = bodyAt;
                _bodyIds.Add(body);
            }

            var name = Text(r.GetString(1));
            var scopeText = r.GetString(7);
            if (!_scopes.TryGetValue(scopeText, out var scope))
            {
                // The same scope words recur (全社, 全社(本社) …): each is kept once.
                scope = Text(scopeText);
                if (_scopes.Count < 100_000)
                {
                    _scopes[scopeText] = scope;
                }
            }

            if (!r.IsDBNull(11))
            {
                var at = r.IsDBNull(12) ? default : DateTime.SpecifyKind(sqlite ? DateTime.Parse(r.GetString(12), CultureInfo.InvariantCulture) : r.GetDateTime(12), DateTimeKind.Utc);
                _reasons[_count] = (r.GetString(11), at);
            }

            var prefecture = r.IsDBNull(10) || !byte.TryParse(r.GetString(10), CultureInfo.InvariantCulture, out var code) ? (byte)0 : code;
            _numbers[_count] = number;
            _items[_count] = new Item(r.IsDBNull(8) ? Guid.Empty : Id(8), name.At, scope.At, name.Length, scope.Length, Item.Day(Day(5)), Item.Day(Day(6)), bodyAt,
                Item.Pack(r.GetInt32(3), Math.Max(0, Array.IndexOf(Statuses, r.GetString(4))), !r.IsDBNull(8)), prefecture);
            _count++;
        }

        private (int At, ushort Length) Text(string value)
        {
            var length = Math.Min(Encoding.UTF8.GetByteCount(value), ushort.MaxValue);
            if (_textLength + length > _text.Length)
            {
                Array.Resize(ref _text, Math.Max(_text.Length * 3 / 2, _textLength + length));
            }

            var at = _textLength;
            _textLength += Encoding.UTF8.GetBytes(value.AsSpan(0, Math.Min(value.Length, length)), _text.AsSpan(at));
            return (at, (ushort)(_textLength - at));
        }

        public Packed Build(string[] bodies)
        {
            // The arrays were sized for the count; rows deleted meanwhile leave a tail to drop.
            var numbers = _count == _numbers.Length ? _numbers : _numbers[.._count];
            var items = _count == _items.Length ? _items : _items[.._count];
            // The text buffer was sized on a guess; keep only what is used.
            return new Packed(numbers, items, _text.Length - _textLength > 1 << 20 ? _text[.._textLength] : _text, bodies, _reasons);
        }
    }
}
