using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Assessments;

/// <summary>
/// The assessment sheet, one category per page. Each criterion is its own small form: saved by
/// its button without JavaScript, saved automatically with it (JSON answer). Two people saving
/// the same answer: the second is told and sees the current answer; nothing is overwritten.
/// </summary>
public sealed class SheetModel(IAuthorizationService authorization, AssessmentStore store, UserManager<Data.Accounts.HoshiUser> users, TimeProvider clock, IStringLocalizer<AssessmentsText> text, Guidance.CatalogTranslations translations, Guidance.GuidanceStore guidance, Guidance.TemplateStore templates, AssignmentStore assignments)
    : AssessmentPage(authorization, store, users)
{
    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty]
    public string? CriterionId { get; set; }

    [BindProperty]
    public string? Value { get; set; }

    [BindProperty]
    public string? Supplement { get; set; }

    [BindProperty]
    public int Version { get; set; }

    /// <summary>The reply to a 再確認 (recheck rounds only).</summary>
    [BindProperty]
    public string? Reply { get; set; }

    public IReadOnlyDictionary<string, VerdictRecord> Verdicts { get; private set; } = new Dictionary<string, VerdictRecord>();

    /// <summary>May this criterion be answered now: any in a draft, only the recheck items during a recheck.</summary>
    public bool MayEdit(string criterionId) =>
        Loaded.Assessment.State == AssessmentState.Draft
        || (Loaded.Assessment.State == AssessmentState.RecheckRequested && Verdicts.TryGetValue(criterionId, out var v) && v.Verdict == Domain.Assessments.Verdict.Recheck);

    public CatalogCategory CurrentCategory { get; private set; } = null!;

    public IReadOnlyList<SheetRequirement> Requirements { get; private set; } = [];

    /// <summary>Hoshi's help on the criteria, by id (kept apart from the catalog).</summary>
    public IReadOnlyDictionary<string, Guidance.StoredHelp> Help { get; private set; } = new Dictionary<string, Guidance.StoredHelp>();

    /// <summary>Documents made from Hoshi's templates for this round, by the criteria they help meet (suggested supplements).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Guidance.TemplateFill>> Suggestions { get; private set; } = new Dictionary<string, IReadOnlyList<Guidance.TemplateFill>>();

    public IReadOnlyDictionary<string, AnswerRecord> Answers { get; private set; } = new Dictionary<string, AnswerRecord>();

    public SheetProgress Progress { get; private set; } = null!;

    /// <summary>Nothing on the sheet can change now.</summary>
    public bool ReadOnly => Loaded.Assessment.State is not (AssessmentState.Draft or AssessmentState.RecheckRequested);

    /// <summary>What was posted for one criterion, shown again when it could not be saved.</summary>
    public (string CriterionId, string? Value, string? Supplement, string Message)? Unsaved { get; private set; }

    [TempData]
    public string? SavedCriterion { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(Operation.WorkOnAssessments, ct) ?? await ShowAsync(ct);

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        var wantsJson = Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
        var result = await Store.SaveAnswerAsync(Loaded, CriterionId ?? "", Value, Supplement, Version, UserId, Address, Reply, ct);
        string message;
        if (result.Saved)
        {
            message = text["AnswerSaved", JapanTime.ToJapan(clock.GetUtcNow()).ToString("HH:mm")];
        }
        else if (result.Refusal is not null)
        {
            message = Loaded.Catalog.FindCriterion(CriterionId ?? "") is null ? text["AnswerNotOnSheet"] : text["AnswerLocked", text["State_" + Loaded.Assessment.State]];
        }
        else if (result.Problem != AnswerProblem.None)
        {
            message = text["Problem_" + result.Problem];
        }
        else
        {
            var current = result.Current;
            message = text["AnswerConflict", AnswerLabel(current?.Value), current?.Supplement ?? ""];
        }

        if (wantsJson)
        {
            return new JsonResult(new { saved = result.Saved, version = result.Version, conflict = result.Conflict, message })
            {
                StatusCode = result.Saved ? StatusCodes.Status200OK : result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            };
        }

        if (result.Saved)
        {
            SavedCriterion = CriterionId;
            var category = Loaded.Catalog.FindCriterion(CriterionId!) is { } c
                ? Loaded.Catalog.FindSubcategory(Loaded.Catalog.FindRequirement(c.RequirementNo)!.SubcategoryNo)!.CategoryNo
                : Category;
            return Redirect($"/assessments/{AssessmentId}/sheet?category={Uri.EscapeDataString(category ?? "")}#c-{CriterionId}");
        }

        Unsaved = (CriterionId ?? "", Value, Supplement, message);
        Response.StatusCode = result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return await ShowAsync(ct);
    }

    /// <summary>
    /// A renewal: every answer of this category still carried over is confirmed as it stands, in
    /// one action (issue 25). Works without script; the sheet says how many were confirmed.
    /// </summary>
    public async Task<IActionResult> OnPostConfirmCategoryAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        var criteria = Loaded.Catalog.SheetFor(Loaded.Assessment.Level).Where(r => r.Subcategory.CategoryNo == Category).SelectMany(r => r.Criteria).Select(c => c.Id).ToList();
        if (criteria.Count == 0)
        {
            return NotFound();
        }

        var confirmed = await Store.ConfirmCarriedAsync(Loaded, criteria, UserId, Address, ct);
        Message = text["CarriedConfirmedMessage", confirmed];
        return Redirect($"/assessments/{AssessmentId}/sheet?category={Uri.EscapeDataString(Category!)}");
    }

    [TempData]
    public string? Message { get; set; }

    /// <summary>The current category's answers still carried over from the last registered round (a renewal).</summary>
    public int CarriedInCategory => Requirements.SelectMany(r => r.Criteria).Count(c => Answers.TryGetValue(c.Id, out var a) && a.CarriedFrom is not null);

    /// <summary>How an answer value reads to people: Yes/No values and choices by their labels.</summary>
    public string AnswerLabel(string? value) => value switch
    {
        null => text["NoAnswer"],
        YesNo.Yes or YesNo.No or YesNo.NotApplicable => text["YesNo_" + value],
        _ => value,
    };

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Help = await guidance.ForCatalogAsync(Loaded.Catalog.Id, Loaded.Help, ct);
        if (Loaded.AnyTemplateFilled)
        {
            Suggestions = await templates.SuggestionsAsync(Loaded.Assessment.Id, ct);
        }

        // Shown in the page's language: Hoshi's unofficial translation where the catalog has none.
        var sheet = translations.For(Loaded.Catalog, Shared.Language.Current).SheetFor(Loaded.Assessment.Level);
        var categories = Loaded.Catalog.Categories.Where(c => sheet.Any(r => r.Subcategory.CategoryNo == c.No)).ToList();
        if (Category is not null && categories.All(c => c.No != Category))
        {
            return NotFound();
        }

        CurrentCategory = Category is null ? categories[0] : categories.First(c => c.No == Category);
        Requirements = [.. sheet.Where(r => r.Subcategory.CategoryNo == CurrentCategory.No)];
        // A draft shows no verdicts: one statement for the answers alone.
        var (answers, verdicts) = Loaded.Assessment.State == AssessmentState.Draft
            ? (await Store.AnswersAsync(AssessmentId, ct), new Dictionary<string, VerdictRecord>())
            : await Store.AnswersAndVerdictsAsync(AssessmentId, ct);
        Answers = answers;
        Verdicts = verdicts;
        Progress = SheetProgress.Of(Loaded.Catalog, Loaded.Assessment.Level, id => answers.TryGetValue(id, out var a) ? (a.Value, a.Supplement) : null);
        Categories = categories;
        Mine = (await assignments.OfAsync(AssessmentId, ct)).Where(a => a.AssigneeId == UserId).ToDictionary(a => a.CriterionId);
        return Page();
    }

    public IReadOnlyList<CatalogCategory> Categories { get; private set; } = [];

    /// <summary>The criteria given to the signed-in person to answer (work shared in the company).</summary>
    public IReadOnlyDictionary<string, Assignment> Mine { get; private set; } = new Dictionary<string, Assignment>();

    /// <summary>How many of the current category's criteria are given to the signed-in person.</summary>
    public int MineInCategory => Requirements.SelectMany(r => r.Criteria).Count(c => Mine.ContainsKey(c.Id));
}
