using Hoshi.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Hoshi.Web.Tests;

/// <summary>The whole application over a fresh SQLite file, served by the in-memory test server.</summary>
public sealed class HoshiFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hoshi-web-tests-").FullName;

    public string DatabasePath => Path.Combine(_folder, "hoshi.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting(DatabaseSetting.Key, "sqlite:" + DatabasePath);

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
