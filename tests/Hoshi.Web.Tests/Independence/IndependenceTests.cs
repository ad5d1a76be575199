using System.Net;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Tests.Accounts;
using Hoshi.Web.Tests.Assessments;
using Hoshi.Web.Tests.Reliability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Independence;

/// <summary>
/// Whoever judges never belongs to the judged, and only verified experts judge: refused when the
/// expert is chosen and again at every verdict and decision, with 403 and nothing recorded.
/// </summary>
public sealed class IndependenceTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    /// <summary>The ★3 sheet's criteria (the same catalog for every round of the class).</summary>
    private List<string> _criteria = [];

    private string[] Criteria => [_criteria[0], _criteria[1]];

    private static string Text(HttpResponseMessage response) => WebUtility.HtmlDecode(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());

    /// <summary>A ★3 draft with a complete scope naming <paramref name="groupCompanies"/>, answered by its administrator.</summary>
    private async Task<(Guid Organization, Guid Round, Person Admin, HttpClient Applicant)> DraftAsync(string name, string groupCompanies = "")
    {
        var organization = await _people.OrganizationAsync(name, OrganizationRole.Applicant);
        var (admin, applicant) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin, twoFactor: true);
        var started = await FormPost.SendAsync(applicant, $"/organizations/{organization}/assessments?handler=Start", []);
        var round = Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);
        Assert.Contains("すべて回答済み", Text(await FormPost.SendAsync(applicant, $"/assessments/{round}/scope", new()
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
            ["Input.Entities"] = groupCompanies,
        })), StringComparison.Ordinal);
        var token = FormPost.TokenOf(await applicant.GetStringAsync($"/assessments/{round}/sheet"));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var loaded = (await scope.ServiceProvider.GetRequiredService<Features.Assessments.AssessmentStore>().LoadAsync(round))!;
            _criteria = [.. loaded.Catalog.SheetFor(Domain.Level.Star3).SelectMany(r => r.Criteria).Select(c => c.Id)];
            foreach (var criterion in loaded.Catalog.SheetFor(Domain.Level.Star3).SelectMany(r => r.Criteria))
            {
                Assert.Equal(HttpStatusCode.OK, (await Http.SaveAnswerAsync(applicant, token, round, criterion.Id, 0, "規程 2026-04-01", null)).StatusCode);
            }
        }

        return (organization, round, admin, applicant);
    }

    private async Task<Person> ExpertAsync(Guid home, bool verified = true)
    {
        var expert = await _people.PersonAsync(home, MembershipRole.Member, twoFactor: true);
        var input = new ExpertInput("054545", null, null, DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-2)));
        if (verified)
        {
            await Hoshi.Tests.Shared.VerifiedExperts.RegisterAsync(factory.Services, expert.UserId, input);
        }
        else
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ExpertStore>().SaveAsync(expert.UserId, null, input, null);
        }

        return expert;
    }

    private static Task<HttpResponseMessage> ChooseAsync(HttpClient applicant, Guid round, string email) =>
        FormPost.SendAsync(applicant, $"/assessments/{round}?handler=ChooseExpert", new() { ["ExpertEmail"] = email });

    private Task<int> ChoicesRecordedAsync(Guid round) =>
        _people.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.ObjectId == round.ToString() && r.Action == "assessment.expert-chosen"));

    [Fact]
    public async Task An_applicants_own_administrator_registered_as_an_expert_is_refused_as_its_reviewer()
    {
        var (_, round, admin, applicant) = await DraftAsync("自分で確認したい株式会社");

        // The administrator registers as an expert (qualification verified even) and tries to review the own company.
        await Hoshi.Tests.Shared.VerifiedExperts.RegisterAsync(factory.Services, admin.UserId, new ExpertInput(null, "CISSP", null, DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-1))));
        var refused = await ChooseAsync(applicant, round, admin.Email);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("この組織のメンバーであるため、この組織を評価できません", Text(refused), StringComparison.Ordinal);
        Assert.Null(await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round).Select(a => a.ExpertUserId).SingleAsync()));
        Assert.Equal(0, await ChoicesRecordedAsync(round));

        // In English the refusal names the same rule.
        var english = await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=ChooseExpert&lang=en", new() { ["ExpertEmail"] = admin.Email });
        Assert.Equal(HttpStatusCode.Forbidden, english.StatusCode);
        Assert.Contains("You are a member of this organization, so you may not judge it", Text(english), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unverified_expert_cannot_be_chosen_until_a_scheme_owner_officer_verifies_them()
    {
        var (_, round, _, applicant) = await DraftAsync("確認前の専門家を頼む株式会社");
        var expert = await ExpertAsync(await _people.OrganizationAsync("自己申告の専門家の事務所", OrganizationRole.Applicant), verified: false);
        var refused = await ChooseAsync(applicant, round, expert.Email);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("制度運営事務局による確認が済んでいません", Text(refused), StringComparison.Ordinal);

        // The scheme owner's officer verifies against the register; the applicant may choose the expert now.
        var owner = await _people.OrganizationAsync("制度運営(独立性の試験)", OrganizationRole.SchemeOwner);
        var (_, officer) = await _people.SignedInMemberAsync(owner, MembershipRole.Officer, twoFactor: true);
        Assert.Contains(expert.Email, await officer.GetStringAsync("/experts"), StringComparison.Ordinal);
        var noBasis = await FormPost.SendAsync(officer, $"/experts/{expert.UserId}", new() { ["Action"] = "Verify", ["Version"] = await ProfileVersionAsync(expert) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noBasis.StatusCode);
        var selfDeclared = await FormPost.SendAsync(officer, $"/experts/{expert.UserId}", new() { ["Action"] = "Verify", ["Basis"] = "自己申告", ["Version"] = await ProfileVersionAsync(expert) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, selfDeclared.StatusCode);
        var verified = await FormPost.SendAsync(officer, $"/experts/{expert.UserId}", new() { ["Action"] = "Verify", ["Basis"] = "riss-register", ["Version"] = await ProfileVersionAsync(expert) });
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        Assert.Contains("資格が確認されました", (await _people.MailToAsync(expert.Email)).Subject, StringComparison.Ordinal);
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.ObjectId == expert.UserId.ToString() && r.Action == "expert.verification-verify")));
        Assert.Equal(HttpStatusCode.Redirect, (await ChooseAsync(applicant, round, expert.Email)).StatusCode);

        // Suspended (with a reason), the expert cannot be chosen for another round.
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.ConfirmedStepAsync(officer, $"/experts/{expert.UserId}",
            new() { ["Action"] = "Suspend", ["Reason"] = "登録簿から抹消されていた", ["Version"] = await ProfileVersionAsync(expert) },
            async () => $"{await ProfileVersionAsync(expert)} {await _people.WithDbAsync(db => db.AuditRecords.CountAsync())}")).StatusCode);
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.ObjectId == expert.UserId.ToString() && r.Action == "expert.verification-suspend")));
        var (_, other, _, otherApplicant) = await DraftAsync("停止後に頼む株式会社");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ChooseAsync(otherApplicant, other, expert.Email)).StatusCode);

        // Only the scheme owner's officers see the register.
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.GetAsync("/experts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.GetAsync($"/experts/{expert.UserId}")).StatusCode);
    }

    private async Task<string> ProfileVersionAsync(Person expert) =>
        (await _people.WithDbAsync(db => db.ExpertProfiles.Where(e => e.UserId == expert.UserId).Select(e => e.Version).SingleAsync())).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_member_of_a_group_company_in_the_scope_or_of_the_parent_is_refused()
    {
        var subsidiaryNumber = Hoshi.Web.Cli.DemoData.CorporateNumberFor("6" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (organization, round, _, applicant) = await DraftAsync("グループで受ける株式会社", $"{subsidiaryNumber} グループの子会社");
        var subsidiary = await _people.OrganizationAsync("グループの子会社", OrganizationRole.Applicant);
        await _people.WithDbAsync(db => db.Organizations.Where(o => o.Id == subsidiary).ExecuteUpdateAsync(u => u.SetProperty(o => o.CorporateNumber, subsidiaryNumber)));
        var fromSubsidiary = await ExpertAsync(subsidiary);
        var refused = await ChooseAsync(applicant, round, fromSubsidiary.Email);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("適用範囲に含まれるグループ会社のメンバー", Text(refused), StringComparison.Ordinal);

        var parent = await _people.OrganizationAsync("グループの親会社", OrganizationRole.Applicant);
        await _people.WithDbAsync(db => db.Organizations.Where(o => o.Id == organization).ExecuteUpdateAsync(u => u.SetProperty(o => o.ParentId, parent)));
        var fromParent = await ExpertAsync(parent);
        var refusedParent = await ChooseAsync(applicant, round, fromParent.Email);
        Assert.Equal(HttpStatusCode.Forbidden, refusedParent.StatusCode);
        Assert.Contains("親会社のメンバー", Text(refusedParent), StringComparison.Ordinal);
        Assert.Equal(0, await ChoicesRecordedAsync(round));
    }

    [Fact]
    public async Task Someone_who_edited_the_answers_and_left_the_company_is_still_refused()
    {
        var (organization, round, _, applicant) = await DraftAsync("元社員に頼みたい株式会社");
        var former = await ExpertAsync(organization);
        var formerBrowser = await _people.SignedInAsync(former);
        var token = FormPost.TokenOf(await formerBrowser.GetStringAsync($"/assessments/{round}/sheet"));
        var edited = await Http.SaveAnswerAsync(formerBrowser, token, round, Criteria[0], 1, "元社員が書き直した補足 2026-04-01", null);
        Assert.True(edited.StatusCode == HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        await _people.WithDbAsync(db => db.Memberships.Where(m => m.UserId == former.UserId).ExecuteDeleteAsync());
        var refused = await ChooseAsync(applicant, round, former.Email);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("この回の適用範囲または回答を編集した", Text(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_membership_added_after_the_choice_blocks_every_verdict_and_the_decision_with_403()
    {
        var (organization, round, _, applicant) = await DraftAsync("後から入社する専門家の株式会社");
        var expert = await ExpertAsync(await _people.OrganizationAsync("独立した診断事務所", OrganizationRole.Applicant));
        Assert.Equal(HttpStatusCode.Redirect, (await ChooseAsync(applicant, round, expert.Email)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(applicant, $"/assessments/{round}?handler=Submit", new() { ["HoursOnScope"] = "1", ["HoursOnSheet"] = "4" })).StatusCode);
        var judge = await _people.SignedInAsync(expert);

        // Before the declaration no verdict is taken; the page asks for it.
        var review = await judge.GetStringAsync($"/reviews/{round}");
        Assert.Contains("data-testid=\"declare-form\"", review, StringComparison.Ordinal);
        var token = FormPost.TokenOf(review);
        var undeclared = await Http.SaveVerdictAsync(judge, token, round, Criteria[0], 0, Verdict.Conformant, "");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, undeclared.StatusCode);
        Assert.Contains("利益相反がないことを宣誓してください", System.Text.Json.JsonDocument.Parse(await undeclared.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        var unticked = await FormPost.SendAsync(judge, $"/reviews/{round}?handler=Declare", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unticked.StatusCode);
        await Declarations.DeclareAsync(judge, round);
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.ObjectId == round.ToString() && r.Action == "assessment.independence-declared")));
        Assert.Equal(HttpStatusCode.OK, (await Http.SaveVerdictAsync(judge, token, round, Criteria[0], 0, Verdict.Conformant, "")).StatusCode);

        // The expert joins the applicant: the next verdict and the decision are forbidden, nothing is stored.
        await _people.WithDbAsync(async db =>
        {
            db.Memberships.Add(new MembershipRecord { UserId = expert.UserId, OrganizationId = organization, Role = MembershipRole.Member, CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var verdicts = await _people.WithDbAsync(db => db.VerdictRevisions.CountAsync(v => v.AssessmentId == round));
        var audit = await _people.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.ObjectId == round.ToString() || r.ObjectId.StartsWith(round.ToString())));
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.SaveVerdictAsync(judge, token, round, Criteria[1], 0, Verdict.Conformant, "")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await judge.PostAsync($"/reviews/{round}?handler=Finalize", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))).StatusCode);
        Assert.Equal(verdicts, await _people.WithDbAsync(db => db.VerdictRevisions.CountAsync(v => v.AssessmentId == round)));
        Assert.Equal(audit, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.ObjectId == round.ToString() || r.ObjectId.StartsWith(round.ToString()))));
        Assert.Contains("この組織のメンバーであるため", WebUtility.HtmlDecode(await judge.GetStringAsync($"/reviews/{round}")), StringComparison.Ordinal);
    }
}
