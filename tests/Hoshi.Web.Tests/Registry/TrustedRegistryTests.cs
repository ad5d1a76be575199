using System.Net;
using System.Text;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Domain.Registry;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Registry;

/// <summary>
/// The registry names only proven corporations and group companies that consented: 法人番号 claims
/// until an officer proves them, the NTA's published data checks them, and a group company in a
/// scope stays out of the public registry until it accepts.
/// </summary>
public sealed class TrustedRegistryTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private static string NewNumber() =>
        Hoshi.Web.Cli.DemoData.CorporateNumberFor("5" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string Text(HttpResponseMessage response) => WebUtility.HtmlDecode(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());

    private async Task<Guid> OrganizationAsync(string name, string? number, params OrganizationRole[] roles)
    {
        var id = await _people.OrganizationAsync(name, roles);
        await _people.WithDbAsync(db => db.Organizations.Where(o => o.Id == id).ExecuteUpdateAsync(u => u.SetProperty(o => o.CorporateNumber, number)));
        return id;
    }

    private async Task<HttpClient> OfficerAsync()
    {
        var owner = await _people.OrganizationAsync("制度運営(登録簿の信頼)", OrganizationRole.SchemeOwner);
        return (await _people.SignedInMemberAsync(owner, MembershipRole.Officer, twoFactor: true)).Browser;
    }

    private static Task<HttpResponseMessage> VerifyAsync(HttpClient officer, Guid organization, string? number) =>
        FormPost.SendAsync(officer, $"/organizations/{organization}?handler=VerifyIdentity", new()
        {
            ["NumberShown"] = number ?? "",
            ["VerificationNote"] = "登記事項証明書(2026-11-20 発行)",
            ["Confirmed"] = "true",
        });

    [Fact]
    public async Task Unverified_claims_of_one_number_coexist_the_first_verified_wins_and_blocks_it()
    {
        var number = NewNumber();

        // A look-alike claims a large manufacturer's number first; the real company can still sign up with it.
        var impostor = await _people.OrganizationAsync("偽の大手製造株式会社", OrganizationRole.Applicant);
        var real = await _people.OrganizationAsync("大手製造株式会社", OrganizationRole.Applicant);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<OrganizationStore>();
            foreach (var id in new[] { impostor, real })
            {
                var record = await _people.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == id));
                await store.UpdateAsync(id, record.Version, new NewOrganization(record.LegalNameJa, null, number, EmployeeBand.From11To50, null, "13"), "test", null);
            }
        }

        var (impostorAdmin, _) = await _people.SignedInMemberAsync(impostor, MembershipRole.OrgAdmin);
        var officer = await OfficerAsync();
        var page = await officer.GetStringAsync($"/organizations/{real}");
        Assert.Contains("data-verified=\"false\"", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await VerifyAsync(officer, real, number)).StatusCode);
        Assert.Contains("data-verified=\"true\"", await officer.GetStringAsync($"/organizations/{real}"), StringComparison.Ordinal);
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.ObjectId == real.ToString() && r.Action == "organization.corporate-number-verified")));

        // The other claimant is told, cannot be verified for the number, and a new claim is refused.
        Assert.Contains(number, (await _people.MailToAsync(impostorAdmin.Email)).Subject, StringComparison.Ordinal);
        var second = await VerifyAsync(officer, impostor, number);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("別の組織で確認済み", Text(second), StringComparison.Ordinal);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var refused = await Assert.ThrowsAsync<OrganizationInputException>(() =>
                scope.ServiceProvider.GetRequiredService<OrganizationStore>().CreateAsync(new NewOrganization("三番目の名乗り株式会社", null, number, EmployeeBand.From11To50, null, "13"), "test"));
            Assert.Contains(refused.Errors, e => e.Code == "duplicate");
        }

        // Only the scheme owner's officers verify.
        var (_, admin) = await _people.SignedInMemberAsync(impostor, MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await VerifyAsync(admin, impostor, number)).StatusCode);
    }

    [Fact]
    public async Task A_code_posted_to_the_ntas_head_office_address_proves_the_number_and_only_that_code()
    {
        var number = NewNumber();
        var line = $"1,{number},01,0,2026-11-30,2026-11-01,\"株式会社郵送確認\",,301,愛知県,豊田市,トヨタ町1番地,,23,211,4718571,,,,,,,2015-10-05,1,,,,,フリガナ,0\r\n";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CorporateIdentityStore>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(line)), "test");
        }

        var organization = await OrganizationAsync("株式会社郵送確認", number, OrganizationRole.Applicant);
        var (adminPerson, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/organizations/{organization}"));
        Assert.Contains("郵送先:株式会社郵送確認(愛知県豊田市トヨタ町1番地)", page, StringComparison.Ordinal);

        // The administrator asks; a second request while one is open is refused.
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(admin, $"/organizations/{organization}?handler=RequestLetter", [])).StatusCode);
        Assert.Contains("data-testid=\"letter-requested\"", await admin.GetStringAsync($"/organizations/{organization}"), StringComparison.Ordinal);
        var again = await FormPost.SendWithTokenFromAsync(admin, $"/organizations/{organization}", $"/organizations/{organization}?handler=RequestLetter", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("すでに依頼済み", Text(again), StringComparison.Ordinal);

        // Only the scheme owner's officers see the queue and print; the code is shown once, only its hash kept.
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/corporations/letters")).StatusCode);
        var officer = await OfficerAsync();
        var queue = WebUtility.HtmlDecode(await officer.GetStringAsync("/corporations/letters"));
        Assert.Contains("宛先(国税庁の公表データ):株式会社郵送確認(愛知県豊田市トヨタ町1番地)", queue, StringComparison.Ordinal);
        var letterId = await _people.WithDbAsync(db => db.CorporateNumberLetters.Where(l => l.OrganizationId == organization).Select(l => l.Id).SingleAsync());
        var unconfirmed = await FormPost.SendAsync(officer, "/corporations/letters?handler=Print", new() { ["LetterId"] = letterId.ToString() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        var printed = await FormPost.SendAsync(officer, "/corporations/letters?handler=Print", new() { ["LetterId"] = letterId.ToString(), ["Confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.OK, printed.StatusCode);
        Assert.Equal("no-store", printed.Headers.CacheControl?.ToString());
        var letter = Text(printed);
        var code = System.Text.RegularExpressions.Regex.Match(letter, "data-testid=\"letter-code\">([A-Z2-9]{5}-[A-Z2-9]{5})<").Groups[1].Value;
        Assert.Equal(11, code.Length);
        Assert.Contains("〒471-8571", letter, StringComparison.Ordinal);
        Assert.Contains($"http://localhost/organizations/{organization}#mailed-code", letter, StringComparison.Ordinal);
        var stored = await _people.WithDbAsync(db => db.CorporateNumberLetters.AsNoTracking().SingleAsync(l => l.Id == letterId));
        Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), stored.CodeHash!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(code, await officer.GetStringAsync("/corporations/letters"), StringComparison.Ordinal);
        Assert.Contains("株式会社郵送確認", (await _people.MailToAsync(adminPerson.Email)).Subject, StringComparison.Ordinal);

        // A wrong code is refused and counted; the right one, typed loosely, proves the number.
        var wrong = await FormPost.SendAsync(admin, $"/organizations/{organization}?handler=EnterCode", new() { ["Code"] = "AAAAA-AAAAA" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("あと 4 回", Text(wrong), StringComparison.Ordinal);
        Assert.Contains("data-verified=\"false\"", await admin.GetStringAsync($"/organizations/{organization}"), StringComparison.Ordinal);
        var right = await FormPost.SendAsync(admin, $"/organizations/{organization}?handler=EnterCode", new() { ["Code"] = " " + code.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var proven = WebUtility.HtmlDecode(await admin.GetStringAsync($"/organizations/{organization}"));
        Assert.Contains("data-verified=\"true\"", proven, StringComparison.Ordinal);
        Assert.Contains("本店所在地への郵送コードで確認", proven, StringComparison.Ordinal);
        Assert.NotNull(await _people.WithDbAsync(db => db.CorporateNumberLetters.Where(l => l.Id == letterId).Select(l => l.UsedAt).SingleAsync()));
        var actions = await _people.WithDbAsync(db => db.AuditRecords.Where(r => r.ObjectId == organization.ToString()).Select(r => r.Action).ToListAsync());
        Assert.Contains("organization.code-letter-requested", actions);
        Assert.Contains("organization.code-letter-printed", actions);
        Assert.Contains("organization.code-wrong", actions);
        Assert.Contains("organization.corporate-number-verified", actions);

        // A used code does not work again, and nobody but the organization's administrators may enter one.
        var reused = await FormPost.SendWithTokenFromAsync(admin, $"/organizations/{organization}", $"/organizations/{organization}?handler=EnterCode", new() { ["Code"] = code });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Contains("入力できる確認コードがありません", Text(reused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await FormPost.SendWithTokenFromAsync(officer, $"/organizations/{organization}", $"/organizations/{organization}?handler=EnterCode", new() { ["Code"] = code })).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_codes_void_the_letter_and_a_number_without_nta_data_cannot_be_proven_by_post()
    {
        var number = NewNumber();
        var line = $"1,{number},01,0,2026-11-30,2026-11-01,\"株式会社総当たり\",,301,東京都,港区,芝公園4丁目2番8号,,13,103,1050011,,,,,,,2015-10-05,1,,,,,フリガナ,0\r\n";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CorporateIdentityStore>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(line)), "test");
        }

        var organization = await OrganizationAsync("株式会社総当たり", number, OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(admin, $"/organizations/{organization}?handler=RequestLetter", [])).StatusCode);
        var letterId = await _people.WithDbAsync(db => db.CorporateNumberLetters.Where(l => l.OrganizationId == organization).Select(l => l.Id).SingleAsync());
        var officer = await OfficerAsync();
        Assert.Equal(HttpStatusCode.OK, (await FormPost.SendAsync(officer, "/corporations/letters?handler=Print", new() { ["LetterId"] = letterId.ToString(), ["Confirmed"] = "true" })).StatusCode);
        for (var i = 0; i < Hoshi.Domain.Organizations.MailedCode.MaxAttempts; i++)
        {
            var guess = await FormPost.SendAsync(admin, $"/organizations/{organization}?handler=EnterCode", new() { ["Code"] = $"AAAAA-AAAA{"23456789"[i]}" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, guess.StatusCode);
        }

        var page = await admin.GetStringAsync($"/organizations/{organization}");
        Assert.Contains("data-letter=\"Void\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"request-letter\"", page, StringComparison.Ordinal);
        Assert.Contains("data-verified=\"false\"", page, StringComparison.Ordinal);

        // An organization whose number the NTA data does not list has no address to post to.
        var unlisted = await OrganizationAsync("株式会社公表なし", NewNumber(), OrganizationRole.Applicant);
        var (_, other) = await _people.SignedInMemberAsync(unlisted, MembershipRole.OrgAdmin);
        Assert.Contains("data-testid=\"letter-unavailable\"", await other.GetStringAsync($"/organizations/{unlisted}"), StringComparison.Ordinal);
        var refused = await FormPost.SendAsync(other, $"/organizations/{unlisted}?handler=RequestLetter", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.False(await _people.WithDbAsync(db => db.CorporateNumberLetters.AnyAsync(l => l.OrganizationId == unlisted)));
    }

    [Fact]
    public async Task The_nta_file_fills_names_flags_a_differing_name_and_a_closed_corporation_and_a_difference_file_applies_on_top()
    {
        var (real, renamed, closed, removed) = (NewNumber(), NewNumber(), NewNumber(), NewNumber());
        static string Line(int n, string number, string process, string name, string closedOn = "", string reason = "") =>
            $"{n},{number},{process},0,2026-11-30,2026-11-01,\"{name}\",,301,東京都,千代田区,霞が関3丁目1番1号,,13,101,1008978,,,{closedOn},{reason},,,2015-10-05,1,,,,,フリガナ,0";
        var full = string.Join("\r\n",
            Line(1, real, "01", "株式会社本物製作所"),
            Line(2, renamed, "01", "株式会社旧名"),
            Line(3, closed, "21", "株式会社閉鎖済み", "2024-03-31", "11"),
            Line(4, removed, "01", "株式会社削除予定"),
            "5,12345,01,0,2026-11-30,,\"番号の誤り\",,301,,,,,,,,,,,,,,,1,,,,,,0") + "\r\n";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<CorporateIdentityStore>();
            var outcome = await store.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(full)), "test");
            Assert.Equal((5L, 4L, 0L, 1L), (outcome.Read, outcome.Applied, outcome.Removed, outcome.Refused));
            Assert.Contains("CorporateNumber", outcome.FirstProblems[0], StringComparison.Ordinal);

            // A monthly difference file: a new name, and a deletion.
            var difference = string.Join("\r\n", Line(1, renamed, "11", "株式会社新名"), Line(2, removed, "99", "株式会社削除予定")) + "\r\n";
            var applied = await store.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(difference)), "test");
            Assert.Equal((1L, 1L), (applied.Applied, applied.Removed));
        }

        Assert.Equal("株式会社新名", await _people.WithDbAsync(db => db.Corporations.Where(c => c.Number == renamed).Select(c => c.Name).SingleAsync()));
        Assert.False(await _people.WithDbAsync(db => db.Corporations.AnyAsync(c => c.Number == removed)));

        var matching = await OrganizationAsync("株式会社 本物製作所", real, OrganizationRole.Applicant);
        var claimant = await OrganizationAsync("大手自動車株式会社", renamed, OrganizationRole.Applicant);
        var gone = await OrganizationAsync("株式会社閉鎖済み", closed, OrganizationRole.Applicant);
        var officer = await OfficerAsync();
        var matchingPage = WebUtility.HtmlDecode(await officer.GetStringAsync($"/organizations/{matching}"));
        Assert.Contains("国税庁公表情報: 株式会社本物製作所 東京都千代田区霞が関3丁目1番1号", matchingPage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"identity-", matchingPage, StringComparison.Ordinal);
        var claimantPage = WebUtility.HtmlDecode(await officer.GetStringAsync($"/organizations/{claimant}"));
        Assert.Contains("data-testid=\"identity-NameDiffers\"", claimantPage, StringComparison.Ordinal);
        Assert.Contains("国税庁公表情報: 株式会社新名", claimantPage, StringComparison.Ordinal);
        var gonePage = WebUtility.HtmlDecode(await officer.GetStringAsync($"/organizations/{gone}"));
        Assert.Contains("国税庁の公表情報では閉鎖されています(2024-03-31)", gonePage, StringComparison.Ordinal);
        var refused = await VerifyAsync(officer, gone, closed);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    [Fact]
    public async Task A_group_company_in_the_scope_is_in_the_public_registry_only_after_it_consents()
    {
        var (holderNumber, groupNumber, subsidiaryNumber) = (NewNumber(), NewNumber(), NewNumber());
        var holder = await OrganizationAsync("グループ本体株式会社", holderNumber, OrganizationRole.Applicant);
        var group = await OrganizationAsync("グループ会社株式会社", groupNumber, OrganizationRole.Applicant);
        var subsidiary = await OrganizationAsync("確認済みの子会社株式会社", subsidiaryNumber, OrganizationRole.Applicant);
        var registrar = await _people.OrganizationAsync("登録機関(同意の試験)", OrganizationRole.RegistrationBody);
        foreach (var id in new[] { holder, group, subsidiary })
        {
            await Hoshi.Tests.Shared.VerifiedOrganizations.MarkAsync(factory.Services, id);
        }

        await _people.WithDbAsync(db => db.Organizations.Where(o => o.Id == subsidiary).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.ParentId, holder).SetProperty(o => o.ParentConfirmedAt, DateTime.UtcNow)));
        var (groupAdmin, groupBrowser) = await _people.SignedInMemberAsync(group, MembershipRole.OrgAdmin);

        // A ★3 with both companies in its scope, taken to registration.
        Guid round;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var assessments = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
            var applicant = await _people.PersonAsync(holder, MembershipRole.OrgAdmin);
            round = (await assessments.StartAsync(holder, Level.Star3, applicant.UserId, null)).Id;
            Assert.Empty(await assessments.SaveScopeAsync(round, 0, new ScopeQuestionnaire
            {
                WholeCompany = true,
                BoundaryDevicesInScope = false,
                CloudInScope = true,
                ByodInScope = false,
                RemoteWorkInScope = false,
                Locations = "本社",
                FillerName = "山田 太郎",
                FillerDepartment = "総務部",
                OtherEntities = [new CoveredEntity("グループ会社株式会社", groupNumber), new CoveredEntity("確認済みの子会社株式会社", subsidiaryNumber)],
            }, applicant.UserId, null));
        }

        await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round).ExecuteUpdateAsync(u => u
            .SetProperty(a => a.State, AssessmentState.SubmittedForRegistration).SetProperty(a => a.RegistrationBodyId, registrar)));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var loaded = (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().LoadAsync(round))!;
            var outcome = await scope.ServiceProvider.GetRequiredService<AssessmentSteps>().StepAsync(loaded, AssessmentStep.Register, Guid.NewGuid(), null);
            Assert.True(outcome.Allowed, outcome.Refusal);
        }

        var entry = await _people.WithDbAsync(db => db.RegistryEntries.Include(e => e.Subjects).SingleAsync(e => e.AssessmentId == round));
        Assert.Equal(new[] { holderNumber, subsidiaryNumber }.Order(StringComparer.Ordinal), entry.Subjects.Select(s => s.CorporateNumber).Order(StringComparer.Ordinal));
        var listings = await _people.WithDbAsync(db => db.GroupListings.Where(l => l.EntryId == entry.Id).ToDictionaryAsync(l => l.CorporateNumber, l => l.Consent));
        Assert.Equal(ListingConsent.Pending, listings[groupNumber]);
        Assert.Equal(ListingConsent.Confirmed, listings[subsidiaryNumber]);

        // The public registry: the holder and the confirmed subsidiary, not the group company yet.
        var visitor = _people.NewBrowser();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/registry/{holderNumber}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/registry/{subsidiaryNumber}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/api/registry/{groupNumber}")).StatusCode);
        Assert.DoesNotContain("グループ会社株式会社", await visitor.GetStringAsync($"/registry?q={groupNumber}"), StringComparison.Ordinal);

        // The group company's administrator is asked, and accepts on the organization's page.
        Assert.Contains("グループ本体株式会社", (await _people.MailToAsync(groupAdmin.Email)).Subject, StringComparison.Ordinal);
        var orgPage = await groupBrowser.GetStringAsync($"/organizations/{group}");
        Assert.Contains($"data-testid=\"listing-{entry.Id}\"", orgPage, StringComparison.Ordinal);
        var unconfirmed = await FormPost.SendAsync(groupBrowser, $"/organizations/{group}?handler=Listing", new() { ["EntryId"] = entry.Id.ToString(), ["accept"] = "true" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/api/registry/{groupNumber}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(groupBrowser, $"/organizations/{group}?handler=Listing",
            new() { ["EntryId"] = entry.Id.ToString(), ["accept"] = "true", ["Confirmed"] = "true" })).StatusCode);
        var listed = await visitor.GetStringAsync($"/api/registry/{groupNumber}");
        Assert.Contains("グループ会社株式会社", listed, StringComparison.Ordinal);
        Assert.Contains("グループ会社株式会社", await visitor.GetStringAsync($"/registry?q={groupNumber}"), StringComparison.Ordinal);
        Assert.True(await _people.WithDbAsync(db => db.AuditRecords.AnyAsync(r => r.Action == "registry.listing-accepted" && r.ObjectId == entry.Id.ToString())));
        var leaves = await _people.WithDbAsync(db => db.LogLeaves.Where(l => l.EntryId == entry.Id).Select(l => l.Data).ToListAsync());
        Assert.Contains(leaves, data => Encoding.UTF8.GetString(data).Contains("\"event\":\"listed\"", StringComparison.Ordinal));

        // Answered once: a second answer finds nothing to answer.
        Assert.Equal(HttpStatusCode.NotFound, (await FormPost.SendWithTokenFromAsync(groupBrowser, $"/organizations/{group}", $"/organizations/{group}?handler=Listing",
            new() { ["EntryId"] = entry.Id.ToString(), ["accept"] = "false", ["Confirmed"] = "true" })).StatusCode);
    }
}
