using System.Net;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>Rounds made over HTTP in the in-memory app, before a real server process takes over the database.</summary>
internal static class Rounds
{
    /// <summary>A scope form for the whole company, every question answered (a new round's version 0).</summary>
    public static Dictionary<string, string> WholeCompanyScope(string fillerName = "山田 太郎") => new()
    {
        ["Input.Version"] = "0",
        ["Input.WholeCompany"] = "yes",
        ["Input.BoundaryDevicesInScope"] = "no",
        ["Input.CloudInScope"] = "yes",
        ["Input.ByodInScope"] = "no",
        ["Input.RemoteWorkInScope"] = "no",
        ["Input.Locations"] = "本社",
        ["Input.FillerName"] = fillerName,
        ["Input.FillerDepartment"] = "総務部",
    };

    /// <summary>A context on the database a real server process uses (outside any in-memory app).</summary>
    public static Hoshi.Data.AppDbContext Database(string setting)
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Hoshi.Data.AppDbContext>();
        Hoshi.Data.HoshiDatabase.Configure(options, Hoshi.Data.DatabaseSetting.Parse(setting));
        return new Hoshi.Data.AppDbContext(options.Options);
    }

    /// <summary>An expert: a person of some company, registered as an expert with valid training, two-factor on.</summary>
    public static async Task<Person> ExpertAsync(People people, HoshiFactory factory, string company)
    {
        var home = await people.OrganizationAsync(company, OrganizationRole.Applicant);
        var expert = await people.PersonAsync(home, MembershipRole.Member, twoFactor: true);
        await using var scope = factory.Services.CreateAsyncScope();
        await Hoshi.Tests.Shared.VerifiedExperts.RegisterAsync(scope.ServiceProvider, expert.UserId, new ExpertInput("054545", null, company, DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-2))));
        return expert;
    }

    /// <summary>A new applicant's ★3 round: scope and every criterion answered, <paramref name="expert"/> chosen, submitted, under review.</summary>
    /// <remarks>Pass the expert's signed-in client when preparing several rounds: each sign-in with two-factor waits for a fresh code (up to 30 s).</remarks>
    public static async Task<(Guid Round, Person Applicant)> UnderReviewAsync(People people, string name, Person expert, IReadOnlyList<string> criteria, HttpClient? expertBrowser = null)
    {
        var organization = await people.OrganizationAsync(name, OrganizationRole.Applicant);
        var person = await people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var applicant = await people.SignedInAsync(person);
        var started = await FormPost.SendAsync(applicant, $"/organizations/{organization}/assessments?handler=Start", []);
        var round = Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);
        var scoped = await FormPost.SendAsync(applicant, $"/assessments/{round}/scope", Rounds.WholeCompanyScope());
        Assert.Contains("すべて回答済み", await scoped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var token = FormPost.TokenOf(await applicant.GetStringAsync($"/assessments/{round}/sheet"));
        foreach (var criterion in criteria)
        {
            Assert.Equal(HttpStatusCode.OK, (await Http.SaveAnswerAsync(applicant, token, round, criterion, 0, "規程 2026-04-01", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=ChooseExpert", new() { ["ExpertEmail"] = expert.Email })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=Submit", new() { ["HoursOnScope"] = "2", ["HoursOnSheet"] = "10" })).StatusCode);

        // The expert declares no conflict of interest for the round before the first verdict.
        await Assessments.Declarations.DeclareAsync(expertBrowser ?? await people.SignedInAsync(expert), round);
        return (round, person);
    }
}

/// <summary>The requests the pages' script sends, for clients of the in-memory app or of a real server.</summary>
internal static class Http
{
    /// <summary>The SHA-256 hash of the one certificate clients trust besides the system's (the test proxy's self-made one), or null.</summary>
    public static string? TrustedCertificate { get; set; }

    public static HttpClient NewClient(Uri address, CookieContainer? cookies = null)
    {
        var handler = new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false };
        if (TrustedCertificate is { } trusted)
        {
            handler.ServerCertificateCustomValidationCallback = (_, presented, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None || presented?.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) == trusted;
        }

        return new(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static Task<HttpResponseMessage> SaveAnswerAsync(HttpClient browser, string token, Guid assessment, string criterion, int version, string supplement, string? reply, string value = "yes")
    {
        var fields = new Dictionary<string, string>
        {
            ["CriterionId"] = criterion,
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Value"] = value,
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

    public static Task<HttpResponseMessage> SaveVerdictAsync(HttpClient browser, string token, Guid assessment, string criterion, int version, Domain.Assessments.Verdict verdict, string remark)
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

    public static async Task<int> VersionOfAsync(HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt32();

    /// <summary>Signs in on a real server (with the code step for people with an authenticator).</summary>
    public static async Task SignInAsync(HttpClient browser, Person person)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, "/account/sign-in", new() { ["Email"] = person.Email, ["Password"] = person.Password })).StatusCode);
        if (person.AuthenticatorKey is { } key)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, "/account/sign-in/code", new() { ["Code"] = await Hoshi.Tests.Shared.Totp.NextCodeAsync(key) })).StatusCode);
        }
    }
}
