using System.Net;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Tests.Accounts;
using Hoshi.Web.Tests.Assessments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Reviews;

/// <summary>The ★3 round from a complete sheet through the expert's review, over HTTP.</summary>
public sealed class ReviewFlowTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    internal sealed record Round(Guid Organization, HttpClient Applicant, Guid Assessment, Person Expert, HttpClient ExpertBrowser, IReadOnlyList<Criterion> Criteria);

    private static Task<HttpResponseMessage> PostJsonFormAsync(HttpClient browser, string tokenPage, string path, Dictionary<string, string> fields) =>
        FormPost.SendForJsonAsync(browser, tokenPage, path, fields);

    private Task<Round> SubmittedAsync() => SubmittedAsync(factory, _people);

    /// <summary>An applicant with scope and every ★3 criterion answered, and an expert chosen and asked.</summary>
    internal static async Task<Round> SubmittedAsync(HoshiFactory factory, People people)
    {
        var organization = await people.OrganizationAsync("確認を受ける株式会社", OrganizationRole.Applicant);
        var (_, applicant) = await people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var started = await FormPost.SendAsync(applicant, $"/organizations/{organization}/assessments?handler=Start", []);
        var assessment = Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);

        var scope = await FormPost.SendAsync(applicant, $"/assessments/{assessment}/scope", Reliability.Rounds.WholeCompanyScope());
        Assert.Contains("すべて回答済み", await scope.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        List<Criterion> criteria;
        await using (var scopeServices = factory.Services.CreateAsyncScope())
        {
            var loaded = (await scopeServices.ServiceProvider.GetRequiredService<AssessmentStore>().LoadAsync(assessment))!;
            criteria = [.. loaded.Catalog.SheetFor(Hoshi.Domain.Level.Star3).SelectMany(r => r.Criteria)];
        }

        var token = FormPost.TokenOf(await applicant.GetStringAsync($"/assessments/{assessment}/sheet"));
        foreach (var criterion in criteria)
        {
            var value = criterion.AnswerType switch { AnswerType.YesNo => YesNo.Yes, AnswerType.Choice => criterion.Choices[0].Value, _ => "実施している" };
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/assessments/{assessment}/sheet?handler=Answer")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["CriterionId"] = criterion.Id,
                    ["Version"] = "0",
                    ["Value"] = value,
                    ["Supplement"] = "規程 2026-04-01",
                    ["__RequestVerificationToken"] = token,
                }),
            };
            request.Headers.Accept.ParseAdd("application/json");
            Assert.Equal(HttpStatusCode.OK, (await applicant.SendAsync(request)).StatusCode);
        }

        // The expert: an outside person registered as an expert with valid training, two-factor on.
        var expertHome = await people.OrganizationAsync("セキュリティ診断の会社", OrganizationRole.Applicant);
        var expert = await people.PersonAsync(expertHome, MembershipRole.Member, twoFactor: true);
        await using (var scopeServices = factory.Services.CreateAsyncScope())
        {
            await Hoshi.Tests.Shared.VerifiedExperts.RegisterAsync(scopeServices.ServiceProvider, expert.UserId, new ExpertInput("012345", null, "セキュリティ診断の会社", DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-6))));
        }

        var unknown = await FormPost.SendAsync(applicant, $"/assessments/{assessment}?handler=ChooseExpert", new() { ["ExpertEmail"] = "nobody@example.jp" });
        var unknownHtml = await unknown.Content.ReadAsStringAsync();
        Assert.Contains("専門家は Hoshi に登録されていません", unknownHtml, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"invite-expert\"", unknownHtml, StringComparison.Ordinal);
        var newcomer = $"newexpert.{Guid.NewGuid():N}@example.jp";
        var invited = await FormPost.SendAsync(applicant, $"/assessments/{assessment}?handler=InviteExpert", new() { ["ExpertEmail"] = newcomer });
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var invitation = await people.MailToAsync(newcomer);
        Assert.Contains("/account/sign-up?returnUrl=%2Faccount%2Fexpert", invitation.TextBody, StringComparison.Ordinal);
        Assert.Contains("確認を受ける株式会社", invitation.Subject, StringComparison.Ordinal);
        var chosen = await FormPost.SendAsync(applicant, $"/assessments/{assessment}?handler=ChooseExpert", new() { ["ExpertEmail"] = expert.Email });
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        var noHours = await FormPost.SendAsync(applicant, $"/assessments/{assessment}?handler=Submit", new() { ["HoursOnScope"] = "0", ["HoursOnSheet"] = "" });
        Assert.Contains("0より大きい数字", await noHours.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var submitted = await FormPost.SendAsync(applicant, $"/assessments/{assessment}?handler=Submit", new() { ["HoursOnScope"] = "2.5", ["HoursOnSheet"] = "１５" });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Contains("専門家が確認中", await applicant.GetStringAsync($"/assessments/{assessment}"), StringComparison.Ordinal);
        var effort = await people.WithDbAsync(db => db.Assessments.Where(a => a.Id == assessment).Select(a => new { a.HoursOnScope, a.HoursOnSheet }).SingleAsync());
        Assert.Equal((2.5m, 15m), (effort.HoursOnScope!.Value, effort.HoursOnSheet!.Value));
        var mail = await people.MailToAsync(expert.Email);
        Assert.Contains($"/reviews/{assessment}", mail.TextBody, StringComparison.Ordinal);

        var expertBrowser = await people.SignedInAsync(expert);
        await Declarations.DeclareAsync(expertBrowser, assessment);
        return new Round(organization, applicant, assessment, expert, expertBrowser, criteria);
    }

    private static async Task JudgeAsync(Round round, Func<Criterion, (Verdict Verdict, string? Remark)> verdictOf, bool acceptScope = true)
    {
        foreach (var criterion in round.Criteria)
        {
            var (verdict, remark) = verdictOf(criterion);
            var response = await PostJsonFormAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}", $"/reviews/{round.Assessment}?handler=Verdict", new()
            {
                ["CriterionId"] = criterion.Id,
                ["Version"] = "0",
                ["Verdict"] = verdict.ToString(),
                ["Remark"] = remark ?? "",
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The scope is judged with the sheet: accepted, each exclusion with its reason.
        if (acceptScope)
        {
            await ScopeVerdicts.AcceptAsync(round.ExpertBrowser, round.Assessment);
        }
    }

    [Fact]
    public async Task The_scope_is_accepted_with_a_reason_for_each_exclusion_or_sent_back_before_the_final_verdict()
    {
        var round = await SubmittedAsync();
        await JudgeAsync(round, _ => (Verdict.Conformant, null), acceptScope: false);
        var review = await round.ExpertBrowser.GetStringAsync($"/reviews/{round.Assessment}");
        Assert.Contains("data-standing=\"NotJudged\"", review, StringComparison.Ordinal);

        // The scope leaves out boundary devices, BYOD and remote work: each is listed for a reason; the cloud is in scope.
        Assert.Contains("data-testid=\"exclusion-BoundaryDevices\"", review, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"exclusion-Byod\"", review, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"exclusion-RemoteWork\"", review, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"exclusion-Cloud\"", review, StringComparison.Ordinal);

        // Every criterion conformant, but no verdict on the scope: no final verdict.
        var blocked = await FormPost.StepAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Finalize", []);
        Assert.Contains("適用範囲が承認されていません", WebUtility.HtmlDecode(await blocked.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // An acceptance without the reason for one exclusion is refused and names it; nothing is recorded.
        var reasons = ScopeVerdicts.AllReasons();
        reasons.Remove("Byod");
        var noReason = await ScopeVerdicts.SendAsync(round.ExpertBrowser, round.Assessment, "Accepted", reasons: reasons);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("私物端末(BYOD)が対象外(問5:いいえ): 認めた理由", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.ScopeReviews.AnyAsync(r => r.AssessmentId == round.Assessment)));

        // A recheck needs a remark; with one, the scope alone can go back to the applicant.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ScopeVerdicts.SendAsync(round.ExpertBrowser, round.Assessment, "Recheck", remark: " ")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ScopeVerdicts.SendAsync(round.ExpertBrowser, round.Assessment, "Recheck", remark: "テレワークの有無を確認させてください")).StatusCode);
        var stillBlocked = await FormPost.StepAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Finalize", []);
        Assert.Contains("件が残っています", WebUtility.HtmlDecode(await stillBlocked.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Recheck", [])).StatusCode);

        // The applicant sees the remark, may change the scope now, and must reply before sending the rechecks back.
        var overview = await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}");
        Assert.Contains("data-testid=\"scope-finding\"", overview, StringComparison.Ordinal);
        Assert.Contains("テレワークの有無を確認させてください", overview, StringComparison.Ordinal);
        var scopePage = await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}/scope");
        Assert.Contains("data-testid=\"scope-recheck\"", scopePage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"save-scope\"", scopePage, StringComparison.Ordinal);
        var early = await FormPost.SendAsync(round.Applicant, $"/assessments/{round.Assessment}?handler=AnswerRechecks", []);
        Assert.Contains("件に、まだ返答がありません", WebUtility.HtmlDecode(await early.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var version = await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round.Assessment).Select(a => a.Version).SingleAsync());
        var changed = await FormPost.SendAsync(round.Applicant, $"/assessments/{round.Assessment}/scope", new()
        {
            ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.WholeCompany"] = "yes",
            ["Input.BoundaryDevicesInScope"] = "no",
            ["Input.CloudInScope"] = "yes",
            ["Input.ByodInScope"] = "no",
            ["Input.RemoteWorkInScope"] = "yes",
            ["Input.Locations"] = "本社",
            ["Input.FillerName"] = "山田 太郎",
            ["Input.FillerDepartment"] = "総務部",
            ["Input.Reply"] = "営業部がテレワークをしていたため、対象に含めました",
        });
        Assert.Contains("data-testid=\"saved\"", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Applicant, $"/assessments/{round.Assessment}?handler=AnswerRechecks", [])).StatusCode);

        // Back with the expert: the reply is shown, remote work is no longer an exclusion; the acceptance lets the round be approved.
        review = await round.ExpertBrowser.GetStringAsync($"/reviews/{round.Assessment}");
        Assert.Contains("data-standing=\"RecheckAnswered\"", review, StringComparison.Ordinal);
        Assert.Contains("営業部がテレワークをしていたため", review, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"exclusion-RemoteWork\"", review, StringComparison.Ordinal);
        await ScopeVerdicts.AcceptAsync(round.ExpertBrowser, round.Assessment);
        Assert.Contains("data-standing=\"Accepted\"", await round.ExpertBrowser.GetStringAsync($"/reviews/{round.Assessment}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Finalize", [])).StatusCode);
        Assert.Contains("承認(適合)", await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}"), StringComparison.Ordinal);

        // The reasons kept are those of the scope's exclusions, and every step is audited.
        var kept = await _people.WithDbAsync(db => db.ScopeReviews.Where(r => r.AssessmentId == round.Assessment).Select(r => r.ReasonsJson).SingleAsync());
        Assert.Equal(["BoundaryDevices", "Byod"], System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(kept)!.Keys.Order(StringComparer.Ordinal));
        var actions = await _people.WithDbAsync(db => db.AuditRecords.Where(a => a.ObjectId == round.Assessment.ToString()).Select(a => a.Action).ToListAsync());
        Assert.Equal(2, actions.Count(a => a == "assessment.scope-judged"));
        Assert.Contains("assessment.scope-recheck-answered", actions);

        // The applicant cannot change the scope outside a draft or a scope recheck.
        Assert.DoesNotContain("data-testid=\"save-scope\"", await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}/scope"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incomplete_sheet_cannot_be_submitted_and_says_why()
    {
        var organization = await _people.OrganizationAsync("未完成の株式会社", OrganizationRole.Applicant);
        var (_, applicant) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var started = await FormPost.SendAsync(applicant, $"/organizations/{organization}/assessments?handler=Start", []);
        var assessment = started.Headers.Location!.OriginalString;
        var refused = await FormPost.SendAsync(applicant, assessment + "?handler=Submit", new() { ["HoursOnScope"] = "1", ["HoursOnSheet"] = "1" });
        Assert.Contains("適用範囲の質問事項がまだすべて回答されていません", System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("回答中", await applicant.GetStringAsync(assessment), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_criterion_conformant_is_approved()
    {
        var round = await SubmittedAsync();
        var review = await round.ExpertBrowser.GetStringAsync($"/reviews/{round.Assessment}");
        Assert.Contains("確認を受ける株式会社", review, StringComparison.Ordinal);
        Assert.Contains("実施している", review, StringComparison.Ordinal);

        // A recheck verdict needs a remark.
        var noRemark = await PostJsonFormAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}", $"/reviews/{round.Assessment}?handler=Verdict", new()
        {
            ["CriterionId"] = round.Criteria[0].Id,
            ["Version"] = "0",
            ["Verdict"] = "Recheck",
            ["Remark"] = "",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noRemark.StatusCode);

        await JudgeAsync(round, _ => (Verdict.Conformant, null));
        var finalized = await FormPost.StepAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Finalize", []);
        Assert.Equal(HttpStatusCode.Redirect, finalized.StatusCode);
        Assert.Contains("承認(適合)", await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}"), StringComparison.Ordinal);
        var exported = await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}/oscal?handler=Results");
        Assert.DoesNotContain("not-satisfied", exported, StringComparison.Ordinal);
        var actions = await _people.WithDbAsync(db => db.AuditRecords.Where(a => a.ObjectId == round.Assessment.ToString()).Select(a => a.Action).ToListAsync());
        Assert.Contains("assessment.submitforreview", actions);
        Assert.Contains("assessment.finalize", actions);
    }

    private async Task<Round> ApprovedAsync()
    {
        var round = await SubmittedAsync();
        await JudgeAsync(round, _ => (Verdict.Conformant, null));
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Finalize", [])).StatusCode);
        return round;
    }

    private async Task<(Guid Body, HttpClient Officer)> RegistrationBodyAsync()
    {
        var body = await _people.OrganizationAsync("登録センター(試験)", OrganizationRole.RegistrationBody);
        var (_, officer) = await _people.SignedInMemberAsync(body, MembershipRole.Officer, twoFactor: true);
        return (body, officer);
    }

    private static Task<HttpResponseMessage> DeclareAsync(Round round, Guid body, bool confirmed = true) =>
        FormPost.SendAsync(round.Applicant, $"/assessments/{round.Assessment}?handler=Declare", new()
        {
            ["Declaration.DeclarantName"] = "星野 一郎",
            ["Declaration.DeclarantTitle"] = "代表取締役",
            ["Declaration.DeclaredOn"] = Hoshi.Domain.JapanTime.DateOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Declaration.RegistrationBodyId"] = body.ToString(),
            ["Declaration.Confirmed"] = confirmed ? "true" : "false",
        });

    /// <summary>
    /// Walks one step that cannot be undone: the first post only shows the confirmation (what happens,
    /// to whom) and changes nothing; a confirmation on an older version is refused with 409 and
    /// changes nothing; the confirmation as the page offers it takes the step.
    /// </summary>
    private async Task WalkAsync(HttpClient browser, string path, Dictionary<string, string> fields, Guid assessment, AssessmentState before, AssessmentState after, string versionField = "RoundVersion")
    {
        async Task<(AssessmentState State, int Audit)> SnapshotAsync() => await _people.WithDbAsync(async db =>
            (await db.Assessments.Where(a => a.Id == assessment).Select(a => a.State).SingleAsync(), await db.AuditRecords.CountAsync()));

        var start = await SnapshotAsync();
        Assert.Equal(before, start.State);
        var asked = await FormPost.SendAsync(browser, path, fields);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var confirmation = FormPost.ConfirmationOf(await asked.Content.ReadAsStringAsync());
        Assert.True(confirmation is not null, $"{path}: no confirmation before the step");
        Assert.False(string.IsNullOrWhiteSpace(confirmation!.Value.WhatHappens));
        Assert.Equal(start, await SnapshotAsync());

        var (action, confirmed, _) = confirmation.Value;
        var stale = new Dictionary<string, string>(confirmed) { [versionField] = (int.Parse(confirmed[versionField], System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var conflict = await browser.PostAsync(action, new FormUrlEncodedContent(stale));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("data-testid=\"error-summary-heading\">ほかの人の変更と重なりました。<", await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(start, await SnapshotAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync(action, new FormUrlEncodedContent(confirmed))).StatusCode);
        Assert.Equal(after, (await SnapshotAsync()).State);

        // The same confirmation replayed is stale now: refused, nothing changes.
        var done = await SnapshotAsync();
        var replayed = await browser.PostAsync(action, new FormUrlEncodedContent(confirmed));
        Assert.True(replayed.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotFound, $"{path}: a replayed confirmation answered {replayed.StatusCode}");
        Assert.Equal(done.State, (await SnapshotAsync()).State);
    }

    [Fact]
    public async Task Every_irreversible_step_of_a_round_asks_for_confirmation_before_anything_changes_and_refuses_a_stale_one()
    {
        // The expert: sending rechecks back, then the final verdict (disabled with its reason until possible).
        var round = await SubmittedAsync();
        await JudgeAsync(round, c => c == round.Criteria[0] ? (Verdict.Recheck, "規程を添付してください") : (Verdict.Conformant, null));
        var review = WebUtility.HtmlDecode(await round.ExpertBrowser.GetStringAsync($"/reviews/{round.Assessment}"));
        Assert.Matches("data-testid=\"finalize\"[^>]* disabled=\"disabled\"", review);
        Assert.Contains("data-testid=\"finalize-blocked\"", review, StringComparison.Ordinal);
        await WalkAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Recheck", [], round.Assessment, AssessmentState.UnderReview, AssessmentState.RecheckRequested);

        // The applicant's overview links the recheck item to its category page, at the item, with its title.
        var finding = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}")).QuerySelector("[data-testid=finding] a")!;
        Assert.Matches($"^/assessments/{round.Assessment}/sheet\\?category=[^#&]+#c-{System.Text.RegularExpressions.Regex.Escape(round.Criteria[0].Id)}$", finding.GetAttribute("href")!);
        Assert.Contains(round.Criteria[0].Text.For("ja")[..10], finding.TextContent, StringComparison.Ordinal);
        var target = await round.Applicant.GetStringAsync(finding.GetAttribute("href")!.Split('#')[0]);
        Assert.Contains($"id=\"c-{round.Criteria[0].Id}\"", target, StringComparison.Ordinal);

        // The applicant answers the recheck and sends it back (not irreversible: no confirmation).
        var token = FormPost.TokenOf(await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}/sheet"));
        var answerVersion = await _people.WithDbAsync(db => db.Answers.Where(a => a.AssessmentId == round.Assessment && a.CriterionId == round.Criteria[0].Id).Select(a => a.Version).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await Reliability.Http.SaveAnswerAsync(round.Applicant, token, round.Assessment, round.Criteria[0].Id, answerVersion, "情報セキュリティ規程 第5条", "規程を添付しました")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Applicant, $"/assessments/{round.Assessment}?handler=AnswerRechecks", [])).StatusCode);

        var second = await SubmittedAsync();
        await JudgeAsync(second, _ => (Verdict.Conformant, null));
        await WalkAsync(second.ExpertBrowser, $"/reviews/{second.Assessment}?handler=Finalize", [], second.Assessment, AssessmentState.UnderReview, AssessmentState.Approved);

        // The registration officer: registering, and returning with a reason.
        var (body, officer) = await RegistrationBodyAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await DeclareAsync(second, body)).StatusCode);
        await Hoshi.Tests.Shared.VerifiedOrganizations.MarkAsync(factory.Services, second.Organization);
        await WalkAsync(officer, $"/registrations/{second.Assessment}?handler=Register", [], second.Assessment, AssessmentState.SubmittedForRegistration, AssessmentState.Registered);

        var third = await ApprovedAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await DeclareAsync(third, body)).StatusCode);
        await WalkAsync(officer, $"/registrations/{third.Assessment}?handler=Return", new() { ["Reason"] = "宣誓者の役職を確認してください" }, third.Assessment, AssessmentState.SubmittedForRegistration, AssessmentState.Returned);

        // Every step told the people who act next or are told, in the app, once per person and step (issue 24).
        var notified = await _people.WithDbAsync(async db => (await db.Notifications.AsNoTracking()
            .Where(n => n.Key.Contains(round.Assessment.ToString()) || n.Key.Contains(second.Assessment.ToString()) || n.Key.Contains(third.Assessment.ToString()))
            .Select(n => new { n.UserId, n.Kind, n.Key, n.Link }).ToListAsync()));
        async Task<Guid> PersonOfAsync(Guid organization) => await _people.WithDbAsync(db => db.Memberships.Where(m => m.OrganizationId == organization).Select(m => m.UserId).SingleAsync());
        string[] KindsOf(Guid user, Guid assessment) => [.. notified.Where(n => n.UserId == user && n.Key.Contains(assessment.ToString())).Select(n => n.Kind).Order(StringComparer.Ordinal)];
        var officerId = await PersonOfAsync(body);
        Assert.Equal(["round-answer-rechecks", "round-submit-for-review"], KindsOf(round.Expert.UserId, round.Assessment));
        Assert.Equal(["round-request-recheck"], KindsOf(await PersonOfAsync(round.Organization), round.Assessment));
        Assert.Equal(["round-finalize", "round-register"], KindsOf(await PersonOfAsync(second.Organization), second.Assessment));
        Assert.Equal(["round-submit-for-registration"], KindsOf(officerId, second.Assessment));
        Assert.Equal(["round-finalize", "round-return"], KindsOf(await PersonOfAsync(third.Organization), third.Assessment));
        Assert.Equal(["round-submit-for-registration"], KindsOf(officerId, third.Assessment));
        Assert.Equal(notified.Count, notified.Select(n => (n.UserId, n.Key)).Distinct().Count());
        Assert.Contains(notified, n => n.UserId == officerId && n.Link == $"/registrations/{second.Assessment}");

        // The bell shows them, and the registration mails (new steps) went to those who want mail.
        Assert.Contains("data-testid=\"bell-count\"", await officer.GetStringAsync("/"), StringComparison.Ordinal);

        // Another round's confirmation sent to this round is refused too.
        Assert.Equal(HttpStatusCode.NotFound, (await FormPost.SendWithTokenFromAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}", $"/registrations/{third.Assessment}?handler=Register", new() { ["Confirmed"] = "true", ["RoundVersion"] = "0" })).StatusCode);
    }

    [Fact]
    public async Task Management_declares_the_registration_body_registers_and_the_entry_is_listed()
    {
        var round = await ApprovedAsync();
        var number = Hoshi.Web.Cli.DemoData.CorporateNumberFor("7" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await _people.WithDbAsync(db => db.Organizations.Where(o => o.Id == round.Organization).ExecuteUpdateAsync(u => u.SetProperty(o => o.CorporateNumber, number)));
        var (body, officer) = await RegistrationBodyAsync();

        var form = await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}");
        Assert.Contains("ここに宣誓します", form, StringComparison.Ordinal);
        var unconfirmed = await DeclareAsync(round, body, confirmed: false);
        Assert.Contains("宣誓の確認にチェックを入れてください", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await DeclareAsync(round, body)).StatusCode);
        Assert.Contains("登録申請中", await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}"), StringComparison.Ordinal);

        // The officer sees the summary, and nobody else of another body does.
        Assert.Contains("確認を受ける株式会社", await officer.GetStringAsync("/registrations"), StringComparison.Ordinal);
        var summary = await officer.GetStringAsync($"/registrations/{round.Assessment}");

        // The registrar sees that the scheme owner verified the expert and that the expert declared no conflict of interest.
        var decoded = WebUtility.HtmlDecode(summary);
        Assert.Matches("data-testid=\"expert-verification\">\\s*確認済み", decoded);
        Assert.Contains("情報処理安全確保支援士 登録簿で確認", decoded, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"independence\">\\s*試験 太郎 \\d{4}-\\d{2}-\\d{2}", decoded);
        Assert.Contains("第012345号", summary, StringComparison.Ordinal);
        Assert.Contains($"適合 {round.Criteria.Count} / 再確認 0 / 不適合 0", summary, StringComparison.Ordinal);
        Assert.Contains("星野 一郎", summary, StringComparison.Ordinal);
        var (_, otherOfficer) = await RegistrationBodyAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await otherOfficer.GetAsync($"/registrations/{round.Assessment}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await round.Applicant.GetAsync($"/registrations/{round.Assessment}")).StatusCode);

        // An unproven 法人番号 is not registered: the button is shown disabled with the reason, and a post is refused;
        // proven by the scheme owner's officer, it is.
        var blockedPage = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await officer.GetStringAsync($"/registrations/{round.Assessment}"));
        Assert.True(blockedPage.QuerySelector("[data-testid=register]")!.HasAttribute("disabled"));
        Assert.Equal("register-blocked", blockedPage.QuerySelector("[data-testid=register]")!.GetAttribute("aria-describedby"));
        Assert.Contains("法人番号はまだ確認されていないため", blockedPage.QuerySelector("#register-blocked")!.TextContent, StringComparison.Ordinal);
        var unverified = await FormPost.StepAsync(officer, $"/registrations/{round.Assessment}?handler=Register", []);
        Assert.Contains("法人番号はまだ確認されていないため、登録できません", WebUtility.HtmlDecode(await unverified.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.RegistryEntries.AnyAsync(e => e.AssessmentId == round.Assessment)));
        await Hoshi.Tests.Shared.VerifiedOrganizations.MarkAsync(factory.Services, round.Organization);
        var readyPage = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await officer.GetStringAsync($"/registrations/{round.Assessment}"));
        Assert.False(readyPage.QuerySelector("[data-testid=register]")!.HasAttribute("disabled"));
        Assert.Null(readyPage.QuerySelector("#register-blocked"));
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(officer, $"/registrations/{round.Assessment}?handler=Register", [])).StatusCode);
        Assert.Contains("登録済み", await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}"), StringComparison.Ordinal);

        var entry = await _people.WithDbAsync(db => db.RegistryEntries.Include(e => e.Subjects).SingleAsync(e => e.AssessmentId == round.Assessment));

        // The registered round links to its certificate and registry page; the certificate links back for the holder's people only.
        var registeredOverview = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}"));
        Assert.Equal($"/registry/certificates/{entry.CertificateId}", registeredOverview.QuerySelector("[data-testid=certificate-link]")?.GetAttribute("href"));
        Assert.Equal($"/registry/{number}", registeredOverview.QuerySelector("[data-testid=registry-link]")?.GetAttribute("href"));
        Assert.Contains($"href=\"/assessments/{round.Assessment}\" data-testid=\"own-round-link\"", await round.Applicant.GetStringAsync($"/registry/certificates/{entry.CertificateId}"), StringComparison.Ordinal);
        Assert.DoesNotContain("own-round-link", await officer.GetStringAsync($"/registry/certificates/{entry.CertificateId}"), StringComparison.Ordinal);
        Assert.DoesNotContain("own-round-link", await _people.NewBrowser().GetStringAsync($"/registry/certificates/{entry.CertificateId}"), StringComparison.Ordinal);
        var today = Hoshi.Domain.JapanTime.DateOf(DateTimeOffset.UtcNow);
        Assert.Equal((today, today.AddYears(1).AddDays(-1), "valid"), (entry.ValidFrom, entry.ValidUntil, entry.Status));
        Assert.Equal([number], entry.Subjects.Select(s => s.CorporateNumber));
        var registry = await _people.NewBrowser().GetStringAsync("/registry");
        Assert.Contains(number, registry, StringComparison.Ordinal);
        Assert.Contains("登録センター(試験)", registry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_returned_result_shows_the_reason_and_a_new_round_starts()
    {
        var round = await ApprovedAsync();
        var (body, officer) = await RegistrationBodyAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await DeclareAsync(round, body)).StatusCode);

        var noReason = await FormPost.StepAsync(officer, $"/registrations/{round.Assessment}?handler=Return", new() { ["Reason"] = " " });
        Assert.Contains("理由を入力してください", System.Net.WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(officer, $"/registrations/{round.Assessment}?handler=Return", new() { ["Reason"] = "宣誓者の役職を確認してください" })).StatusCode);

        var overview = await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}");
        Assert.Contains("宣誓者の役職を確認してください", overview, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Applicant, $"/assessments/{round.Assessment}?handler=Reopen", [])).StatusCode);
        var assessment = await _people.WithDbAsync(db => db.Assessments.SingleAsync(a => a.Id == round.Assessment));
        Assert.Equal((AssessmentState.Draft, 2, null), (assessment.State, assessment.Round, assessment.DeclaredOn));

        // Every verdict was conformant and no answer changed: they all stay, with the accepted scope.
        Assert.Equal(round.Criteria.Count, await _people.WithDbAsync(db => db.Verdicts.CountAsync(v => v.AssessmentId == round.Assessment && v.Verdict == Verdict.Conformant)));
        Assert.True(await _people.WithDbAsync(db => db.ScopeReviews.AnyAsync(r => r.AssessmentId == round.Assessment && r.Verdict == ScopeVerdict.Accepted)));
        Assert.True(await _people.WithDbAsync(db => db.VerdictRevisions.AnyAsync(v => v.AssessmentId == round.Assessment)));
        Assert.False(await _people.WithDbAsync(db => db.RegistryEntries.AnyAsync(e => e.AssessmentId == round.Assessment)));
    }

    [Fact]
    public async Task Reopening_keeps_conformant_verdicts_of_unchanged_answers_and_the_expert_judges_only_the_rest()
    {
        var round = await SubmittedAsync();
        var (failing, changed, kept) = (round.Criteria[3], round.Criteria[5], round.Criteria[7]);
        await JudgeAsync(round, c => c.Id == failing.Id ? (Verdict.Nonconformant, "バックアップの復旧手順がない") : (Verdict.Conformant, null));
        await FormPost.StepAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Finalize", []);
        Assert.Equal(AssessmentState.NotApproved, await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round.Assessment).Select(a => a.State).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Applicant, $"/assessments/{round.Assessment}?handler=Reopen", [])).StatusCode);

        // The nonconformant verdict is gone; the conformant ones stay.
        var verdicts = await _people.WithDbAsync(db => db.Verdicts.Where(v => v.AssessmentId == round.Assessment).ToDictionaryAsync(v => v.CriterionId, v => v.Verdict));
        Assert.Equal(round.Criteria.Count - 1, verdicts.Count);
        Assert.DoesNotContain(failing.Id, verdicts.Keys);
        Assert.All(verdicts.Values, v => Assert.Equal(Verdict.Conformant, v));

        // The applicant fixes the failing item and changes one more answer: that verdict no longer stands.
        async Task SaveAsync(Criterion criterion, string supplement)
        {
            var version = await _people.WithDbAsync(db => db.Answers.Where(a => a.AssessmentId == round.Assessment && a.CriterionId == criterion.Id).Select(a => a.Version).SingleAsync());
            var value = await _people.WithDbAsync(db => db.Answers.Where(a => a.AssessmentId == round.Assessment && a.CriterionId == criterion.Id).Select(a => a.Value).SingleAsync());
            var saved = await PostJsonFormAsync(round.Applicant, $"/assessments/{round.Assessment}/sheet", $"/assessments/{round.Assessment}/sheet?handler=Answer", new()
            {
                ["CriterionId"] = criterion.Id,
                ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Value"] = value ?? "",
                ["Supplement"] = supplement,
            });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        await SaveAsync(failing, "復旧手順書 2026-11-20 を整備");
        await SaveAsync(changed, "規程 2026-10-01 に改定");
        await SaveAsync(kept, "規程 2026-04-01");
        verdicts = await _people.WithDbAsync(db => db.Verdicts.Where(v => v.AssessmentId == round.Assessment).ToDictionaryAsync(v => v.CriterionId, v => v.Verdict));
        Assert.Equal(round.Criteria.Count - 2, verdicts.Count);
        Assert.DoesNotContain(changed.Id, verdicts.Keys);
        Assert.Contains(kept.Id, verdicts.Keys);

        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Applicant, $"/assessments/{round.Assessment}?handler=Submit", new() { ["HoursOnScope"] = "1", ["HoursOnSheet"] = "2" })).StatusCode);
        await Declarations.DeclareAsync(round.ExpertBrowser, round.Assessment);

        // The expert sees which verdicts are kept, and has only the two to judge before finalizing.
        static string CategoryOf(CatalogVersion catalog, Criterion c) => catalog.FindSubcategory(catalog.FindRequirement(c.RequirementNo)!.SubcategoryNo)!.CategoryNo;
        string keptCategory;
        await using (var services = factory.Services.CreateAsyncScope())
        {
            var catalog = (await services.ServiceProvider.GetRequiredService<AssessmentStore>().LoadAsync(round.Assessment))!.Catalog;
            keptCategory = CategoryOf(catalog, kept);
            Assert.Equal(keptCategory, CategoryOf(catalog, changed));
        }

        var review = await round.ExpertBrowser.GetStringAsync($"/reviews/{round.Assessment}");
        var blocked = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(review).QuerySelector("[data-testid=finalize-blocked]")?.TextContent ?? "";
        Assert.True(blocked.Contains("2 件の要求事項に、まだ評価結果がありません", StringComparison.Ordinal), $"finalize-blocked: [{blocked}]");
        var pageWithKept = await round.ExpertBrowser.GetStringAsync($"/reviews/{round.Assessment}?category={keptCategory}");
        Assert.Contains($"data-testid=\"kept-{kept.Id}\"", pageWithKept, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-testid=\"kept-{changed.Id}\"", pageWithKept, StringComparison.Ordinal);

        foreach (var criterion in new[] { failing, changed })
        {
            var response = await PostJsonFormAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}", $"/reviews/{round.Assessment}?handler=Verdict", new()
            {
                ["CriterionId"] = criterion.Id,
                ["Version"] = "0",
                ["Verdict"] = nameof(Verdict.Conformant),
                ["Remark"] = "",
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Finalize", [])).StatusCode);
        Assert.Equal(AssessmentState.Approved, await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round.Assessment).Select(a => a.State).SingleAsync()));

        // The history holds both rounds' verdicts of the failing item.
        var rounds = await _people.WithDbAsync(db => db.VerdictRevisions.Where(v => v.AssessmentId == round.Assessment && v.CriterionId == failing.Id).OrderBy(v => v.Round).Select(v => new { v.Round, v.Verdict }).ToListAsync());
        Assert.Equal([(1, Verdict.Nonconformant), (2, Verdict.Conformant)], rounds.Select(r => (r.Round, r.Verdict)));
    }

    [Fact]
    public async Task A_nonconformity_means_not_approved_and_the_applicant_sees_it()
    {
        var round = await SubmittedAsync();
        var failing = round.Criteria[3].Id;
        await JudgeAsync(round, c => c.Id == failing ? (Verdict.Nonconformant, "バックアップの復旧手順がない") : (Verdict.Conformant, null));
        await FormPost.StepAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Finalize", []);

        var overview = await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}");
        Assert.Contains("不承認(不適合あり)", overview, StringComparison.Ordinal);
        Assert.Contains("バックアップの復旧手順がない", overview, StringComparison.Ordinal);
        Assert.Contains(failing, overview, StringComparison.Ordinal);
        // The decided review as OSCAL assessment-results, valid against the NIST schema.
        Assert.Contains("data-testid=\"oscal-export\"", overview, StringComparison.Ordinal);
        var export = await round.Applicant.GetAsync($"/assessments/{round.Assessment}/oscal?handler=Results");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var json = await export.Content.ReadAsStringAsync();
        var schema = await Hoshi.Web.Tests.Shared.OscalSchema.LoadAsync("oscal_assessment-results_schema.json");
        var errors = schema.Validate(json);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Take(10).Select(e => $"{e.Path}: {e.Kind}")));
        Hoshi.Web.Tests.Shared.OscalSchema.AssertPropsInHoshisNamespace(json);
        var result = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("assessment-results").GetProperty("results")[0];
        var findings = result.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(round.Criteria.Count, findings.Count);
        var notSatisfied = Assert.Single(findings, f => f.GetProperty("target").GetProperty("status").GetProperty("state").GetString() == "not-satisfied");
        Assert.EndsWith("_obj-" + failing, notSatisfied.GetProperty("target").GetProperty("target-id").GetString(), StringComparison.Ordinal);
        Assert.Equal("バックアップの復旧手順がない", notSatisfied.GetProperty("description").GetString());

        // The schema check above has teeth: a broken document fails it.
        var broken = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        broken["assessment-results"]!["results"]![0]!["findings"]![0]!["target"]!["status"]!["state"] = "maybe";
        Assert.NotEmpty(schema.Validate(broken.ToJsonString()));

        // The expert who decided downloads the same findings from the review page.
        var review = await round.ExpertBrowser.GetStringAsync($"/reviews/{round.Assessment}");
        Assert.Contains($"href=\"/assessments/{round.Assessment}/oscal?handler=Results\"", review, StringComparison.Ordinal);
        var expertsCopy = System.Text.Json.JsonDocument.Parse(await round.ExpertBrowser.GetStringAsync($"/assessments/{round.Assessment}/oscal?handler=Results")).RootElement;
        Assert.Equal(
            findings.Select(f => f.GetProperty("uuid").GetString()),
            expertsCopy.GetProperty("assessment-results").GetProperty("results")[0].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("uuid").GetString()));

        // import-ap resolves: an absolute link to the round's assessment plan, which both may open,
        // valid against NIST's plan model and naming exactly the catalog's controls of the ★3 sheet.
        var importAp = new Uri(System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("assessment-results").GetProperty("import-ap").GetProperty("href").GetString()!);
        Assert.True(importAp.IsAbsoluteUri);
        Assert.Equal($"/assessments/{round.Assessment}/oscal", importAp.AbsolutePath);
        var plan = await round.ExpertBrowser.GetStringAsync(importAp.PathAndQuery);
        Assert.Equal(plan.Length, (await round.Applicant.GetStringAsync(importAp.PathAndQuery)).Length);
        var planSchema = await Hoshi.Web.Tests.Shared.OscalSchema.LoadPlanAsync();
        var planErrors = planSchema.Validate(plan);
        Assert.True(planErrors.Count == 0, string.Join(Environment.NewLine, planErrors.Take(10).Select(e => $"{e.Path}: {e.Kind}")));
        Hoshi.Web.Tests.Shared.OscalSchema.AssertPropsInHoshisNamespace(plan);
        var planRoot = System.Text.Json.JsonDocument.Parse(plan).RootElement.GetProperty("assessment-plan");
        var planned = planRoot.GetProperty("reviewed-controls").GetProperty("control-selections")[0].GetProperty("include-controls").EnumerateArray().Select(c => c.GetProperty("control-id").GetString()).ToList();
        var catalogId = await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round.Assessment).Select(a => a.CatalogVersionId).SingleAsync());
        var catalogDocument = System.Text.Json.JsonDocument.Parse(await round.Applicant.GetStringAsync($"/api/catalog/versions/{catalogId}/oscal")).RootElement;
        var star3 = catalogDocument.GetProperty("catalog").GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "star3");
        var controls = star3.GetProperty("groups").EnumerateArray().SelectMany(c => c.GetProperty("groups").EnumerateArray()).SelectMany(s => s.GetProperty("controls").EnumerateArray()).Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal(controls.Order(StringComparer.Ordinal), planned.Order(StringComparer.Ordinal));
        var ssp = planRoot.GetProperty("import-ssp").GetProperty("href").GetString()!;
        Assert.Contains(planRoot.GetProperty("back-matter").GetProperty("resources").EnumerateArray(), r => "#" + r.GetProperty("uuid").GetString() == ssp);

        // Someone else's expert finds neither.
        var (_, stranger) = await _people.SignedInMemberAsync(await _people.OrganizationAsync("別の専門家の会社", OrganizationRole.Applicant), MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(importAp.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Rechecks_go_back_to_the_applicant_and_block_the_final_verdict()
    {
        var round = await SubmittedAsync();
        var recheck = round.Criteria[0].Id;
        await JudgeAsync(round, c => c.Id == recheck ? (Verdict.Recheck, "規程の最終更新日を書いてください") : (Verdict.Conformant, null));

        var blocked = await FormPost.StepAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Finalize", []);
        Assert.Contains("件が残っています", System.Net.WebUtility.HtmlDecode(await blocked.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var sent = await FormPost.StepAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Recheck", []);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var overview = await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}");
        Assert.Contains("再確認の回答待ち", overview, StringComparison.Ordinal);
        Assert.Contains("規程の最終更新日を書いてください", overview, StringComparison.Ordinal);
        Assert.Contains($"/assessments/{round.Assessment}", (await _people.WithDbAsync(db => db.OutboxMessages.Where(m => m.Subject.Contains("再確認")).Select(m => m.TextBody).ToListAsync())).Last(), StringComparison.Ordinal);

        // Sending back before answering is refused.
        var early = await FormPost.SendAsync(round.Applicant, $"/assessments/{round.Assessment}?handler=AnswerRechecks", []);
        Assert.Contains("まだ返答がありません", System.Net.WebUtility.HtmlDecode(await early.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Only the recheck item can change now.
        var other = round.Criteria[1];
        var locked = await PostJsonFormAsync(round.Applicant, $"/assessments/{round.Assessment}/sheet", $"/assessments/{round.Assessment}/sheet?handler=Answer", new()
        {
            ["CriterionId"] = other.Id,
            ["Version"] = "1",
            ["Value"] = "no",
            ["Supplement"] = "変更の試み",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, locked.StatusCode);
        var sheet = await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}/sheet");
        Assert.Contains("data-testid=\"recheck-notice\"", sheet, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"finding-{recheck}\"", sheet, StringComparison.Ordinal);

        var answered = await PostJsonFormAsync(round.Applicant, $"/assessments/{round.Assessment}/sheet", $"/assessments/{round.Assessment}/sheet?handler=Answer", new()
        {
            ["CriterionId"] = recheck,
            ["Version"] = "1",
            ["Value"] = "yes",
            ["Supplement"] = "情報セキュリティ基本方針(2026-04-01改定)",
            ["Reply"] = "最終更新日を追記しました",
        });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var back = await FormPost.SendAsync(round.Applicant, $"/assessments/{round.Assessment}?handler=AnswerRechecks", []);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);

        // The expert sees the reply and the history, decides, and approves.
        var review = await round.ExpertBrowser.GetStringAsync($"/reviews/{round.Assessment}");
        Assert.Contains("専門家が確認中", review, StringComparison.Ordinal);
        Assert.Contains("最終更新日を追記しました", review, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"history-{recheck}\"", review, StringComparison.Ordinal);
        // The verdict in the history is the one given (read back through the history's UNION ALL, where a misread verdict would show 適合).
        var history = review[review.IndexOf($"data-testid=\"history-{recheck}\"", StringComparison.Ordinal)..];
        history = history[..history.IndexOf("</details>", StringComparison.Ordinal)];
        Assert.Contains("<strong>再確認</strong>", history, StringComparison.Ordinal);
        var version = await _people.WithDbAsync(db => db.Verdicts.Where(v => v.AssessmentId == round.Assessment && v.CriterionId == recheck).Select(v => v.Version).SingleAsync());
        var conformant = await PostJsonFormAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}", $"/reviews/{round.Assessment}?handler=Verdict", new()
        {
            ["CriterionId"] = recheck,
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Verdict"] = "Conformant",
            ["Remark"] = "確認しました",
        });
        Assert.Equal(HttpStatusCode.OK, conformant.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}?handler=Finalize", [])).StatusCode);
        Assert.Contains("承認(適合)", await round.Applicant.GetStringAsync($"/assessments/{round.Assessment}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_history_shows_its_latest_lines_and_says_older_ones_are_left_out()
    {
        var round = await SubmittedAsync();
        var busy = round.Criteria[0].Id;
        var quiet = round.Criteria[1].Id;
        await JudgeAsync(round, _ => (Verdict.Conformant, "所見 0"));

        // Autosave keeps every pause in typing: 25 more verdicts on one criterion, two on another.
        for (var n = 1; n <= 25; n++)
        {
            var saved = await PostJsonFormAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}", $"/reviews/{round.Assessment}?handler=Verdict", new()
            {
                ["CriterionId"] = busy,
                ["Version"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Verdict"] = n % 2 == 0 ? "Conformant" : "Recheck",
                ["Remark"] = $"所見 {n} 件目",
            });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        for (var n = 1; n <= 2; n++)
        {
            var saved = await PostJsonFormAsync(round.ExpertBrowser, $"/reviews/{round.Assessment}", $"/reviews/{round.Assessment}?handler=Verdict", new()
            {
                ["CriterionId"] = quiet,
                ["Version"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Verdict"] = "Conformant",
                ["Remark"] = $"別の所見 {n}",
            });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await round.ExpertBrowser.GetStringAsync($"/reviews/{round.Assessment}"));
        var busyHistory = page.QuerySelector($"[data-testid=history-{busy}]")!;
        var lines = busyHistory.QuerySelectorAll("li").Select(l => l.TextContent).ToList();
        Assert.Equal(Features.Reviews.ReviewModel.HistoryShown, lines.Count);
        // The latest verdict last, in order of time; the answer and the first verdicts are the lines left out.
        Assert.Contains("所見 25 件目", lines[^1], StringComparison.Ordinal);
        Assert.Contains("所見 6 件目", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("所見 5 件目", StringComparison.Ordinal));
        Assert.Contains("最新の 20 件", page.QuerySelector($"[data-testid=history-cut-{busy}]")!.TextContent, StringComparison.Ordinal);

        // A short history is shown whole (its answer and three verdicts), without the note.
        var quietLines = page.QuerySelectorAll($"[data-testid=history-{quiet}] li").Select(l => l.TextContent).ToList();
        Assert.Equal(4, quietLines.Count);
        Assert.Contains("別の所見 2", quietLines[^1], StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"[data-testid=history-cut-{quiet}]"));

        // The page reads no more than it shows: the latest lines of each kind, per criterion.
        await using var services = factory.Services.CreateAsyncScope();
        var read = await services.ServiceProvider.GetRequiredService<Features.Reviews.ReviewQueries>().HistoryAsync(round.Assessment, [busy, quiet], 3);
        Assert.Equal(["所見 23 件目", "所見 24 件目", "所見 25 件目"], read.Where(r => r.CriterionId == busy && r.IsVerdict).OrderBy(r => r.ChangedAt).Select(r => r.Supplement));
        Assert.Equal(["所見 0", "別の所見 1", "別の所見 2"], read.Where(r => r.CriterionId == quiet && r.IsVerdict).OrderBy(r => r.ChangedAt).Select(r => r.Supplement));
        Assert.Equal(2, read.Count(r => !r.IsVerdict));
    }

    [Fact]
    public async Task Only_the_asked_expert_sees_the_review()
    {
        var round = await SubmittedAsync();
        var other = await _people.PersonAsync(await _people.OrganizationAsync("別の専門家の会社", OrganizationRole.Applicant), MembershipRole.Member, twoFactor: true);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await Hoshi.Tests.Shared.VerifiedExperts.RegisterAsync(scope.ServiceProvider, other.UserId, new ExpertInput("054321", null, null, DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-1))));
        }

        var otherBrowser = await _people.SignedInAsync(other);
        var response = await otherBrowser.GetAsync($"/reviews/{round.Assessment}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("確認を受ける株式会社", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await round.Applicant.GetAsync($"/reviews/{round.Assessment}")).StatusCode);
        Assert.Contains("確認を受ける株式会社", await round.ExpertBrowser.GetStringAsync("/reviews"), StringComparison.Ordinal);
    }
}
