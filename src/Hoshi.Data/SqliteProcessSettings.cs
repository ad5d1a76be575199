namespace Hoshi.Data;

/// <summary>
/// SQLite's settings for the whole process, made once before the first connection opens: no memory
/// statistics. With them on (the library's default), every allocation SQLite makes — and preparing
/// a statement makes hundreds — takes one lock shared by all connections; a profile of the home page
/// under load found a tenth of the server's time in that allocator and in threads waiting for its lock.
/// SQLite's own list of recommended options turns them off; Hoshi reads no memory statistics.
/// </summary>
public static class SqliteProcessSettings
{
    private static readonly Lazy<int> Applied = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        // SQLITE_MISUSE when the library was initialized already (a connection opened first): the
        // statistics then stay on, which is slower but correct.
        return SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
    });

    /// <summary>What <c>sqlite3_config</c> answered (0: done).</summary>
    public static int Apply() => Applied.Value;
}
