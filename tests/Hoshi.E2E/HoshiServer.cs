using Hoshi.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E;

/// <summary>
/// Hoshi on a real Kestrel server on 127.0.0.1 (a fresh SQLite file), and Debian's Chromium driven by
/// Playwright. Shared by the tests of a class; each test opens its own browser context.
/// </summary>
public sealed class HoshiServer : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hoshi-e2e-").FullName;
    private Factory? _factory;
    private IPlaywright? _playwright;

    public const float StepTimeoutMs = 60_000;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Where the app writes outgoing mail as .eml files.</summary>
    public string MailFolder => Path.Combine(_folder, "mail");

    public IServiceProvider Services => _factory!.Services;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots land here so that people can look at the pages.</summary>
    public static string ScreenshotFolder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        _factory = new Factory("sqlite:" + Path.Combine(_folder, "hoshi.db"), MailFolder);
        _factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("HOSHI_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Runs a journey; when it fails, keeps a screenshot and the page's HTML beside the screenshots.</summary>
    public static async Task RecordOnFailureAsync(IPage page, string name, Func<Task> journey)
    {
        try
        {
            await journey();
        }
        catch
        {
            var stem = Path.Combine(ScreenshotFolder, "FAILED-" + name);
            await page.ScreenshotAsync(new() { Path = stem + ".png", FullPage = true });
            await File.WriteAllTextAsync(stem + ".html", page.Url + "\n" + await page.ContentAsync());
            throw;
        }
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, Locale = "ja-JP" });
        // In full CI runs on the 2-core machine a navigation has intermittently stalled past
        // Playwright's 30 s default (cause not yet found; failures keep a screenshot and the HTML).
        context.SetDefaultTimeout(StepTimeoutMs);
        context.SetDefaultNavigationTimeout(StepTimeoutMs);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

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

    private sealed class Factory(string database, string mailFolder) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting(DatabaseSetting.Key, database);
            builder.UseSetting("Mail:PickupFolder", mailFolder);
            builder.UseSetting("Scheduler:Enabled", "false");
        }
    }
}
