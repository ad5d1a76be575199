using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Assessments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Reviews;

/// <summary>
/// The expert's view of a round: the applicant's scope and answers read-only, with evaluation
/// guidance and example answers, and a verdict with remark per criterion (autosaved like answers).
/// Only the expert the applicant asked may open it.
/// </summary>
[Authorize]
public sealed class ReviewModel(AssessmentStore store, ReviewStore reviews, ScopeReviewStore scopeReviews, AssessmentSteps steps, Independence.IndependenceStore independence, ReviewerAccess access, Actors actors, IAuthorizationService authorization, ReviewQueries queries, UserManager<Data.Accounts.HoshiUser> users, TimeProvider clock, IStringLocalizer<AssessmentsText> text, IStringLocalizer<Shared.SharedText> shared, Guidance.CatalogTranslations translations, Guidance.GuidanceStore guidance) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid AssessmentId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty]
    public string? CriterionId { get; set; }

    [BindProperty]
    public Verdict? Verdict { get; set; }

    [BindProperty]
    public string? Remark { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public LoadedAssessment Loaded { get; private set; } = null!;

    public string OrganizationName { get; private set; } = "";

    public IReadOnlyList<CatalogCategory> Categories { get; private set; } = [];

    public CatalogCategory CurrentCategory { get; private set; } = null!;

    public IReadOnlyList<SheetRequirement> Requirements { get; private set; } = [];

    /// <summary>Hoshi's help on the criteria, by id (kept apart from the catalog).</summary>
    public IReadOnlyDictionary<string, Guidance.StoredHelp> Help { get; private set; } = new Dictionary<string, Guidance.StoredHelp>();

    public IReadOnlyDictionary<string, AnswerRecord> Answers { get; private set; } = new Dictionary<string, AnswerRecord>();

    public IReadOnlyDictionary<string, VerdictRecord> Verdicts { get; private set; } = new Dictionary<string, VerdictRecord>();

    public AssessmentLifecycle.Facts Facts { get; private set; } = new();

    /// <summary>One line of a criterion's history: an answer (with reply) or a verdict, when and by whom.</summary>
    public sealed record HistoryLine(DateTime At, int Round, bool IsVerdict, string What, string? Detail);

    public IReadOnlyDictionary<string, List<HistoryLine>> History { get; private set; } = new Dictionary<string, List<HistoryLine>>();

    /// <summary>The lines of a criterion's history shown: its latest answers and verdicts (every autosave is one).</summary>
    public const int HistoryShown = 20;

    /// <summary>Criteria whose history has older lines than those shown.</summary>
    public IReadOnlySet<string> HistoryCut { get; private set; } = new HashSet<string>();

    /// <summary>A renewal's answer and verdict of the last registered round, and whether the answer changed since.</summary>
    public sealed record PreviousAnswer(string? Value, string? Supplement, Verdict? Verdict, bool Changed);

    /// <summary>For a renewal, by criterion on this page: what the last registered round said.</summary>
    public IReadOnlyDictionary<string, PreviousAnswer> Previous { get; private set; } = new Dictionary<string, PreviousAnswer>();

    /// <summary>Criteria whose verdict was kept when the round was reopened, with the round it was given in.</summary>
    public IReadOnlyDictionary<string, int> KeptFrom { get; private set; } = new Dictionary<string, int>();

    /// <summary>Verdicts may be given now by this person (the ★3 expert under review; the ★4 team while evaluating), independent and declared so.</summary>
    public bool MayJudge { get; private set; }

    /// <summary>The person is the round's judge, but not independent of it: the page says why and takes no verdict.</summary>
    public ConflictOfInterest Conflict { get; private set; }

    /// <summary>The person is the round's judge, independent, and has not yet declared it for this round.</summary>
    public bool MustDeclare { get; private set; }

    /// <summary>The declaration's confirmation box; for a step, the person's confirmation of it.</summary>
    [BindProperty]
    public bool Confirmed { get; set; }

    /// <summary>The round's version when the person confirmed a step (a stale confirmation is refused).</summary>
    [BindProperty]
    public int? RoundVersion { get; set; }

    /// <summary>A step waiting for the person's confirmation.</summary>
    public Shared.Confirmation? Confirmation { get; private set; }

    private Reviewer reviewer = null!;

    /// <summary>The verdict on the scope: the recorded one, where it stands against the scope now, and what the scope leaves out.</summary>
    public ScopeReviewRecord? ScopeReviewRecord { get; private set; }

    public ScopeReviewFacts? ScopeReviewFacts { get; private set; }

    public ScopeStanding ScopeStanding { get; private set; }

    public IReadOnlyList<ScopeExclusion> Exclusions { get; private set; } = [];

    /// <summary>This person may record the scope verdict now: the ★3 expert, or the ★4 lead assessor, judging.</summary>
    public bool MayJudgeScope => MayJudge && (EvaluationId is null || reviewer.Role == "lead-assessor");

    /// <summary>A ★4 assessor who is not the lead: sees the scope verdict, does not give it.</summary>
    public bool ScopeIsLeadOnly => EvaluationId is not null && reviewer.Role != "lead-assessor";

    [BindProperty]
    public ScopeVerdict? ScopeVerdict { get; set; }

    [BindProperty]
    public string? ScopeRemark { get; set; }

    /// <summary>The reason each exclusion was accepted, by <see cref="ScopeExclusion"/> name.</summary>
    [BindProperty]
    public Dictionary<string, string?> Reasons { get; set; } = [];

    [BindProperty]
    public int ScopeVersion { get; set; }

    /// <summary>For ★4: the evaluation, whose page holds the rechecks and the decision.</summary>
    public Guid? EvaluationId { get; private set; }

    [TempData]
    public string? Message { get; set; }

    private Guid UserId => Guid.Parse(users.GetUserId(User)!);

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var loaded = await store.LoadAsync(AssessmentId, ct);
        if (loaded is null || !await authorization.MayAsync(User, loaded, ReviewOperation.See) || await actors.PersonAsync(User, ct) is not { } actor)
        {
            return NotFound();
        }

        var reviewer = await access.ReviewerAsync(actor, loaded, ct);

        this.reviewer = reviewer;
        MayJudge = reviewer.Judges;
        Conflict = reviewer.MayJudge ? reviewer.Conflict : ConflictOfInterest.None;
        MustDeclare = reviewer.MayJudge && reviewer.Conflict == ConflictOfInterest.None && !reviewer.Declared;
        EvaluationId = reviewer.EvaluationId;

        Loaded = loaded;
        return null;
    }

    /// <summary>A judge who is not independent is refused with 403 and the refusal logged; nothing else is recorded.</summary>
    private ForbidResult? RefuseConflicted(string attempted)
    {
        if (Conflict == ConflictOfInterest.None)
        {
            return null;
        }

        independence.LogRefusal(UserId, AssessmentId, attempted, Conflict);
        return Forbid();
    }

    /// <summary>The judge declares, for this round, that they have no conflict of interest with the organization.</summary>
    public async Task<IActionResult> OnPostDeclareAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (RefuseConflicted("declare independence") is { } refused)
        {
            return refused;
        }

        if (!reviewer.MayJudge)
        {
            return Forbid();
        }

        if (!Confirmed)
        {
            ModelState.AddModelError(nameof(Confirmed), text["IndependenceConfirmRequired"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct);
        }

        await independence.DeclareAsync(UserId, Loaded.Assessment, reviewer.Role, text["IndependenceText", OrganizationName = Loaded.Holder.Name], HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        Message = text["IndependenceDeclared"];
        return RedirectToPage(new { assessmentId = AssessmentId, category = Category });
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? await ShowAsync(ct);

    public async Task<IActionResult> OnPostVerdictAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (RefuseConflicted("give a verdict") is { } refused)
        {
            return refused;
        }

        var result = !MayJudge
            ? new VerdictSaveResult(false, 0, MustDeclare ? "undeclared" : "locked", null)
            : await reviews.SaveVerdictAsync(Loaded, CriterionId ?? "", Verdict, Remark, Version, UserId, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        var message = result.Saved
            ? text["AnswerSaved", JapanTime.ToJapan(clock.GetUtcNow()).ToString("HH:mm")].Value
            : result.Problem is { } problem ? text["VerdictProblem_" + problem].Value
            : text["VerdictConflict", result.Current is { } c ? text["Verdict_" + c.Verdict].Value : "", result.Current?.Remark ?? ""].Value;
        if (Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return new JsonResult(new { saved = result.Saved, version = result.Version, conflict = result.Conflict, message })
            {
                StatusCode = result.Saved ? StatusCodes.Status200OK : result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            };
        }

        if (!result.Saved)
        {
            ModelState.AddModelError("", $"{CriterionId}: {message}");
            Response.StatusCode = result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct);
        }

        var category = Loaded.Catalog.FindCriterion(CriterionId!) is { } criterion
            ? Loaded.Catalog.FindSubcategory(Loaded.Catalog.FindRequirement(criterion.RequirementNo)!.SubcategoryNo)!.CategoryNo
            : Category;
        return Redirect($"/reviews/{AssessmentId}?category={Uri.EscapeDataString(category ?? "")}#c-{CriterionId}");
    }

    /// <summary>The verdict on the scope itself: accepted with a reason per exclusion, or recheck with a remark.</summary>
    public async Task<IActionResult> OnPostScopeAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        if (RefuseConflicted("judge the scope") is { } refused)
        {
            return refused;
        }

        // In ★4 only the lead assessor judges the scope: any other form is refused.
        if (ScopeIsLeadOnly)
        {
            return Forbid();
        }

        if (!MayJudgeScope)
        {
            ModelState.AddModelError("", MustDeclare ? text["VerdictProblem_undeclared"] : text["ScopeReviewProblem_locked", text["State_" + Loaded.Assessment.State]]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct);
        }

        var reasons = Enum.GetValues<ScopeExclusion>().ToDictionary(e => e, e => Reasons.GetValueOrDefault(e.ToString()));
        var result = await scopeReviews.JudgeAsync(Loaded, ScopeVerdict, ScopeRemark, reasons, ScopeVersion, UserId, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (!result.Saved)
        {
            if (result.Conflict)
            {
                ModelState.AddModelError("", text["ScopeVerdictConflict"]);
            }

            foreach (var problem in result.Problems)
            {
                var (key, label) = problem.Field switch
                {
                    "Verdict" => (nameof(ScopeVerdict), text["ScopeVerdictLabel"].Value),
                    "Remark" => (nameof(ScopeRemark), text["ScopeRemarkLabel"].Value),
                    var exclusion => ($"Reasons[{exclusion}]", $"{text["Exclusion_" + exclusion].Value}: {text["ExclusionReason"].Value}"),
                };
                ModelState.AddModelError(key, problem.Code == "locked"
                    ? text["ScopeReviewProblem_locked", text["State_" + Loaded.Assessment.State]]
                    : text["ScopeReviewProblem_" + problem.Code, label, ScopeReview.MaxTextLength]);
            }

            Response.StatusCode = result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct, keepScopeInput: true);
        }

        Message = text["ScopeJudged", text["ScopeVerdict_" + ScopeVerdict]];
        return Redirect($"/reviews/{AssessmentId}?category={Uri.EscapeDataString(Category ?? "")}#scope-review");
    }

    public Task<IActionResult> OnPostRecheckAsync(CancellationToken ct) => StepAsync(AssessmentStep.RequestRecheck, "RecheckSent", ct);

    public Task<IActionResult> OnPostFinalizeAsync(CancellationToken ct) => StepAsync(AssessmentStep.Finalize, "Finalized", ct);

    private async Task<IActionResult> StepAsync(AssessmentStep step, string doneKey, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        // A ★4 round moves through its evaluation's page, never through the ★3 steps.
        if (EvaluationId is not null)
        {
            return NotFound();
        }

        if (RefuseConflicted("take the step " + step) is { } refused)
        {
            return refused;
        }

        if (MustDeclare)
        {
            ModelState.AddModelError("", text["VerdictProblem_undeclared"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct);
        }

        // Unconfirmed: a step that is not possible says why at once; one that is asks for confirmation
        // first, saying what will happen and to whom. Confirmed: on the version shown, or refused.
        StepOutcome outcome;
        if (!Confirmed)
        {
            var facts = await steps.FactsAsync(Loaded, ct: ct);
            outcome = AssessmentLifecycle.Try(Loaded.Assessment.State, step, facts);
            if (outcome.Allowed)
            {
                var organization = Loaded.Holder.Name;
                Confirmation = new(step == AssessmentStep.Finalize ? "Finalize" : "Recheck", text["Confirm_" + step],
                    step == AssessmentStep.Finalize
                        ? text["Confirm_FinalizeWhat", organization, text["State_" + outcome.State]]
                        : text["Confirm_RequestRecheckWhat", organization, facts.RecheckVerdicts],
                    [new(nameof(RoundVersion), Loaded.Assessment.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
                return await ShowAsync(ct);
            }
        }
        else if (RoundVersion != Loaded.Assessment.Version)
        {
            ModelState.AddModelError("", shared["ChangedMeanwhile"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await ShowAsync(ct);
        }
        else
        {
            outcome = await steps.StepAsync(Loaded, step, UserId, HttpContext.Connection.RemoteIpAddress?.ToString(), ct: ct);
        }

        if (!outcome.Allowed)
        {
            ModelState.AddModelError("", text["StepRefused", Shared.Refusals.Text(shared, outcome.Code, outcome.Argument, outcome.Refusal)]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct);
        }

        Message = text[doneKey, text["State_" + outcome.State]];
        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    public string AnswerLabel(Criterion criterion, string? value) => value switch
    {
        null => text["NoAnswer"],
        YesNo.Yes or YesNo.No or YesNo.NotApplicable when criterion.AnswerType == AnswerType.YesNo => text["YesNo_" + value],
        _ => criterion.Choices.FirstOrDefault(c => c.Value == value)?.Label.For(Shared.Language.Current) ?? value,
    };

    private async Task<IActionResult> ShowAsync(CancellationToken ct, bool keepScopeInput = false)
    {
        // As read with the round on a GET; a POST may have changed it (or lost to a change) and reads it again.
        ScopeReviewRecord = HttpMethods.IsGet(Request.Method) ? Loaded.ScopeReview : await scopeReviews.ForAsync(AssessmentId, ct);
        ScopeReviewFacts = ScopeReviewFactsReader.ToFacts(ScopeReviewRecord);
        ScopeStanding = ScopeReview.Standing(ScopeReviewFacts, Loaded.Scope);
        Exclusions = ScopeReview.Exclusions(Loaded.Scope);
        if (!keepScopeInput)
        {
            // The form starts from the recorded verdict, or from an acceptance to fill in.
            ScopeVerdict = ScopeReviewFacts?.Verdict;
            ScopeRemark = ScopeReviewFacts?.Remark;
            Reasons = ScopeReviewFacts?.Reasons.ToDictionary(p => p.Key.ToString(), p => (string?)p.Value) ?? [];
            ScopeVersion = ScopeReviewRecord?.Version ?? 0;
        }

        Help = await guidance.ForCatalogAsync(Loaded.Catalog.Id, Loaded.Help, ct);

        // Shown in the page's language: Hoshi's unofficial translation where the catalog has none.
        var sheet = translations.For(Loaded.Catalog, Shared.Language.Current).SheetFor(Loaded.Assessment.Level);
        Categories = [.. Loaded.Catalog.Categories.Where(c => sheet.Any(r => r.Subcategory.CategoryNo == c.No))];
        if (Category is not null && Categories.All(c => c.No != Category))
        {
            return NotFound();
        }

        CurrentCategory = Category is null ? Categories[0] : Categories.First(c => c.No == Category);
        Requirements = [.. sheet.Where(r => r.Subcategory.CategoryNo == CurrentCategory.No)];
        (var answers, var verdicts) = await store.AnswersAndVerdictsAsync(AssessmentId, ct);
        Answers = answers;
        Verdicts = verdicts;
        Facts = await steps.FactsAsync(Loaded, Answers, Verdicts.Values, ScopeReviewRecord, ct: ct);
        var ids = Requirements.SelectMany(r => r.Criteria).Select(c => c.Id).ToList();
        // One more line of each kind than shown tells whether older ones were left out.
        var lines = await queries.HistoryAsync(AssessmentId, ids, HistoryShown + 1, ct);
        var byCriterion = lines.GroupBy(r => r.CriterionId).Where(g => g.Count() > 2).ToList();
        History = byCriterion.ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.ChangedAt).Take(HistoryShown).Select(r => r.IsVerdict
                ? new HistoryLine(r.ChangedAt, r.Round, true, text["Verdict_" + r.Verdict].Value, r.Supplement)
                : new HistoryLine(r.ChangedAt, r.Round, false, AnswerLabel(Loaded.Catalog.FindCriterion(r.CriterionId)!, r.Value), string.Join(" / ", new[] { r.Supplement, r.Reply }.Where(x => x is not null))))
            .OrderBy(l => l.At).ToList());
        HistoryCut = byCriterion.Where(g => g.Count() > HistoryShown).Select(g => g.Key).ToHashSet();

        if (Loaded.Assessment.PreviousRoundId is { } previous)
        {
            // A renewal: last year's answer and verdict beside this year's, and whether the answer changed.
            var (lastAnswers, lastVerdicts) = await store.AnswersAndVerdictsAsync(previous, ct);
            Previous = ids.Where(lastAnswers.ContainsKey).ToDictionary(id => id, id =>
            {
                var last = lastAnswers[id];
                Answers.TryGetValue(id, out var now);
                return new PreviousAnswer(last.Value, last.Supplement, lastVerdicts.GetValueOrDefault(id)?.Verdict,
                    Renewal.Changed(last.Value, last.Supplement, now?.Value, now?.Supplement));
            });
        }

        // Verdicts kept from an earlier round (Reopening): their last revision is from before this round.
        KeptFrom = lines.Where(r => r.IsVerdict).GroupBy(r => r.CriterionId).Select(g => (Id: g.Key, Round: g.Max(r => r.Round)))
            .Where(x => x.Round < Loaded.Assessment.Round && Verdicts.ContainsKey(x.Id)).ToDictionary(x => x.Id, x => x.Round);
        OrganizationName = Loaded.Holder.Name;
        return Page();
    }
}
