using Hoshi.Data.Assessments;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Assessments;

/// <summary>
/// Advice and proposals on a round (issue 25), one category at a time: the adviser reads the answers,
/// comments and proposes answers per criterion and sees the members' "わからない" as questions; the
/// members comment, accept or decline proposals (the answer's history keeps both people), invite
/// and remove advisers (administrators), and turn another scheme's self-check (CSV) into proposals.
/// </summary>
public sealed class AdviceModel(IAuthorizationService authorization, AssessmentStore store, UserManager<Data.Accounts.HoshiUser> users, AdviceStore advice,
    Guidance.CatalogTranslations translations, IStringLocalizer<AssessmentsText> text, IStringLocalizer<Shared.SharedText> shared)
    : AssessmentPage(authorization, store, users)
{
    /// <summary>The largest CSV accepted.</summary>
    public const long MaxUploadBytes = 1_000_000;

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty]
    public string? CriterionId { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? ProposedValue { get; set; }

    [BindProperty]
    public string? ProposedSupplement { get; set; }

    [BindProperty]
    public Guid NoteId { get; set; }

    [BindProperty]
    public int NoteVersion { get; set; }

    [BindProperty]
    public int AnswerVersion { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public Guid AdviserId { get; set; }

    [BindProperty]
    public string? Framework { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [TempData]
    public string? Message { get; set; }

    /// <summary>The person advises this round (rather than works for the applicant).</summary>
    public bool IsAdviser { get; private set; }

    /// <summary>The person may invite and remove advisers (the applicant's administrators).</summary>
    public bool MayManageAdvisers { get; private set; }

    public bool NotesOpen => Advice.NotesOpen(Loaded.Assessment.State);

    public IReadOnlyList<CatalogCategory> Categories { get; private set; } = [];

    public CatalogCategory Current { get; private set; } = null!;

    public IReadOnlyList<Criterion> Criteria { get; private set; } = [];

    public IReadOnlyDictionary<string, AnswerRecord> Answers { get; private set; } = new Dictionary<string, AnswerRecord>();

    public IReadOnlyList<AdviserView> Advisers { get; private set; } = [];

    public ILookup<string, NoteView> Notes { get; private set; } = Array.Empty<NoteView>().ToLookup(n => n.Note.CriterionId);

    /// <summary>Criteria a member did not know and nobody answered since, in sheet order.</summary>
    public IReadOnlyList<string> Questions { get; private set; } = [];

    /// <summary>Open proposals per category number.</summary>
    public IReadOnlyDictionary<string, int> OpenProposals { get; private set; } = new Dictionary<string, int>();

    public ILookup<string, AnswerRevisionRecord> History { get; private set; } = Array.Empty<AnswerRevisionRecord>().ToLookup(r => r.CriterionId);

    /// <summary>The answers shown in a criterion's history: its latest (every autosave is one).</summary>
    public const int HistoryShown = 20;

    /// <summary>Criteria whose history has older answers than those shown.</summary>
    public IReadOnlySet<string> HistoryCut { get; private set; } = new HashSet<string>();

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyList<(string Framework, int Criteria)> Frameworks { get; private set; } = [];

    /// <summary>The category of each criterion on the sheet.</summary>
    public IReadOnlyDictionary<string, string> CategoryOf { get; private set; } = new Dictionary<string, string>();

    /// <summary>Rows of a refused CSV, for the import report.</summary>
    public IReadOnlyList<MappedRowProblem> ImportProblems { get; private set; } = [];

    public string AnswerLabel(Criterion criterion, string? value) =>
        value is null ? text["AdviceUnanswered"]
        : criterion.AnswerType == AnswerType.YesNo ? text["YesNo_" + value]
        : criterion.Choices.FirstOrDefault(c => c.Value == value)?.Label.For(Shared.Language.Current) ?? value;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } denied)
        {
            return denied;
        }

        await ShowAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } denied)
        {
            return denied;
        }

        // Members comment; advisers comment and propose answers.
        var refusal = await advice.AddAsync(Loaded, CriterionId ?? "", Text, IsAdviser ? ProposedValue : null, IsAdviser ? ProposedSupplement : null, UserId, Address, ct);
        if (refusal is not null)
        {
            return await RefusedAsync(refusal, ct, refusal == "advice.round-locked" ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity);
        }

        Message = text[IsAdviser && !string.IsNullOrWhiteSpace(ProposedValue) ? "AdviceProposed" : "AdviceCommented", CriterionId!];
        return Back(CriterionId);
    }

    public async Task<IActionResult> OnPostDecideAsync(bool accept, CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } denied)
        {
            return denied;
        }

        if (IsAdviser)
        {
            return await RefusedAsync("advice.members-decide", ct);
        }

        var decision = await advice.DecideAsync(Loaded, NoteId, accept, NoteVersion, AnswerVersion, UserId, Address, ct);
        if (decision.Conflict)
        {
            await ShowAsync(ct);
            ModelState.AddModelError("", text["AdviceConflict"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        if (!decision.Done)
        {
            return decision.Problem != AnswerProblem.None
                ? await RefusedAsync("advice.not-an-answer", ct, StatusCodes.Status422UnprocessableEntity)
                : await RefusedAsync(decision.Refusal ?? "advice.not-found", ct);
        }

        Message = text[accept ? "AdviceAccepted" : "AdviceDeclined"];
        return Back(CriterionId);
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.ManageMembers, ct) is { } denied)
        {
            return denied;
        }

        await PrepareAsync();

        var problem = await advice.InviteAsync(Loaded, Email ?? "", UserId, Address, ct);
        if (problem != AdviserProblem.None)
        {
            await ShowAsync(ct);
            ModelState.AddModelError(nameof(Email), text["Adviser_" + problem]);
            Response.StatusCode = problem is AdviserProblem.NotADraft or AdviserProblem.AlreadyAdviser ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Message = text["AdviserInvited", Email!.Trim()];
        return Back(null);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.ManageMembers, ct) is { } denied)
        {
            return denied;
        }

        await PrepareAsync();

        if (!await advice.RemoveAsync(Loaded, AdviserId, UserId, Address, ct))
        {
            return NotFound();
        }

        Message = text["AdviserRemoved"];
        return Back(null);
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } denied)
        {
            return denied;
        }

        if (IsAdviser)
        {
            return await RefusedAsync("advice.members-decide", ct);
        }

        var frameworks = MappedImport.Frameworks(Loaded.Catalog, Loaded.Assessment.Level).Select(f => f.Framework).ToList();
        if (Framework is null || !frameworks.Contains(Framework))
        {
            await ShowAsync(ct);
            ModelState.AddModelError(nameof(Framework), text["SelfCheckFrameworkRequired"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (Upload is null || Upload.Length == 0 || Upload.Length > MaxUploadBytes)
        {
            await ShowAsync(ct);
            ModelState.AddModelError(nameof(Upload), text["SelfCheckFileRequired"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        IReadOnlyList<MappedRow> rows;
        await using (var stream = Upload.OpenReadStream())
        {
            rows = await SelfCheckCsv.ReadAsync(stream, ct);
        }

        var vocabulary = SheetWorkbook.Vocabulary(text);
        var yesNo = Loaded.Catalog.SheetFor(Loaded.Assessment.Level).SelectMany(r => r.Criteria).First(c => c.AnswerType == AnswerType.YesNo);
        string? ValueOf(string cell) => SelfCheckCsv.ValueOf(vocabulary, yesNo, cell);
        rows = SelfCheckCsv.WithoutHeading(rows, ValueOf);
        if (rows.Count == 0 || rows.Count > MappedImport.MaxRows)
        {
            await ShowAsync(ct);
            ModelState.AddModelError(nameof(Upload), text["SelfCheckNoRows", MappedImport.MaxRows]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var result = await advice.ImportMappedAsync(Loaded, Framework, Path.GetFileName(Upload.FileName), rows, ValueOf, UserId, Address, ct);
        if (result.Plan.Refused)
        {
            await ShowAsync(ct);
            ImportProblems = result.Plan.Problems;
            foreach (var problem in result.Plan.Problems)
            {
                ModelState.AddModelError(nameof(Upload), text["SelfCheckRow_" + problem.Code, problem.Line, problem.ItemId]);
            }

            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (!NotesOpen)
        {
            return await RefusedAsync("advice.round-locked", ct);
        }

        Message = text["SelfCheckImported", result.Proposed, result.Plan.Disagreeing.Count, result.Answered];
        return Back(null);
    }

    /// <summary>Opens the round for an adviser of it or for the applicant's people who work on rounds; null when allowed.</summary>
    private async Task<IActionResult?> OpenAsync(CancellationToken ct)
    {
        if (await advice.IsAdviserAsync(AssessmentId, UserId, ct) && await Store.LoadAsync(AssessmentId, ct) is { } loaded)
        {
            Loaded = loaded;
            IsAdviser = true;
            await PrepareAsync();
            return null;
        }

        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        await PrepareAsync();
        return null;
    }

    private async Task PrepareAsync()
    {
        MayManageAdvisers = !IsAdviser && await AccessChecks.MayAsync(Authorization, User, Operation.ManageMembers, Loaded.Assessment.OrganizationId);
        var catalog = translations.For(Loaded.Catalog, Shared.Language.Current);
        var sheet = catalog.SheetFor(Loaded.Assessment.Level);
        var used = sheet.Select(r => r.Subcategory.CategoryNo).ToHashSet(StringComparer.Ordinal);
        Categories = [.. catalog.Categories.Where(c => used.Contains(c.No))];
        CategoryOf = sheet.SelectMany(r => r.Criteria.Select(c => (c.Id, r.Subcategory.CategoryNo))).ToDictionary(x => x.Id, x => x.CategoryNo, StringComparer.Ordinal);
        Current = Categories.FirstOrDefault(c => c.No == Category) ?? Categories[0];
        Criteria = [.. sheet.Where(r => r.Subcategory.CategoryNo == Current.No).SelectMany(r => r.Criteria)];
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        var id = Loaded.Assessment.Id;
        Answers = await Store.AnswersAsync(id, ct);
        Advisers = await advice.AdvisersAsync(id, ct);
        var notes = await advice.NotesAsync(id, ct);
        Notes = notes.ToLookup(n => n.Note.CriterionId, StringComparer.Ordinal);
        var answered = Answers.Values.Where(a => a.Value is not null).Select(a => a.CriterionId).ToHashSet(StringComparer.Ordinal);
        Questions = Advice.OpenQuestions(notes.Where(n => n.Note.Kind == NoteKind.Question).Select(n => n.Note.CriterionId), answered, [.. CategoryOf.Keys]);
        OpenProposals = notes.Where(n => n.Note.Kind == NoteKind.Proposal && n.Note.State == NoteState.Open && CategoryOf.ContainsKey(n.Note.CriterionId))
            .GroupBy(n => CategoryOf[n.Note.CriterionId]).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        // The latest answers of each criterion on the page; one more than shown tells whether older ones were left out.
        var read = await advice.HistoryAsync(id, [.. Criteria.Select(c => c.Id)], HistoryShown + 1, ct);
        var byCriterion = read.GroupBy(r => r.CriterionId, StringComparer.Ordinal).ToList();
        HistoryCut = byCriterion.Where(g => g.Count() > HistoryShown).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var history = byCriterion.SelectMany(g => g.Skip(Math.Max(0, g.Count() - HistoryShown))).ToList();
        History = history.ToLookup(r => r.CriterionId, StringComparer.Ordinal);
        Names = await advice.NamesAsync([.. history.Select(r => r.ChangedBy).Concat(history.Where(r => r.ProposedBy is not null).Select(r => r.ProposedBy!.Value)).Distinct()], ct);
        Frameworks = IsAdviser ? [] : MappedImport.Frameworks(Loaded.Catalog, Loaded.Assessment.Level);
    }

    private async Task<IActionResult> RefusedAsync(string code, CancellationToken ct, int status = StatusCodes.Status409Conflict)
    {
        await ShowAsync(ct);
        ModelState.AddModelError(nameof(Text), Shared.Refusals.Text(shared, code, null, code));
        ViewData["RefusalCode"] = code;
        Response.StatusCode = status;
        return Page();
    }

    private RedirectResult Back(string? criterion)
    {
        var category = criterion is not null && CategoryOf.TryGetValue(criterion, out var c) ? c : Current.No;
        return Redirect($"/assessments/{AssessmentId}/advice?category={Uri.EscapeDataString(category)}" + (criterion is null ? "" : $"#c-{criterion}"));
    }
}
