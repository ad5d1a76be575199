using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Suppliers;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>
/// Simulated users against the real server process on 127.0.0.1: applicants saving answers,
/// experts giving verdicts, buyers listing their portfolios, the public looking organizations up
/// in the registry; each user waits a think time (default 2–6 s) between requests, as people do.
/// Every request must succeed (0 errors), and every acknowledged save must be stored. The test
/// command runs a short form (<c>HOSHI_LOAD_SECONDS</c>, default 10 s after a 3 s warm-up); the
/// benchmark <c>bench/load/run</c> runs 60 s and judges the p99 of writes against 200 ms.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(RealServerTests.Name)]
public sealed class LoadTests(ITestOutputHelper output)
{
    private static readonly int Users = Setting("HOSHI_LOAD_USERS", 200);
    private static readonly int Applicants = Users / 2;
    private static readonly int Experts = Users / 4;
    private static readonly int Buyers = Users / 8;
    private static readonly int ThinkMin = Setting("HOSHI_LOAD_THINK_MIN_MS", 2000);
    private static readonly int ThinkMax = Setting("HOSHI_LOAD_THINK_MAX_MS", 6000);
    // Two applicant users share a company's round, and five expert sessions the criteria of a
    // round under review, whatever the number of users: the season's 2,000 users are renewals of
    // about as many companies, not 20 people saving into one round at once (which queues them on
    // that round's lock). The 200-user day keeps its 50 and 10.
    private static readonly int ApplicantAccounts = Math.Max(50, Applicants / 2);
    private static readonly int ReviewedRounds = Math.Max(10, Experts / 5);
    private const int BuyerAccounts = 5;
    private const int SuppliersPerBuyer = 100;
    private const int Listed = 50;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private sealed record World(string Database, IReadOnlyList<string> Criteria, IReadOnlyList<(Person Person, Guid Round)> Applicants,
        Person Expert, IReadOnlyList<Guid> Reviewed, IReadOnlyList<(Person Person, Guid Buyer)> Buyers, IReadOnlyList<Listing> Listings);

    private sealed record Sample(string Name, bool Write, double Milliseconds, long StartedAt);

    private static async Task<World> SetUpAsync(HoshiFactory factory)
    {
        var people = new People(factory);
        List<string> criteria = [];
        var applicants = new List<(Person, Guid)>();
        for (var i = 0; i < ApplicantAccounts; i++)
        {
            var organization = await people.OrganizationAsync($"負荷の申請者 {i}", OrganizationRole.Applicant);
            var person = await people.PersonAsync(organization, MembershipRole.OrgAdmin);
            await using var scope = factory.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
            var round = (await store.StartAsync(organization, Level.Star3, person.UserId, null)).Id;
            if (criteria.Count == 0)
            {
                criteria = [.. (await store.LoadAsync(round))!.Catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria).Select(c => c.Id)];
            }

            applicants.Add((person, round));
        }

        var expert = await Rounds.ExpertAsync(people, factory, "負荷の専門家の会社");
        var reviewed = new List<Guid>();
        var expertBrowser = await people.SignedInAsync(expert);
        for (var i = 0; i < ReviewedRounds; i++)
        {
            reviewed.Add((await Rounds.UnderReviewAsync(people, $"負荷の確認先 {i}", expert, criteria, expertBrowser)).Round);
        }

        var listings = new List<Listing>();
        for (var i = 0; i < Listed; i++)
        {
            listings.Add(await Listings.RegisterAsync(factory.Services, $"負荷の登録企業 {i}"));
        }

        var buyers = new List<(Person, Guid)>();
        for (var i = 0; i < BuyerAccounts; i++)
        {
            var buyer = await people.OrganizationAsync($"負荷の発注者 {i}", OrganizationRole.Buyer);
            var person = await people.PersonAsync(buyer, MembershipRole.Member);
            await using var scope = factory.Services.CreateAsyncScope();
            var suppliers = scope.ServiceProvider.GetRequiredService<SupplierStore>();
            for (var s = 0; s < SuppliersPerBuyer; s++)
            {
                var number = s < Listed ? listings[s].CorporateNumber : Listings.NewNumber();
                var (added, errors) = await suppliers.AddAsync(buyer, new SupplierInput(number, $"取引先 {s}", $"C-{s}", null, null, null), person.UserId, null);
                Assert.Empty(errors);
                Assert.NotNull(added);
            }

            buyers.Add((person, buyer));
        }

