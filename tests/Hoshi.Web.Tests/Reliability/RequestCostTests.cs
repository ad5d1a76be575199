using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Suppliers;
using Hoshi.Web.Shared;
using Hoshi.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>
/// What each hot request costs the real server process (issue 28), from the server's own counters
/// (<c>/diagnostics/counters</c>: requests, SQL statements, CPU time, allocated bytes) read before
/// and after a run of each request at full speed from several connections, beside
/// <c>/health/live</c> in the same run. The test command runs a short form
/// (<c>HOSHI_REQUESTS_SECONDS</c>, default 1 s a request) and checks the mechanism: every request
/// succeeds, the counters move with the requests, the trivial endpoint sends no statement, the
/// pages send what their budgets allow; <c>bench/requests/run</c> runs it longer on both
/// databases and prints the figures (<c>HOSHI_REQUESTS_REPORT</c>).
/// </summary>
[Trait("Category", "Reliability")]
[Collection(RealServerTests.Name)]
public sealed partial class RequestCostTests(ITestOutputHelper output)
{
    private static readonly double Seconds = double.TryParse(Environment.GetEnvironmentVariable("HOSHI_REQUESTS_SECONDS"), CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 1;
    private const int Connections = 8;

    private sealed record World(string Database, Person Applicant, Guid Draft, IReadOnlyList<string> Criteria, Person Expert, Guid Reviewed, Person Buyer, Guid BuyerId, string Listed);

    /// <summary>
    /// One request kind: how to send it (connection, n-th), whether it writes, its statement budget
    /// (pages: as <c>StatementBudgetTests</c>; writes: today's count on SQLite, which adds the write
    /// transaction's own statements, with room for the session's once-a-minute last-seen write).
    /// </summary>
    private sealed record Probe(string Name, bool Write, int Budget, HttpStatusCode Expected, Func<HttpClient, int, int, Task<HttpResponseMessage>> Send, HttpClient Client);

    private sealed record Figures(string Name, bool Write, int Budget, double PerSecond, double CpuMs, double Statements, double AllocatedKb, long Jitted, int Errors, string? FirstError);

    [GeneratedRegex("[?&]category=([^\"&]+)\"")]
    private static partial Regex CategoryLink();

    private static async Task<World> SetUpAsync(HoshiFactory factory)
    {
        var people = new People(factory);
        var applicantOrganization = await people.OrganizationAsync("費用を測る申請者", OrganizationRole.Applicant);
        var applicant = await people.PersonAsync(applicantOrganization, MembershipRole.OrgAdmin);
        Guid draft;
        List<string> criteria;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
            draft = (await store.StartAsync(applicantOrganization, Level.Star3, applicant.UserId, null)).Id;
            criteria = [.. (await store.LoadAsync(draft))!.Catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria).Select(c => c.Id)];
        }

        var expert = await Rounds.ExpertAsync(people, factory, "費用を測る専門家の会社");
        var (reviewed, _) = await Rounds.UnderReviewAsync(people, "費用を測る確認先", expert, criteria);

