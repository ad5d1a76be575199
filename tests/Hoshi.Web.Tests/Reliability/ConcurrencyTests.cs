using System.Net;
using System.Text.Json;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>
/// Two people doing the same thing at the same moment, for real (both requests in flight
/// together, several times over): one wins, the other is told 409 with what is there now; no
/// lost update, no duplicate row, one audit record per change.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ConcurrencyTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private const int Rounds = 8;
    private readonly People _people = new(factory);

    private static Task<HttpResponseMessage> SaveAnswerAsync(HttpClient browser, string token, Guid assessment, string criterion, int version, string value, string supplement)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/assessments/{assessment}/sheet?handler=Answer")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["CriterionId"] = criterion,
                ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Value"] = value,
                ["Supplement"] = supplement,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return browser.SendAsync(request);
    }

    [Fact]
    public async Task Two_people_saving_the_same_answer_at_once_one_wins_and_the_other_is_told()
    {
        var organization = await _people.OrganizationAsync("同時に保存する会社", OrganizationRole.Applicant);
        var (_, first) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var (_, second) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        var started = await FormPost.SendAsync(first, $"/organizations/{organization}/assessments?handler=Start", new() { ["level"] = "3" });
        var assessment = Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);
        List<string> criteria;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var loaded = (await scope.ServiceProvider.GetRequiredService<Features.Assessments.AssessmentStore>().LoadAsync(assessment))!;
            criteria = [.. loaded.Catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria).Take(Rounds).Select(c => c.Id)];
        }

        var firstToken = FormPost.TokenOf(await first.GetStringAsync($"/assessments/{assessment}/sheet"));
        var secondToken = FormPost.TokenOf(await second.GetStringAsync($"/assessments/{assessment}/sheet"));

        foreach (var criterion in criteria)
        {
            var responses = await Task.WhenAll(
                SaveAnswerAsync(first, firstToken, assessment, criterion, 0, "yes", "管理者の補足"),
                SaveAnswerAsync(second, secondToken, assessment, criterion, 0, "no", "担当者の補足"));
            var statuses = responses.Select(r => r.StatusCode).Order().ToList();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
            var winner = responses[0].StatusCode == HttpStatusCode.OK ? ("yes", "管理者の補足") : ("no", "担当者の補足");
            var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
            var message = JsonDocument.Parse(await loser.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString();
            Assert.Contains(winner.Item2, message, StringComparison.Ordinal);

            var stored = await _people.WithDbAsync(db => db.Answers.Where(a => a.AssessmentId == assessment && a.CriterionId == criterion).ToListAsync());
            var answer = Assert.Single(stored);
            Assert.Equal(winner, (answer.Value, answer.Supplement));
            Assert.Equal(1, answer.Version);
            Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "assessment.answer-saved" && a.ObjectId == $"{assessment}/{criterion}")));
        }
    }

    [Fact]
    public async Task Two_officers_importing_one_catalog_version_at_once_store_it_once()
    {
        var owner = await _people.OrganizationAsync("制度運営(同時取り込み)", OrganizationRole.SchemeOwner);
        var (_, first) = await _people.SignedInMemberAsync(owner, MembershipRole.Officer, twoFactor: true);
        var (_, second) = await _people.SignedInMemberAsync(owner, MembershipRole.OrgAdmin, twoFactor: true);
        var firstToken = FormPost.TokenOf(await first.GetStringAsync("/catalog"));
        var secondToken = FormPost.TokenOf(await second.GetStringAsync("/catalog"));
        var shipped = Features.Catalog.ShippedCatalogs.All().Single(c => c.FileName.Contains("scs-2026-03", StringComparison.Ordinal)).Json;

        static byte[] Version(string shipped, string id, string label)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(shipped)!.AsObject();
            json["id"] = id;
            json["version"] = label;
            json["status"] = "draft";
            json.Remove("published");
            return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
        }

        static Task<HttpResponseMessage> ImportAsync(HttpClient browser, string token, byte[] file)
        {
            var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(file), "file", "catalog.json" } };
            return browser.PostAsync("/catalog?handler=Import", form);
        }

        for (var i = 0; i < Rounds; i++)
        {
            // The same file twice: both told it is stored, one row, one audit record.
            var same = $"scs-race-same-{i}";
            var file = Version(shipped, same, $"同時 {i}");
            var both = await Task.WhenAll(ImportAsync(first, firstToken, file), ImportAsync(second, secondToken, file));
            Assert.All(both, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
            Assert.Equal(1, await _people.WithDbAsync(db => db.CatalogVersions.CountAsync(c => c.Id == same)));
            Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "catalog.imported" && a.ObjectId == same)));

            // Two different files with one id: one is stored, the other refused with 409 and why.
            var contested = $"scs-race-differ-{i}";
            var responses = await Task.WhenAll(
                ImportAsync(first, firstToken, Version(shipped, contested, $"一人目 {i}")),
                ImportAsync(second, secondToken, Version(shipped, contested, $"二人目 {i}")));
            Assert.Equal([HttpStatusCode.Found, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order().ToList());
            var refused = WebUtility.HtmlDecode(await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadAsStringAsync());
            Assert.Contains($"\"{contested}\"", refused, StringComparison.Ordinal);
            var label = await _people.WithDbAsync(db => db.CatalogVersions.Where(c => c.Id == contested).Select(c => c.Label).SingleAsync());
            Assert.Equal(responses[0].StatusCode == HttpStatusCode.Found ? $"一人目 {i}" : $"二人目 {i}", label);
            Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "catalog.imported" && a.ObjectId == contested)));
        }
    }
}
