using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Features.Assessments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Guidance;

/// <summary>
/// The first-time guided mode of the sheet: one requirement per screen with Hoshi's help open, a
/// plain yes / no / "I don't know" per criterion ("I don't know" saves nothing and keeps the help
/// in front), the supplement asked in plain words, and how many criteria remain. It saves through
/// the same store as the table view (versions, audit), which stays for experienced users.
/// </summary>
public sealed class GuidedModel(IAuthorizationService authorization, AssessmentStore store, GuidanceStore guidance, CatalogTranslations translations,
    UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<GuidanceText> text, AdviceStore advice)
    : AssessmentPage(authorization, store, users)
{
    public const string DontKnow = "unknown";

    [BindProperty(SupportsGet = true, Name = "r")]
    public string? RequirementNo { get; set; }

    /// <summary>Posted per criterion: the choice (yes, no, na, unknown), the supplement and the version the form was made from.</summary>
    [BindProperty]
    public Dictionary<string, string?> Choice { get; set; } = [];

    [BindProperty]
    public Dictionary<string, string?> Supplement { get; set; } = [];

    [BindProperty]
    public Dictionary<string, int> Versions { get; set; } = [];

    public SheetRequirement Current { get; private set; } = null!;

    public IReadOnlyList<SheetRequirement> Sheet { get; private set; } = [];

    public IReadOnlyDictionary<string, AnswerRecord> Answers { get; private set; } = new Dictionary<string, AnswerRecord>();

    public IReadOnlyDictionary<string, StoredHelp> Help { get; private set; } = new Dictionary<string, StoredHelp>();

    /// <summary>Criteria for which the person chose "I don't know": their help is shown open, with a note.</summary>
    public HashSet<string> Unsure { get; } = new(StringComparer.Ordinal);

    public int Remaining => Sheet.SelectMany(r => r.Criteria).Count(c => !Answered(c.Id));

    public int Total => Sheet.Sum(r => r.Criteria.Count);

    public int Position => Sheet.ToList().IndexOf(Current) + 1;

    public bool Answered(string criterionId) => Answers.TryGetValue(criterionId, out var a) && !string.IsNullOrEmpty(a.Value) && !string.IsNullOrWhiteSpace(a.Supplement);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadStepAsync(ct) is { } refused)
        {
            return refused;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadStepAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Loaded.Assessment.State != AssessmentState.Draft)
        {
            ModelState.AddModelError("", text["GuidedLocked"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        var problems = false;
        foreach (var criterion in Current.Criteria)
        {
            var choice = Choice.GetValueOrDefault(criterion.Id);
            var supplement = Supplement.GetValueOrDefault(criterion.Id)?.Trim();
            if (string.IsNullOrEmpty(choice))
            {
                continue;
            }

            if (choice == DontKnow)
            {
                Unsure.Add(criterion.Id);
                continue;
            }

            var result = await Store.SaveAnswerAsync(Loaded, criterion.Id, choice, supplement, Versions.GetValueOrDefault(criterion.Id), UserId, Address, ct: ct);
            if (!result.Saved)
            {
                problems = true;
                ModelState.AddModelError($"Supplement[{criterion.Id}]", result.Conflict ? text["GuidedConflict", criterion.Id]
                    : result.Problem == AnswerProblem.SupplementRequired ? text["GuidedSupplementRequired", criterion.Id]
                    : text["GuidedRefused", criterion.Id]);
            }
        }

        // "わからない": a question for the round's adviser, listed on the advice page until answered.
        await advice.AskAsync(Loaded, Unsure, UserId, Address, ct);
        Answers = await Store.AnswersAsync(Loaded.Assessment.Id, ct);
        if (problems || Unsure.Count > 0)
        {
            Response.StatusCode = problems ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK;
            return Page();
        }

        // On to the next requirement with something left to answer (after this one, then from the start).
        var index = Sheet.ToList().IndexOf(Current);
        var next = Sheet.Skip(index + 1).Concat(Sheet.Take(index + 1)).FirstOrDefault(r => r.Criteria.Any(c => !Answered(c.Id)));
        return next is null
            ? Redirect($"/assessments/{AssessmentId}/guided?r={Uri.EscapeDataString(Current.Requirement.No)}&done=1")
            : Redirect($"/assessments/{AssessmentId}/guided?r={Uri.EscapeDataString(next.Requirement.No)}");
    }

    private async Task<IActionResult?> LoadStepAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        Sheet = translations.For(Loaded.Catalog, Shared.Language.Current).SheetFor(Loaded.Assessment.Level)
            .Where(r => r.Criteria.All(c => c.AnswerType == AnswerType.YesNo)).ToList();
        Answers = await Store.AnswersAsync(Loaded.Assessment.Id, ct);
        Help = await guidance.ForCatalogAsync(Loaded.Catalog.Id, Loaded.Help, ct);
        if (Sheet.Count == 0)
        {
            return NotFound();
        }

        var current = RequirementNo is null
            ? Sheet.FirstOrDefault(r => r.Criteria.Any(c => !Answered(c.Id))) ?? Sheet[0]
            : Sheet.FirstOrDefault(r => r.Requirement.No == RequirementNo);
        if (current is null)
        {
            return NotFound();
        }

        Current = current;
        return null;
    }
}
