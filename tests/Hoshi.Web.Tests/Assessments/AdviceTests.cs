using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Parser;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Experts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Assessments;

/// <summary>
/// An adviser beside the company, and proposals to confirm (issue 25): the adviser proposes, a member
/// accepts, the history keeps both; the adviser never judges the round; "わからない" reaches the adviser
/// as a question; another scheme's self-check (CSV) becomes proposals, a row with an unknown item refused by its line.
/// </summary>
public sealed class AdviceTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private static string Text(HttpResponseMessage response) => WebUtility.HtmlDecode(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());

    private sealed record Draft(Guid Organization, Guid Round, HttpClient Admin, Person Member, HttpClient MemberBrowser, IReadOnlyList<SheetRequirement> Sheet);

    private async Task<Draft> DraftAsync(string name)
    {
        var organization = await _people.OrganizationAsync(name, OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin, twoFactor: true);
        var (member, memberBrowser) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        var started = await FormPost.SendAsync(admin, $"/organizations/{organization}/assessments?handler=Start", []);
        var round = Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);
        await using var scope = factory.Services.CreateAsyncScope();
        var sheet = (await scope.ServiceProvider.GetRequiredService<Features.Assessments.AssessmentStore>().LoadAsync(round))!.Catalog.SheetFor(Level.Star3);
        return new Draft(organization, round, admin, member, memberBrowser, sheet);
    }

    /// <summary>An adviser from outside: a member of a consultancy, signed in.</summary>
    private async Task<(Person Person, HttpClient Browser)> AdviserAsync(string firm) =>
        await _people.SignedInMemberAsync(await _people.OrganizationAsync(firm, OrganizationRole.Applicant), MembershipRole.Member);

    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, Guid round, string handler, Dictionary<string, string> fields) =>
        FormPost.SendWithTokenFromAsync(browser, $"/assessments/{round}/advice", $"/assessments/{round}/advice?handler={handler}", fields);

    [Fact]
    public async Task A_long_answer_history_shows_its_latest_answers_and_says_older_ones_are_left_out()
    {
        var draft = await DraftAsync("よく書き直す製作所");
        var criterion = draft.Sheet.SelectMany(r => r.Criteria).First(c => c.AnswerType == AnswerType.YesNo);
        var category = draft.Sheet.First(r => r.Criteria.Contains(criterion)).Subcategory.CategoryNo;

        // Autosave keeps every pause in typing: 25 saves of one answer.
        for (var n = 0; n < 25; n++)
        {
            var saved = await FormPost.SendForJsonAsync(draft.MemberBrowser, $"/assessments/{draft.Round}/sheet", $"/assessments/{draft.Round}/sheet?handler=Answer", new()
            {
                ["CriterionId"] = criterion.Id,
                ["Version"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Value"] = n % 2 == 0 ? "yes" : "no",
                ["Supplement"] = $"書き直し {n}",
            });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var latest = await _people.WithDbAsync(db => db.AnswerRevisions.Where(r => r.AssessmentId == draft.Round && r.CriterionId == criterion.Id)
            .OrderByDescending(r => r.ChangedAt).Take(Features.Assessments.AdviceModel.HistoryShown).Select(r => r.Id).ToListAsync());
        var page = new HtmlParser().ParseDocument(await draft.MemberBrowser.GetStringAsync($"/assessments/{draft.Round}/advice?category={category}"));
        var shown = page.QuerySelectorAll($"[data-testid=history-{criterion.Id}] li").Select(l => l.GetAttribute("data-testid")).ToList();
        Assert.Equal(latest.AsEnumerable().Reverse().Select(id => $"revision-{id}"), shown);
        Assert.Contains("最新の 20 件", page.QuerySelector($"[data-testid=history-cut-{criterion.Id}]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_advisers_proposal_accepted_by_a_member_becomes_the_answer_with_both_in_the_history()
    {
        var draft = await DraftAsync("助言を受ける製作所");
        var (adviser, adviserBrowser) = await AdviserAsync("お助け隊の事務所");
        var criterion = draft.Sheet.SelectMany(r => r.Criteria).First(c => c.AnswerType == AnswerType.YesNo);
        var category = draft.Sheet.First(r => r.Criteria.Contains(criterion)).Subcategory.CategoryNo;

        // Before the invitation the adviser finds nothing; a member may not invite; an unknown address is refused.
        Assert.Equal(HttpStatusCode.NotFound, (await adviserBrowser.GetAsync($"/assessments/{draft.Round}/advice")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(draft.MemberBrowser, draft.Round, "Invite", new() { ["Email"] = adviser.Email })).StatusCode);
        var unknown = await PostAsync(draft.Admin, draft.Round, "Invite", new() { ["Email"] = "nobody-here@example.jp" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("アカウント(確認済み)がありません", Text(unknown), StringComparison.Ordinal);
        var ownMember = await PostAsync(draft.Admin, draft.Round, "Invite", new() { ["Email"] = draft.Member.Email });
        Assert.Contains("貴社のメンバーです", Text(ownMember), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(draft.Admin, draft.Round, "Invite", new() { ["Email"] = adviser.Email })).StatusCode);
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "assessment.adviser-invited" && a.ObjectId == draft.Round.ToString())));
        Assert.Contains("アドバイザーとして招待されました", (await _people.MailToAsync(adviser.Email)).Subject, StringComparison.Ordinal);
        var home = new HtmlParser().ParseDocument(await adviserBrowser.GetStringAsync("/"));
        Assert.Equal($"/assessments/{draft.Round}/advice", home.QuerySelector("[data-testid=inbox-item][data-action=advise] a")!.GetAttribute("href"));

        // The adviser reads the round's advice page, but not its overview or sheet, and cannot submit.
        Assert.Equal(HttpStatusCode.OK, (await adviserBrowser.GetAsync($"/assessments/{draft.Round}/advice")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adviserBrowser.GetAsync($"/assessments/{draft.Round}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adviserBrowser.GetAsync($"/assessments/{draft.Round}/sheet")).StatusCode);

        // A "not applicable" proposal needs its reason; then the adviser proposes "yes" with a supplement.
        var noReason = await PostAsync(adviserBrowser, draft.Round, "Note", new() { ["CriterionId"] = criterion.Id, ["ProposedValue"] = YesNo.NotApplicable });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("advice.not-an-answer", Text(noReason), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(adviserBrowser, draft.Round, "Note", new()
        {
            ["CriterionId"] = criterion.Id,
            ["Text"] = "規程はひな形から作れます。",
            ["ProposedValue"] = YesNo.Yes,
            ["ProposedSupplement"] = "情報セキュリティ基本方針(2026-11-01 制定)",
        })).StatusCode);
        var note = await _people.WithDbAsync(db => db.CriterionNotes.SingleAsync(n => n.AssessmentId == draft.Round));
        Assert.Equal((NoteKind.Proposal, NoteState.Open, adviser.UserId), (note.Kind, note.State, note.AuthorId));

        // The adviser cannot accept its own proposal.
        var own = await PostAsync(adviserBrowser, draft.Round, "Decide&accept=true", new() { ["NoteId"] = note.Id.ToString(), ["NoteVersion"] = "1", ["AnswerVersion"] = "0" });
        Assert.Contains("advice.members-decide", Text(own), StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.Answers.AnyAsync(a => a.AssessmentId == draft.Round && a.CriterionId == criterion.Id)));

        // The member finds it at home, and on the page with the category's count of open proposals, and accepts it.
        var memberHome = new HtmlParser().ParseDocument(await draft.MemberBrowser.GetStringAsync("/"));
        Assert.Equal($"/assessments/{draft.Round}/advice", memberHome.QuerySelector("[data-testid=inbox-item][data-action=proposals] a")!.GetAttribute("href"));

        var page = new HtmlParser().ParseDocument(await draft.MemberBrowser.GetStringAsync($"/assessments/{draft.Round}/advice?category={category}"));
        Assert.Contains("1", page.QuerySelector($"[data-testid=open-proposals-{category}]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"[data-testid=accept-{note.Id}]"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(draft.MemberBrowser, draft.Round, "Decide&accept=true", new()
        {
            ["NoteId"] = note.Id.ToString(),
            ["NoteVersion"] = "1",
            ["AnswerVersion"] = "0",
            ["CriterionId"] = criterion.Id,
        })).StatusCode);
        var answer = await _people.WithDbAsync(db => db.Answers.SingleAsync(a => a.AssessmentId == draft.Round && a.CriterionId == criterion.Id));
        Assert.Equal((YesNo.Yes, "情報セキュリティ基本方針(2026-11-01 制定)", draft.Member.UserId), (answer.Value, answer.Supplement, answer.UpdatedBy));
        var revision = await _people.WithDbAsync(db => db.AnswerRevisions.SingleAsync(r => r.AssessmentId == draft.Round && r.CriterionId == criterion.Id));
        Assert.Equal((draft.Member.UserId, (Guid?)adviser.UserId), (revision.ChangedBy, revision.ProposedBy));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "assessment.proposal-accepted" && a.ObjectId == $"{draft.Round}/{criterion.Id}")));

        // The same form again: the proposal was decided, nothing changes.
        var again = await PostAsync(draft.MemberBrowser, draft.Round, "Decide&accept=true", new() { ["NoteId"] = note.Id.ToString(), ["NoteVersion"] = "1", ["AnswerVersion"] = "1" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1, await _people.WithDbAsync(db => db.AnswerRevisions.CountAsync(r => r.AssessmentId == draft.Round && r.CriterionId == criterion.Id)));

        // The history under the criterion names both people, on the member's page and the adviser's.
        var after = new HtmlParser().ParseDocument(await adviserBrowser.GetStringAsync($"/assessments/{draft.Round}/advice?category={category}"));
        var history = after.QuerySelector($"[data-testid=history-{criterion.Id}]")!.TextContent;
        var names = await _people.WithDbAsync(db => db.Users.Where(u => u.Id == adviser.UserId || u.Id == draft.Member.UserId).ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.Email!));
        Assert.Contains(names[draft.Member.UserId], history, StringComparison.Ordinal);
        Assert.Contains($"アドバイザー {names[adviser.UserId]} の提案を採用", history, StringComparison.Ordinal);
        Assert.Contains(names[draft.Member.UserId], after.QuerySelector($"[data-testid=note-decided-{note.Id}]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.QuerySelector($"[data-testid=accept-{note.Id}]"));
    }

    [Fact]
    public async Task An_adviser_can_never_be_chosen_as_the_rounds_reviewer_and_the_reviewer_cannot_become_an_adviser()
    {
        var draft = await DraftAsync("独立性を守る製作所");
        var (adviser, _) = await AdviserAsync("助言もする専門家の事務所");
        await Hoshi.Tests.Shared.VerifiedExperts.RegisterAsync(factory.Services, adviser.UserId, new Features.Experts.ExpertInput("061616", null, null, DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-1))));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(draft.Admin, draft.Round, "Invite", new() { ["Email"] = adviser.Email })).StatusCode);

        Task<HttpResponseMessage> ChooseAsync(string email) => FormPost.SendAsync(draft.Admin, $"/assessments/{draft.Round}?handler=ChooseExpert", new() { ["ExpertEmail"] = email });
        var refused = await ChooseAsync(adviser.Email);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("助言者として招待されているため", Text(refused), StringComparison.Ordinal);

        // Removed as adviser, still never the reviewer.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(draft.Admin, draft.Round, "Remove", new() { ["AdviserId"] = adviser.UserId.ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ChooseAsync(adviser.Email)).StatusCode);
        Assert.Null(await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == draft.Round).Select(a => a.ExpertUserId).SingleAsync()));

        // The round's chosen expert cannot be invited as its adviser.
        var (expert, _) = await AdviserAsync("審査だけする専門家の事務所");
        await Hoshi.Tests.Shared.VerifiedExperts.RegisterAsync(factory.Services, expert.UserId, new Features.Experts.ExpertInput("062626", null, null, DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-1))));
        Assert.Equal(HttpStatusCode.Redirect, (await ChooseAsync(expert.Email)).StatusCode);
        var judge = await PostAsync(draft.Admin, draft.Round, "Invite", new() { ["Email"] = expert.Email });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, judge.StatusCode);
        Assert.Contains("審査する人はアドバイザーになれません", Text(judge), StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.Advisers.AnyAsync(a => a.AssessmentId == draft.Round && a.UserId == expert.UserId)));
    }

    [Fact]
    public async Task A_members_dont_know_in_guided_mode_reaches_the_adviser_as_a_question_until_answered()
    {
        var draft = await DraftAsync("わからない製作所");
        var (adviser, adviserBrowser) = await AdviserAsync("質問に答える事務所");
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(draft.Admin, draft.Round, "Invite", new() { ["Email"] = adviser.Email })).StatusCode);
        var requirement = draft.Sheet.First(r => r.Criteria.All(c => c.AnswerType == AnswerType.YesNo));
        var criterion = requirement.Criteria[0];
        var path = $"/assessments/{draft.Round}/guided?r={requirement.Requirement.No}";
        Assert.Equal(HttpStatusCode.OK, (await FormPost.SendAsync(draft.MemberBrowser, path, new() { [$"Choice[{criterion.Id}]"] = "unknown", [$"Versions[{criterion.Id}]"] = "0" })).StatusCode);

        var page = new HtmlParser().ParseDocument(await adviserBrowser.GetStringAsync($"/assessments/{draft.Round}/advice"));
        Assert.NotNull(page.QuerySelector($"[data-testid=question-{criterion.Id}]"));

        // Answered, it is no longer an open question.
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(draft.MemberBrowser, path, new() { [$"Choice[{criterion.Id}]"] = YesNo.Yes, [$"Supplement[{criterion.Id}]"] = "手順書 2026-10-01", [$"Versions[{criterion.Id}]"] = "0" })).StatusCode);
        page = new HtmlParser().ParseDocument(await adviserBrowser.GetStringAsync($"/assessments/{draft.Round}/advice"));
        Assert.Null(page.QuerySelector($"[data-testid=question-{criterion.Id}]"));
        Assert.NotNull(page.QuerySelector("[data-testid=questions-empty]"));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, Guid round, string framework, string csv, Encoding encoding)
    {
        var token = FormPost.TokenOf(await browser.GetStringAsync($"/assessments/{round}/advice"));
        using var file = new ByteArrayContent(encoding.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(framework), "Framework" },
            { file, "Upload", "jama-self-check.csv" },
        };
        return await browser.PostAsync($"/assessments/{round}/advice?handler=Import", content);
    }

    [Fact]
    public async Task A_csv_of_mapped_items_fills_proposals_and_a_row_with_an_unknown_id_is_refused_by_its_line()
    {
        var draft = await DraftAsync("自工会の自己チェック済みの部品会社");
        var framework = draft.Sheet.SelectMany(r => r.Criteria).SelectMany(c => c.Mappings).Select(m => m.Framework).First(f => f.StartsWith("自工会", StringComparison.Ordinal));

        // Two items of the guideline, each mapped only to criteria no other chosen item maps to.
        var criteria = draft.Sheet.SelectMany(r => r.Criteria).Where(c => c.AnswerType == AnswerType.YesNo).ToList();
        var criteriaOfItem = criteria.SelectMany(c => c.Mappings.Where(m => m.Framework == framework).SelectMany(m => MappedImport.ItemsOf(m.Ref)).Select(i => (Item: i, c.Id)))
            .GroupBy(x => x.Item).ToDictionary(g => g.Key, g => g.Select(x => x.Id).ToHashSet());
        var first = criteriaOfItem.Keys.First();
        var second = criteriaOfItem.Keys.First(k => !criteriaOfItem[k].Overlaps(criteriaOfItem[first]));

        // A row naming an item the mapping does not have: refused with its line, nothing proposed.
        var refused = await UploadAsync(draft.MemberBrowser, draft.Round, framework, $"項目番号,回答,備考\n{first},○,規程あり\nNo.9999,×,\n", Encoding.UTF8);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("3 行目: 項目番号「No.9999」は、この制度の対応表にありません", Text(refused), StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.CriterionNotes.AnyAsync(n => n.AssessmentId == draft.Round)));

        // The corrected file, as Excel in Japan saves it (Shift_JIS): a proposal per criterion, naming its source.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var done = await UploadAsync(draft.MemberBrowser, draft.Round, framework, $"項目番号,回答,備考\n{first},○,規程あり\n{second},実施済み,\n", Encoding.GetEncoding(932));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var notes = await _people.WithDbAsync(db => db.CriterionNotes.Where(n => n.AssessmentId == draft.Round).ToListAsync());
        Assert.All(notes, n => Assert.Equal((NoteKind.Proposal, NoteState.Open, YesNo.Yes), (n.Kind, n.State, n.ProposedValue)));
        Assert.Equal(criteriaOfItem[first].Union(criteriaOfItem[second]).Order(), notes.Select(n => n.CriterionId).Order());
        Assert.Contains(notes, n => n.Source!.Contains(framework, StringComparison.Ordinal) && n.Source.Contains("jama-self-check.csv", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.ProposedSupplement == $"{first}: 規程あり");
        Assert.False(await _people.WithDbAsync(db => db.Answers.AnyAsync(a => a.AssessmentId == draft.Round)));

        // The same file again proposes nothing new.
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(draft.MemberBrowser, draft.Round, framework, $"{first},○,規程あり\n{second},実施済み,\n", Encoding.UTF8)).StatusCode);
        Assert.Equal(notes.Count, await _people.WithDbAsync(db => db.CriterionNotes.CountAsync(n => n.AssessmentId == draft.Round)));

        // A member accepts one: from a file, the history names no adviser.
        var proposal = notes.First(n => n.ProposedSupplement is not null);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(draft.MemberBrowser, draft.Round, "Decide&accept=true", new()
        {
            ["NoteId"] = proposal.Id.ToString(),
            ["NoteVersion"] = "1",
            ["AnswerVersion"] = "0",
            ["CriterionId"] = proposal.CriterionId,
        })).StatusCode);
        var revision = await _people.WithDbAsync(db => db.AnswerRevisions.SingleAsync(r => r.AssessmentId == draft.Round));
        Assert.Equal((draft.Member.UserId, (Guid?)null, YesNo.Yes), (revision.ChangedBy, revision.ProposedBy, revision.Value));
    }
}
