using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Tests.Accounts;
using Hoshi.Web.Tests.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>
/// Three real Hoshi nodes on one database behind Debian's nginx running <c>deploy/nginx/hoshi.conf</c>
/// on 127.0.0.1, all started and stopped by the test (CI runs it on PostgreSQL). Requests go
/// round-robin: a ★3 round is taken from sign-up data to the public registry through the proxy,
/// wrong passwords spread over the nodes lock the account and trip the throttle as on one node, a
/// registration is answered by every node within 2 s, the public API's rate limit holds across
/// the nodes, a node killed with SIGKILL under writes loses no acknowledged save, and each node's
/// metrics show the requests it served.
/// </summary>
[Trait("Category", "MultiNode")]
[Collection(RealServerTests.Name)]
public sealed partial class MultiNodeTests(ITestOutputHelper output)
{
    private const string MetricsToken = "multi-node-test-token";
    private const int Writers = 3;

    private sealed record Setup(
        string Database, string Folder, Person Applicant, Guid ApplicantOrganization, string CorporateNumber, Person Expert, Person Officer, Guid Body,
        Person Victim, Guid Sheet, IReadOnlyList<string> Criteria, IReadOnlyList<Person> Writers);

    private static async Task<Setup> SetUpAsync(HoshiFactory factory)
    {
        var people = new People(factory);
        var applicantOrganization = await people.OrganizationAsync("三台で動く株式会社", OrganizationRole.Applicant);
        var applicant = await people.PersonAsync(applicantOrganization, MembershipRole.OrgAdmin);
        var number = Listings.NewNumber();
        await people.WithDbAsync(db => db.Organizations.Where(o => o.Id == applicantOrganization).ExecuteUpdateAsync(u => u.SetProperty(o => o.CorporateNumber, number)));
        await VerifiedOrganizations.MarkAsync(factory.Services, applicantOrganization);

        var expert = await Rounds.ExpertAsync(people, factory, "診断の会社(三台)");
        var body = await people.OrganizationAsync("登録センター(三台)", OrganizationRole.RegistrationBody);
        var officer = await people.PersonAsync(body, MembershipRole.Officer, twoFactor: true);
        var victim = await people.PersonAsync(await people.OrganizationAsync("狙われる株式会社", OrganizationRole.Applicant), MembershipRole.OrgAdmin);

        // A sheet several people write to while a node is killed.
        var writing = await people.OrganizationAsync("書き続ける株式会社", OrganizationRole.Applicant);
        var writers = new List<Person>();
        for (var i = 0; i < Writers; i++)
        {
            writers.Add(await people.PersonAsync(writing, i == 0 ? MembershipRole.OrgAdmin : MembershipRole.Member));
        }

        Guid sheet;
        List<string> criteria;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
            sheet = (await store.StartAsync(writing, Level.Star3, writers[0].UserId, null)).Id;
            criteria = [.. (await store.LoadAsync(sheet))!.Catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria).Select(c => c.Id)];
        }

        return new Setup(factory.DatabaseSettingValue, factory.Folder, applicant, applicantOrganization, number, expert, officer, body, victim, sheet, criteria, writers);
    }

    [Fact]
    public async Task Three_nodes_behind_nginx_act_as_one()
    {
        var factory = new HoshiFactory { KeepDatabaseOnDispose = true };
        try
        {
            var setup = await SetUpAsync(factory);
            await factory.DisposeAsync();
            await RunAsync(setup);
            await RefusesForeignSchemasAsync(setup);
        }
        finally
        {
            factory.DeleteDatabase();
        }
    }

    private async Task RunAsync(Setup setup)
    {
        var ports = Enumerable.Range(0, 3).Select(_ => ServerProcess.FreePort()).ToList();
        var proxyPort = 0;
        var nodes = new ServerProcess[3];
        ProxyProcess? proxy = null;
        try
        {
            // The proxy's address is every node's public URL: it is made first (nginx starts once the nodes answer).
            var nodeAddresses = ports.Select(p => new Uri($"http://127.0.0.1:{p}")).ToList();
            var environment = (string publicUrl) => new Dictionary<string, string>
            {
                ["Hoshi__PublicUrl"] = publicUrl,
                ["Hoshi__Proxies__KnownProxies__0"] = "127.0.0.1",
                ["Hoshi__MigrateOnStart"] = "false",
                ["Hoshi__Telemetry__Prometheus"] = "true",
                ["Hoshi__Telemetry__PrometheusToken"] = MetricsToken,
                ["Accounts__FailuresPerAccount"] = "7",
                // Every node runs the scheduler and sends mail, often, so that they would collide if they could.
                ["Scheduler__Enabled"] = "true",
                ["Scheduler__PollSeconds"] = "5",
                ["Mail__PollSeconds"] = "1",
                // JSON log lines with the trace id; each request's start and end logged.
                ["Hoshi__Telemetry__JsonLogs"] = "true",
                ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            };

            // nginx needs the nodes' ports only; the nodes need the proxy's port: pick it, then start both.
            proxyPort = ServerProcess.FreePort();
            var publicUrl = $"https://127.0.0.1:{proxyPort}";
            await Task.WhenAll(Enumerable.Range(0, 3).Select(async i => nodes[i] = await ServerProcess.StartAsync(setup.Database, setup.Folder, ports[i], environment(publicUrl))));
            proxy = await ProxyProcess.StartAsync(nodeAddresses, proxyPort);

            using var officer = proxy.NewClient();
            var registeredAt = await JourneyAsync(proxy, officer, setup);
            await EveryNodeAnswersAsync(nodes, setup.CorporateNumber, "valid", registeredAt);

            // Every node has the entry in its snapshot now; a suspension on one node reaches the others' snapshots through the log.
            var certificate = await CertificateOfAsync(nodes[0], setup.CorporateNumber);
            var suspended = await FormPost.SendAsync(officer, $"/registry/certificates/{certificate}?handler=Change", new()
            {
                ["Action"] = "Suspend",
                ["Reason"] = "是正の確認まで一時停止",
                ["Version"] = "0",
                ["Confirmed"] = "true",
            });
            Assert.Equal(HttpStatusCode.Redirect, suspended.StatusCode);
            await EveryNodeAnswersAsync(nodes, setup.CorporateNumber, "suspended", DateTime.UtcNow);
            await LockoutAcrossNodesAsync(proxy, setup);
            await CompressedWhereNoSecretIsAsync(proxy, officer);
            await RateLimitAcrossNodesAsync(proxy, setup.CorporateNumber);
            await MetricsShowEachNodesRequestsAsync(nodes);
            await KillOneUnderWritesAsync(proxy, nodes, setup);
            await JobsAndMailOnceAsync(setup);
            LogsAreJsonWithTraceIds(nodes.First(n => !n.Exited));
        }
        catch
        {
            foreach (var node in nodes.Where(n => n is not null))
            {
                // The end of each node's log (the whole is long: every statement is logged).
                output.WriteLine($"--- {node.Address}\n{string.Join('\n', node.Output.Split('\n').TakeLast(80))}");
            }

            if (proxy is not null)
            {
                output.WriteLine(proxy.ErrorLog);
            }

            throw;
        }
        finally
        {
            proxy?.Dispose();
            foreach (var node in nodes)
            {
                node?.Dispose();
            }
        }

        using var cli = new HoshiProcess { DatabaseSetting = setup.Database };
        cli.Environment["Hoshi__Keys__KeyFile"] = Path.Combine(setup.Folder, "hoshi.keys");
        var audit = await cli.RunAsync("audit", "verify");
        Assert.True(audit.ExitCode == 0, audit.Out + audit.Err);
        var log = await cli.RunAsync("log", "verify");
        Assert.True(log.ExitCode == 0, log.Out + log.Err);
    }

    /// <summary>The applicant, the expert and the registration body's officer take a ★3 round to the registry, every request through the proxy. Returns when the registration was acknowledged.</summary>
    private async Task<DateTime> JourneyAsync(ProxyProcess proxy, HttpClient officer, Setup setup)
    {
        using var applicant = proxy.NewClient();
        await Http.SignInAsync(applicant, setup.Applicant);
        var started = await FormPost.SendAsync(applicant, $"/organizations/{setup.ApplicantOrganization}/assessments?handler=Start", []);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var round = Guid.Parse(started.Headers.Location!.OriginalString.Split('/', StringSplitOptions.RemoveEmptyEntries).Last());
        var scoped = await FormPost.SendAsync(applicant, $"/assessments/{round}/scope", Rounds.WholeCompanyScope("三木 太郎"));
        Assert.Contains("すべて回答済み", await scoped.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Each answer is a page's token from one node and a save on another: the key ring is shared.
        foreach (var criterion in setup.Criteria)
        {
            var token = FormPost.TokenOf(await applicant.GetStringAsync($"/assessments/{round}/sheet"));
            var saved = await Http.SaveAnswerAsync(applicant, token, round, criterion, 0, "規程 2026-04-01", null);
            Assert.True(saved.StatusCode == HttpStatusCode.OK, $"answer {criterion}: {(int)saved.StatusCode} {await saved.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=ChooseExpert", new() { ["ExpertEmail"] = setup.Expert.Email })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=Submit", new() { ["HoursOnScope"] = "2", ["HoursOnSheet"] = "8" })).StatusCode);

        using var expert = proxy.NewClient();
        await Http.SignInAsync(expert, setup.Expert);
        await Assessments.Declarations.DeclareAsync(expert, round);
        foreach (var criterion in setup.Criteria)
        {
            var token = FormPost.TokenOf(await expert.GetStringAsync($"/reviews/{round}"));
            var judged = await Http.SaveVerdictAsync(expert, token, round, criterion, 0, Verdict.Conformant, "確認しました");
            Assert.True(judged.StatusCode == HttpStatusCode.OK, $"verdict {criterion}: {(int)judged.StatusCode} {await judged.Content.ReadAsStringAsync()}");
        }

        await Reviews.ScopeVerdicts.AcceptAsync(expert, round);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(expert, $"/reviews/{round}?handler=Finalize", [])).StatusCode);
        var declared = await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=Declare", new()
        {
            ["Declaration.DeclarantName"] = "三木 一郎",
            ["Declaration.DeclarantTitle"] = "代表取締役",
            ["Declaration.DeclaredOn"] = JapanTime.DateOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Declaration.RegistrationBodyId"] = setup.Body.ToString(),
            ["Declaration.Confirmed"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, declared.StatusCode);

        await Http.SignInAsync(officer, setup.Officer);
        var registered = await FormPost.StepAsync(officer, $"/registrations/{round}?handler=Register", []);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var at = DateTime.UtcNow;
        Assert.Contains("登録済み", await applicant.GetStringAsync($"/assessments/{round}"), StringComparison.Ordinal);

        // The requests of the journey went to every node.
        var served = NodesOf(proxy.AccessLog, "POST", "/assessments/");
        output.WriteLine($"journey: answer saves per node {string.Join(", ", served.Select(s => $"{s.Key}={s.Value}"))}");
        Assert.Equal(3, served.Count);
        return at;
    }

    /// <summary>How many requests with this method and path start each node served (from the proxy's access log).</summary>
    private static Dictionary<string, int> NodesOf(string accessLog, string method, string pathStart) =>
        accessLog.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Where(f => f.Length >= 4 && f[0] == method && f[1].StartsWith(pathStart, StringComparison.Ordinal) && f[3] != "-")
            .GroupBy(f => f[3])
            .ToDictionary(g => g.Key, g => g.Count());

    private static async Task<string> CertificateOfAsync(ServerProcess node, string number)
    {
        using var client = new HttpClient { BaseAddress = node.Address };
        var lookup = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/api/registry/{number}"));
        return lookup.RootElement.GetProperty("entries")[0].GetProperty("certificateId").GetString()!;
    }

    /// <summary>Each node's public API answers the entry with <paramref name="status"/> within 2 s of <paramref name="changedAt"/>.</summary>
    private async Task EveryNodeAnswersAsync(ServerProcess[] nodes, string number, string status, DateTime changedAt)
    {
        foreach (var node in nodes)
        {
            using var client = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(5) };
            while (true)
            {
                var response = await client.GetAsync($"/api/registry/{number}");
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains($"\"status\":\"{status}\"", StringComparison.Ordinal))
                {
                    output.WriteLine($"{node.Address}: {status} after {(DateTime.UtcNow - changedAt).TotalMilliseconds:N0} ms");
                    break;
                }

                Assert.True(DateTime.UtcNow - changedAt < TimeSpan.FromSeconds(2), $"{node.Address} does not answer {status} for {number} 2 s after the change ({(int)response.StatusCode})");
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Wrong passwords sent through the proxy land on different nodes and count as on one node.</summary>
    private async Task LockoutAcrossNodesAsync(ProxyProcess proxy, Setup setup)
    {
        using var browser = proxy.NewClient();
        var before = proxy.AccessLog.Length;
        for (var i = 0; i < Hoshi.Web.Features.Accounts.AccountsFeature.MaxFailedSignIns; i++)
        {
            var wrong = await FormPost.SendAsync(browser, "/account/sign-in", new() { ["Email"] = setup.Victim.Email, ["Password"] = "違う合言葉-" + i });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        // Locked: even the right password is refused now, wherever it lands (twice: each counts towards the throttle's 7 too).
        for (var i = 0; i < 2; i++)
        {
            var right = await FormPost.SendAsync(browser, "/account/sign-in", new() { ["Email"] = setup.Victim.Email, ["Password"] = setup.Victim.Password });
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            Assert.Contains("ロック", WebUtility.HtmlDecode(await right.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        var signIns = NodesOf(proxy.AccessLog[before..], "POST", "/account/sign-in");
        output.WriteLine($"wrong passwords per node: {string.Join(", ", signIns.Select(s => $"{s.Key}={s.Value}"))}");
        Assert.Equal(3, signIns.Count);

        // An address nobody has: the per-account throttle (7 here) counts across nodes and then refuses with 429.
        var unknown = $"nobody-{Guid.NewGuid():N}@example.jp";
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await FormPost.SendAsync(browser, "/account/sign-in", new() { ["Email"] = unknown, ["Password"] = "x-" + i })).StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            var refused = await FormPost.SendAsync(browser, "/account/sign-in", new() { ["Email"] = unknown, ["Password"] = "x" });
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
    }

    /// <summary>The public API's limit is the proxy's, shared by the nodes: past the burst, 429 from whichever node would have answered.</summary>
    private async Task RateLimitAcrossNodesAsync(ProxyProcess proxy, string number)
    {
        using var client = proxy.NewClient();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 800), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
            statuses.Add((await client.GetAsync($"/api/registry/{number}", ct)).StatusCode));
        var ok = statuses.Count(s => s == HttpStatusCode.OK);
        var limited = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
        output.WriteLine($"registry API through the proxy: {ok} answered, {limited} refused with 429");
        Assert.Equal(800, ok + limited);
        Assert.InRange(limited, 100, 800 - 600);

        // Each node alone would have allowed 600 a minute: the nodes saw fewer than that each, so the 429s are the proxy's shared count.
        Assert.All(NodesOf(proxy.AccessLog, "GET", "/api/registry/").Values, served => Assert.True(served < 600, $"a node served {served}"));
    }

    /// <summary>
    /// The proxy compresses the public API's JSON, and never a page (a page carries its anti-forgery
    /// token beside what people type: BREACH), although Debian's nginx.conf turns compression on for
    /// every site. (The static files are compressed by the same rule; these nodes serve none.)
    /// </summary>
    private static async Task CompressedWhereNoSecretIsAsync(ProxyProcess proxy, HttpClient officer)
    {
        using var client = proxy.NewClient();
        async Task<(HttpStatusCode Status, string? Encoding, string? Type)> SendAsync(HttpClient through, string path, HttpContent? posted = null)
        {
            var (status, encoding, type, _) = await SendWithCacheAsync(through, path, posted);
            return (status, encoding, type);
        }

        async Task<(HttpStatusCode Status, string? Encoding, string? Type, string? Cache)> SendWithCacheAsync(HttpClient through, string path, HttpContent? posted = null)
        {
            using var request = new HttpRequestMessage(posted is null ? HttpMethod.Get : HttpMethod.Post, path) { Content = posted };
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            using var response = await through.SendAsync(request);
            return (response.StatusCode, response.Content.Headers.ContentEncoding.SingleOrDefault(), response.Content.Headers.ContentType?.MediaType,
                response.Headers.TryGetValues("X-Cache-Status", out var cache) ? cache.Single() : null);
        }

        // A bulk status of 50 numbers (a few kilobytes of JSON; nginx leaves answers under 1 KB as they are).
        using var numbers = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { corporateNumbers = Enumerable.Range(0, 50).Select(_ => Listings.NewNumber()) }), System.Text.Encoding.UTF8, "application/json");
        Assert.Equal((HttpStatusCode.OK, "gzip", "application/json"), await SendAsync(client, "/api/registry/status", numbers));
        Assert.Equal((HttpStatusCode.OK, null, "text/html"), await SendAsync(officer, "/notifications"));
        Assert.Equal((HttpStatusCode.OK, null, "text/html"), await SendAsync(client, "/registry"));

        // The style sheet as a page links it (with its content hash): compressed, and kept by nginx
        // after the first request, so the nodes serve it once.
        var page = await client.GetStringAsync("/registry");
        var sheet = System.Net.WebUtility.HtmlDecode(StyleSheetLink().Match(page).Groups[1].Value);
        Assert.StartsWith("/css/site.css?v=", sheet, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "gzip", "text/css", "MISS"), await SendWithCacheAsync(client, sheet));
        Assert.Equal((HttpStatusCode.OK, "gzip", "text/css", "HIT"), await SendWithCacheAsync(client, sheet));
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex StyleSheetLink();

    [GeneratedRegex("^http_server_request_duration_seconds_count\\{.*\\} (\\d+)\\s*$", RegexOptions.Multiline)]
    private static partial Regex RequestCounts();

    private async Task MetricsShowEachNodesRequestsAsync(ServerProcess[] nodes)
    {
        foreach (var node in nodes)
        {
            using var client = new HttpClient { BaseAddress = node.Address };
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
            var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Authorization = new("Bearer", MetricsToken);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            var served = RequestCounts().Matches(text).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            output.WriteLine($"{node.Address}: {served} requests in its metrics");
            Assert.True(served > 100, $"{node.Address} shows {served} requests");
            Assert.Contains("hoshi_outbox_backlog", text, StringComparison.Ordinal);
            Assert.Contains("hoshi_registry_snapshot_age_seconds", text, StringComparison.Ordinal);
        }
    }

    /// <summary>Writers save answers through the proxy; one node is killed; the others take over and nothing acknowledged is lost.</summary>
    private async Task KillOneUnderWritesAsync(ProxyProcess proxy, ServerProcess[] nodes, Setup setup)
    {
        var acknowledged = new ConcurrentBag<(string Criterion, int Version, string Text)>();
        var unexpected = new ConcurrentQueue<string>();
        var lostResponses = 0;
        var clients = new List<HttpClient>();
        foreach (var writer in setup.Writers)
        {
            var client = proxy.NewClient();
            await Http.SignInAsync(client, writer);
            clients.Add(client);
        }

        using var stop = new CancellationTokenSource();
        var killed = new TaskCompletionSource();
        var afterKill = new ConcurrentBag<int>();
        var work = clients.Select((client, w) => Task.Run(async () =>
        {
            var mine = setup.Criteria.Where((_, i) => i % Writers == w).ToList();
            var versions = new Dictionary<string, int>();
            var token = FormPost.TokenOf(await client.GetStringAsync($"/assessments/{setup.Sheet}/sheet"));
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var criterion = mine[n % mine.Count];
                var text = $"書き手{w} 保存{n} {Guid.NewGuid():N}";
                var response = await Http.SaveAnswerAsync(client, token, setup.Sheet, criterion, versions.GetValueOrDefault(criterion), text, null);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    versions[criterion] = await Http.VersionOfAsync(response);
                    acknowledged.Add((criterion, versions[criterion], text));
                    if (killed.Task.IsCompleted)
                    {
                        afterKill.Add(w);
                    }
                }
                else if (response.StatusCode == HttpStatusCode.BadGateway && Interlocked.Increment(ref lostResponses) <= Writers * 2)
                {
                    // The save was in flight on the killed node: it may or may not have been made. Read where it stands and go on.
                    using var db = Db(setup.Database);
                    versions[criterion] = await db.Answers.Where(a => a.AssessmentId == setup.Sheet && a.CriterionId == criterion).Select(a => a.Version).SingleOrDefaultAsync();
                }
                else
                {
                    unexpected.Enqueue($"writer {w}, {criterion}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return;
                }
            }
        })).ToList();

        while (acknowledged.Count < 30 && unexpected.IsEmpty)
        {
            await Task.Delay(50);
        }

        var victim = nodes[Random.Shared.Next(nodes.Length)];
        victim.Kill();
        killed.SetResult();
        output.WriteLine($"killed {victim.Address} after {acknowledged.Count} saves");
        var countAtKill = acknowledged.Count;
        while (acknowledged.Count < countAtKill + 60 && unexpected.IsEmpty)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await Task.WhenAll(work);
        foreach (var client in clients)
        {
            client.Dispose();
        }

        output.WriteLine($"{acknowledged.Count} saves acknowledged, {lostResponses} answered 502 while the node died");
        Assert.True(unexpected.IsEmpty, string.Join("\n", unexpected));
        Assert.Equal(Writers, afterKill.Distinct().Count());

        // Every acknowledged save is there (or a later one over it); every version is its number of audited saves.
        using var check = Db(setup.Database);
        var answers = await check.Answers.AsNoTracking().Where(a => a.AssessmentId == setup.Sheet).ToDictionaryAsync(a => a.CriterionId);
        foreach (var (criterion, version, text) in acknowledged)
        {
            var stored = answers[criterion];
            Assert.True(stored.Version > version || (stored.Version == version && stored.Supplement == text), $"lost: {criterion} v{version} \"{text}\"; stored v{stored.Version} \"{stored.Supplement}\"");
        }

        var audited = await check.AuditRecords.AsNoTracking().Where(a => a.Action == "assessment.answer-saved" && a.ObjectId.StartsWith(setup.Sheet.ToString()))
            .GroupBy(a => a.ObjectId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        foreach (var answer in answers.Values)
        {
            Assert.Equal(answer.Version, audited.GetValueOrDefault($"{answer.AssessmentId}/{answer.CriterionId}"));
        }
    }

    /// <summary>Each scheduled job ran once (twice only if the test crossed its interval's boundary) and each mail was sent once, though every node tried.</summary>
    private async Task JobsAndMailOnceAsync(Setup setup)
    {
        using var db = Db(setup.Database);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await db.OutboxMessages.AnyAsync(m => m.SentAt == null) && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }

        var sent = await db.OutboxMessages.CountAsync(m => m.SentAt != null);
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.SentAt == null), "mail still unsent after 30 s");
        var files = Directory.GetFiles(Path.Combine(setup.Folder, "mail"), "*.eml").Length;
        output.WriteLine($"mail: {sent} messages sent, {files} files written");
        Assert.True(sent > 0, "the journey sent no mail");
        Assert.Equal(sent, files);

        var jobs = await db.ScheduledJobs.AsNoTracking().ToListAsync();
        output.WriteLine("jobs: " + string.Join(", ", jobs.Select(j => $"{j.Name}={j.Runs}")));
        Assert.True(jobs.Count >= 5, $"only {jobs.Count} scheduled jobs ran");
        Assert.All(jobs, job => Assert.InRange(job.Runs, 1, 2));
        Assert.All(jobs, job => Assert.True(job.Failures == 0, $"{job.Name} failed: {job.LastError}"));
    }

    /// <summary>Every line a node wrote is a JSON object; the lines of requests and of scheduled jobs carry a trace id.</summary>
    private void LogsAreJsonWithTraceIds(ServerProcess node)
    {
        var lines = node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var requests = 0;
        foreach (var line in lines)
        {
            using var entry = System.Text.Json.JsonDocument.Parse(line);
            var traced = entry.RootElement.TryGetProperty("Scopes", out var scopes) && scopes.EnumerateArray().Any(s => s.ValueKind == System.Text.Json.JsonValueKind.Object && s.TryGetProperty("TraceId", out _));
            var category = entry.RootElement.GetProperty("Category").GetString();
            if (category == "Microsoft.AspNetCore.Hosting.Diagnostics")
            {
                Assert.True(traced, "a request's log line without a trace id: " + line);
                requests++;
            }
        }

        output.WriteLine($"{node.Address}: {lines.Length} JSON log lines, {requests} of requests, each with its trace id");
        Assert.True(requests > 100, $"only {requests} request lines");
    }

    /// <summary>A node that does not migrate refuses an empty database and a schema a newer build made, saying what to do.</summary>
    private static async Task RefusesForeignSchemasAsync(Setup setup)
    {
        var environment = new Dictionary<string, string> { ["Hoshi__MigrateOnStart"] = "false" };
        var empty = Directory.CreateTempSubdirectory("hoshi-empty-").FullName;
        try
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync("sqlite:" + Path.Combine(empty, "hoshi.db"), empty, ServerProcess.FreePort(), environment));
            Assert.Contains("Run './hoshi migrate' once", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(empty, recursive: true);
        }

        using (var db = Db(setup.Database))
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromANewerBuild', '10.0.15')");
        }

        var newer = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(setup.Database, setup.Folder, ServerProcess.FreePort(), environment));
        Assert.Contains("newer than this build of Hoshi knows", newer.Message, StringComparison.Ordinal);
        Assert.Contains("29991231000000_FromANewerBuild", newer.Message, StringComparison.Ordinal);
    }

    private static AppDbContext Db(string setting) => Rounds.Database(setting);
}
