using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hoshi.Data.Backup;

/// <summary>The backup or restore could not be done: what went wrong, in words for the operator.</summary>
public sealed class BackupException(string message) : Exception(message);

/// <summary>
/// Backs up and restores Hoshi's database. SQLite: the online backup API (a consistent copy while
/// the app runs), written to a temporary file and moved into place, so a crash never leaves half
/// a backup; restore copies the backup into the live database the same way. PostgreSQL:
/// <c>pg_dump</c> in its custom format, and <c>pg_restore --clean --single-transaction</c>, so a
/// restore that fails changes nothing. A backup of one kind is refused by the other.
/// </summary>
public static class DatabaseBackup
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();
    private static readonly byte[] PgDumpHeader = "PGDMP"u8.ToArray();

    public static async Task BackupAsync(DatabaseSetting setting, string output, bool overwrite, CancellationToken ct = default)
    {
        var target = Path.GetFullPath(output);
        if (File.Exists(target) && !overwrite)
        {
            throw new BackupException($"{target} exists; choose another file or pass --force to replace it.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".partial";
        File.Delete(temporary);
        try
        {
            if (setting.Provider == DatabaseProvider.Sqlite)
            {
                if (!File.Exists(setting.Target))
                {
                    throw new BackupException($"There is no database at {setting.Target}.");
                }

                await using var source = new SqliteConnection(HoshiDatabase.SqliteConnectionString(setting.Target));
                await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString());
                await source.OpenAsync(ct);
                await destination.OpenAsync(ct);
                source.BackupDatabase(destination);
            }
            else
            {
                await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", temporary], setting.Target, ct);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(temporary);
        }
    }

    public static async Task RestoreAsync(DatabaseSetting setting, string input, CancellationToken ct = default)
    {
        var file = Path.GetFullPath(input);
        if (!File.Exists(file))
        {
            throw new BackupException($"There is no file {file}.");
        }

        var header = new byte[16];
        await using (var stream = File.OpenRead(file))
        {
            _ = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
        }

        if (setting.Provider == DatabaseProvider.Sqlite)
        {
            if (!header.AsSpan().StartsWith(SqliteHeader))
            {
                throw new BackupException($"{file} is not a SQLite backup{(header.AsSpan().StartsWith(PgDumpHeader) ? " (it is a PostgreSQL dump)" : "")}.");
            }

            await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await source.OpenAsync(ct);
            await using (var check = source.CreateCommand())
            {
                check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
                if (Convert.ToInt64(await check.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    throw new BackupException($"{file} is a SQLite file but not a Hoshi database.");
                }
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(setting.Target))!);
            await using var destination = new SqliteConnection(HoshiDatabase.SqliteConnectionString(setting.Target));
            await destination.OpenAsync(ct);
            source.BackupDatabase(destination);
            SqliteConnection.ClearAllPools();
        }
        else
        {
            if (!header.AsSpan().StartsWith(PgDumpHeader))
            {
                throw new BackupException($"{file} is not a PostgreSQL dump{(header.AsSpan().StartsWith(SqliteHeader) ? " (it is a SQLite backup)" : "")}.");
            }

            NpgsqlConnection.ClearAllPools();
            await RunAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname", DatabaseName(setting.Target), file], setting.Target, ct);
        }
    }

    /// <summary>A PostgreSQL tool: on PATH, else the newest in Debian's /usr/lib/postgresql/*/bin.</summary>
    public static string? FindTool(string name)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin", name)).FirstOrDefault(File.Exists)
            : null;
        return debian ?? onPath;
    }

    private static string DatabaseName(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database ?? "postgres";

    private static async Task RunAsync(string tool, IReadOnlyList<string> arguments, string connectionString, CancellationToken ct)
    {
        var path = FindTool(tool) ?? throw new BackupException($"{tool} was not found; install Debian's postgresql-client.");
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The connection goes through the environment, so the password never shows in a process list.
        start.Environment["PGHOST"] = builder.Host ?? "localhost";
        start.Environment["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = builder.Username ?? Environment.UserName;
        start.Environment["PGDATABASE"] = builder.Database ?? "postgres";
        if (builder.Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start) ?? throw new BackupException($"{tool} did not start.");
        var errors = process.StandardError.ReadToEndAsync(ct);
        _ = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new BackupException($"{tool} failed (exit {process.ExitCode}): {(await errors).Trim()}");
        }
    }
}
