using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
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
/// Playwright. Shared by the tests of a class; each test runs as a <see cref="JourneyAsync"/>, whose
/// browser contexts are traced and, when the journey fails, kept (trace, screenshot, HTML) under
/// <see cref="FailureFolder"/>.
/// </summary>
public sealed class HoshiServer : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hoshi-e2e-").FullName;
    private readonly List<IBrowserContext> _contexts = [];
    private Factory? _factory;
    private IPlaywright? _playwright;

    /// <summary>
    /// How long one step may wait for its condition (an element, a text, a URL). Steps wait on what the
    /// page shows, never on time; the bound only turns a hang into a failure with a trace.
    /// </summary>
    public const float StepTimeoutMs = 30_000;

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

    /// <summary>
    /// Where a failed journey's Playwright traces, screenshots and HTML are kept:
    /// <c>HOSHI_TEST_FAILURES</c>, else <c>artifacts/test-results/browser-failures</c> of the checkout.
    /// </summary>
    public static string FailureFolder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("HOSHI_TEST_FAILURES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(RepositoryRoot(), "artifacts", "test-results", "browser-failures");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        // Web-first assertions wait as long as any other step (Playwright's default is 5 s).
        Assertions.SetDefaultExpectTimeout(StepTimeoutMs);
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

    /// <summary>
    /// Runs one test's journey. Every browser context the journey opens is traced (DOM snapshots of
    /// each step); when the journey fails, each context's trace, a full-page screenshot
    /// and the HTML are kept as <c>{name}-{n}.zip/.png/.html</c> in <see cref="FailureFolder"/>, and the
    /// failure names them. Contexts are closed afterwards either way.
    /// </summary>
    public async Task JourneyAsync(Func<Task> journey, [CallerMemberName] string name = "")
    {
        lock (_contexts)
        {
            _contexts.Clear();
        }

        Exception? failure = null;
        try
        {
            await journey();
        }
        catch (Exception e)
        {
            failure = e;
        }

        IBrowserContext[] contexts;
        lock (_contexts)
        {
            contexts = [.. _contexts];
            _contexts.Clear();
        }

        var kept = new List<string>();
        for (var i = 0; i < contexts.Length; i++)
        {
            var context = contexts[i];
            try
            {
                if (failure is not null)
                {
                    var stem = Path.Combine(FailureFolder, $"{name}-{i + 1}");
                    foreach (var page in context.Pages)
                    {
                        await page.ScreenshotAsync(new() { Path = stem + ".png", FullPage = true, Timeout = 10_000 });
                        await File.WriteAllTextAsync(stem + ".html", page.Url + "\n" + await page.ContentAsync());
                    }

                    await context.Tracing.StopAsync(new() { Path = stem + ".zip" });
                    kept.Add(stem + ".zip");
                }
                else
                {
                    await context.Tracing.StopAsync();
                }

                await context.CloseAsync();
            }
            catch (PlaywrightException e)
            {
                // Keep what could be kept; the journey's own outcome is the one to report (a context
                // that will not close after a passing journey does not make it fail).
                kept.Add($"(context {i + 1}: {e.Message.Split('\n')[0]})");
            }
        }

        if (failure is not null)
        {
            throw new JourneyFailedException($"Journey {name} failed; traces kept (open with 'playwright show-trace FILE'): {string.Join(", ", kept)}", failure);
        }
    }

    /// <summary>
    /// The one mail sent to <paramref name="email"/>, once the outbox has delivered everything queued
    /// for that address (its own background pass may be the one that writes it).
    /// </summary>
    public async Task<MimeKit.MimeMessage> MailToAsync(string email)
    {
        await Hoshi.Tests.Shared.Outbox.DeliveredToAsync(Services, email);
        return Assert.Single(Directory.GetFiles(MailFolder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)),
            m => m.To.Mailboxes.Any(x => string.Equals(x.Address, email, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>A new traced browser context (Japanese, desktop size unless <paramref name="viewport"/>) and its page.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null, string locale = "ja-JP")
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, Locale = locale, ViewportSize = viewport });
        context.SetDefaultTimeout(StepTimeoutMs);
        context.SetDefaultNavigationTimeout(StepTimeoutMs);
        // DOM snapshots of every step (the trace viewer shows each step's page from them); no screencast
        // frames, which cost the browser about an eighth of a journey's CPU. A failure still keeps a
        // full-page screenshot beside the trace (JourneyAsync).
        await context.Tracing.StartAsync(new() { Screenshots = false, Snapshots = true });
        lock (_contexts)
        {
            _contexts.Add(context);
        }

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

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Hoshi.slnx")))
            {
                return folder.FullName;
            }
        }

        return AppContext.BaseDirectory;
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

/// <summary>A browser journey failed; the message names the traces kept for it.</summary>
public sealed class JourneyFailedException(string message, Exception inner) : Exception(message + "\n" + inner.Message, inner);

/// <summary>
/// Navigation and waits that depend on what the page shows, never on Playwright's load-event
/// tracking or on time. A journey once waited 60 s for a "load" Playwright never reported although
/// the page had long been loaded (its trace showed "networkidle" but no "load"): so pages are opened
/// until they commit, and then the test waits for the document itself to say it is complete.
/// </summary>
public static class PageWaits
{
    /// <summary>Opens <paramref name="url"/> and waits until its document has loaded (scripts ran, images decoded).</summary>
    public static async Task OpenAsync(this IPage page, string url)
    {
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        await page.LoadedAsync();
    }

    /// <summary>Reloads the page and waits until the new document has loaded.</summary>
    public static async Task ReopenAsync(this IPage page)
    {
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.LoadedAsync();
    }

    /// <summary>
    /// Waits until the page's address is <paramref name="path"/> (a path, <c>*</c> standing for one
    /// segment or part of one; the query and fragment are ignored unless the path names a query),
    /// then until that document has loaded.
    /// </summary>
    public static async Task ExpectPathAsync(this IPage page, string path)
    {
        await Assertions.Expect(page).ToHaveURLAsync(PathPattern(path));
        await page.LoadedAsync();
    }

    /// <summary>Waits until the current document reports <c>readyState</c> "complete".</summary>
    public static Task LoadedAsync(this IPage page) =>
        page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new() { PollingInterval = 50 });

    internal static Regex PathPattern(string path)
    {
        var pattern = string.Join("[^/?#]*", path.Split('*').Select(Regex.Escape));
        var tail = path.Contains('?', StringComparison.Ordinal) ? "(#.*)?$" : "([?#].*)?$";
        return new Regex("^https?://[^/]+" + pattern + tail);
    }
}
