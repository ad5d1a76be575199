using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Tests.Accounts;
using Hoshi.Web.Tests.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>
/// The real server process, killed with SIGKILL at random moments while people save answers and
/// an expert and an applicant move a round back and forth (verdict, recheck, reply, answer the
/// rechecks) — several times over, on the database the test script chose. After each restart every
/// save the server acknowledged is there, every answer's and verdict's version is exactly the
/// number of its audit records, the round's state is the one its last audit record says; at the
/// end <c>./hoshi audit verify</c> and <c>./hoshi log verify</c> pass.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Kills = 4;
    private const int Writers = 4;

    /// <summary>Something the server acknowledged: an answer or verdict at a version, with the text it was given.</summary>
    private sealed record Acknowledged(string Kind, Guid Assessment, string Criterion, int Version, string Text);

    private sealed record Setup(string Database, Guid Sheet, IReadOnlyList<string> Criteria, IReadOnlyList<Person> Writers,
        Guid Review, Person Applicant, Person Expert);

    private static HttpClient NewClient(Uri address) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };

    private static async Task<Setup> SetUpAsync(HoshiFactory factory)
    {
        var people = new People(factory);
        var organization = await people.OrganizationAsync("落ちても失わない株式会社", OrganizationRole.Applicant);
        var writers = new List<Person>();
        for (var i = 0; i < Writers; i++)
        {
            writers.Add(await people.PersonAsync(organization, i == 0 ? MembershipRole.OrgAdmin : MembershipRole.Member));
        }

        Guid sheet;
        List<string> criteria;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
            sheet = (await store.StartAsync(organization, Level.Star3, writers[0].UserId, null)).Id;
            criteria = [.. (await store.LoadAsync(sheet))!.Catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria).Select(c => c.Id)];
        }

        // A second applicant's round under review by an expert.
        var reviewed = await people.OrganizationAsync("確認が続く株式会社", OrganizationRole.Applicant);
        var applicantPerson = await people.PersonAsync(reviewed, MembershipRole.OrgAdmin);
        var applicant = await people.SignedInAsync(applicantPerson);
        var started = await FormPost.SendAsync(applicant, $"/organizations/{reviewed}/assessments?handler=Start", []);
        var review = Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);
        var scoped = await FormPost.SendAsync(applicant, $"/assessments/{review}/scope", new()
        {
            ["Input.Version"] = "0",
            ["Input.WholeCompany"] = "yes",
            ["Input.BoundaryDevicesInScope"] = "no",
            ["Input.CloudInScope"] = "yes",
            ["Input.ByodInScope"] = "no",
            ["Input.RemoteWorkInScope"] = "no",
            ["Input.Locations"] = "本社",
            ["Input.FillerName"] = "山田 太郎",
            ["Input.FillerDepartment"] = "総務部",
        });
        Assert.Contains("すべて回答済み", await scoped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var token = FormPost.TokenOf(await applicant.GetStringAsync($"/assessments/{review}/sheet"));
        foreach (var criterion in criteria)
        {
            Assert.Equal(HttpStatusCode.OK, (await SaveAnswerAsync(applicant, token, review, criterion, 0, "規程 2026-04-01", null)).StatusCode);
        }

        var expertHome = await people.OrganizationAsync("診断の会社(落ちても)", OrganizationRole.Applicant);
        var expert = await people.PersonAsync(expertHome, MembershipRole.Member, twoFactor: true);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ExpertStore>().SaveAsync(expert.UserId, null,
                new ExpertInput("054545", null, null, DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-2))), null);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, $"/assessments/{review}?handler=ChooseExpert", new() { ["ExpertEmail"] = expert.Email })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, $"/assessments/{review}?handler=Submit", new() { ["HoursOnScope"] = "2", ["HoursOnSheet"] = "10" })).StatusCode);
        return new Setup(factory.DatabaseSettingValue, sheet, criteria, writers, review, applicantPerson, expert);
    }

    private static Task<HttpResponseMessage> SaveAnswerAsync(HttpClient browser, string token, Guid assessment, string criterion, int version, string supplement, string? reply)
    {
        var fields = new Dictionary<string, string>
        {
            ["CriterionId"] = criterion,
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Value"] = "yes",
            ["Supplement"] = supplement,
            ["__RequestVerificationToken"] = token,
        };
        if (reply is not null)
        {
            fields["Reply"] = reply;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, $"/assessments/{assessment}/sheet?handler=Answer") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.ParseAdd("application/json");
        return browser.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SaveVerdictAsync(HttpClient browser, string token, Guid assessment, string criterion, int version, Verdict verdict, string remark)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/reviews/{assessment}?handler=Verdict")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["CriterionId"] = criterion,
                ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Verdict"] = verdict.ToString(),
                ["Remark"] = remark,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return browser.SendAsync(request);
    }

    private static Task<HttpResponseMessage> StepAsync(HttpClient browser, string token, string path) =>
        browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

    private static async Task<int> VersionOfAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt32();

    private static AppDbContext Db(string setting)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        HoshiDatabase.Configure(options, DatabaseSetting.Parse(setting));
        return new AppDbContext(options.Options);
    }

    /// <summary>Is this the server going away under a request (killed), rather than an answer?</summary>
    private static bool ServerGone(Exception e) => e is HttpRequestException or TaskCanceledException or IOException;

    [Fact]
    public async Task Killed_at_random_moments_the_server_keeps_every_acknowledged_save_and_an_audit_that_explains_every_state()
    {
        var factory = new HoshiFactory { KeepDatabaseOnDispose = true };
        try
        {
            var setup = await SetUpAsync(factory);
            var folder = factory.Folder;
            await factory.DisposeAsync();
            await RunAsync(setup, folder);
        }
        finally
        {
            factory.DeleteDatabase();
        }
    }

    private async Task RunAsync(Setup setup, string folder)
    {
        var acknowledged = new ConcurrentBag<Acknowledged>();
        var unexpected = new ConcurrentQueue<string>();
        var steps = 0;
        var port = ServerProcess.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var writers = setup.Writers.Select(_ => NewClient(address)).ToList();
        var applicant = NewClient(address);
        var expert = NewClient(address);
        var random = new Random();

        for (var kill = 0; kill <= Kills; kill++)
        {
            using var server = await ServerProcess.StartAsync(setup.Database, folder, port);
            if (kill == 0)
            {
                for (var i = 0; i < writers.Count; i++)
                {
                    Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(writers[i], "/account/sign-in", new() { ["Email"] = setup.Writers[i].Email, ["Password"] = setup.Writers[i].Password })).StatusCode);
                }

                Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, "/account/sign-in", new() { ["Email"] = setup.Applicant.Email, ["Password"] = setup.Applicant.Password })).StatusCode);
                Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(expert, "/account/sign-in", new() { ["Email"] = setup.Expert.Email, ["Password"] = setup.Expert.Password })).StatusCode);
                Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(expert, "/account/sign-in/code", new() { ["Code"] = Totp.Code(setup.Expert.AuthenticatorKey!, DateTimeOffset.UtcNow) })).StatusCode);
            }

            // What survived the last kill is checked against what was acknowledged before it.
            await VerifyAsync(setup, acknowledged, unexpected);
            if (kill == Kills)
            {
                // The last start is only for the checks (and shows the pages still answer).
                Assert.Equal(HttpStatusCode.OK, (await writers[0].GetAsync($"/assessments/{setup.Sheet}/sheet")).StatusCode);
                break;
            }

            using var stop = new CancellationTokenSource();
            var work = new List<Task>();
            for (var i = 0; i < writers.Count; i++)
            {
                work.Add(WriteAnswersAsync(setup, writers[i], i, acknowledged, unexpected, stop.Token));
            }

            work.Add(MoveTheRoundAsync(setup, applicant, expert, acknowledged, unexpected, () => Interlocked.Increment(ref steps), stop.Token));
            // Kill once the work is under way (the first requests after a start wait for warm-up), at a random moment.
            var before = acknowledged.Count;
            for (var waited = 0; acknowledged.Count < before + Writers && waited < 200; waited++)
            {
                await Task.Delay(50);
            }

            await Task.Delay(random.Next(100, 1500));
            server.Kill();
            await Task.WhenAll(work);
            output.WriteLine($"kill {kill + 1}: {acknowledged.Count} saves and {steps} state changes acknowledged so far");
        }

        Assert.True(unexpected.IsEmpty, string.Join("\n", unexpected));
        Assert.True(acknowledged.Count(a => a.Kind == "answer") > 20, "too few answer saves to mean anything");
        Assert.True(steps >= 2, "too few state changes to mean anything");

        using var cli = new HoshiProcess { DatabaseSetting = setup.Database };
        var audit = await cli.RunAsync("audit", "verify");
        Assert.True(audit.ExitCode == 0, audit.Out + audit.Err);
        var log = await cli.RunAsync("log", "verify");
        Assert.True(log.ExitCode == 0, log.Out + log.Err);
    }

    /// <summary>One person answering their share of the criteria over and over, each save on the version they last saw.</summary>
    private static async Task WriteAnswersAsync(Setup setup, HttpClient browser, int writer, ConcurrentBag<Acknowledged> acknowledged, ConcurrentQueue<string> unexpected, CancellationToken stop)
    {
        var mine = setup.Criteria.Where((_, i) => i % Writers == writer).ToList();
        Dictionary<string, int> versions;
        using (var db = Db(setup.Database))
        {
            versions = await db.Answers.Where(a => a.AssessmentId == setup.Sheet && mine.Contains(a.CriterionId)).ToDictionaryAsync(a => a.CriterionId, a => a.Version, stop);
        }

        try
        {
            var token = FormPost.TokenOf(await browser.GetStringAsync($"/assessments/{setup.Sheet}/sheet", stop));
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var criterion = mine[n % mine.Count];
                var version = versions.GetValueOrDefault(criterion);
                var text = $"書き手{writer} 保存{n} {Guid.NewGuid():N}";
                var response = await SaveAnswerAsync(browser, token, setup.Sheet, criterion, version, text, null);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    unexpected.Enqueue($"answer {criterion} v{version}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}");
                    return;
                }

                versions[criterion] = await VersionOfAsync(response);
                acknowledged.Add(new("answer", setup.Sheet, criterion, versions[criterion], text));
            }
        }
        catch (Exception e) when (ServerGone(e))
        {
            // Killed: whatever was acknowledged is checked after the restart.
        }
    }

    /// <summary>The expert asks for a recheck, the applicant replies and sends it back, the expert accepts: round and round.</summary>
    private static async Task MoveTheRoundAsync(Setup setup, HttpClient applicant, HttpClient expert, ConcurrentBag<Acknowledged> acknowledged,
        ConcurrentQueue<string> unexpected, Func<int> stepped, CancellationToken stop)
    {
        AssessmentState state;
        Dictionary<string, (Verdict Verdict, int Version)> verdicts;
        Dictionary<string, int> answers;
        using (var db = Db(setup.Database))
        {
            state = await db.Assessments.Where(a => a.Id == setup.Review).Select(a => a.State).SingleAsync(stop);
            verdicts = await db.Verdicts.Where(v => v.AssessmentId == setup.Review).ToDictionaryAsync(v => v.CriterionId, v => (v.Verdict, v.Version), stop);
            answers = await db.Answers.Where(a => a.AssessmentId == setup.Review).ToDictionaryAsync(a => a.CriterionId, a => a.Version, stop);
        }

        var n = verdicts.Count;
        try
        {
            var expertToken = FormPost.TokenOf(await expert.GetStringAsync($"/reviews/{setup.Review}", stop));
            var applicantToken = FormPost.TokenOf(await applicant.GetStringAsync($"/assessments/{setup.Review}/sheet", stop));

            async Task<bool> VerdictAsync(string criterion, Verdict verdict, string remark)
            {
                var version = verdicts.TryGetValue(criterion, out var v) ? v.Version : 0;
                var response = await SaveVerdictAsync(expert, expertToken, setup.Review, criterion, version, verdict, remark);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    unexpected.Enqueue($"verdict {criterion} v{version}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}");
                    return false;
                }

                verdicts[criterion] = (verdict, await VersionOfAsync(response));
                acknowledged.Add(new("verdict", setup.Review, criterion, verdicts[criterion].Version, remark));
                return true;
            }

            async Task<bool> MoveAsync(HttpClient browser, string token, string path, AssessmentState to)
            {
                var response = await StepAsync(browser, token, path);
                if (response.StatusCode != HttpStatusCode.Redirect)
                {
                    unexpected.Enqueue($"{path} from {state}: {(int)response.StatusCode}");
                    return false;
                }

                state = to;
                stepped();
                return true;
            }

            while (!stop.IsCancellationRequested)
            {
                var rechecks = verdicts.Where(v => v.Value.Verdict == Verdict.Recheck).Select(v => v.Key).ToList();
                if (state == AssessmentState.UnderReview)
                {
                    if (rechecks.Count == 0 && !await VerdictAsync(setup.Criteria[n++ % setup.Criteria.Count], Verdict.Recheck, $"確認したい {Guid.NewGuid():N}"))
                    {
                        return;
                    }

                    if (!await MoveAsync(expert, expertToken, $"/reviews/{setup.Review}?handler=Recheck", AssessmentState.RecheckRequested))
                    {
                        return;
                    }
                }
                else if (state == AssessmentState.RecheckRequested)
                {
                    foreach (var criterion in rechecks)
                    {
                        var reply = $"追記しました {Guid.NewGuid():N}";
                        var response = await SaveAnswerAsync(applicant, applicantToken, setup.Review, criterion, answers[criterion], "規程 改定版", reply);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            unexpected.Enqueue($"reply {criterion} v{answers[criterion]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}");
                            return;
                        }

                        answers[criterion] = await VersionOfAsync(response);
                        acknowledged.Add(new("reply", setup.Review, criterion, answers[criterion], reply));
                    }

                    if (!await MoveAsync(applicant, applicantToken, $"/assessments/{setup.Review}?handler=AnswerRechecks", AssessmentState.UnderReview))
                    {
                        return;
                    }

                    foreach (var criterion in rechecks)
                    {
                        if (!await VerdictAsync(criterion, Verdict.Conformant, $"確認した {Guid.NewGuid():N}"))
                        {
                            return;
                        }
                    }
                }
                else
                {
                    unexpected.Enqueue($"the round is {state}");
                    return;
                }
            }
        }
        catch (Exception e) when (ServerGone(e))
        {
            // Killed mid-step: the restart decides from what is stored.
        }
    }

    private static async Task VerifyAsync(Setup setup, IEnumerable<Acknowledged> acknowledged, ConcurrentQueue<string> problems)
    {
        using var db = Db(setup.Database);
        var rounds = new[] { setup.Sheet, setup.Review };
        var answers = await db.Answers.AsNoTracking().Where(a => rounds.Contains(a.AssessmentId)).ToListAsync();
        var verdicts = await db.Verdicts.AsNoTracking().Where(v => v.AssessmentId == setup.Review).ToListAsync();
        var audit = await db.AuditRecords.AsNoTracking().Where(a => a.Action == "assessment.answer-saved" || a.Action == "assessment.verdict-saved")
            .GroupBy(a => new { a.Action, a.ObjectId }).Select(g => new { g.Key.Action, g.Key.ObjectId, Count = g.Count() }).ToListAsync();
        var saves = audit.ToDictionary(a => (a.Action, a.ObjectId), a => a.Count);

        // Every acknowledged save is there (or a later one over it).
        foreach (var ack in acknowledged)
        {
            var (version, text) = ack.Kind == "verdict"
                ? verdicts.Where(v => v.CriterionId == ack.Criterion).Select(v => (v.Version, v.Remark)).SingleOrDefault()
                : answers.Where(a => a.AssessmentId == ack.Assessment && a.CriterionId == ack.Criterion).Select(a => (a.Version, ack.Kind == "reply" ? a.Reply : a.Supplement)).SingleOrDefault();
            if (version < ack.Version || (version == ack.Version && text != ack.Text))
            {
                problems.Enqueue($"lost: {ack.Kind} {ack.Criterion} v{ack.Version} \"{ack.Text}\"; stored v{version} \"{text}\"");
            }
        }

        // Every stored version is exactly the number of audited saves.
        foreach (var answer in answers)
        {
            var audited = saves.GetValueOrDefault(("assessment.answer-saved", $"{answer.AssessmentId}/{answer.CriterionId}"));
            if (answer.Version != audited)
            {
                problems.Enqueue($"answer {answer.CriterionId} is at v{answer.Version} with {audited} audited saves");
            }
        }

        foreach (var verdict in verdicts)
        {
            var audited = saves.GetValueOrDefault(("assessment.verdict-saved", $"{verdict.AssessmentId}/{verdict.CriterionId}"));
            if (verdict.Version != audited)
            {
                problems.Enqueue($"verdict {verdict.CriterionId} is at v{verdict.Version} with {audited} audited saves");
            }
        }

        // The round is in the state its last state change says.
        var state = await db.Assessments.Where(a => a.Id == setup.Review).Select(a => a.State).SingleAsync();
        var changes = await db.AuditRecords.AsNoTracking().Where(a => a.ObjectType == "Assessment" && a.ObjectId == setup.Review.ToString() && a.Changes != null)
            .OrderByDescending(a => a.Sequence).Select(a => a.Changes!).ToListAsync();
        var last = changes.Select(c => JsonDocument.Parse(c).RootElement).FirstOrDefault(c => c.TryGetProperty("to", out _));
        if (last.ValueKind == JsonValueKind.Undefined || last.GetProperty("to").GetString() != state.ToString())
        {
            problems.Enqueue($"the round is {state} but its audit trail says {(last.ValueKind == JsonValueKind.Undefined ? "nothing" : last.GetProperty("to").GetString())}");
        }
    }
}