        var buyerId = await people.OrganizationAsync("費用を測る発注者", OrganizationRole.Buyer);
        var buyer = await people.PersonAsync(buyerId, MembershipRole.OrgAdmin);
        var listed = await Listings.RegisterAsync(factory.Services, "費用を測る登録企業");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var suppliers = scope.ServiceProvider.GetRequiredService<SupplierStore>();
            for (var i = 0; i < 100; i++)
            {
                var (added, errors) = await suppliers.AddAsync(buyerId, new SupplierInput(i == 0 ? listed.CorporateNumber : Listings.NewNumber(), $"取引先 {i}", $"C-{i}", null, null, null), buyer.UserId, null);
                Assert.Empty(errors);
                Assert.NotNull(added);
            }
        }

        return new World(factory.DatabaseSettingValue, applicant, draft, criteria, expert, reviewed, buyer, buyerId, listed.CorporateNumber);
    }

    [Fact]
    public async Task Each_hot_request_is_measured_by_the_servers_own_counters_beside_the_trivial_endpoint()
    {
        var factory = new HoshiFactory { KeepDatabaseOnDispose = true };
        try
        {
            var world = await SetUpAsync(factory);
            var folder = factory.Folder;
            await factory.DisposeAsync();
            ThreadPool.GetMinThreads(out var workers, out var completions);
            ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(completions, 32));
            string report;
            try
            {
                report = await Task.Run(() => RunAsync(world, folder));
            }
            finally
            {
                ThreadPool.SetMinThreads(workers, completions);
            }

            output.WriteLine(report);
        }
        finally
        {
            factory.DeleteDatabase();
        }
    }

    private static async Task<string> RunAsync(World world, string folder)
    {
        using var server = await ServerProcess.StartAsync(world.Database, folder, ServerProcess.FreePort(), new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["Hoshi__Diagnostics__Counters"] = "true",
            // The public API's limit per address would refuse a run at full speed from one address.
            ["Registry__RateLimitPermits"] = "1000000000",
        });
        var address = server.Address;
        using var visitor = Http.NewClient(address);
        using var applicant = Http.NewClient(address, new CookieContainer());
        using var expert = Http.NewClient(address, new CookieContainer());
        using var buyer = Http.NewClient(address, new CookieContainer());
        await Http.SignInAsync(applicant, world.Applicant);
        await Http.SignInAsync(expert, world.Expert);
        await Http.SignInAsync(buyer, world.Buyer);

        var sheet = await applicant.GetStringAsync($"/assessments/{world.Draft}/sheet");
        var applicantToken = FormPost.TokenOf(sheet);
        var category = CategoryLink().Matches(sheet).Select(m => m.Groups[1].Value).Distinct().Skip(1).First();
        var expertToken = FormPost.TokenOf(await expert.GetStringAsync($"/reviews/{world.Reviewed}"));
        var buyerToken = FormPost.TokenOf(await buyer.GetStringAsync($"/organizations/{world.BuyerId}/suppliers"));

        // Each connection saves its own criterion, following the version the server answers.
        var answerVersions = new int[Connections];
        var verdictVersions = new int[Connections];
        Task<HttpResponseMessage> Get(HttpClient client, string path) => client.GetAsync(path);
        Probe Read(string name, HttpClient client, string path, int budget) => new(name, false, budget, HttpStatusCode.OK, (c, _, _) => Get(c, path), client);
        List<Probe> probes =
        [
            Read("GET /health/live", visitor, "/health/live", 0),
            Read("GET / (applicant's home)", applicant, "/", 8),
            Read("GET round overview", applicant, $"/assessments/{world.Draft}", 6),
            Read("GET sheet, one category", applicant, $"/assessments/{world.Draft}/sheet?category={category}", 7),
            Read("GET guided mode", applicant, $"/assessments/{world.Draft}/guided", 4),
            Read("GET notifications", applicant, "/notifications", 4),
            Read("GET review (expert)", expert, $"/reviews/{world.Reviewed}", 12),
            Read("GET portfolio (100 suppliers)", buyer, $"/organizations/{world.BuyerId}/suppliers", 6),
            Read("GET registry page", visitor, $"/registry/{world.Listed}", 2),
            Read("GET /api/registry/{n}", visitor, $"/api/registry/{world.Listed}", 2),
            new("POST save an answer", true, 14, HttpStatusCode.OK, async (c, connection, n) =>
            {
                var response = await Http.SaveAnswerAsync(c, applicantToken, world.Draft, world.Criteria[connection], answerVersions[connection], $"測定 {connection}-{n}", null, n % 2 == 0 ? "yes" : "no");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    answerVersions[connection] = await Http.VersionOfAsync(response);
                }

                return response;
            }, applicant),
            new("POST give a verdict", true, 16, HttpStatusCode.OK, async (c, connection, n) =>
            {
                var response = await Http.SaveVerdictAsync(c, expertToken, world.Reviewed, world.Criteria[connection], verdictVersions[connection], n % 2 == 0 ? Verdict.Conformant : Verdict.Recheck, $"所見 {connection}-{n}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    verdictVersions[connection] = await Http.VersionOfAsync(response);
                }

                return response;
            }, expert),
            new("POST add a supplier", true, 10, HttpStatusCode.Redirect, (c, _, n) => c.PostAsync($"/organizations/{world.BuyerId}/suppliers?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.CorporateNumber"] = Listings.NewNumber(),
                ["Input.Name"] = $"測定の取引先 {n}",
                ["__RequestVerificationToken"] = buyerToken,
            })), buyer),
        ];

        // Each request is warmed for as long as it is measured, and in a longer run (the bench) the
        // pages all together first: the runtime keeps compiling hot methods again (tiered
        // compilation) for about 20 s of load after they first run, and a figure taken during that
        // would count the JIT's work, which a server that has been up a while no longer does. The
        // report shows the methods compiled during each measurement, so a figure still paying for
        // the JIT can be seen. The writes are warmed only after the pages are measured (they add
        // suppliers to the portfolio and verdict changes to the review's history), and then all
        // together too: the save path they share otherwise kept compiling while the first of them
        // (saving an answer) was measured.
        var warm = TimeSpan.FromSeconds(Seconds);
        var figures = new List<Figures>();
        foreach (var group in new[] { probes.Where(p => !p.Write).ToList(), probes.Where(p => p.Write).ToList() })
        {
            if (Seconds > 1)
            {
                foreach (var probe in group)
                {
                    await MeasureAsync(probe, warm, visitor);
                }
            }

            foreach (var probe in group)
            {
                await MeasureAsync(probe, warm, visitor); // warm: JIT, caches, pools
                figures.Add(await MeasureAsync(probe, TimeSpan.FromSeconds(Seconds), visitor));
            }
        }

        var report = Report(world.Database, figures);
        if (Environment.GetEnvironmentVariable("HOSHI_REQUESTS_REPORT") is { Length: > 0 } file)
        {
            await File.WriteAllTextAsync(file, report);
        }

        Assert.True(figures.All(f => f.Errors == 0), "errors:\n" + string.Join("\n", figures.Where(f => f.Errors > 0).Select(f => $"{f.Name}: {f.Errors}, first: {f.FirstError}")) + "\n" + report);
        var live = figures[0];
        Assert.True(live.PerSecond > 0 && live.CpuMs > 0, "the counters did not move\n" + report);
        Assert.True(live.Statements == 0, "/health/live sent statements\n" + report);
        var over = figures.Where(f => f.Statements > f.Budget + 0.05).Select(f => $"{f.Name}: {f.Statements:0.0} statements a request, budget {f.Budget}").ToList();
        Assert.True(over.Count == 0, string.Join("\n", over) + "\n" + report);
        return report;
    }

    /// <summary>Runs the probe from <see cref="Connections"/> connections for <paramref name="duration"/>; the cost from the server's counters.</summary>
    private static async Task<Figures> MeasureAsync(Probe probe, TimeSpan duration, HttpClient counters)
    {
        var before = await counters.GetFromJsonAsync<ProcessCounters>("/diagnostics/counters");
        var errors = 0;
        string? firstError = null;
        var done = 0;
        var clock = Stopwatch.StartNew();
        var until = clock.Elapsed + duration;
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async connection =>
        {
            for (var n = 0; clock.Elapsed < until; n++)
            {
                using var response = await probe.Send(probe.Client, connection, n);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != probe.Expected)
                {
                    if (Interlocked.Increment(ref errors) == 1)
                    {
                        firstError = $"{(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}";
                    }
                }

                Interlocked.Increment(ref done);
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var after = await counters.GetFromJsonAsync<ProcessCounters>("/diagnostics/counters");
        // The two reads of the counters are requests too (no statement, next to no CPU).
        var requests = Math.Max(1, after!.Requests - before!.Requests - 1);
        return new Figures(probe.Name, probe.Write, probe.Budget, done / elapsed,
            (after.CpuMilliseconds - before.CpuMilliseconds) / requests,
            (after.Statements - before.Statements) / (double)requests,
            (after.AllocatedBytes - before.AllocatedBytes) / 1024.0 / requests,
            after.JittedMethods - before.JittedMethods,
            errors, firstError);
    }

    private static string Report(string database, List<Figures> figures)
    {
        var db = database.StartsWith("postgres", StringComparison.Ordinal) ? "postgres" : "sqlite";
        var live = figures[0];
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"requests {db}: {Connections} connections, {Seconds:0.#} s each{(Seconds > 1 ? " after as long a warm-up of each (the pages all together first, then the writes)" : "")}, server CPU, statements, allocations and methods compiled (JIT) from the server's own counters");
        foreach (var f in figures)
        {
            var multiple = f.CpuMs / live.CpuMs;
            var goal = f == live ? "" : f.Write
                ? $" — {(f.CpuMs <= 4 && multiple <= 10 ? "PASS" : "FAIL")} (goal ≤ 4 ms and ≤ 10× live)"
                : $" — {(multiple <= 3 ? "PASS" : "FAIL")} (goal ≤ 3× live)";
            var statements = f.Write ? "" : $"{(f.Statements <= 5 ? "" : " over 5")}";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"R {db}: {f.Name,-32} {f.PerSecond,8:0} req/s  cpu {f.CpuMs,6:0.00} ms = {multiple,5:0.0}× live  {f.Statements,5:0.0} statements{statements}  {f.AllocatedKb,7:0.0} KB allocated  {f.Jitted,5} methods compiled{goal}");
        }

        return text.ToString();
    }
}
