using System.Net;
using System.Text;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Accreditation;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Evaluations;
using Hoshi.Domain.Organizations;
using Hoshi.Domain.Registry;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Evaluations;

/// <summary>The ★4 flow over HTTP: accreditation, request, acceptance, team, plan, verdicts, rechecks, decision, corrective actions, registration.</summary>
public sealed class EvaluationFlowTests(ShiftedClockFactory factory) : IClassFixture<ShiftedClockFactory>
{
    private readonly People _people = new(factory);

    private sealed record Evaluating(
        Guid Applicant, HttpClient ApplicantBrowser, Guid Assessment, Guid Evaluation, Guid Accreditation,
        HttpClient AccreditationOfficer, HttpClient BodyOfficer, HttpClient Lead, Person LeadPerson, IReadOnlyList<Criterion> Criteria, Person AssessorPerson);

    private static string Text(HttpResponseMessage response) => WebUtility.HtmlDecode(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());

    /// <summary>An accredited body, an applicant with a complete ★4 sheet that asked it, the body's team appointed, the plan recorded, the evaluation started.</summary>
    private async Task<Evaluating> InProgressAsync(string name)
    {
        // The accreditation body accredits the evaluation body.
        var accreditationBody = await _people.OrganizationAsync($"{name}の認定機関", OrganizationRole.AccreditationBody);
        var evaluationBody = await _people.OrganizationAsync($"{name}の評価機関", OrganizationRole.EvaluationBody);
        var unaccredited = await _people.OrganizationAsync($"{name}の未認定の評価機関", OrganizationRole.EvaluationBody);
        var (_, accreditationOfficer) = await _people.SignedInMemberAsync(accreditationBody, MembershipRole.Officer, twoFactor: true);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        var granted = await FormPost.SendAsync(accreditationOfficer, "/accreditations?handler=Grant", new()
        {
            ["Input.OrganizationId"] = evaluationBody.ToString(),
            ["Input.Number"] = $"JAB-{Guid.NewGuid():N}"[..16],
            ["Input.Evaluation"] = "true",
            ["Input.ValidFrom"] = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        var accreditation = Guid.Parse(granted.Headers.Location!.OriginalString["/accreditations/".Length..]);
        var details = await accreditationOfficer.GetStringAsync($"/accreditations/{accreditation}");
        Assert.Contains(today.AddDays(-1).AddYears(2).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), details, StringComparison.Ordinal);

        // The applicant starts ★4, answers scope and sheet.
        var applicant = await _people.OrganizationAsync($"{name}の申請者", OrganizationRole.Applicant);
        var (_, browser) = await _people.SignedInMemberAsync(applicant, MembershipRole.OrgAdmin);
        var started = await FormPost.SendAsync(browser, $"/organizations/{applicant}/assessments?handler=Start", new() { ["level"] = "4" });
        var assessment = Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);
        await FormPost.SendAsync(browser, $"/assessments/{assessment}/scope", new()
        {
            ["Input.Version"] = "0",
            ["Input.WholeCompany"] = "yes",
            ["Input.BoundaryDevicesInScope"] = "no",
            ["Input.CloudInScope"] = "yes",
            ["Input.ByodInScope"] = "no",
            ["Input.RemoteWorkInScope"] = "no",
            ["Input.Locations"] = "本社",
            ["Input.FillerName"] = "山田 太郎",
            ["Input.FillerDepartment"] = "情報システム部",
        });
        List<Criterion> criteria;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var loaded = (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().LoadAsync(assessment))!;
            Assert.Equal(Hoshi.Domain.Level.Star4, loaded.Assessment.Level);
            criteria = [.. loaded.Catalog.SheetFor(Hoshi.Domain.Level.Star4).SelectMany(r => r.Criteria)];
        }

