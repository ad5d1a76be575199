using System.CommandLine;
using Hoshi.Data;
using Hoshi.Data.Backup;

namespace Hoshi.Web.Cli;

/// <summary>
/// <c>backup --out FILE [--force]</c> and <c>restore FILE --yes</c>: a consistent copy of the
/// database while Hoshi runs (SQLite online backup, PostgreSQL pg_dump), and putting one back
/// (all or nothing). Restore replaces everything, so it asks for <c>--yes</c>.
/// </summary>
public static class BackupCommands
{
    public static IEnumerable<Command> Create()
    {
        var output = new Option<FileInfo>("--out") { Description = "The backup file to write.", Required = true, HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists." };
        var backup = new Command("backup", "Write a consistent backup of the database (SQLite online backup, or pg_dump for PostgreSQL).") { output, force };
        backup.SetAction((result, ct) => CliHost.RunAsync(async (services, ct2) =>
        {
            var setting = services.GetRequiredService<DatabaseSetting>();
            var file = result.GetValue(output)!;
            try
            {
                await DatabaseBackup.BackupAsync(setting, file.FullName, result.GetValue(force), ct2);
            }
            catch (BackupException e)
            {
                await Console.Error.WriteLineAsync($"hoshi: {e.Message}");
                return 1;
            }

            await Console.Out.WriteLineAsync($"Backed up {setting.Describe()} to {file.FullName} ({new FileInfo(file.FullName).Length:N0} bytes).");
            return 0;
        }, ct));

        var input = new Argument<FileInfo>("FILE") { Description = "A backup written by ./hoshi backup." };
        var yes = new Option<bool>("--yes") { Description = "Confirm: the database's current content is replaced by the backup's." };
        var restore = new Command("restore", "Replace the database's content with a backup (all or nothing). Stop Hoshi first.") { input, yes };
        restore.SetAction((result, ct) => CliHost.RunAsync(async (services, ct2) =>
        {
            var setting = services.GetRequiredService<DatabaseSetting>();
            var file = result.GetValue(input)!;
            if (!result.GetValue(yes))
            {
                await Console.Error.WriteLineAsync($"hoshi: restoring replaces everything in {setting.Describe()} with {file.FullName}. Run again with --yes to do it.");
                return 2;
            }

            try
            {
                await DatabaseBackup.RestoreAsync(setting, file.FullName, ct2);
            }
            catch (BackupException e)
            {
                await Console.Error.WriteLineAsync($"hoshi: {e.Message}");
                return 1;
            }

            await Console.Out.WriteLineAsync($"Restored {setting.Describe()} from {file.FullName}. Check it with ./hoshi audit verify and ./hoshi log verify.");
            return 0;
        }, ct));
        return [backup, restore];
    }
}
