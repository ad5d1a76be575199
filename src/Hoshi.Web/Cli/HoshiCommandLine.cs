using System.CommandLine;
using System.CommandLine.Help;
using Hoshi.Web.Shared;

namespace Hoshi.Web.Cli;

/// <summary>
/// The <c>./hoshi</c> command line. <c>serve</c> is the default verb. Unknown verbs or bad
/// options print the usage to stderr and exit with 2; a refused operation exits with 1.
/// </summary>
public static class HoshiCommandLine
{
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        // Hosting tools (the ASP.NET Core test host, EF tools) start the entry point with host
        // settings only, all as --key=value and always with --applicationName=. Serve with them.
        string[] hostArgs = [];
        if (args.Length > 0 && args.All(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))
            && args.Any(a => a.StartsWith("--applicationName=", StringComparison.OrdinalIgnoreCase)))
        {
            hostArgs = args;
            args = [];
        }

        // A plain command named "hoshi" (not RootCommand, which takes the assembly's name) so the usage reads as typed.
        var root = new Command("hoshi", "Hoshi — the supply-chain security evaluation scheme (SCS評価制度).")
        {
            new HelpOption(),
        };
        var serve = ServeCommand(hostArgs);
        root.Add(serve);
        root.Add(MigrateCommand());
        root.Add(SeedDemoCommand());
        root.Add(CatalogCommands.Create());
        root.Add(AuditCommands.Create());
        root.Add(AccountCommands.Create());
        root.Add(CorporationCommands.Create());
        foreach (var command in BackupCommands.Create())
        {
            root.Add(command);
        }

        foreach (var command in RegistryCommands.Create())
        {
            root.Add(command);
        }
        root.SetAction((_, ct) => ServeAsync(hostArgs, null, ct));

        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync($"hoshi: {error.Message}");
            }

            await Console.Error.WriteLineAsync();
            // The usage of the command the user meant, on stderr.
            root.Parse([.. HelpPath(result), "--help"]).Invoke(new InvocationConfiguration { Output = Console.Error });
            return UsageError;
        }

        return await result.InvokeAsync(new InvocationConfiguration());
    }

    /// <summary>The verbs the user got right, so the usage shown is the one of the command they meant.</summary>
    private static Stack<string> HelpPath(ParseResult result)
    {
        var names = new Stack<string>();
        for (var symbol = result.CommandResult; symbol?.Parent is not null; symbol = symbol.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(symbol.Command.Name);
        }

        return names;
    }

    private static Command ServeCommand(string[] hostArgs)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on (default http://localhost:5000).",
            HelpName = "URLS",
        };
        var command = new Command("serve", "Run the web application (the default). Applies pending migrations first.") { urls };
        command.SetAction((result, ct) => ServeAsync(hostArgs, result.GetValue(urls), ct));
        return command;
    }

    private static async Task<int> ServeAsync(string[] hostArgs, string? urls, CancellationToken ct)
    {
        var app = HoshiApp.Build(hostArgs, urls);
        try
        {
            await app.RunAsync(ct);
        }
        catch (KeyProtectionException e)
        {
            await Console.Error.WriteLineAsync($"hoshi: {e.Message}");
            return 1;
        }

        return 0;
    }

    private static Command MigrateCommand()
    {
        var command = new Command("migrate", "Apply pending schema migrations (and, on a new database, import the shipped catalogs) and exit.");
        command.SetAction((_, ct) => CliHost.RunAsync(async (services, ct) =>
        {
            // Nodes that do not migrate at start (Hoshi:MigrateOnStart=false) find the catalogs there.
            await services.GetRequiredService<Shared.DatabaseInitializer>().ImportShippedCatalogsIfEmptyAsync(ct);
            var setting = services.GetRequiredService<Hoshi.Data.DatabaseSetting>();
            await Console.Out.WriteLineAsync($"Migrations applied: {setting.Describe()}.");
            return 0;
        }, ct));
        return command;
    }

    private static Command SeedDemoCommand()
    {
        var command = new Command("seed-demo", "Load demo data and the shipped catalogs (safe to run again).");
        command.SetAction((_, ct) => CliHost.RunAsync(DemoData.SeedAsync, ct));
        return command;
    }
}
