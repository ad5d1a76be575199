using System.CommandLine;
using Hoshi.Web.Features.Organizations;

namespace Hoshi.Web.Cli;

/// <summary>
/// <c>corporations import FILE</c>: loads the National Tax Agency's published corporations
/// (法人番号公表サイト, CSV Unicode: a 全件データ file, or a 差分データ file on top), so that
/// organizations' names and addresses are checked by 法人番号 and closed corporations flagged.
/// </summary>
public static class CorporationCommands
{
    public static Command Create()
    {
        var corporations = new Command("corporations", "The National Tax Agency's published corporations (法人番号公表サイト).");
        var file = new Argument<FileInfo>("FILE") { Description = "A CSV (Unicode) file of 全件データ or 差分データ, unzipped." };
        var import = new Command("import", "Apply the file: each number's latest row replaces the stored one; 処理区分 99 removes it.") { file };
        import.SetAction((result, ct) => CliHost.RunAsync(async (services, ct2) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"hoshi: {path.FullName} does not exist.");
                return 1;
            }

            var store = services.GetRequiredService<CorporateIdentityStore>();
            var started = DateTime.UtcNow;
            var progress = new Progress<long>(rows => Console.Error.WriteLine($"  {rows:N0} rows read ({(DateTime.UtcNow - started).TotalSeconds:N0} s)"));
            await using var stream = path.OpenRead();
            var outcome = await store.ImportAsync(stream, "cli:corporations-import", progress, ct2);
            await Console.Out.WriteLineAsync($"Read {outcome.Read:N0} rows: {outcome.Applied:N0} applied, {outcome.Removed:N0} removed, {outcome.Refused:N0} refused, in {(DateTime.UtcNow - started).TotalSeconds:N1} s.");
            foreach (var problem in outcome.FirstProblems)
            {
                await Console.Error.WriteLineAsync("  " + problem);
            }

            return outcome.Refused > 0 && outcome.Applied == 0 ? 1 : 0;
        }, ct));
        corporations.Add(import);
        return corporations;
    }
}
