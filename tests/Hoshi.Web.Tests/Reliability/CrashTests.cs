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
[Collection(RealServerTests.Name)]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Kills = 4;
    private const int Writers = 4;

    /// <summary>Something the server acknowledged: an answer or verdict at a version, with the text it was given.</summary>
    private sealed record Acknowledged(string Kind, Guid Assessment, string Criterion, int Version, string Text);

    private sealed record Setup(string Database, Guid Sheet, IReadOnlyList<string> Criteria, IReadOnlyList<Person> Writers,
        Guid Review, Person Applicant, Person Expert);

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
        var expert = await Rounds.ExpertAsync(people, factory, "診断の会社(落ちても)");
        var (review, applicantPerson) = await Rounds.UnderReviewAsync(people, "確認が続く株式会社", expert, criteria);
        return new Setup(factory.DatabaseSettingValue, sheet, criteria, writers, review, applicantPerson, expert);
    }

    /// <summary>Posts a step; a step that asks for confirmation (what happens, to whom) is confirmed as the page offers.</summary>
    private static async Task<HttpResponseMessage> StepAsync(HttpClient browser, string token, string path)
    {
        var first = await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        return first.StatusCode == HttpStatusCode.OK && FormPost.ConfirmationOf(await first.Content.ReadAsStringAsync()) is { } confirmation
            ? await browser.PostAsync(confirmation.Action, new FormUrlEncodedContent(confirmation.Fields))
            : first;
    }

    private static AppDbContext Db(string setting) => Rounds.Database(setting);

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
        var writers = setup.Writers.Select(_ => Http.NewClient(address)).ToList();
        var applicant = Http.NewClient(address);
        var expert = Http.NewClient(address);
        var random = new Random();

        for (var kill = 0; kill <= Kills; kill++)
        {
            using var server = await ServerProcess.StartAsync(setup.Database, folder, port);
            if (kill == 0)
            {
                for (var i = 0; i < writers.Count; i++)
                {
                    await Http.SignInAsync(writers[i], setup.Writers[i]);
                }

                await Http.SignInAsync(applicant, setup.Applicant);
                await Http.SignInAsync(expert, setup.Expert);
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
            // The first two rounds also wait for a state change, so a slow machine still sees a few (each takes several requests).
            var before = acknowledged.Count;
            var stepsBefore = Volatile.Read(ref steps);
            for (var waited = 0; (acknowledged.Count < before + Writers || (kill < 2 && Volatile.Read(ref steps) == stepsBefore)) && waited < 200; waited++)
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
        cli.Environment["Hoshi__Keys__KeyFile"] = Path.Combine(folder, "hoshi.keys");
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
                var response = await Http.SaveAnswerAsync(browser, token, setup.Sheet, criterion, version, text, null);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    unexpected.Enqueue($"answer {criterion} v{version}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}");
                    return;
                }

                versions[criterion] = await Http.VersionOfAsync(response);
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
                var response = await Http.SaveVerdictAsync(expert, expertToken, setup.Review, criterion, version, verdict, remark);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    unexpected.Enqueue($"verdict {criterion} v{version}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}");
                    return false;
                }

                verdicts[criterion] = (verdict, await Http.VersionOfAsync(response));
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
                        var response = await Http.SaveAnswerAsync(applicant, applicantToken, setup.Review, criterion, answers[criterion], "規程 改定版", reply);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            unexpected.Enqueue($"reply {criterion} v{answers[criterion]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}");
                            return;
                        }

                        answers[criterion] = await Http.VersionOfAsync(response);
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