        return new World(factory.DatabaseSettingValue, criteria, applicants, expert, reviewed, buyers, listings);
    }

    [Fact]
    public async Task Two_hundred_users_get_no_errors_and_every_acknowledged_save_is_stored()
    {
        var seconds = Setting("HOSHI_LOAD_SECONDS", 10);
        var warmUp = Setting("HOSHI_LOAD_WARMUP_SECONDS", 3);
        var factory = new HoshiFactory { KeepDatabaseOnDispose = true };
        try
        {
            var world = await SetUpAsync(factory);
            var folder = factory.Folder;
            await factory.DisposeAsync();
            // The simulated users run on the thread pool, not on the test framework's synchronization
            // context (a thread or two per core): the figures are then the server's, not the queue of the test runner.
            // The set-up's garbage is collected before, and the collector keeps its pauses short during the run.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            ThreadPool.GetMinThreads(out var workers, out var completions);
            ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(completions, 64));
            var latency = System.Runtime.GCSettings.LatencyMode;
            System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;
            string report;
            try
            {
                report = await Task.Run(() => RunAsync(world, folder, seconds, warmUp));
            }
            finally
            {
                System.Runtime.GCSettings.LatencyMode = latency;
                ThreadPool.SetMinThreads(workers, completions);
            }

            output.WriteLine(report);
        }
        finally
        {
            factory.DeleteDatabase();
        }
    }

    private static async Task<string> RunAsync(World world, string folder, int seconds, int warmUp)
    {
        var port = ServerProcess.FreePort();
        // HOSHI_LOAD_SERVER_LOG=FILE keeps the server's own log of every request (with its duration), to tell server time from client time.
        var serverLog = Environment.GetEnvironmentVariable("HOSHI_LOAD_SERVER_LOG") is { Length: > 0 } logFile ? logFile : null;
        var environment = new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            // Every simulated member of the public comes from 127.0.0.1: the public API's limit per
            // address (tested on its own) would refuse the crowd of the season profile.
            ["Registry__RateLimitPermits"] = "1000000000",
        };
        if (serverLog is not null)
        {
            environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
            environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
            environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        }

        // HOSHI_LOAD_NODES=3 (bench/load/run --nodes 3, PostgreSQL): three nodes behind nginx with
        // deploy/nginx/hoshi.conf, the simulated users talking to the proxy over TLS.
        var nodeCount = Setting("HOSHI_LOAD_NODES", 1);
        var extraNodes = new List<ServerProcess>();
        ProxyProcess? proxy = null;
        if (nodeCount > 1)
        {
            var proxyPort = ServerProcess.FreePort();
            environment["Hoshi__PublicUrl"] = $"https://127.0.0.1:{proxyPort}";
            environment["Hoshi__Proxies__KnownProxies__0"] = "127.0.0.1";
            environment["Hoshi__MigrateOnStart"] = "false";
            for (var i = 1; i < nodeCount; i++)
            {
                extraNodes.Add(await ServerProcess.StartAsync(world.Database, folder, ServerProcess.FreePort(), environment));
            }
        }

        using var server = await ServerProcess.StartAsync(world.Database, folder, port, environment);
        if (nodeCount > 1)
        {
            proxy = await ProxyProcess.StartAsync([server.Address, .. extraNodes.Select(n => n.Address)], new Uri(environment["Hoshi__PublicUrl"]).Port, unlimitedPublicApi: true);
            Http.TrustedCertificate = proxy.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        }

        using var proxyInUse = proxy;
        using var nodesInUse = new Disposables(extraNodes);
        var address = proxy?.Address ?? server.Address;

        // One session per account, shared by that account's simulated users (as tabs of one browser).
        var applicantCookies = world.Applicants.Select(_ => new CookieContainer()).ToList();
        var buyerCookies = world.Buyers.Select(_ => new CookieContainer()).ToList();
        var expertCookies = new CookieContainer();
        await Task.WhenAll(world.Applicants.Select((a, i) => Http.SignInAsync(Http.NewClient(address, applicantCookies[i]), a.Person)));
        await Task.WhenAll(world.Buyers.Select((b, i) => Http.SignInAsync(Http.NewClient(address, buyerCookies[i]), b.Person)));
        await Http.SignInAsync(Http.NewClient(address, expertCookies), world.Expert);

        var samples = new ConcurrentBag<Sample>();
        var errors = new ConcurrentQueue<string>();
        var acknowledged = new ConcurrentDictionary<(Guid Round, string Criterion), (int Version, string Text)>();
        var clock = Stopwatch.StartNew();
        var measureFrom = Stopwatch.Frequency * warmUp;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(warmUp + seconds));

        async Task<HttpResponseMessage?> TimedAsync(string name, bool write, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected = HttpStatusCode.OK)
        {
            var started = clock.ElapsedTicks;
            try
            {
                var response = await send();
                var body = await response.Content.ReadAsByteArrayAsync();
                samples.Add(new(name, write, (clock.ElapsedTicks - started) * 1000.0 / Stopwatch.Frequency, started));
                if (response.StatusCode != expected)
                {
                    errors.Enqueue($"{name}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)[..Math.Min(300, body.Length)]}");
                    return null;
                }

                return response;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
            {
                errors.Enqueue($"{name}: {e.GetType().Name} {e.Message}");
                return null;
            }
        }

        async Task ThinkAsync(Random random)
        {
            try
            {
                await Task.Delay(random.Next(ThinkMin, ThinkMax), stop.Token);
            }
            catch (TaskCanceledException)
            {
                // Time is up.
            }
        }

        async Task ApplicantAsync(int user)
        {
            var random = new Random(user);
            var account = user % ApplicantAccounts;
            var (_, round) = world.Applicants[account];
            using var browser = Http.NewClient(address, applicantCookies[account]);
            var mine = world.Criteria.Where((_, i) => i % Math.Max(1, Applicants / ApplicantAccounts) == user / ApplicantAccounts % Math.Max(1, Applicants / ApplicantAccounts)).ToList();
            var versions = new Dictionary<string, int>();
            var sheet = await TimedAsync("applicant: open the sheet", false, () => browser.GetAsync($"/assessments/{round}/sheet"));
            if (sheet is null)
            {
                return;
            }

            var token = FormPost.TokenOf(await sheet.Content.ReadAsStringAsync());
            await ThinkAsync(random);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var criterion = mine[random.Next(mine.Count)];
                var text = $"負荷 {user}-{n}";
                var version = versions.GetValueOrDefault(criterion);
                var saved = await TimedAsync("applicant: save an answer", true, () => Http.SaveAnswerAsync(browser, token, round, criterion, version, text, null, n % 2 == 0 ? "yes" : "no"));
                if (saved is null)
                {
                    return;
                }

                versions[criterion] = await Http.VersionOfAsync(saved);
                acknowledged[(round, criterion)] = (versions[criterion], text);
                await ThinkAsync(random);
            }
        }

        async Task ExpertAsync(int user)
        {
            var random = new Random(1000 + user);
            using var browser = Http.NewClient(address, expertCookies);
            var mine = world.Reviewed.SelectMany(r => world.Criteria.Select(c => (Round: r, Criterion: c)))
                .Where((_, i) => i % Experts == user).ToList();
            var tokens = new Dictionary<Guid, string>();
            var versions = new Dictionary<(Guid, string), int>();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var (round, criterion) = mine[random.Next(mine.Count)];
                if (!tokens.TryGetValue(round, out var token))
                {
                    var page = await TimedAsync("expert: open a review", false, () => browser.GetAsync($"/reviews/{round}"));
                    if (page is null)
                    {
                        return;
                    }

                    tokens[round] = token = FormPost.TokenOf(await page.Content.ReadAsStringAsync());
                    await ThinkAsync(random);
                    continue;
                }

                var text = $"所見 {user}-{n}";
                var version = versions.GetValueOrDefault((round, criterion));
                var saved = await TimedAsync("expert: give a verdict", true, () => Http.SaveVerdictAsync(browser, token, round, criterion, version, n % 3 == 0 ? Verdict.Recheck : Verdict.Conformant, text));
                if (saved is null)
                {
                    return;
                }

                versions[(round, criterion)] = await Http.VersionOfAsync(saved);
                await ThinkAsync(random);
            }
        }

        async Task BuyerAsync(int user)
        {
            var random = new Random(2000 + user);
            var account = user % BuyerAccounts;
            using var browser = Http.NewClient(address, buyerCookies[account]);
            var buyer = world.Buyers[account].Buyer;
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var ok = n % 2 == 0
                    ? await TimedAsync("buyer: list the portfolio", false, () => browser.GetAsync($"/organizations/{buyer}/suppliers"))
                    : await TimedAsync("buyer: portfolio status (API)", false, () => browser.GetAsync($"/api/organizations/{buyer}/suppliers/status"));
                if (ok is null)
                {
                    return;
                }

                await ThinkAsync(random);
            }
        }

        async Task PublicAsync(int user)
        {
            var random = new Random(3000 + user);
            using var browser = Http.NewClient(address);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var listing = world.Listings[random.Next(world.Listings.Count)];
                var ok = n % 2 == 0
                    ? await TimedAsync("public: registry lookup (API)", false, () => browser.GetAsync($"/api/registry/{listing.CorporateNumber}"))
                    : await TimedAsync("public: registry page", false, () => browser.GetAsync($"/registry/{listing.CorporateNumber}"));
                if (ok is null)
                {
                    return;
                }

                await ThinkAsync(random);
            }
        }

        var users = new List<Task>();
        for (var u = 0; u < Users; u++)
        {
            users.Add(u < Applicants ? ApplicantAsync(u)
                : u < Applicants + Experts ? ExpertAsync(u - Applicants)
                : u < Applicants + Experts + Buyers ? BuyerAsync(u - Applicants - Experts)
                : PublicAsync(u - Applicants - Experts - Buyers));
        }

        await Task.WhenAll(users);
        var measured = samples.Where(s => s.StartedAt >= measureFrom).ToList();
        var report = Report(measured, seconds, errors);
        if (Environment.GetEnvironmentVariable("HOSHI_LOAD_REPORT") is { Length: > 0 } reportFile)
        {
            // Written before the checks, so a failing run still shows its figures.
            await File.WriteAllTextAsync(reportFile, report);
        }

        if (Environment.GetEnvironmentVariable("HOSHI_LOAD_SAMPLES") is { Length: > 0 } samplesFile)
        {
            await File.WriteAllLinesAsync(samplesFile, measured.OrderBy(s => s.StartedAt).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.StartedAt * 1000.0 / Stopwatch.Frequency:0.0},{s.Milliseconds:0.0},{s.Name}")));
        }

        if (serverLog is not null)
        {
            await File.WriteAllTextAsync(serverLog, server.Output);
        }

        Assert.True(errors.IsEmpty, $"{errors.Count} errors, first: {string.Join("\n", errors.Take(10))}\n{report}");
        Assert.True(measured.Count(s => s.Write) >= Applicants, "too few writes to mean anything\n" + report);

        // Every acknowledged answer is stored, at its version or a later one of the same user.
        var options = new DbContextOptionsBuilder<AppDbContext>();
        HoshiDatabase.Configure(options, DatabaseSetting.Parse(world.Database));
        await using var db = new AppDbContext(options.Options);
        var rounds = world.Applicants.Select(a => a.Round).ToList();
        var stored = await db.Answers.AsNoTracking().Where(a => rounds.Contains(a.AssessmentId)).ToDictionaryAsync(a => (a.AssessmentId, a.CriterionId), a => (a.Version, a.Supplement));
        foreach (var ((round, criterion), (version, text)) in acknowledged)
        {
            Assert.True(stored.TryGetValue((round, criterion), out var found) && found.Version >= version && (found.Version > version || found.Supplement == text),
                $"acknowledged {criterion} v{version} \"{text}\" is stored as v{found.Version} \"{found.Supplement}\"");
        }

        return report;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Report(List<Sample> samples, int seconds, ConcurrentQueue<string> errors)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"load: {Users} users for {seconds} s (think time {ThinkMin / 1000.0:0.0}-{ThinkMax / 1000.0:0.0} s): {samples.Count} requests, {samples.Count / (double)seconds:0.0}/s, errors {errors.Count}");
        void Line(string name, IEnumerable<Sample> group)
        {
            var sorted = group.Select(s => s.Milliseconds).Order().ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {name,-34} n={sorted.Count,6}  p50={Percentile(sorted, 50),7:0.0} ms  p95={Percentile(sorted, 95),7:0.0} ms  p99={Percentile(sorted, 99),7:0.0} ms  max={(sorted.Count == 0 ? double.NaN : sorted[^1]),7:0.0} ms");
        }

        foreach (var group in samples.GroupBy(s => s.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Line(group.Key, group);
        }

        Line("all writes", samples.Where(s => s.Write));
        Line("all reads", samples.Where(s => !s.Write));
        return text.ToString();
    }
}

/// <summary>Disposes a list of things at the end of a using.</summary>
internal sealed class Disposables(IEnumerable<IDisposable> items) : IDisposable
{
    public void Dispose()
    {
        foreach (var item in items)
        {
            item.Dispose();
        }
    }
}
