using System.CommandLine;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Features.Catalog;

namespace Hoshi.Web.Cli;

/// <summary><c>catalog import FILE</c>, <c>catalog list</c>, <c>catalog export ID --format hoshi|oscal [--out F]</c>.</summary>
public static class CatalogCommands
{
    public static Command Create()
    {
        var catalog = new Command("catalog", "Import, list and export requirement catalog versions.");
        catalog.Add(Import());
        catalog.Add(List());
        catalog.Add(Export());
        return catalog;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A hoshi-catalog/1 JSON file, or an OSCAL catalog (imported as a draft)." };
        var command = new Command("import", "Import a catalog version. The same id with the same content is a no-op; with other content it is refused.") { file };
        command.SetAction((result, ct) => CliHost.RunAsync(async (services, ct2) =>
        {
            var path = result.GetRequiredValue(file);
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"hoshi: {path.FullName}: no such file");
                return 1;
            }

            if (path.Length > CatalogStore.MaxFileBytes)
            {
                await Console.Error.WriteLineAsync($"hoshi: {path.Name}: the file is larger than {CatalogStore.MaxFileBytes / 1024 / 1024} MB");
                return 1;
            }

            var store = services.GetRequiredService<CatalogStore>();
            try
            {
                var json = await File.ReadAllTextAsync(path.FullName, ct2);
                var imported = await store.ImportAsync(json, path.Name, "cli:" + Environment.UserName, ct2);
                await Console.Out.WriteLineAsync(imported.Outcome == ImportOutcome.Imported
                    ? $"Imported catalog {imported.Id} ({imported.Version})."
                    : $"Catalog {imported.Id} ({imported.Version}) is already stored with identical content; nothing changed.");
                return 0;
            }
            catch (Exception e) when (e is CatalogValidationException or CatalogConflictException)
            {
                await Console.Error.WriteLineAsync($"hoshi: refused; nothing was stored.{Environment.NewLine}{e.Message}");
                return 1;
            }
        }, ct));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the stored catalog versions.");
        command.SetAction((_, ct) => CliHost.RunAsync(async (services, ct2) =>
        {
            var store = services.GetRequiredService<CatalogStore>();
            var versions = await store.ListAsync(ct2);
            if (versions.Count == 0)
            {
                await Console.Out.WriteLineAsync("No catalog versions stored. Import one with: ./hoshi catalog import FILE");
                return 0;
            }

            await Console.Out.WriteLineAsync($"{"ID",-24} {"VERSION",-18} {"STATUS",-11} {"PUBLISHED",-10}  LEVELS");
            foreach (var summary in versions)
            {
                var entry = (await store.GetAsync(summary.Id, ct2))!;
                var levels = string.Join(", ", entry.Catalog.Levels.Select(l =>
                    $"★{(int)l.Level} {entry.Catalog.CountRequirements(l.Level)}/{entry.Catalog.CountCriteria(l.Level)}"));
                await Console.Out.WriteLineAsync(
                    $"{summary.Id,-24} {summary.Version,-18} {CatalogWriter.StatusText(summary.Status),-11} {summary.Published?.ToString("yyyy-MM-dd") ?? "-",-10}  {levels}");
            }

            await Console.Out.WriteLineAsync("(LEVELS: requirements/criteria per level)");
            return 0;
        }, ct));
        return command;
    }

    private static Command Export()
    {
        var id = new Argument<string>("ID") { Description = "The catalog version id, e.g. scs-2026-03." };
        var format = new Option<string>("--format")
        {
            Description = "hoshi (the hoshi-catalog/1 file) or oscal (an OSCAL 1.0.6 catalog).",
            Required = true,
            HelpName = "hoshi|oscal",
        };
        format.AcceptOnlyFromAmong("hoshi", "oscal");
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output.", HelpName = "FILE" };
        var command = new Command("export", "Export a catalog version.") { id, format, output };
        command.SetAction((result, ct) => CliHost.RunAsync(async (services, ct2) =>
        {
            var store = services.GetRequiredService<CatalogStore>();
            var wanted = result.GetRequiredValue(id);
            if (await store.GetAsync(wanted, ct2) is not { } entry)
            {
                await Console.Error.WriteLineAsync($"hoshi: no catalog version has the id \"{wanted}\" (see ./hoshi catalog list)");
                return 1;
            }

            var text = result.GetRequiredValue(format) == "oscal"
                ? OscalCatalog.Build(entry).ToJsonString(OscalJson.Options)
                : CatalogWriter.ToJson(entry.Catalog, indented: true, status: entry.Status);
            if (result.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, text + "\n", ct2);
                await Console.Error.WriteLineAsync($"Wrote {file.FullName}");
            }
            else
            {
                await Console.Out.WriteLineAsync(text);
            }

            return 0;
        }, ct));
        return command;
    }
}
