using Hoshi.Data;
using Hoshi.Web.Shared;

namespace Hoshi.Web.Cli;

/// <summary>
/// Runs a CLI verb with the application's services (configuration, database, catalog store),
/// after applying pending migrations. Logs go to stderr so that stdout carries only results.
/// </summary>
public static class CliHost
{
    public static async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> verb, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None";
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        try
        {
            _ = DatabaseSetting.Parse(builder.Configuration[DatabaseSetting.Key]);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"hoshi: {e.Message}");
            return 1;
        }

        builder.Services.AddHoshiCore(builder.Configuration);

        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            return await verb(scope.ServiceProvider, ct);
        }
        catch (Hoshi.Data.SchemaMismatchException e)
        {
            await Console.Error.WriteLineAsync($"hoshi: {e.Message}");
            return 1;
        }
        catch (KeyProtectionException e)
        {
            await Console.Error.WriteLineAsync($"hoshi: {e.Message}");
            return 1;
        }
    }
}
