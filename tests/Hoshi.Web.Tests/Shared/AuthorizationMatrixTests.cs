using System.Net;
using Hoshi.Data.Evaluations;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Evaluations;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Features.Suppliers;
using Hoshi.Web.Tests.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hoshi.Web.Tests.Shared;

/// <summary>
/// Every page and API the app maps (from its endpoint data source) × every membership role in
/// an applicant-and-buyer organization and in each kind of body × its own organization's objects
/// and a foreign organization's: the status is the one <see cref="Rules"/> says, and a foreign
/// organization's names never appear unless the rule says the role may see them. Every POST
/// handler of every page is tried on the foreign organization's objects too: refused, nothing
/// changed. A new endpoint without a rule fails <see cref="Every_endpoint_has_a_rule"/>.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class AuthorizationMatrixTests(HoshiFactory factory, ITestOutputHelper output) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private const string ForeignName = "他社(行列の外側)株式会社";
    private const string ForeignSupplierName = "他社の取引先(行列の外側)";

    /// <summary>One signed-in person of the matrix.</summary>
    internal sealed record Profile(string Name, MembershipRole Role, OrganizationRole[] OrganizationRoles, Guid Organization, HttpClient Browser, bool Expert = false)
    {
        public bool Administrator => Role == MembershipRole.OrgAdmin;

        /// <summary>Administrators and members work for their organization; officers and assessors judge for a body.</summary>
        public bool Worker => Role is MembershipRole.OrgAdmin or MembershipRole.Member;

        public bool Is(OrganizationRole role) => OrganizationRoles.Contains(role);

        public bool SchemeOwnerAdmin => Is(OrganizationRole.SchemeOwner) && Role is MembershipRole.OrgAdmin or MembershipRole.Officer;
    }

    /// <summary>The objects a route's placeholders are filled with.</summary>
    internal sealed record World(Guid Organization, Guid Assessment, Guid Star4, Guid Supplier, Guid Token, Guid Member, Guid Evaluation, Guid Grant, Guid Import, string CatalogVersion, string Criterion);

    private sealed class Fixture
    {
        public required List<Profile> Profiles { get; init; }

        public required World Own { get; init; }

        public required World Foreign { get; init; }

        /// <summary>For each body profile: its own organization, with nothing of an applicant.</summary>
        public required Dictionary<string, World> OwnOf { get; init; }
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Fixture? _fixture;

    private async Task<Fixture> WorldAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _fixture ??= await BuildAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<World> ApplicantWorldAsync(string name, Guid evaluationBody, Guid? expert)
    {
        var organization = await _people.OrganizationAsync(name, OrganizationRole.Applicant, OrganizationRole.Buyer);
        var admin = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var member = await _people.PersonAsync(organization, MembershipRole.Member);
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var star3 = await services.GetRequiredService<AssessmentStore>().StartAsync(organization, Level.Star3, admin.UserId, null);
        var star4 = await services.GetRequiredService<AssessmentStore>().StartAsync(organization, Level.Star4, admin.UserId, null);
        var (supplier, errors) = await services.GetRequiredService<SupplierStore>().AddAsync(organization,
            new SupplierInput(Hoshi.Tests.Shared.Listings.NewNumber(), name == ForeignName ? ForeignSupplierName : "自社の取引先(行列)", null, null, null, null), admin.UserId, null);
        Assert.Empty(errors);
        var (token, _) = await services.GetRequiredService<ApiTokenStore>().CreateAsync(organization, "行列", [ApiScope.OrganizationRead], admin.UserId, null);
        var db = services.GetRequiredService<Data.AppDbContext>();
        var evaluation = new EvaluationRecord { Id = Guid.NewGuid(), AssessmentId = star4.Id, ApplicantId = organization, BodyId = evaluationBody, State = EvaluationState.Requested };
        db.Add(evaluation);
        if (expert is { } e)
        {
            var round = await db.Assessments.SingleAsync(a => a.Id == star3.Id);
            round.ExpertUserId = e;
        }

        await db.SaveChangesAsync();
        var criterion = (await services.GetRequiredService<AssessmentStore>().LoadAsync(star3.Id))!.Catalog.SheetFor(Level.Star3)[0].Criteria[0].Id;
        return new World(organization, star3.Id, star4.Id, supplier!.Id, token.Id, member.UserId, evaluation.Id, Guid.NewGuid(), Guid.NewGuid(), star3.CatalogVersionId, criterion);
    }

    private async Task<Fixture> BuildAsync()
    {
        var profiles = new List<Profile>();
        var ownOf = new Dictionary<string, World>();

        async Task<Profile> AddAsync(string name, Guid organization, OrganizationRole[] roles, MembershipRole role)
        {
            var (_, browser) = await _people.SignedInMemberAsync(organization, role, twoFactor: role.RequiresTwoFactor() || roles.Any(r => !r.IsSelfDeclared()));
            var profile = new Profile(name, role, roles, organization, browser);
            profiles.Add(profile);
            return profile;
        }

        var body = await _people.OrganizationAsync("評価機関(行列)", OrganizationRole.EvaluationBody);
        var foreignBody = await _people.OrganizationAsync("他社の評価機関(行列の外側)", OrganizationRole.EvaluationBody);
        var expertHome = await _people.OrganizationAsync("専門家の所属(行列)", OrganizationRole.Applicant);
        var expertPerson = await _people.PersonAsync(expertHome, MembershipRole.Member, twoFactor: true);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await Hoshi.Tests.Shared.VerifiedExperts.RegisterAsync(scope.ServiceProvider, expertPerson.UserId, new ExpertInput("077777", null, null, DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-1))));
        }

        var own = await ApplicantWorldAsync("自社(行列)", body, expertPerson.UserId);
        var foreign = await ApplicantWorldAsync(ForeignName, foreignBody, null);
        OrganizationRole[] applicantBuyer = [OrganizationRole.Applicant, OrganizationRole.Buyer];
        foreach (var role in Enum.GetValues<MembershipRole>())
        {
            await AddAsync($"applicant {role}", own.Organization, applicantBuyer, role);
        }

        var expert = new Profile("expert", MembershipRole.Member, [OrganizationRole.Applicant], expertHome, await _people.SignedInAsync(expertPerson), Expert: true);
        profiles.Add(expert);
        ownOf[expert.Name] = own with { Organization = expertHome, Star4 = Guid.NewGuid(), Supplier = Guid.NewGuid(), Token = Guid.NewGuid(), Member = Guid.NewGuid(), Evaluation = Guid.NewGuid() };

        foreach (var (name, roles) in new (string, OrganizationRole)[]
        {
            ("evaluation body", OrganizationRole.EvaluationBody), ("verification provider", OrganizationRole.VerificationProvider),
            ("registration body", OrganizationRole.RegistrationBody), ("accreditation body", OrganizationRole.AccreditationBody),
            ("scheme owner", OrganizationRole.SchemeOwner),
        })
        {
            var organization = name == "evaluation body" ? body : await _people.OrganizationAsync($"{name}(行列)", roles);
            foreach (var role in Enum.GetValues<MembershipRole>())
            {
                var profile = await AddAsync($"{name} {role}", organization, [roles], role);
                ownOf[profile.Name] = own with
                {
                    Organization = organization,
                    Assessment = Guid.NewGuid(),
                    Star4 = Guid.NewGuid(),
                    Supplier = Guid.NewGuid(),
                    Token = Guid.NewGuid(),
                    Member = Guid.NewGuid(),
                    Evaluation = name == "evaluation body" ? own.Evaluation : Guid.NewGuid(),
                };
            }
        }

        return new Fixture { Profiles = profiles, Own = own, Foreign = foreign, OwnOf = ownOf };
    }

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static string Route(RouteEndpoint e) => e.RoutePattern.RawText?.Trim('/') ?? "";

    /// <summary>What a profile gets: the status, and whether a foreign organization's names may be in the page.</summary>
    internal readonly record struct Expected(HttpStatusCode Status, bool MayShowForeign = false)
    {
        public static implicit operator Expected(HttpStatusCode status) => new(status);
    }

    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
    private const HttpStatusCode NotFound = HttpStatusCode.NotFound;

    /// <summary>Pages for anyone signed in; they list only what is the person's own.</summary>
    private static Expected Anyone(Profile p, bool foreign) => Ok;

    /// <summary>Scheme-wide pages of the scheme owner's administrators and officers.</summary>
    private static Expected SchemeOwner(Profile p, bool foreign) => p.SchemeOwnerAdmin ? Ok : Forbidden;

    /// <summary>The organization's own page: its people; the scheme owner sees every organization.</summary>
    private static Expected ViewOrganization(Profile p, bool foreign) =>
        !foreign ? Ok : p.SchemeOwnerAdmin ? new Expected(Ok, MayShowForeign: true) : NotFound;

    /// <summary>Foreign organizations are "not found", except to the scheme owner who may see them and is refused.</summary>
    private static Expected Hidden(Profile p) => p.SchemeOwnerAdmin ? Forbidden : NotFound;

    /// <summary>The organization's administrators only.</summary>
    private static Expected Administer(Profile p, bool foreign) => foreign ? Hidden(p) : p.Administrator ? Ok : Forbidden;

    /// <summary>As <see cref="Administer"/>, on an object only the applicant's world has.</summary>
    private static Expected AdministerApplicantObject(Profile p, bool foreign) =>
        foreign ? Hidden(p) : !p.Administrator ? Forbidden : p.Organization == _fixture!.Own.Organization ? Ok : NotFound;

    /// <summary>Administrators and members of an applicant: the self-assessment rounds.</summary>
    private static Expected WorkOnAssessments(Profile p, bool foreign) =>
        foreign ? Hidden(p) : p.Worker && p.Is(OrganizationRole.Applicant) ? Ok : Forbidden;

    /// <summary>One round of the applicant: its administrators and members; others of the applicant are refused; everyone else finds nothing.</summary>
    private static Expected Round(Profile p, bool foreign) =>
        foreign ? Hidden(p) : p.Organization != _fixture!.Own.Organization ? NotFound : p.Worker ? Ok : Forbidden;

    /// <summary>A round's OSCAL documents: the round's people as <see cref="Round"/>, and the expert it asked.</summary>
    private static Expected RoundOrItsReview(Profile p, bool foreign) => Review(p, foreign).Status == Ok ? Ok : Round(p, foreign);

    /// <summary>Sharing one round's work: the applicant's administrators; others of the applicant are refused; everyone else finds nothing.</summary>
    private static Expected RoundAdministrator(Profile p, bool foreign) =>
        foreign ? Hidden(p) : p.Organization != _fixture!.Own.Organization ? NotFound : p.Administrator ? Ok : Forbidden;

    /// <summary>Administrators and members of a buyer: the portfolio.</summary>
    private static Expected Portfolio(Profile p, bool foreign) =>
        foreign ? Hidden(p) : p.Worker && p.Is(OrganizationRole.Buyer) ? Ok : Forbidden;

    /// <summary>As <see cref="Portfolio"/>, for an object made for this test only by a later step (an import, a grant): not found.</summary>
    private static Expected PortfolioMissingObject(Profile p, bool foreign) =>
        foreign ? Hidden(p) : p.Worker && p.Is(OrganizationRole.Buyer) ? NotFound : Forbidden;

    /// <summary>Buyers' requests: any organization's administrators and members answer them.</summary>
    private static Expected RespondToBuyers(Profile p, bool foreign) => foreign ? Hidden(p) : p.Worker ? Ok : Forbidden;

    /// <summary>An evaluation: the body's administrators, officers and lead assessors (and the appointed team).</summary>
    private static Expected Evaluation(Profile p, bool foreign) =>
        !foreign && p.Is(OrganizationRole.EvaluationBody) && p.Role is MembershipRole.OrgAdmin or MembershipRole.Officer or MembershipRole.LeadAssessor ? Ok : NotFound;

    /// <summary>An evaluation's trail: the body's managers and the applicant's administrators and members.</summary>
    private static Expected EvaluationTrail(Profile p, bool foreign) =>
        !foreign && p.Organization == _fixture!.Own.Organization && p.Worker ? Ok : Evaluation(p, foreign);

    /// <summary>A round under review: only the expert it asked.</summary>
    private static Expected Review(Profile p, bool foreign) => !foreign && p.Expert ? Ok : NotFound;

    /// <summary>Only rounds submitted for registration, and none of this test's are: nobody finds one.</summary>
    private static Expected NothingToFind(Profile p, bool foreign) => NotFound;

    /// <summary>
    /// Every signed-in route and who gets what. Own objects are the profile's organization's
    /// (an applicant and buyer with a ★3 and a ★4 round, a supplier, a token, a member and an
    /// evaluation requested from the evaluation body); foreign ones another applicant's.
    /// </summary>
    internal static readonly Dictionary<string, Func<Profile, bool, Expected>> Rules = new()
    {
        ["account"] = Anyone,
        ["account/two-factor"] = Anyone,
        ["account/expert"] = Anyone,
        ["experts"] = SchemeOwner,
        ["corporations/letters"] = SchemeOwner,

        // The member filled in is no expert: the scheme owner's officers find no profile; everyone else may not look.
        ["experts/{userId:guid}"] = (p, f) => p.SchemeOwnerAdmin ? NotFound : Forbidden,
        ["organizations"] = (p, f) => p.SchemeOwnerAdmin ? new Expected(Ok, MayShowForeign: true) : Ok,
        ["organizations/new"] = Anyone,
        ["notifications"] = Anyone,
        ["reviews"] = Anyone,
        ["registrations"] = Anyone,
        ["evaluations"] = Anyone,
        ["admin/audit"] = (p, f) => p.SchemeOwnerAdmin ? new Expected(Ok, MayShowForeign: true) : Forbidden,
        ["admin/jobs"] = SchemeOwner,
        ["admin/analytics"] = SchemeOwner,
        ["admin/analytics/activity"] = SchemeOwner,
        ["catalog/{id}/help/{criterionId}"] = SchemeOwner,
        ["accreditations"] = (p, f) => p.Is(OrganizationRole.AccreditationBody) && p.Role is MembershipRole.OrgAdmin or MembershipRole.Officer ? Ok : Forbidden,
        ["accreditations/{id:guid}"] = NothingToFind,
        ["organizations/{id:guid}"] = ViewOrganization,
        ["api/organizations/{id:guid}"] = ViewOrganization,
        ["organizations/{id:guid}/edit"] = Administer,
        ["organizations/{id:guid}/invite"] = Administer,
        ["organizations/{id:guid}/tokens"] = Administer,
        ["organizations/{id:guid}/audit"] = Administer,
        ["api/organizations/{id:guid}/audit"] = Administer,
        ["organizations/{id:guid}/disclosures"] = Administer,
        ["organizations/{id:guid}/tokens/{tokenId:guid}/revoke"] = AdministerApplicantObject,
        ["organizations/{id:guid}/members/{userId:guid}/remove"] = AdministerApplicantObject,
        ["organizations/{id:guid}/assessments"] = WorkOnAssessments,
        ["assessments/{assessmentId:guid}"] = Round,
        ["assessments/{assessmentId:guid}/scope"] = Round,
        ["assessments/{assessmentId:guid}/sheet"] = Round,
        ["assessments/{assessmentId:guid}/assignments"] = RoundAdministrator,
        ["assessments/{assessmentId:guid}/advice"] = Round,
        ["assessments/{assessmentId:guid}/oscal"] = RoundOrItsReview,
        ["assessments/{assessmentId:guid}/excel"] = Round,
        ["assessments/{assessmentId:guid}/plan"] = Round,
        ["assessments/{assessmentId:guid}/templates"] = Round,
        ["assessments/{assessmentId:guid}/guided"] = Round,
        ["assessments/{assessmentId:guid}/evaluation"] = Round,
        ["organizations/{id:guid}/suppliers"] = Portfolio,
        ["organizations/{id:guid}/suppliers/changes"] = Portfolio,
        ["organizations/{id:guid}/suppliers/partner-check"] = Portfolio,
        ["organizations/{id:guid}/suppliers/{supplierId:guid}"] = (p, f) => AdministerOwnSupplier(p, f),
        ["organizations/{id:guid}/suppliers/{supplierId:guid}/edit"] = (p, f) => AdministerOwnSupplier(p, f),
        ["organizations/{id:guid}/suppliers/{supplierId:guid}/request"] = (p, f) => AdministerOwnSupplier(p, f),
        ["organizations/{id:guid}/suppliers/imports/{importId:guid}"] = PortfolioMissingObject,
        ["organizations/{id:guid}/disclosed/{grantId:guid}"] = PortfolioMissingObject,
        ["api/organizations/{id:guid}/suppliers"] = Portfolio,
        ["api/organizations/{id:guid}/suppliers/status"] = Portfolio,
        ["api/organizations/{id:guid}/suppliers/imports"] = Portfolio,
        ["api/organizations/{id:guid}/suppliers/{supplierId:guid}"] = (p, f) => AdministerOwnSupplier(p, f),
        ["api/organizations/{id:guid}/suppliers/imports/{importId:guid}"] = PortfolioMissingObject,
        ["organizations/{id:guid}/requests"] = RespondToBuyers,
        ["evaluations/{id:guid}"] = Evaluation,
        ["evaluations/{id:guid}/technical"] = Evaluation,
        ["evaluations/{id:guid}/audit"] = EvaluationTrail,
        ["reviews/{assessmentId:guid}"] = Review,
        ["reviews/{assessmentId:guid}/excel"] = Review,
        ["registrations/{assessmentId:guid}"] = NothingToFind,
    };

    /// <summary>A supplier of the applicant-and-buyer's portfolio: its administrators and members; other buyers' people find none of it.</summary>
    private static Expected AdministerOwnSupplier(Profile p, bool foreign) =>
        foreign ? Hidden(p) : !(p.Worker && p.Is(OrganizationRole.Buyer)) ? Forbidden : p.Organization == _fixture!.Own.Organization ? Ok : NotFound;

    /// <summary>The path of a route with its placeholders filled from <paramref name="world"/>.</summary>
    internal static string Fill(string route, World world)
    {
        var path = "/" + route
            .Replace("{id:guid}", route.StartsWith("evaluations/", StringComparison.Ordinal) ? world.Evaluation.ToString()
                : route.StartsWith("accreditations/", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : world.Organization.ToString(), StringComparison.Ordinal)
            .Replace("{id}", world.CatalogVersion, StringComparison.Ordinal)
            .Replace("{criterionId}", world.Criterion, StringComparison.Ordinal)
            .Replace("{tokenId:guid}", world.Token.ToString(), StringComparison.Ordinal)
            .Replace("{userId:guid}", world.Member.ToString(), StringComparison.Ordinal)
            .Replace("{supplierId:guid}", world.Supplier.ToString(), StringComparison.Ordinal)
            .Replace("{importId:guid}", world.Import.ToString(), StringComparison.Ordinal)
            .Replace("{grantId:guid}", world.Grant.ToString(), StringComparison.Ordinal)
            .Replace("{assessmentId:guid}", (route.EndsWith("/evaluation", StringComparison.Ordinal) ? world.Star4 : world.Assessment).ToString(), StringComparison.Ordinal);
        return route.EndsWith("/remove", StringComparison.Ordinal) ? path + "?role=Member" : path;
    }

    private static bool ShowsForeign(string body) =>
        body.Contains(ForeignName, StringComparison.Ordinal) || body.Contains(ForeignSupplierName, StringComparison.Ordinal);

    [Fact]
    public void Every_endpoint_has_a_rule()
    {
        var unknown = Endpoints().Select(Route).Distinct().Where(r => !EndpointAccessTests.Public.Contains(r) && !Rules.ContainsKey(r)).ToList();
        Assert.True(unknown.Count == 0, "Say who may use: " + string.Join(", ", unknown));
        var routes = Endpoints().Select(Route).ToHashSet();
        Assert.True(Rules.Keys.All(routes.Contains), "Rules for routes that are gone: " + string.Join(", ", Rules.Keys.Where(r => !routes.Contains(r))));
    }

    [Fact]
    public async Task Every_role_gets_what_the_rules_say_on_its_own_and_a_foreign_organization()
    {
        var fixture = await WorldAsync();
        var wrong = new List<string>();
        var checkedCells = 0;
        foreach (var route in Rules.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var profile in fixture.Profiles)
            {
                foreach (var foreign in new[] { false, true })
                {
                    var world = foreign ? fixture.Foreign : fixture.OwnOf.GetValueOrDefault(profile.Name) ?? fixture.Own;
                    var expected = Rules[route](profile, foreign);
                    var response = await profile.Browser.GetAsync(Fill(route, world));
                    var body = await response.Content.ReadAsStringAsync();
                    checkedCells++;
                    if (response.StatusCode != expected.Status)
                    {
                        wrong.Add($"{route} as {profile.Name} on {(foreign ? "foreign" : "own")}: {(int)response.StatusCode}, expected {(int)expected.Status}");
                    }

                    if (!expected.MayShowForeign && ShowsForeign(body))
                    {
                        wrong.Add($"{route} as {profile.Name} on {(foreign ? "foreign" : "own")}: shows the foreign organization");
                    }
                }
            }
        }

        output.WriteLine($"{checkedCells} cells: {Rules.Count} routes × {fixture.Profiles.Count} profiles × own and foreign");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>What the scheme owner's administrators and officers may do whatever the organization (here refused only for the empty form).</summary>
    private static readonly string[] SchemeOwnerAnywhere = ["?handler=Grant", "?handler=VerifyIdentity", "?handler=ConfirmParent", "/help/"];

    /// <summary>Every POST a page handles and every API write, by every profile, on the foreign organization's objects.</summary>
    [Fact]
    public async Task No_role_can_post_to_a_foreign_organization_and_nothing_changes()
    {
        var fixture = await WorldAsync();
        var posts = new List<string>();
        foreach (var endpoint in Endpoints())
        {
            var route = Route(endpoint);
            if (!Rules.ContainsKey(route) || !route.Contains('{', StringComparison.Ordinal))
            {
                // Scheme-wide pages and the person's own account: no foreign object in the path.
                continue;
            }

            if (endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>() is { } compiled)
            {
                posts.AddRange(compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)).Select(h => Fill(route, fixture.Foreign) + (h.Name is null ? "" : (route.EndsWith("/remove", StringComparison.Ordinal) ? "&" : "?") + "handler=" + h.Name)));
            }
            else if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Any(m => m is "POST" or "PUT") == true)
            {
                posts.Add("API " + string.Join(",", endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods) + " " + Fill(route, fixture.Foreign));
            }
        }

        Assert.True(posts.Count > 40, $"only {posts.Count} handlers found");
        var auditBefore = await _people.WithDbAsync(db => db.AuditRecords.CountAsync());
        var wrong = new List<string>();
        foreach (var profile in fixture.Profiles)
        {
            var token = FormPost.TokenOf(await profile.Browser.GetStringAsync("/account"));
            foreach (var post in posts.Where(p => !(profile.SchemeOwnerAdmin && SchemeOwnerAnywhere.Any(p.Contains))))
            {
                HttpResponseMessage response;
                if (post.StartsWith("API ", StringComparison.Ordinal))
                {
                    var parts = post.Split(' ');
                    using var request = new HttpRequestMessage(new HttpMethod(parts[1].Split(',')[0]), parts[2]) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
                    response = await profile.Browser.SendAsync(request);
                }
                else
                {
                    response = await profile.Browser.PostAsync(post, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
                }

                if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized))
                {
                    wrong.Add($"{post} as {profile.Name}: {(int)response.StatusCode} {response.Headers.Location}");
                }

                if (ShowsForeign(await response.Content.ReadAsStringAsync()))
                {
                    wrong.Add($"{post} as {profile.Name}: shows the foreign organization");
                }
            }
        }

        output.WriteLine($"{posts.Count} writes × {fixture.Profiles.Count} profiles");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(auditBefore, await _people.WithDbAsync(db => db.AuditRecords.CountAsync()));
    }
}
