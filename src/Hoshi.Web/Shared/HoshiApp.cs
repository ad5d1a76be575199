using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Features.Home;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Features.Registry;
using Hoshi.Web.Features.Suppliers;
using Hoshi.Web.Shared.Telemetry;

namespace Hoshi.Web.Shared;

/// <summary>Builds the web application from its features.</summary>
public static class HoshiApp
{
    public static WebApplication Build(string[] args, string? urls = null)
    {
        // Settings are read once, at start (a changed setting takes a restart). Reloading them on
        // change means a watcher on the whole content root, the working folder, and an SQLite
        // database kept under it wakes it on every write: about a tenth of the server's CPU under
        // load (bench/RESULTS.md).
        var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        if (urls is not null)
        {
            builder.WebHost.UseUrls(urls);
        }

        // No "Server: Kestrel": nothing to tell a scanner which server to try.
        builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);
        builder.Services.AddHoshiCore(builder.Configuration);
        builder.Services.AddHoshiWeb(builder.Configuration);
        builder.Services.AddCatalog();
        builder.Services.AddRegistryRateLimit();
        builder.AddHoshiTelemetry();

        var app = builder.Build();
        app.UseHoshiWeb();
        app.UseHoshiTelemetry();
        app.MapHealth();
        app.MapDiagnostics();
        app.MapHome();
        app.MapCatalog();
        app.MapOrganizationsApi();
        app.MapSuppliersApi();
        app.MapRegistryApi();
        app.MapRazorPages();
        return app;
    }
}