        var token = FormPost.TokenOf(await browser.GetStringAsync($"/assessments/{assessment}/sheet"));
        foreach (var criterion in criteria)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/assessments/{assessment}/sheet?handler=Answer")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["CriterionId"] = criterion.Id,
                    ["Version"] = "0",
                    ["Value"] = YesNo.Yes,
                    ["Supplement"] = "情報セキュリティ規程(2026-04-01改定)",
                    ["__RequestVerificationToken"] = token,
                }),
            };
            request.Headers.Accept.ParseAdd("application/json");
            Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(request)).StatusCode);
        }

        // Only accredited bodies are offered, and only they can be asked.
        var choice = await browser.GetStringAsync($"/assessments/{assessment}/evaluation");
        Assert.Contains($"{name}の評価機関", choice, StringComparison.Ordinal);
        Assert.DoesNotContain($"{name}の未認定の評価機関", choice, StringComparison.Ordinal);
        var refused = await FormPost.SendAsync(browser, $"/assessments/{assessment}/evaluation", new() { ["BodyId"] = unaccredited.ToString() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var asked = await FormPost.SendAsync(browser, $"/assessments/{assessment}/evaluation", new() { ["BodyId"] = evaluationBody.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var evaluation = await _people.WithDbAsync(db => db.Evaluations.Where(e => e.AssessmentId == assessment).Select(e => e.Id).SingleAsync());
        Assert.Equal(AssessmentState.UnderReview, await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == assessment).Select(a => a.State).SingleAsync()));

        // The body accepts, appoints a lead assessor and an assessor, plans and starts.
        var (_, bodyOfficer) = await _people.SignedInMemberAsync(evaluationBody, MembershipRole.Officer, twoFactor: true);
        Assert.Contains($"{name}の申請者", await bodyOfficer.GetStringAsync("/evaluations"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(bodyOfficer, $"/evaluations/{evaluation}?handler=Accept", [])).StatusCode);
        var lead = await _people.PersonAsync(evaluationBody, MembershipRole.LeadAssessor, twoFactor: true);
        var assessor = await _people.PersonAsync(evaluationBody, MembershipRole.Assessor, twoFactor: true);
        var noTwoFactor = await _people.PersonAsync(evaluationBody, MembershipRole.Assessor);
        var badTeam = await FormPost.SendAsync(bodyOfficer, $"/evaluations/{evaluation}?handler=Appoint", new() { ["LeadId"] = lead.UserId.ToString(), ["AssessorIds"] = noTwoFactor.UserId.ToString() });
        Assert.Contains("二要素認証が有効な人だけ", Text(badTeam), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(bodyOfficer, $"/evaluations/{evaluation}?handler=Appoint",
            new() { ["LeadId"] = lead.UserId.ToString(), ["AssessorIds"] = assessor.UserId.ToString() })).StatusCode);
        var early = await FormPost.SendAsync(bodyOfficer, $"/evaluations/{evaluation}?handler=Start", []);
        Assert.Contains("先に計画", Text(early), StringComparison.Ordinal);
        var version = await _people.WithDbAsync(db => db.Evaluations.Where(e => e.Id == evaluation).Select(e => e.Version).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(bodyOfficer, $"/evaluations/{evaluation}?handler=Plan", new()
        {
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PlanNotes"] = "対象範囲は本社。情報システム部長が立ち会う。",
            ["DocumentReviewOn"] = today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["OnSiteAuditOn"] = today.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["TechnicalVerificationOn"] = today.AddDays(15).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(bodyOfficer, $"/evaluations/{evaluation}?handler=Start", [])).StatusCode);
        Assert.Contains("評価中", await browser.GetStringAsync($"/assessments/{assessment}/evaluation"), StringComparison.Ordinal);

        // The lead assessor declares no conflict of interest for the round before judging.
        var leadBrowser = await _people.SignedInAsync(lead);
        await Assessments.Declarations.DeclareAsync(leadBrowser, assessment);
        return new Evaluating(applicant, browser, assessment, evaluation, accreditation, accreditationOfficer, bodyOfficer, leadBrowser, lead, criteria, assessor);
    }

    /// <summary>
    /// The evidence a decision needs: an audit recorded, the internal patch check, the external
    /// diagnosis's scan imported and each risky service it flags accepted with a reason.
    /// </summary>
    private async Task RecordEvidenceAsync(Evaluating round, string? rdpOpenOn = null)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Lead, $"/evaluations/{round.Evaluation}/audit?handler=Visit", new()
        {
            ["HeldOn"] = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Mode"] = "OnSite",
            ["Participants"] = "主任評価者 / 情報システム部長",
        })).StatusCode);
        var page = $"/evaluations/{round.Evaluation}/technical";
        var body = await _people.WithDbAsync(db => db.Evaluations.Where(e => e.Id == round.Evaluation).Select(e => e.BodyId).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Lead, page + "?handler=Setup", new()
        {
            ["ProviderId"] = body.ToString(),
            ["ExternalScope"] = "127.0.0.1",
            ["InternalMethod"] = "PatchCheck",
            ["Version"] = "0",
        })).StatusCode);
        var file = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "nmap", "localhost.xml"));
        Assert.Equal(HttpStatusCode.Redirect, (await UploadScanAsync(round.Lead, round.Evaluation, file, "localhost.xml")).StatusCode);
        foreach (var flag in await FlagsAsync(round.Evaluation))
        {
            var open = rdpOpenOn is not null && flag.Port.Number == 3389;
            Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Lead, page + "?handler=Link", new()
            {
                ["Host"] = flag.Host,
                ["Port"] = flag.Port.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Protocol"] = flag.Port.Protocol,
                ["CriterionId"] = open ? rdpOpenOn! : "",
                ["Note"] = open ? "RDP がインターネットに公開されている" : "",
                ["Disposition"] = open ? "Open" : "Accepted",
                ["DispositionReason"] = open ? "" : "検証用の閉じた環境で、外部からは到達できない",
            })).StatusCode);
        }
    }

    /// <summary>The risky services the imported scan flags, as the page shows them.</summary>
    private async Task<IReadOnlyList<PortFlag>> FlagsAsync(Guid evaluation)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var technical = scope.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Evaluations.TechnicalVerificationStore>();
        var scan = Hoshi.Web.Features.Evaluations.TechnicalVerificationStore.ScanOf(await technical.FindAsync(evaluation))!;
        return ExternalDiagnosis.Flags(scan, technical.RiskyServices);
    }

    private static async Task JudgeAsync(Evaluating round, Func<Criterion, (Verdict Verdict, string? Remark)> verdictOf, bool acceptScope = true)
    {
        var token = FormPost.TokenOf(await round.Lead.GetStringAsync($"/reviews/{round.Assessment}"));
        foreach (var criterion in round.Criteria)
        {
            var (verdict, remark) = verdictOf(criterion);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/reviews/{round.Assessment}?handler=Verdict")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["CriterionId"] = criterion.Id,
                    ["Version"] = "0",
                    ["Verdict"] = verdict.ToString(),
                    ["Remark"] = remark ?? "",
                    ["__RequestVerificationToken"] = token,
                }),
            };
            request.Headers.Accept.ParseAdd("application/json");
            Assert.Equal(HttpStatusCode.OK, (await round.Lead.SendAsync(request)).StatusCode);
        }

        // The lead assessor accepts the scope with the sheet.
        if (acceptScope)
        {
            await Reviews.ScopeVerdicts.AcceptAsync(round.Lead, round.Assessment);
        }
    }

    /// <summary>Every scheduled job due at the app's clock (the tests of this class move it back and forth).</summary>
    private Task<int> JobsDueNowAsync()
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        return _people.WithDbAsync(db => db.ScheduledJobs.ExecuteUpdateAsync(u => u.SetProperty(j => j.NextRunAt, now)));
    }

    private async Task<EvaluationState> StateAsync(Guid evaluation) =>
        await _people.WithDbAsync(db => db.Evaluations.Where(e => e.Id == evaluation).Select(e => e.State).SingleAsync());

    /// <summary>
    /// Walks a ★4 step that cannot be undone: the first post shows the confirmation (what happens, to
    /// whom) and changes nothing; a confirmation on another version is refused with 409 and changes
    /// nothing; the confirmation as the page offers it takes the step. Returns the last response.
    /// </summary>
    private async Task<HttpResponseMessage> WalkAsync(HttpClient browser, Guid evaluation, string handler, Dictionary<string, string> fields)
    {
        async Task<(EvaluationState, int)> SnapshotAsync() => (await StateAsync(evaluation), await _people.WithDbAsync(db => db.AuditRecords.CountAsync()));
        var path = $"/evaluations/{evaluation}?handler={handler}";
        var start = await SnapshotAsync();
        var asked = await FormPost.SendAsync(browser, path, fields);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var confirmation = FormPost.ConfirmationOf(await asked.Content.ReadAsStringAsync());
        Assert.True(confirmation is not null, $"{handler}: no confirmation before the step");
        Assert.False(string.IsNullOrWhiteSpace(confirmation!.Value.WhatHappens));
        Assert.Equal(start, await SnapshotAsync());

        var (action, confirmed, _) = confirmation.Value;
        var stale = new Dictionary<string, string>(confirmed) { ["Version"] = (int.Parse(confirmed["Version"], System.Globalization.CultureInfo.InvariantCulture) + 7).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(HttpStatusCode.Conflict, (await browser.PostAsync(action, new FormUrlEncodedContent(stale))).StatusCode);
        var versionless = new Dictionary<string, string>(confirmed);
        versionless.Remove("Version");
        Assert.Equal(HttpStatusCode.Conflict, (await browser.PostAsync(action, new FormUrlEncodedContent(versionless))).StatusCode);
        Assert.Equal(start, await SnapshotAsync());
        return await browser.PostAsync(action, new FormUrlEncodedContent(confirmed));
    }

    private static Task<HttpResponseMessage> VerdictAsync(HttpClient judge, string token, Guid assessment, string criterion, int version, string remark)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/reviews/{assessment}?handler=Verdict")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["CriterionId"] = criterion,
                ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Verdict"] = nameof(Verdict.Conformant),
                ["Remark"] = remark,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return judge.SendAsync(request);
    }

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task Two_assessors_judging_at_once_and_two_decisions_at_once_one_wins_the_other_gets_409()
    {
        var round = await InProgressAsync("同時に判定する");
        await RecordEvidenceAsync(round);
        var assessor = await _people.SignedInAsync(round.AssessorPerson);
        await Assessments.Declarations.DeclareAsync(assessor, round.Assessment);
        var leadToken = FormPost.TokenOf(await round.Lead.GetStringAsync($"/reviews/{round.Assessment}"));
        var assessorToken = FormPost.TokenOf(await assessor.GetStringAsync($"/reviews/{round.Assessment}"));

        // The lead assessor and the assessor judge the same criteria at the same moment.
        foreach (var criterion in round.Criteria.Take(8))
        {
            var both = await Task.WhenAll(
                VerdictAsync(round.Lead, leadToken, round.Assessment, criterion.Id, 0, "主任評価者の所見"),
                VerdictAsync(assessor, assessorToken, round.Assessment, criterion.Id, 0, "評価者の所見"));
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], both.Select(r => r.StatusCode).Order().ToList());
            var winner = both[0].StatusCode == HttpStatusCode.OK ? "主任評価者の所見" : "評価者の所見";
            var told = System.Text.Json.JsonDocument.Parse(await both.Single(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString();
            Assert.False(string.IsNullOrWhiteSpace(told));
            var stored = Assert.Single(await _people.WithDbAsync(db => db.Verdicts.Where(v => v.AssessmentId == round.Assessment && v.CriterionId == criterion.Id).ToListAsync()));
            Assert.Equal((Verdict.Conformant, winner, 1), (stored.Verdict, stored.Remark, stored.Version));
        }

        foreach (var criterion in round.Criteria.Skip(8))
        {
            Assert.Equal(HttpStatusCode.OK, (await VerdictAsync(round.Lead, leadToken, round.Assessment, criterion.Id, 0, "確認した")).StatusCode);
        }

        await Reviews.ScopeVerdicts.AcceptAsync(round.Lead, round.Assessment);

        // The lead assessor decides from two open pages at once: one decision, the other page is told.
        var secondTab = await _people.SignedInAsync(round.LeadPerson);
        var page = await round.Lead.GetStringAsync($"/evaluations/{round.Evaluation}");
        var version = System.Text.RegularExpressions.Regex.Match(page, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
        Task<HttpResponseMessage> DecideAsync(HttpClient browser, string token) => browser.PostAsync($"/evaluations/{round.Evaluation}?handler=Decide",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Version"] = version, ["Confirmed"] = "true", ["__RequestVerificationToken"] = token }));
        var secondToken = FormPost.TokenOf(await secondTab.GetStringAsync($"/evaluations/{round.Evaluation}"));
        var decisions = await Task.WhenAll(DecideAsync(round.Lead, FormPost.TokenOf(page)), DecideAsync(secondTab, secondToken));
        Assert.Equal([HttpStatusCode.Found, HttpStatusCode.Conflict], decisions.Select(r => r.StatusCode).Order().ToList());
        var loser = await decisions.Single(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"error-summary\"", loser, StringComparison.Ordinal);
        Assert.Contains("ほかの人がこの評価を変更しました", loser, StringComparison.Ordinal);
        Assert.Equal(EvaluationState.Passed, await StateAsync(round.Evaluation));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "evaluation.decide" && a.ObjectId == round.Evaluation.ToString())));

        // A stale page later is told the same, and nothing moves.
        var stale = await DecideAsync(secondTab, secondToken);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "evaluation.decide" && a.ObjectId == round.Evaluation.ToString())));

        // The loser of the race may read the evaluation only after the winner's commit: the
        // version its page showed still makes that a conflict, not a refused step.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var late = await scope.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Evaluations.EvaluationStore>().StepAsync(round.Evaluation, Hoshi.Domain.Evaluations.EvaluationStep.Decide,
                round.LeadPerson.UserId, null, expectedVersion: int.Parse(version, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal((false, true, EvaluationState.Passed), (late.Allowed, late.Conflict, late.State));
        }

        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "evaluation.decide" && a.ObjectId == round.Evaluation.ToString())));
    }

    [Fact]
    public async Task A_star4_without_audit_or_technical_verification_cannot_pass_and_an_open_risky_service_becomes_a_nonconformity()
    {
        var round = await InProgressAsync("証跡のない判定");
        await JudgeAsync(round, _ => (Verdict.Conformant, null));
        var details = await round.Lead.GetStringAsync($"/evaluations/{round.Evaluation}");
        foreach (var gap in new[] { "Audit", "ExternalDiagnosis", "InternalCheck" })
        {
            Assert.Contains($"data-testid=\"gap-{gap}\" data-missing=\"true\"", details, StringComparison.Ordinal);
        }

        Assert.Contains("data-testid=\"gap-DocumentReview\" data-missing=\"false\"", details, StringComparison.Ordinal);
        var refused = await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Decide", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("現地(またはリモート)監査が記録されていないため、判定できません", Text(refused), StringComparison.Ordinal);
        Assert.Equal(EvaluationState.InProgress, await StateAsync(round.Evaluation));

        // The audit and the technical verification recorded, RDP left open and linked to a criterion:
        // the decision goes to corrective actions with a nonconformity on that criterion.
        var criterion = round.Criteria.First(c => c.Id.StartsWith("5-", StringComparison.Ordinal)).Id;
        await RecordEvidenceAsync(round, rdpOpenOn: criterion);
        Assert.DoesNotContain("data-missing=\"true\"", await round.Lead.GetStringAsync($"/evaluations/{round.Evaluation}"), StringComparison.Ordinal);
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime.AddHours(9));
        var decided = await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Decide",
            new() { ["Deadline"] = today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.True(decided.StatusCode == HttpStatusCode.Redirect, System.Text.RegularExpressions.Regex.Match(Text(decided), "error-summary.{0,600}", System.Text.RegularExpressions.RegexOptions.Singleline).Value);
        Assert.Equal(EvaluationState.CorrectiveActions, await StateAsync(round.Evaluation));
        var nonconformity = Assert.Single(await _people.WithDbAsync(db => db.Nonconformities.Where(n => n.EvaluationId == round.Evaluation).ToListAsync()));
        Assert.Equal(criterion, nonconformity.CriterionId);
        Assert.Contains("RDP", nonconformity.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_lead_assessor_accepts_the_scope_and_a_star4_is_not_decided_before()
    {
        var round = await InProgressAsync("適用範囲の判定");
        await RecordEvidenceAsync(round);

        // Every criterion conformant and the evidence recorded, but the scope not accepted: no decision.
        await JudgeAsync(round, _ => (Verdict.Conformant, null), acceptScope: false);
        Assert.Contains("data-testid=\"gap-Scope\" data-missing=\"true\"", await round.Lead.GetStringAsync($"/evaluations/{round.Evaluation}"), StringComparison.Ordinal);
        var refused = await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Decide", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("主任評価者が適用範囲を承認していない", Text(refused), StringComparison.Ordinal);
        Assert.Equal(EvaluationState.InProgress, await StateAsync(round.Evaluation));

        // An assessor of the team sees the scope but may not give its verdict, whatever form they send.
        var assessor = await _people.SignedInAsync(round.AssessorPerson);
        await Assessments.Declarations.DeclareAsync(assessor, round.Assessment);
        var assessorView = await assessor.GetStringAsync($"/reviews/{round.Assessment}");
        Assert.Contains("data-testid=\"scope-lead-only\"", assessorView, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"scope-save\"", assessorView, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await Reviews.ScopeVerdicts.SendAsync(assessor, round.Assessment, "Accepted")).StatusCode);
        Assert.False(await _people.WithDbAsync(db => db.ScopeReviews.AnyAsync(r => r.AssessmentId == round.Assessment)));

        // The lead accepts it with the reasons: the gap closes and the evaluation passes.
        await Reviews.ScopeVerdicts.AcceptAsync(round.Lead, round.Assessment);
        Assert.Contains("data-testid=\"gap-Scope\" data-missing=\"false\"", await round.Lead.GetStringAsync($"/evaluations/{round.Evaluation}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Decide", [])).StatusCode);
        Assert.Equal(EvaluationState.Passed, await StateAsync(round.Evaluation));
        var judged = await _people.WithDbAsync(db => db.ScopeReviews.SingleAsync(r => r.AssessmentId == round.Assessment));
        Assert.Equal(round.LeadPerson.UserId, judged.JudgedBy);
    }

    [Fact]
    public async Task An_assessor_who_belongs_to_the_applicant_is_refused_at_appointment_and_at_every_verdict()
    {
        var round = await InProgressAsync("利害のある評価者");
        var body = await _people.WithDbAsync(db => db.Evaluations.Where(e => e.Id == round.Evaluation).Select(e => e.BodyId).SingleAsync());
        var insider = await _people.PersonAsync(body, MembershipRole.Assessor, twoFactor: true);
        await _people.WithDbAsync(async db =>
        {
            db.Memberships.Add(new Hoshi.Data.Accounts.MembershipRecord { UserId = insider.UserId, OrganizationId = round.Applicant, Role = MembershipRole.Member, CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var lead = round.LeadPerson.UserId.ToString();
        var refused = await FormPost.SendAsync(round.BodyOfficer, $"/evaluations/{round.Evaluation}?handler=Appoint", new() { ["LeadId"] = lead, ["AssessorIds"] = insider.UserId.ToString() });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("この組織のメンバーであるため", Text(refused), StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.EvaluationAssessors.AnyAsync(a => a.EvaluationId == round.Evaluation && a.UserId == insider.UserId)));

        // The appointed assessor joins the applicant later: their verdicts are refused with 403, nothing stored.
        var assessor = await _people.SignedInAsync(round.AssessorPerson);
        await Assessments.Declarations.DeclareAsync(assessor, round.Assessment);
        await _people.WithDbAsync(async db =>
        {
            db.Memberships.Add(new Hoshi.Data.Accounts.MembershipRecord { UserId = round.AssessorPerson.UserId, OrganizationId = round.Applicant, Role = MembershipRole.Member, CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var token = FormPost.TokenOf(await assessor.GetStringAsync($"/reviews/{round.Assessment}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await VerdictAsync(assessor, token, round.Assessment, round.Criteria[0].Id, 0, "評価者の所見")).StatusCode);
        Assert.False(await _people.WithDbAsync(db => db.Verdicts.AnyAsync(v => v.AssessmentId == round.Assessment)));
    }

    [Fact]
    public async Task A_body_evaluates_rechecks_passes_and_the_accreditation_body_registers_for_three_years()
    {
        var round = await InProgressAsync("合格する");
        await RecordEvidenceAsync(round);
        var recheck = round.Criteria[2];
        await JudgeAsync(round, c => c.Id == recheck.Id ? (Verdict.Recheck, "規程の最終更新日を確認したい") : (Verdict.Conformant, null));

        // A decision with a recheck open is shown disabled with the reason, and refused if posted anyway.
        var decidePage = WebUtility.HtmlDecode(await round.Lead.GetStringAsync($"/evaluations/{round.Evaluation}"));
        Assert.Matches("data-testid=\"decide\" disabled=\"disabled\"", decidePage);
        Assert.Contains("再確認の 1 件が残っています", new AngleSharp.Html.Parser.HtmlParser().ParseDocument(decidePage).QuerySelector("[data-testid=decide-blocked]")?.TextContent ?? "", StringComparison.Ordinal);
        var early = await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Decide", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Contains("再確認の 1 件が残っています", Text(early), StringComparison.Ordinal);

        // The recheck goes to the applicant, who answers only that item and sends it back.
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Recheck", [])).StatusCode);
        Assert.Equal(EvaluationState.RecheckRequested, await StateAsync(round.Evaluation));
        var answered = await FormPost.SendForJsonAsync(round.ApplicantBrowser, $"/assessments/{round.Assessment}/sheet", $"/assessments/{round.Assessment}/sheet?handler=Answer", new()
        {
            ["CriterionId"] = recheck.Id,
            ["Version"] = "1",
            ["Value"] = YesNo.Yes,
            ["Supplement"] = "情報セキュリティ規程(2026-05-01改定)",
            ["Reply"] = "最終更新日を追記しました",
        });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.ApplicantBrowser, $"/assessments/{round.Assessment}?handler=AnswerRechecks", [])).StatusCode);
        Assert.Equal(EvaluationState.InProgress, await StateAsync(round.Evaluation));

        var version = await _people.WithDbAsync(db => db.Verdicts.Where(v => v.AssessmentId == round.Assessment && v.CriterionId == recheck.Id).Select(v => v.Version).SingleAsync());

        // A changed ★4 verdict needs its reason.
        var noReason = await FormPost.SendForJsonAsync(round.Lead, $"/reviews/{round.Assessment}", $"/reviews/{round.Assessment}?handler=Verdict", new()
        {
            ["CriterionId"] = recheck.Id,
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Verdict"] = "Conformant",
            ["Remark"] = "規程の最終更新日を確認したい",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("変える理由", System.Text.Json.JsonDocument.Parse(await noReason.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        var conformant = await FormPost.SendForJsonAsync(round.Lead, $"/reviews/{round.Assessment}", $"/reviews/{round.Assessment}?handler=Verdict", new()
        {
            ["CriterionId"] = recheck.Id,
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Verdict"] = "Conformant",
            ["Remark"] = "確認した",
        });
        Assert.Equal(HttpStatusCode.OK, conformant.StatusCode);

        // Only the lead assessor decides; every criterion conformant passes.
        Assert.Equal(HttpStatusCode.Forbidden, (await FormPost.SendWithTokenFromAsync(round.BodyOfficer, $"/evaluations/{round.Evaluation}", $"/evaluations/{round.Evaluation}?handler=Decide", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WalkAsync(round.Lead, round.Evaluation, "Decide", [])).StatusCode);
        Assert.Equal(EvaluationState.Passed, await StateAsync(round.Evaluation));

        // The report, as PDF with Japanese text that a PDF reader extracts.
        var pdf = await round.ApplicantBrowser.GetAsync($"/assessments/{round.Assessment}/evaluation?handler=Report");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var reportText = Shared.PdfText.Extract(await pdf.Content.ReadAsByteArrayAsync());
        foreach (var heading in new[] { "★4 評価報告書", "概要", "適用範囲", "計画と監査", "要求事項ごとの評価結果", "技術検証", "不適合と是正処置", "工数", "合格するの申請者", "合格するの評価機関" })
        {
            Assert.Contains(heading, reportText, StringComparison.Ordinal);
        }

        // The accreditation body registers: ★4, valid three years.
        Assert.Contains("合格する", await round.AccreditationOfficer.GetStringAsync("/evaluations"), StringComparison.Ordinal);

        // Not while the applicant's 法人番号 is an unproven claim.
        var unverified = await FormPost.StepAsync(round.AccreditationOfficer, $"/evaluations/{round.Evaluation}?handler=Register", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unverified.StatusCode);
        Assert.Contains("法人番号はまだ確認されていないため、登録できません", Text(unverified), StringComparison.Ordinal);
        Assert.Equal(EvaluationState.Passed, await StateAsync(round.Evaluation));
        await Hoshi.Tests.Shared.VerifiedOrganizations.MarkAsync(factory.Services, round.Applicant);
        Assert.Equal(HttpStatusCode.Redirect, (await WalkAsync(round.AccreditationOfficer, round.Evaluation, "Register", [])).StatusCode);
        Assert.Equal(EvaluationState.Registered, await StateAsync(round.Evaluation));
        var entry = await _people.WithDbAsync(db => db.RegistryEntries.SingleAsync(e => e.AssessmentId == round.Assessment));
        Assert.Equal((Hoshi.Domain.Level.Star4, entry.ValidFrom.AddYears(3).AddDays(-1)), (entry.Level, entry.ValidUntil));
        Assert.Equal("valid", entry.Status);

        // Every step told the people who act next or are told, in the app, once per person and step (issue 24).
        var notified = await _people.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Key.Contains(round.Evaluation.ToString()))
            .Select(n => new { n.UserId, n.Kind, n.Key }).ToListAsync());
        async Task<string[]> KindsOfAsync(Guid organization)
        {
            var people = await _people.WithDbAsync(db => db.Memberships.Where(m => m.OrganizationId == organization).Select(m => m.UserId).ToListAsync());
            return [.. notified.Where(n => people.Contains(n.UserId)).Select(n => n.Kind).Distinct().Order(StringComparer.Ordinal)];
        }

        Assert.Equal(["star4-accept", "star4-decide", "star4-register", "star4-request-recheck", "star4-start"], await KindsOfAsync(round.Applicant));
        var bodyId = await _people.WithDbAsync(db => db.Evaluations.Where(e => e.Id == round.Evaluation).Select(e => e.BodyId).SingleAsync());
        // The body's officer joined after the request (this test's order): told of the registration only.
        Assert.Equal(["star4-answer-rechecks", "star4-register"], await KindsOfAsync(bodyId));
        Assert.Contains(notified, n => n.UserId == round.LeadPerson.UserId && n.Kind == "star4-answer-rechecks");
        var accreditor = await _people.WithDbAsync(db => db.Accreditations.Where(a => a.Id == round.Accreditation).Select(a => a.AccreditedById).SingleAsync());
        Assert.Equal(["star4-decide"], await KindsOfAsync(accreditor));
        Assert.Equal(notified.Count, notified.Select(n => (n.UserId, n.Key)).Distinct().Count());
        Assert.Equal(AssessmentState.Registered, await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round.Assessment).Select(a => a.State).SingleAsync()));

        // Yearly self-assessments: due at the first two anniversaries, not open yet.
        var evaluationPage = $"/assessments/{round.Assessment}/evaluation";
        var schedule = WebUtility.HtmlDecode(await round.ApplicantBrowser.GetStringAsync(evaluationPage));
        var first = entry.ValidFrom.AddYears(1);
        Assert.Contains($"data-testid=\"yearly-{first:yyyy-MM-dd}\"", schedule, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"yearly-{entry.ValidFrom.AddYears(2):yyyy-MM-dd}\"", schedule, StringComparison.Ordinal);
        Assert.Contains("受付前", schedule, StringComparison.Ordinal);
        var body = await _people.WithDbAsync(db => db.Evaluations.Where(e => e.Id == round.Evaluation).Select(e => e.BodyId).SingleAsync());

        // Ten days before the first anniversary: the holder starts (pre-filled), changes one answer, submits.
        factory.Clock.Shift = TimeSpan.FromDays(first.DayNumber - entry.ValidFrom.DayNumber - 10);
        try
        {
            var (_, holder) = await _people.SignedInMemberAsync(round.Applicant, MembershipRole.OrgAdmin);
            var started = await FormPost.SendAsync(holder, evaluationPage + "?handler=YearlyStart", new() { ["due"] = first.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
            var sheet = started.Headers.Location!.OriginalString;
            var yearlyRound = Guid.Parse(sheet["/assessments/".Length..sheet.IndexOf("/sheet", StringComparison.Ordinal)]);
            Assert.Equal(round.Criteria.Count, await _people.WithDbAsync(db => db.Answers.CountAsync(a => a.AssessmentId == yearlyRound)));
            var changed = round.Criteria[4].Id;
            var saved = await FormPost.SendForJsonAsync(holder, sheet, sheet + "?handler=Answer", new()
            {
                ["CriterionId"] = changed,
                ["Version"] = "1",
                ["Value"] = YesNo.No,
                ["Supplement"] = "担当者の退職で運用が止まっている",
            });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            var yearlyId = await _people.WithDbAsync(db => db.YearlySelfAssessments.Where(y => y.EvaluationId == round.Evaluation).Select(y => y.Id).SingleAsync());
            Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(holder, evaluationPage + "?handler=YearlySubmit", new() { ["yearlyId"] = yearlyId.ToString() })).StatusCode);

            // The body sees what got worse and raises concerns; the holder sees them.
            var (_, officer) = await _people.SignedInMemberAsync(body, MembershipRole.Officer, twoFactor: true);
            var details = WebUtility.HtmlDecode(await officer.GetStringAsync($"/evaluations/{round.Evaluation}"));
            Assert.Contains($"{changed}: 実施している → 実施していない", details, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(officer, $"/evaluations/{round.Evaluation}?handler=YearlyRespond", new()
            {
                ["yearlyId"] = yearlyId.ToString(),
                ["concerns"] = "true",
                ["Reason"] = "運用再開の計画を示してください",
            })).StatusCode);
            Assert.Contains("運用再開の計画を示してください", WebUtility.HtmlDecode(await holder.GetStringAsync(evaluationPage)), StringComparison.Ordinal);
        }
        finally
        {
            factory.Clock.Shift = TimeSpan.Zero;
        }

        // Past the second window without a submission: missed, shown on the holder's page.
        factory.Clock.Shift = TimeSpan.FromDays(entry.ValidFrom.AddYears(2).DayNumber - entry.ValidFrom.DayNumber + 31);
        try
        {
            var (_, holder) = await _people.SignedInMemberAsync(round.Applicant, MembershipRole.Member);
            Assert.Contains("期限内に提出なし", await holder.GetStringAsync(evaluationPage), StringComparison.Ordinal);

            // The scheduler flags the missed one, once, to the holder's administrators and to the evaluation body.
            var runner = factory.Services.GetRequiredService<Hoshi.Web.Features.Lifecycle.SchedulerRunner>();
            await JobsDueNowAsync();
            await runner.RunDueAsync("test");
            factory.Clock.Shift += TimeSpan.FromHours(2);
            await JobsDueNowAsync();
            await runner.RunDueAsync("test");
            var key = $"yearly:{round.Evaluation}:{entry.ValidFrom.AddYears(2):yyyy-MM-dd}:missed";
            var told = await _people.WithDbAsync(db => (from n in db.Notifications
                                                        where n.Key == key
                                                        join m in db.Memberships on n.UserId equals m.UserId
                                                        select m.OrganizationId).ToListAsync());
            Assert.Contains(round.Applicant, told);
            Assert.Contains(body, told);
            Assert.Equal(told.Count, await _people.WithDbAsync(db => db.Notifications.CountAsync(n => n.Key == key)) * 1);
            Assert.Equal(0, await _people.WithDbAsync(db => db.Notifications.CountAsync(n => n.Key == $"yearly:{round.Evaluation}:{first:yyyy-MM-dd}:missed")));

            // Told beforehand: the day a suspension will be proposed (30 days of grace after the window), and nothing proposed yet.
            var second = entry.ValidFrom.AddYears(2);
            var proposeOn = second.AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(proposeOn, await _people.WithDbAsync(db => db.Notifications.Where(n => n.Key == key).Select(n => n.ArgumentsJson).FirstAsync()), StringComparison.Ordinal);
            Assert.Equal(0, await _people.WithDbAsync(db => db.SuspensionProposals.CountAsync(p => p.EvaluationId == round.Evaluation)));

            // Past the grace period: Hoshi proposes the suspension to the accreditation body, once; the entry stays valid until it decides.
            factory.Clock.Shift = TimeSpan.FromDays(second.DayNumber - entry.ValidFrom.DayNumber + 61);
            await JobsDueNowAsync();
            await runner.RunDueAsync("test");
            factory.Clock.Shift += TimeSpan.FromHours(2);
            await JobsDueNowAsync();
            await runner.RunDueAsync("test");
            var proposal = await _people.WithDbAsync(db => db.SuspensionProposals.SingleAsync(p => p.EvaluationId == round.Evaluation));
            Assert.Equal((ProposalSource.MissedYearlySelfAssessment, ProposalState.Open, second), (proposal.Source, proposal.State, proposal.YearlyDueOn!.Value));
            Assert.Contains("年次自己評価", proposal.Reason, StringComparison.Ordinal);
            Assert.Equal("valid", await _people.WithDbAsync(db => db.RegistryEntries.Where(e => e.Id == entry.Id).Select(e => e.Status).SingleAsync()));
            var accreditationBody = await _people.WithDbAsync(db => db.Accreditations.Where(a => a.Id == round.Accreditation).Select(a => a.AccreditedById).SingleAsync());
            await using var scope = factory.Services.CreateAsyncScope();
            var queue = await scope.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Registry.SuspensionProposalStore>().OpenForAccreditationBodiesAsync([accreditationBody]);
            Assert.Equal("合格するの申請者", queue.Single(q => q.Proposal.Id == proposal.Id).Holder);
        }
        finally
        {
            factory.Clock.Shift = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task The_evaluation_body_proposes_a_suspension_and_only_the_accreditation_body_suspends()
    {
        var round = await InProgressAsync("停止を提案される");
        await RecordEvidenceAsync(round);
        await JudgeAsync(round, _ => (Verdict.Conformant, null));
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Decide", [])).StatusCode);
        var number = Hoshi.Tests.Shared.Listings.NewNumber();
        await _people.WithDbAsync(db => db.Organizations.Where(o => o.Id == round.Applicant).ExecuteUpdateAsync(u => u.SetProperty(o => o.CorporateNumber, number)));
        await Hoshi.Tests.Shared.VerifiedOrganizations.MarkAsync(factory.Services, round.Applicant);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(round.AccreditationOfficer, $"/evaluations/{round.Evaluation}?handler=Register", [])).StatusCode);
        Assert.Contains("\"valid\"", await factory.CreateClient().GetStringAsync($"/api/registry/{number}"), StringComparison.Ordinal);
        var page = $"/evaluations/{round.Evaluation}";
        Assert.Contains("data-testid=\"propose-suspension\"", await round.BodyOfficer.GetStringAsync(page), StringComparison.Ordinal);

        // Refused without the confirmation or the reason, and by anyone outside the evaluation body.
        var unconfirmed = await FormPost.SendWithTokenFromAsync(round.BodyOfficer, "/account", page + "?handler=ProposeSuspension", new() { ["Reason"] = "重大な事故の報告を受けた" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        Assert.Contains("確認のチェックを入れてください", Text(unconfirmed), StringComparison.Ordinal);
        var noReason = await FormPost.SendWithTokenFromAsync(round.BodyOfficer, "/account", page + "?handler=ProposeSuspension", new() { ["Confirmed"] = "true" });
        Assert.Contains("理由を入力してください", Text(noReason), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await FormPost.SendWithTokenFromAsync(round.ApplicantBrowser, "/account", page + "?handler=ProposeSuspension", new() { ["Reason"] = "自分で", ["Confirmed"] = "true" })).StatusCode);
        Assert.Equal(0, await _people.WithDbAsync(db => db.SuspensionProposals.CountAsync(p => p.EvaluationId == round.Evaluation)));

        // Proposed with reason and evidence: the entry stays valid; the accreditation body is told and lists it.
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendWithTokenFromAsync(round.BodyOfficer, "/account", page + "?handler=ProposeSuspension", new()
        {
            ["Reason"] = "重大な事故の報告を受けた",
            ["SuspensionEvidence"] = "2026-11-30 の事故報告書",
            ["Confirmed"] = "true",
        })).StatusCode);
        var proposal = await _people.WithDbAsync(db => db.SuspensionProposals.SingleAsync(p => p.EvaluationId == round.Evaluation));
        Assert.Equal((ProposalState.Open, ProposalSource.EvaluationBody, "2026-11-30 の事故報告書"), (proposal.State, proposal.Source, proposal.Evidence));
        Assert.Equal("valid", await _people.WithDbAsync(db => db.RegistryEntries.Where(e => e.Id == proposal.EntryId).Select(e => e.Status).SingleAsync()));
        Assert.Contains("停止を提案されるの申請者", await round.AccreditationOfficer.GetStringAsync("/accreditations"), StringComparison.Ordinal);
        var accreditationBody = await _people.WithDbAsync(db => db.Accreditations.Where(a => a.Id == round.Accreditation).Select(a => a.AccreditedById).SingleAsync());
        var told = await _people.WithDbAsync(db => (from n in db.Notifications
                                                    where n.Key == $"suspension:{proposal.Id}:proposed"
                                                    join m in db.Memberships on n.UserId equals m.UserId
                                                    select m.OrganizationId).Distinct().ToListAsync());
        Assert.Contains(accreditationBody, told);
        Assert.Contains(round.Applicant, told);
        var again = await FormPost.SendWithTokenFromAsync(round.BodyOfficer, "/account", page + "?handler=ProposeSuspension", new() { ["Reason"] = "もう一度", ["Confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("判断待ちの提案がすでにあります", Text(again), StringComparison.Ordinal);

        // The evaluation body cannot decide its own proposal.
        var decide = page + $"?handler=DecideSuspension&proposalId={proposal.Id}";
        Assert.Equal(HttpStatusCode.Forbidden, (await FormPost.SendWithTokenFromAsync(round.BodyOfficer, "/account", decide, new() { ["accept"] = "true", ["Confirmed"] = "true", ["proposalVersion"] = "0" })).StatusCode);

        // The accreditation body rejects (a reason is required), and the entry stays valid.
        var bare = await FormPost.SendWithTokenFromAsync(round.AccreditationOfficer, "/account", decide, new() { ["accept"] = "false", ["proposalVersion"] = "0" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bare.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendWithTokenFromAsync(round.AccreditationOfficer, "/account", decide, new() { ["accept"] = "false", ["Reason"] = "是正済みを確認した", ["proposalVersion"] = "0" })).StatusCode);
        Assert.Equal(ProposalState.Rejected, await _people.WithDbAsync(db => db.SuspensionProposals.Where(p => p.Id == proposal.Id).Select(p => p.State).SingleAsync()));
        Assert.Equal("valid", await _people.WithDbAsync(db => db.RegistryEntries.Where(e => e.Id == proposal.EntryId).Select(e => e.Status).SingleAsync()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await FormPost.SendWithTokenFromAsync(round.AccreditationOfficer, "/account", decide, new() { ["accept"] = "true", ["Confirmed"] = "true", ["proposalVersion"] = "1" })).StatusCode);

        // Proposed again; accepted with the confirmation: suspended in the registry, with the proposal's reason.
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendWithTokenFromAsync(round.BodyOfficer, "/account", page + "?handler=ProposeSuspension", new() { ["Reason"] = "是正が守られていない", ["Confirmed"] = "true" })).StatusCode);
        var second = await _people.WithDbAsync(db => db.SuspensionProposals.SingleAsync(p => p.EvaluationId == round.Evaluation && p.State == ProposalState.Open));
        var secondDecide = page + $"?handler=DecideSuspension&proposalId={second.Id}";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await FormPost.SendWithTokenFromAsync(round.AccreditationOfficer, "/account", secondDecide, new() { ["accept"] = "true", ["proposalVersion"] = "0" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendWithTokenFromAsync(round.AccreditationOfficer, "/account", secondDecide, new() { ["accept"] = "true", ["Confirmed"] = "true", ["proposalVersion"] = "0" })).StatusCode);
        var entry = await _people.WithDbAsync(db => db.RegistryEntries.SingleAsync(e => e.Id == proposal.EntryId));
        Assert.Equal(("suspended", "是正が守られていない"), (entry.Status, entry.StatusReason));
        Assert.Contains("\"suspended\"", await factory.CreateClient().GetStringAsync($"/api/registry/{number}"), StringComparison.Ordinal);
        Assert.Equal(["registry.suspension-proposed", "registry.suspension-rejected", "registry.suspension-proposed", "registry.suspension-accepted", "registry.suspended"],
            await _people.WithDbAsync(db => db.AuditRecords.Where(a => a.ObjectId == proposal.EntryId.ToString() && a.Action.StartsWith("registry.suspen")).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_suspended_accreditation_blocks_the_decision_until_it_is_reinstated()
    {
        var round = await InProgressAsync("認定停止");
        await RecordEvidenceAsync(round);
        await JudgeAsync(round, _ => (Verdict.Conformant, null));
        var version = await _people.WithDbAsync(db => db.Accreditations.Where(a => a.Id == round.Accreditation).Select(a => a.Version).SingleAsync());
        async Task<string> AccreditationAsync() => await _people.WithDbAsync(async db =>
            $"{await db.Accreditations.Where(a => a.Id == round.Accreditation).Select(a => a.Status + " " + a.Version).SingleAsync()} {await db.AuditRecords.CountAsync()} {await db.Notifications.CountAsync()}");

        // Without a reason, nothing is asked: the refusal says what is missing.
        var noReason = await FormPost.SendAsync(round.AccreditationOfficer, $"/accreditations/{round.Accreditation}?handler=Act", new()
        {
            ["Action"] = "Suspend",
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Null(FormPost.ConfirmationOf(await noReason.Content.ReadAsStringAsync()));

        var suspended = await FormPost.ConfirmedStepAsync(round.AccreditationOfficer, $"/accreditations/{round.Accreditation}?handler=Act", new()
        {
            ["Action"] = "Suspend",
            ["Reason"] = "サーベイランスで重大な指摘",
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, AccreditationAsync);
        Assert.Equal(HttpStatusCode.Redirect, suspended.StatusCode);

        // The body's administrators are told at once, in the app (and by mail, as they chose).
        var told = await _people.WithDbAsync(db => db.Notifications.Where(n => n.Kind == "accreditation-status-suspend" && n.Key.StartsWith($"accreditation:{round.Accreditation}:")).Select(n => n.UserId).ToListAsync());
        Assert.NotEmpty(told);
        Assert.Equal(told.Count, told.Distinct().Count());
        Assert.Contains("停止中", await round.AccreditationOfficer.GetStringAsync($"/accreditations/{round.Accreditation}"), StringComparison.Ordinal);

        var page = await round.Lead.GetStringAsync($"/evaluations/{round.Evaluation}");
        Assert.Contains("data-testid=\"accreditation-lapsed\"", page, StringComparison.Ordinal);
        var decide = await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Decide", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, decide.StatusCode);
        Assert.Contains("評価機関の認定が有効ではありません", Text(decide), StringComparison.Ordinal);
        Assert.Equal(EvaluationState.InProgress, await StateAsync(round.Evaluation));

        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.AccreditationOfficer, $"/accreditations/{round.Accreditation}?handler=Act", new()
        {
            ["Action"] = "Reinstate",
            ["Version"] = (version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Decide", [])).StatusCode);
        Assert.Equal(EvaluationState.Passed, await StateAsync(round.Evaluation));

        // Withdrawal is final: asked first, then taken, and told.
        var withdrawn = await FormPost.ConfirmedStepAsync(round.AccreditationOfficer, $"/accreditations/{round.Accreditation}?handler=Act", new()
        {
            ["Action"] = "Withdraw",
            ["Reason"] = "認定基準を満たさなくなった",
            ["Version"] = (version + 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, AccreditationAsync);
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(AccreditationStatus.Withdrawn, await _people.WithDbAsync(db => db.Accreditations.Where(a => a.Id == round.Accreditation).Select(a => a.Status).SingleAsync()));
        Assert.True(await _people.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Kind == "accreditation-status-withdraw")));
    }

    [Fact]
    public async Task A_nonconformity_gets_a_deadline_and_a_missed_deadline_fails_the_evaluation()
    {
        var round = await InProgressAsync("期限切れ");
        await RecordEvidenceAsync(round);
        var nonconformant = round.Criteria[5];
        await JudgeAsync(round, c => c.Id == nonconformant.Id ? (Verdict.Nonconformant, "多要素認証が導入されていない") : (Verdict.Conformant, null));
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime.AddHours(9));

        var tooFar = await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Decide", new() { ["Deadline"] = today.AddDays(181).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains("是正の期限は判定日から 180 日以内", Text(tooFar), StringComparison.Ordinal);
        Assert.DoesNotContain("at most", Text(tooFar), StringComparison.Ordinal);
        var decided = await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Decide", new() { ["Deadline"] = today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        Assert.Equal(EvaluationState.CorrectiveActions, await StateAsync(round.Evaluation));
        Assert.Contains(today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), await round.ApplicantBrowser.GetStringAsync($"/assessments/{round.Assessment}/evaluation"), StringComparison.Ordinal);

        // Before the deadline has passed, the evaluation cannot be failed.
        var early = await FormPost.SendAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Lapse", []);
        Assert.Contains("是正期限はまだ過ぎていません", Text(early), StringComparison.Ordinal);

        // Two days later (a new session: sessions end after two idle hours), a late fix is refused.
        factory.Clock.Shift = TimeSpan.FromDays(2);
        try
        {
            var nonconformity = await _people.WithDbAsync(db => db.Nonconformities.SingleAsync(n => n.EvaluationId == round.Evaluation));
            var (_, applicant) = await _people.SignedInMemberAsync(round.Applicant, MembershipRole.Member);
            var late = await FormPost.SendAsync(applicant, $"/assessments/{round.Assessment}/evaluation?handler=Fix", new()
            {
                ["NonconformityId"] = nonconformity.Id.ToString(),
                ["Version"] = nonconformity.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Fix"] = "遅れて導入した",
            });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
            Assert.Contains("期限を過ぎたため", Text(late), StringComparison.Ordinal);

            // The scheduler fails it on time, and tells the applicant's administrators and the body.
            await JobsDueNowAsync();
            var pass = await factory.Services.GetRequiredService<Hoshi.Web.Features.Lifecycle.SchedulerRunner>().RunDueAsync("test");
            Assert.Contains("corrective-deadlines", pass.Ran);
            Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "evaluation.lapse" && a.ObjectId == round.Evaluation.ToString())));
            Assert.True(await _people.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Key == $"evaluation:{round.Evaluation}:failed" && n.UserId == round.LeadPerson.UserId)));
        }
        finally
        {
            factory.Clock.Shift = TimeSpan.Zero;
        }

        Assert.Equal(EvaluationState.Failed, await StateAsync(round.Evaluation));
        Assert.Equal(AssessmentState.NotApproved, await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round.Assessment).Select(a => a.State).SingleAsync()));
    }

    [Fact]
    public async Task The_lead_fails_a_late_evaluation_by_hand_only_after_confirming()
    {
        var round = await InProgressAsync("手で不合格");
        await RecordEvidenceAsync(round);
        var nonconformant = round.Criteria[3];
        await JudgeAsync(round, c => c.Id == nonconformant.Id ? (Verdict.Nonconformant, "ログが保管されていない") : (Verdict.Conformant, null));
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime.AddHours(9));
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Decide", new()
        {
            ["Deadline"] = today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        })).StatusCode);

        factory.Clock.Shift = TimeSpan.FromDays(2);
        try
        {
            var lead = await _people.SignedInAsync(round.LeadPerson);
            var failed = await WalkAsync(lead, round.Evaluation, "Lapse", []);
            Assert.Equal(HttpStatusCode.Redirect, failed.StatusCode);
        }
        finally
        {
            factory.Clock.Shift = TimeSpan.Zero;
        }

        Assert.Equal(EvaluationState.Failed, await StateAsync(round.Evaluation));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "evaluation.lapse" && a.ObjectId == round.Evaluation.ToString())));
    }

    [Fact]
    public async Task The_applicant_fixes_a_nonconformity_the_body_rejects_then_verifies_and_the_evaluation_passes()
    {
        var round = await InProgressAsync("是正する");
        await RecordEvidenceAsync(round);
        var criterion = round.Criteria[7];
        await JudgeAsync(round, c => c.Id == criterion.Id ? (Verdict.Nonconformant, "バックアップの取得記録がない") : (Verdict.Conformant, null));
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime.AddHours(9));
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Decide", new()
        {
            ["Deadline"] = today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        })).StatusCode);
        var nonconformity = await _people.WithDbAsync(db => db.Nonconformities.SingleAsync(n => n.EvaluationId == round.Evaluation));
        Assert.Equal((criterion.Id, NonconformityStatus.Open, "バックアップの取得記録がない"), (nonconformity.CriterionId, nonconformity.Status, nonconformity.Finding));

        // Passing with the nonconformity open is refused, saying why.
        var early = await FormPost.StepAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler=Close", []);
        Assert.Contains("是正の確認が済んでいない不適合が 1 件あります", Text(early), StringComparison.Ordinal);

        async Task<HttpResponseMessage> FixAsync(string fix)
        {
            var version = await _people.WithDbAsync(db => db.Nonconformities.Where(n => n.Id == nonconformity.Id).Select(n => n.Version).SingleAsync());
            return await FormPost.SendAsync(round.ApplicantBrowser, $"/assessments/{round.Assessment}/evaluation?handler=Fix", new()
            {
                ["NonconformityId"] = nonconformity.Id.ToString(),
                ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Fix"] = fix,
            });
        }

        async Task<HttpResponseMessage> JudgeFixAsync(string handler, string? reason)
        {
            var version = await _people.WithDbAsync(db => db.Nonconformities.Where(n => n.Id == nonconformity.Id).Select(n => n.Version).SingleAsync());
            return await FormPost.SendAsync(round.Lead, $"/evaluations/{round.Evaluation}?handler={handler}", new()
            {
                ["NonconformityId"] = nonconformity.Id.ToString(),
                ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Reason"] = reason ?? "",
            });
        }

        Assert.Contains("内容を入力してください", Text(await FixAsync(" ")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await FixAsync("バックアップを週次で取得し記録を残す手順を定めた(バックアップ手順書 2026-12-01)")).StatusCode);
        Assert.Contains("内容を入力してください", Text(await JudgeFixAsync("Reject", null)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await JudgeFixAsync("Reject", "取得記録そのものが確認できない")).StatusCode);
        Assert.Contains("取得記録そのものが確認できない", await round.ApplicantBrowser.GetStringAsync($"/assessments/{round.Assessment}/evaluation"), StringComparison.Ordinal);
        // The second fix comes with its evidence file, kept with the evaluation's evidence.
        var fixVersion = await _people.WithDbAsync(db => db.Nonconformities.Where(n => n.Id == nonconformity.Id).Select(n => n.Version).SingleAsync());
        var evidenceBytes = "バックアップ記録簿 2026-12-05, 2026-12-12"u8.ToArray();
        using (var content = new MultipartFormDataContent
        {
            { new StringContent(FormPost.TokenOf(await round.ApplicantBrowser.GetStringAsync($"/assessments/{round.Assessment}/evaluation"))), "__RequestVerificationToken" },
            { new StringContent(nonconformity.Id.ToString()), "NonconformityId" },
            { new StringContent(fixVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Version" },
            { new StringContent("2026-12-05 から週次の取得記録(バックアップ記録簿)を付けている"), "Fix" },
        })
        {
            content.Add(new ByteArrayContent(evidenceBytes), "file", "backup-log.txt");
            Assert.Equal(HttpStatusCode.Redirect, (await round.ApplicantBrowser.PostAsync($"/assessments/{round.Assessment}/evaluation?handler=Fix", content)).StatusCode);
        }

        var fixEvidence = await _people.WithDbAsync(db => db.Evidence.SingleAsync(e => e.EvaluationId == round.Evaluation));
        Assert.Equal((criterion.Id, "backup-log.txt"), (fixEvidence.CriterionId, fixEvidence.FileName));
        Assert.Equal(evidenceBytes, await round.Lead.GetByteArrayAsync($"/evaluations/{round.Evaluation}/audit?handler=Evidence&evidenceId={fixEvidence.Id}"));
        Assert.Equal(HttpStatusCode.Redirect, (await JudgeFixAsync("Verify", null)).StatusCode);

        // The corrective actions as OSCAL POA&M, valid against NIST's schema; the risk is closed once verified.
        var poam = await round.Lead.GetStringAsync($"/evaluations/{round.Evaluation}?handler=Poam");
        var poamSchema = await Hoshi.Web.Tests.Shared.OscalSchema.LoadAsync("oscal_poam_schema.json");
        var poamErrors = poamSchema.Validate(poam);
        Assert.True(poamErrors.Count == 0, string.Join(Environment.NewLine, poamErrors.Take(10).Select(e => $"{e.Path}: {e.Kind}")));
        Hoshi.Web.Tests.Shared.OscalSchema.AssertPropsInHoshisNamespace(poam);
        var risk = System.Text.Json.JsonDocument.Parse(poam).RootElement.GetProperty("plan-of-action-and-milestones").GetProperty("risks")[0];
        Assert.Equal("closed", risk.GetProperty("status").GetString());
        Assert.StartsWith(today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T23:59:59+09:00", risk.GetProperty("deadline").GetString(), StringComparison.Ordinal);

        // The milestone is the deadline, in the risk's (completed) remediation; the item ties the risk to a finding on the criterion's objective and links the control.
        var remediation = risk.GetProperty("remediations")[0];
        Assert.Equal("completed", remediation.GetProperty("lifecycle").GetString());
        var milestone = remediation.GetProperty("tasks")[0];
        Assert.Equal(("milestone", risk.GetProperty("deadline").GetString()), (milestone.GetProperty("type").GetString(), milestone.GetProperty("timing").GetProperty("on-date").GetProperty("date").GetString()));
        var poamRoot = System.Text.Json.JsonDocument.Parse(poam).RootElement.GetProperty("plan-of-action-and-milestones");
        var item = poamRoot.GetProperty("poam-items")[0];
        var poamFinding = Assert.Single(poamRoot.GetProperty("findings").EnumerateArray());
        Assert.Equal(poamFinding.GetProperty("uuid").GetString(), item.GetProperty("related-findings")[0].GetProperty("finding-uuid").GetString());
        Assert.Equal(risk.GetProperty("uuid").GetString(), item.GetProperty("related-risks")[0].GetProperty("risk-uuid").GetString());
        var control = new Uri(item.GetProperty("links")[0].GetProperty("href").GetString()!);
        Assert.EndsWith("_obj-" + criterion.Id, poamFinding.GetProperty("target").GetProperty("target-id").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(control.Fragment.TrimStart('#') + "_obj-", poamFinding.GetProperty("target").GetProperty("target-id").GetString(), StringComparison.Ordinal);
        var catalogExport = await round.Lead.GetStringAsync(control.PathAndQuery);
        Assert.Contains($"\"id\": \"{control.Fragment.TrimStart('#')}\"", catalogExport, StringComparison.Ordinal);
        Assert.Contains($"\"id\": \"{poamFinding.GetProperty("target").GetProperty("target-id").GetString()}\"", catalogExport, StringComparison.Ordinal);

        var verdict = await _people.WithDbAsync(db => db.Verdicts.SingleAsync(v => v.AssessmentId == round.Assessment && v.CriterionId == criterion.Id));
        Assert.Equal(Verdict.Conformant, verdict.Verdict);
        Assert.StartsWith("是正確認: 2026-12-05", verdict.Remark, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await WalkAsync(round.Lead, round.Evaluation, "Close", [])).StatusCode);
        Assert.Equal(EvaluationState.Passed, await StateAsync(round.Evaluation));
        Assert.Equal(4, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.ObjectId == nonconformity.Id.ToString())));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.ObjectId == fixEvidence.Id.ToString())));

        // The final verdicts as OSCAL assessment-results, as for ★3: every finding satisfied.
        var results = await round.ApplicantBrowser.GetStringAsync($"/assessments/{round.Assessment}/oscal?handler=Results");
        var resultsSchema = await Hoshi.Web.Tests.Shared.OscalSchema.LoadAsync("oscal_assessment-results_schema.json");
        var resultErrors = resultsSchema.Validate(results);
        Assert.True(resultErrors.Count == 0, string.Join(Environment.NewLine, resultErrors.Take(10).Select(e => $"{e.Path}: {e.Kind}")));
        var findings = System.Text.Json.JsonDocument.Parse(results).RootElement.GetProperty("assessment-results").GetProperty("results")[0].GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(round.Criteria.Count, findings.Count);
        Assert.All(findings, f => Assert.Equal("satisfied", f.GetProperty("target").GetProperty("status").GetProperty("state").GetString()));

        // The POA&M's finding is the results' finding on the same criterion, and the results link is the POA&M's.
        Assert.Contains(findings, f => f.GetProperty("uuid").GetString() == poamFinding.GetProperty("uuid").GetString());
        Assert.Equal($"/assessments/{round.Assessment}/oscal?handler=Results", new Uri(poamFinding.GetProperty("links")[0].GetProperty("href").GetString()!).PathAndQuery);

        // The evaluation's lead assessor downloads the results too.
        Assert.Equal(HttpStatusCode.OK, (await round.Lead.GetAsync($"/assessments/{round.Assessment}/oscal?handler=Results")).StatusCode);
    }

    private static async Task<HttpResponseMessage> UploadScanAsync(HttpClient browser, Guid evaluation, byte[] file, string name)
    {
        var token = FormPost.TokenOf(await browser.GetStringAsync($"/evaluations/{evaluation}/technical"));
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        content.Add(new ByteArrayContent(file), "file", name);
        return await browser.PostAsync($"/evaluations/{evaluation}/technical?handler=Scan", content);
    }

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task Hostile_scan_files_are_refused_never_read_outside_the_upload_and_store_nothing()
    {
        var round = await InProgressAsync("敵対的な走査");
        var body = await _people.WithDbAsync(db => db.Evaluations.Where(e => e.Id == round.Evaluation).Select(e => e.BodyId).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Lead, $"/evaluations/{round.Evaluation}/technical?handler=Setup", new()
        {
            ["ProviderId"] = body.ToString(),
            ["ExternalScope"] = "127.0.0.1",
            ["InternalMethod"] = "AssetManagementData",
            ["InternalNotes"] = "台帳で確認",
            ["Version"] = "0",
        })).StatusCode);
        var good = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "nmap", "localhost.xml"));
        var greenbone = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "scans", "greenbone-report.xml"));
        var sarif = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "scans", "scanner.sarif"));
        var text = Encoding.UTF8.GetString(good);
        var hostile = Reliability.HostileFiles.Truncated(good).Concat(Reliability.HostileFiles.Garbage()).Concat(
        [
            ("entity bomb", Encoding.UTF8.GetBytes(Reliability.HostileFiles.EntityBomb("nmaprun"))),
            ("external entity", Encoding.UTF8.GetBytes(Reliability.HostileFiles.ExternalEntity("nmaprun", "<host><address addr=\"&x;\" addrtype=\"ipv4\"/></host>"))),
            ("external entity in the real scan", Encoding.UTF8.GetBytes(text.Replace("<nmaprun", "<!DOCTYPE nmaprun [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><nmaprun", StringComparison.Ordinal).Replace("127.0.0.1", "&x;", StringComparison.Ordinal))),
            ("invalid UTF-8 in the real scan", [.. good[..(good.Length / 2)], 0xC3, 0x28, 0xFF, .. good[(good.Length / 2)..]]),
            ("nested 100,000 deep", Encoding.UTF8.GetBytes("<nmaprun>" + string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000)) + "</nmaprun>")),

            // The same for OpenVAS / Greenbone reports and SARIF.
            ("report entity bomb", Encoding.UTF8.GetBytes(Reliability.HostileFiles.EntityBomb("report"))),
            ("report external entity", Encoding.UTF8.GetBytes(Reliability.HostileFiles.ExternalEntity("report", "<report><scan_run_status>Done</scan_run_status><results><result><name>x</name><host>&x;</host><port>22/tcp</port></result></results></report>"))),
            ("report nested 100,000 deep", Encoding.UTF8.GetBytes("<report><report><results><result>" + string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000)) + "</result></results></report></report>")),
            ("report still running", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(greenbone).Replace("<scan_run_status>Done<", "<scan_run_status>Running<", StringComparison.Ordinal))),
            ("SARIF nested 10,000 deep", Encoding.UTF8.GetBytes("{\"version\":\"2.1.0\",\"runs\":" + new string('[', 10_000) + new string(']', 10_000) + "}")),
            ("SARIF of a failed run", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(sarif).Replace("\"executionSuccessful\": true", "\"executionSuccessful\": false", StringComparison.Ordinal))),
            ("SARIF 2.0", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(sarif).Replace("\"version\": \"2.1.0\"", "\"version\": \"2.0.0\"", StringComparison.Ordinal))),
        ]).Concat(Reliability.HostileFiles.Truncated(greenbone).Skip(1)).Concat(Reliability.HostileFiles.Truncated(sarif).Skip(1)).ToList();

        var problems = new List<string>();
        foreach (var (name, bytes) in hostile)
        {
            var response = await UploadScanAsync(round.Lead, round.Evaluation, bytes, "scan.xml");
            var page = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.Redirect || page.Contains(Reliability.HostileFiles.Secret, StringComparison.Ordinal))
            {
                problems.Add($"{name}: {(int)response.StatusCode}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Null(await _people.WithDbAsync(db => db.TechnicalVerifications.Where(t => t.EvaluationId == round.Evaluation).Select(t => t.ScanSha256).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await UploadScanAsync(round.Lead, round.Evaluation, good, "localhost.xml")).StatusCode);
    }

    [Fact]
    public async Task The_team_imports_a_Greenbone_report_and_a_SARIF_file_and_sees_their_vulnerabilities_most_severe_first()
    {
        var round = await InProgressAsync("脆弱性診断");
        var page = $"/evaluations/{round.Evaluation}/technical";
        var body = await _people.WithDbAsync(db => db.Evaluations.Where(e => e.Id == round.Evaluation).Select(e => e.BodyId).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Lead, page + "?handler=Setup", new()
        {
            ["ProviderId"] = body.ToString(),
            ["ExternalScope"] = "192.0.2.0/28",
            ["InternalMethod"] = "AssetManagementData",
            ["InternalNotes"] = "台帳で確認",
            ["Version"] = "0",
        })).StatusCode);

        var greenbone = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "scans", "greenbone-report.xml"));
        Assert.Equal(HttpStatusCode.Redirect, (await UploadScanAsync(round.Lead, round.Evaluation, greenbone, "greenbone-report.xml")).StatusCode);
        var html = WebUtility.HtmlDecode(await round.Lead.GetStringAsync(page));
        Assert.Contains("OpenVAS / Greenbone 22.4", html, StringComparison.Ordinal);
        Assert.Contains("緊急 1、警告 2、注意 1、情報 1", html, StringComparison.Ordinal);
        Assert.Contains("CVE-2023-38408, CVE-2024-6387", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("OpenSSH Multiple Vulnerabilities", StringComparison.Ordinal) < html.IndexOf("TCP Timestamps", StringComparison.Ordinal));
        Assert.Contains("⚠ Telnet", html, StringComparison.Ordinal);
        var audit = await _people.WithDbAsync(db => db.AuditRecords.Where(a => a.Action == "evaluation.scan-imported" && a.ObjectId == round.Evaluation.ToString()).Select(a => a.Changes!).SingleAsync());
        Assert.Contains("\"vulnerabilities\":5", audit, StringComparison.Ordinal);

        // A SARIF file replaces it; the scope check names the hosts outside 192.0.2.0/28.
        var sarif = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "scans", "scanner.sarif"));
        Assert.Equal(HttpStatusCode.Redirect, (await UploadScanAsync(round.Lead, round.Evaluation, sarif, "nuclei.sarif")).StatusCode);
        html = WebUtility.HtmlDecode(await round.Lead.GetStringAsync(page));
        Assert.Contains("Nuclei (SARIF) 3.3.0", html, StringComparison.Ordinal);
        Assert.Contains("Apache Log4j2 Remote Code Injection", html, StringComparison.Ordinal);
        Assert.Contains("緊急</strong> (10.0)", html, StringComparison.Ordinal);
        Assert.Contains("記録した範囲の外のホストがあります: 198.51.100.20, 198.51.100.21", html, StringComparison.Ordinal);
        Assert.DoesNotContain("OpenSSH Multiple Vulnerabilities", html, StringComparison.Ordinal);

        // In English too.
        var english = WebUtility.HtmlDecode(await round.Lead.GetStringAsync(page + "?lang=en"));
        Assert.Contains("Critical</strong> (10.0)", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_team_imports_an_Nmap_scan_sees_risky_services_and_hosts_outside_the_scope_and_links_a_finding()
    {
        var round = await InProgressAsync("技術検証");
        var page = $"/evaluations/{round.Evaluation}/technical";
        var outsider = await _people.OrganizationAsync("認定のない検証会社", OrganizationRole.VerificationProvider);
        var refused = await FormPost.SendAsync(round.Lead, page + "?handler=Setup", new() { ["ProviderId"] = outsider.ToString(), ["ExternalScope"] = "203.0.113.0/28", ["Version"] = "0" });
        Assert.Contains("技術検証の有効な認定", Text(refused), StringComparison.Ordinal);
        var body = await _people.WithDbAsync(db => db.Evaluations.Where(e => e.Id == round.Evaluation).Select(e => e.BodyId).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Lead, page + "?handler=Setup", new()
        {
            ["ProviderId"] = body.ToString(),
            ["ExternalScope"] = "203.0.113.0/28\nwww.example.jp",
            ["InternalMethod"] = "AssetManagementData",
            ["InternalNotes"] = "資産管理ツールの台帳(2026-11-20時点)で全端末のパッチ適用を確認",
            ["Version"] = "0",
        })).StatusCode);
        Assert.Contains("読み取れない範囲があります: www.example.jp", WebUtility.HtmlDecode(await round.Lead.GetStringAsync(page)), StringComparison.Ordinal);

        // Bad files are refused with a clear message; nothing is stored.
        Assert.Contains("ファイルを読めません", Text(await UploadScanAsync(round.Lead, round.Evaluation, "PORT STATE SERVICE\n22/tcp open ssh"u8.ToArray(), "scan.txt")), StringComparison.Ordinal);
        Assert.Contains("対応している形式ではありません", Text(await UploadScanAsync(round.Lead, round.Evaluation, "<?xml version=\"1.0\"?><OpenVAS-report/>"u8.ToArray(), "openvas.xml")), StringComparison.Ordinal);
        Assert.Contains("ファイルが大きすぎます(10 MB まで)", Text(await UploadScanAsync(round.Lead, round.Evaluation, new byte[(10 * 1024 * 1024) + 1], "huge.xml")), StringComparison.Ordinal);
        Assert.Null(await _people.WithDbAsync(db => db.TechnicalVerifications.Where(t => t.EvaluationId == round.Evaluation).Select(t => t.ScanSha256).SingleAsync()));

        // The real scan: imported, flagged, hosts outside the scope named.
        var file = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "nmap", "localhost.xml"));
        var imported = await UploadScanAsync(round.Lead, round.Evaluation, file, "localhost.xml");
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var html = WebUtility.HtmlDecode(await round.Lead.GetStringAsync(page));
        Assert.Contains("範囲外のホストがあります: 127.0.0.1", html, StringComparison.Ordinal);
        Assert.Contains("記録した範囲の外のホストがあります: 127.0.0.1", html, StringComparison.Ordinal);
        Assert.Contains("⚠ RDP", html, StringComparison.Ordinal);
        Assert.Contains("⚠ Telnet", html, StringComparison.Ordinal);
        Assert.Contains("SimpleHTTPServer 0.6", html, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)), html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"port-127.0.0.1-22\"", html, StringComparison.Ordinal);

        var criterion = round.Criteria.First(c => c.Id.StartsWith("5-", StringComparison.Ordinal)).Id;
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Lead, page + "?handler=Link", new()
        {
            ["Host"] = "127.0.0.1",
            ["Port"] = "3389",
            ["Protocol"] = "tcp",
            ["CriterionId"] = criterion,
            ["Note"] = "RDP がインターネットに公開されている",
        })).StatusCode);
        var notFlagged = await FormPost.SendAsync(round.Lead, page + "?handler=Link", new() { ["Host"] = "127.0.0.1", ["Port"] = "22", ["Protocol"] = "tcp", ["CriterionId"] = criterion });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notFlagged.StatusCode);
        var finding = await _people.WithDbAsync(db => db.TechnicalFindings.SingleAsync(f => f.EvaluationId == round.Evaluation));
        Assert.Equal(("RDP", criterion), (finding.Risk, finding.CriterionId));

        // Someone outside the body sees nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await round.ApplicantBrowser.GetAsync(page)).StatusCode);

        // A separate provider, once accredited for technical verification, is named and its people work on this page only.
        var provider = await _people.OrganizationAsync("技術検証プロバイダ", OrganizationRole.VerificationProvider);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.AccreditationOfficer, "/accreditations?handler=Grant", new()
        {
            ["Input.OrganizationId"] = provider.ToString(),
            ["Input.Number"] = $"TV-{Guid.NewGuid():N}"[..12],
            ["Input.TechnicalVerification"] = "true",
            ["Input.ValidFrom"] = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        })).StatusCode);
        var setupVersion = await _people.WithDbAsync(db => db.TechnicalVerifications.Where(t => t.EvaluationId == round.Evaluation).Select(t => t.Version).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Lead, page + "?handler=Setup", new()
        {
            ["ProviderId"] = provider.ToString(),
            ["ExternalScope"] = "127.0.0.1",
            ["Version"] = setupVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).StatusCode);
        var (_, verifier) = await _people.SignedInMemberAsync(provider, MembershipRole.Assessor, twoFactor: true);
        Assert.Contains("技術検証の申請者", await verifier.GetStringAsync("/evaluations"), StringComparison.Ordinal);
        var redirected = await verifier.GetAsync($"/evaluations/{round.Evaluation}");
        Assert.Equal($"/evaluations/{round.Evaluation}/technical", redirected.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await verifier.GetAsync($"/evaluations/{round.Evaluation}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await verifier.GetAsync($"/reviews/{round.Assessment}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadScanAsync(verifier, round.Evaluation, file, "provider-scan.xml")).StatusCode);
        Assert.DoesNotContain("記録した範囲の外のホスト", WebUtility.HtmlDecode(await verifier.GetStringAsync(page)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_team_records_the_audit_and_evidence_files_only_the_parties_download_and_each_party_records_effort()
    {
        var round = await InProgressAsync("監査");
        var page = $"/evaluations/{round.Evaluation}/audit";
        var missing = await FormPost.SendAsync(round.Lead, page + "?handler=Visit", new() { ["Mode"] = "OnSite" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("参加者を入力してください", Text(missing), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Lead, page + "?handler=Visit", new()
        {
            ["HeldOn"] = "2026-12-10",
            ["Mode"] = "Remote",
            ["Participants"] = "評価機関: 主任評価者 ほか1名 / 申請者: 情報システム部長",
            ["Notes"] = "インシデント対応手順と訓練記録を画面共有で確認",
        })).StatusCode);

        // Evidence with a file: kept with its SHA-256, listed, downloadable by the parties only.
        var criterion = round.Criteria[0].Id;
        var bytes = "インシデント対応訓練 記録 2026-10-01"u8.ToArray();
        var token = FormPost.TokenOf(await round.Lead.GetStringAsync(page));
        using (var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(criterion), "CriterionId" },
            { new StringContent("訓練記録を確認"), "EvidenceNote" },
        })
        {
            content.Add(new ByteArrayContent(bytes), "file", "訓練記録.txt");
            Assert.Equal(HttpStatusCode.Redirect, (await round.Lead.PostAsync(page + "?handler=Evidence", content)).StatusCode);
        }

        var evidence = await _people.WithDbAsync(db => db.Evidence.SingleAsync(e => e.EvaluationId == round.Evaluation));
        Assert.Equal((criterion, "訓練記録.txt", (long)bytes.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))),
            (evidence.CriterionId, evidence.FileName, evidence.Size, evidence.Sha256));
        var download = $"{page}?handler=Evidence&evidenceId={evidence.Id}";
        Assert.Equal(bytes, await round.ApplicantBrowser.GetByteArrayAsync(download));
        Assert.Equal(bytes, await round.BodyOfficer.GetByteArrayAsync(download));
        var stranger = await _people.OrganizationAsync("無関係の会社", OrganizationRole.Applicant);
        var (_, strangerBrowser) = await _people.SignedInMemberAsync(stranger, MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerBrowser.GetAsync(download)).StatusCode);
        Assert.Contains("インシデント対応手順と訓練記録を画面共有で確認", WebUtility.HtmlDecode(await round.ApplicantBrowser.GetStringAsync(page)), StringComparison.Ordinal);

        // The applicant sees but cannot record evidence; a file over 20 MB is refused.
        using (var content = new MultipartFormDataContent
        {
            { new StringContent(FormPost.TokenOf(await round.ApplicantBrowser.GetStringAsync(page))), "__RequestVerificationToken" },
            { new StringContent(criterion), "CriterionId" },
            { new StringContent("自分で追加"), "EvidenceNote" },
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await round.ApplicantBrowser.PostAsync(page + "?handler=Evidence", content)).StatusCode);
        }

        using (var content = new MultipartFormDataContent
        {
            { new StringContent(FormPost.TokenOf(await round.Lead.GetStringAsync(page))), "__RequestVerificationToken" },
            { new StringContent(criterion), "CriterionId" },
        })
        {
            content.Add(new ByteArrayContent(new byte[(20 * 1024 * 1024) + 1]), "file", "big.bin");
            var big = await round.Lead.PostAsync(page + "?handler=Evidence", content);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, big.StatusCode);
            Assert.Contains("ファイルが大きすぎます(20 MB まで)", Text(big), StringComparison.Ordinal);
        }

        // Effort per step and party.
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.Lead, page + "?handler=Effort", new() { ["Step"] = "OnSiteAudit", ["Hours"] = "7.5" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.ApplicantBrowser, page + "?handler=Effort", new() { ["Step"] = "OnSiteAudit", ["Hours"] = "4" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(round.ApplicantBrowser, page + "?handler=Effort", new() { ["Step"] = "OnSiteAudit", ["Hours"] = "5" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await FormPost.SendAsync(round.ApplicantBrowser, page + "?handler=Effort", new() { ["Step"] = "OnSiteAudit", ["Hours"] = "-1" })).StatusCode);
        var effort = await _people.WithDbAsync(db => db.EvaluationEfforts.Where(e => e.EvaluationId == round.Evaluation).OrderBy(e => e.Hours).Select(e => e.Hours).ToListAsync());
        Assert.Equal([5m, 7.5m], effort);
    }
}
