using Hoshi.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Hoshi.Web.Tests;

/// <summary>The whole application over a fresh SQLite file, served by the in-memory test server.</summary>
public class HoshiFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hoshi-web-tests-").FullName;

    public string DatabasePath => Path.Combine(_folder, "hoshi.db");

    /// <summary>Where the app writes outgoing mail as .eml files.</summary>
    public string MailFolder => Path.Combine(_folder, "mail");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(DatabaseSetting.Key, "sqlite:" + DatabasePath);
        builder.UseSetting("Mail:PickupFolder", MailFolder);

        // Tests drive the scheduler themselves (SchedulerRunner), with the clock they choose.
        builder.UseSetting("Scheduler:Enabled", "false");
        ConfigureMore(builder);
    }

    /// <summary>What a derived factory adds (a shifted clock …).</summary>
    protected virtual void ConfigureMore(IWebHostBuilder builder)
    {
    }

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
