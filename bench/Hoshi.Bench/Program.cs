using System.CommandLine;

namespace Hoshi.Bench;

/// <summary>
/// The benchmark tool: the verbs that load synthetic data or time a query. ./hoshi and the
/// bench/*/run scripts hand these verbs to it; every other verb is Hoshi's own (src/Hoshi.Web/Cli).
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var root = new Command("hoshi", "Hoshi's benchmark tool: synthetic data and timings (bench/README.md).")
        {
            new System.CommandLine.Help.HelpOption(),
            RegistrySeed.Command(),
            AssessmentSeed.Command(),
            PortfolioSeed.Command(),
            ConformanceBench.Command(),
        };
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync($"hoshi: {error.Message}");
            }

            return Web.Cli.HoshiCommandLine.UsageError;
        }

        return await result.InvokeAsync(new InvocationConfiguration());
    }
}
