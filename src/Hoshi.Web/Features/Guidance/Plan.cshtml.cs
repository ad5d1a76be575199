using System.Globalization;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Guidance;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Shared.Excel;
using Hoshi.Web.Shared.Pdf;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Guidance;

/// <summary>
/// The gap plan of a round: from its current answers, the criteria still to meet for the target
/// level (the round's own, or ★4 from a ★3 round), grouped by what to do, quickest first, with
/// rough hours; as Excel and PDF too.
/// </summary>
public sealed class PlanModel(IAuthorizationService authorization, AssessmentStore store, GuidanceStore guidance, CatalogTranslations translations,
    UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<GuidanceText> text, Microsoft.Extensions.Options.IOptions<GapCostOptions> costs, Evaluations.EvaluationStore evaluations)
    : AssessmentPage(authorization, store, users)
{
    [BindProperty(SupportsGet = true, Name = "level")]
    public int? LevelNumber { get; set; }

    public GapPlan Plan { get; private set; } = null!;

    /// <summary>What the estimate rests on (settings <c>Hoshi:GapCosts</c>).</summary>
    public CostSettings Costs { get; } = costs.Value.ToSettings();

    /// <summary>A yen amount as people read it (¥12,000).</summary>
    public static string Yen(decimal yen) => "¥" + yen.ToString("#,0", CultureInfo.InvariantCulture);

    public CatalogVersion Catalog { get; private set; } = null!;

    public Level Target { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await BuildAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetExcelAsync(CancellationToken ct)
    {
        if (await BuildAsync(ct) is { } refused)
        {
            return refused;
        }

        var sheet = new XlsxTableSheet(text["PlanSheet"], [new(text["Step"], 6), new(text["Criterion"], 12), new(text["Work"], 22), new(text["Hours"], 8), new(text["CostEstimate"], 20), new(text["CriterionText"], 70), new(text["Practice"], 70)]);
        var lang = Shared.Language.Current;
        foreach (var (item, index) in Plan.Order.Select((item, index) => (item, index)))
        {
            sheet.Rows.Add([(index + 1).ToString(CultureInfo.InvariantCulture), item.CriterionId, text["Action_" + item.Action], HelpFile.Hours(item.EffortHours), CostOf(item), Catalog.FindCriterion(item.CriterionId)?.Text.For(lang), Help.GetValueOrDefault(item.CriterionId)?.Practice.For(lang)]);
        }

        using var output = new MemoryStream();
        XlsxWriter.Write(output, sheet, text["PlanNotes"], [text["PlanSummary", Target.Number(), Plan.Met, Plan.Criteria, Plan.Remaining, HelpFile.Hours(Plan.Hours)], CostNote, text["NotOfficial"]]);
        return File(output.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"gap-plan-star{Target.Number()}.xlsx");
    }

    /// <summary>One criterion's cost range, as text.</summary>
    private string CostOf(GapItem item)
    {
        var range = GapCosts.Of(new GapGroup(item.Action, [item]), Costs);
        return $"{Yen(range.MinYen)}–{Yen(range.MaxYen)}";
    }

    /// <summary>The whole plan's cost range and what it rests on, marked as an estimate.</summary>
    public string CostNote
    {
        get
        {
            var total = GapCosts.Of(Plan, Costs);
            return text["CostTotal", Yen(total.MinYen), Yen(total.MaxYen), Yen(Costs.HourlyRateYen)];
        }
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct)
    {
        if (await BuildAsync(ct) is { } refused)
        {
            return refused;
        }

        var lang = Shared.Language.Current;
        using var output = new MemoryStream();
        using (var pdf = new PdfReport(output, text["PlanTitle", Target.Number()], text["NotOfficial"]))
        {
            pdf.Title(text["PlanTitle", Target.Number()]);
            pdf.Paragraph(text["PlanSummary", Target.Number(), Plan.Met, Plan.Criteria, Plan.Remaining, HelpFile.Hours(Plan.Hours)]);
            pdf.Paragraph(CostNote);
            // The same content as the Excel: each step in order, its work, hours, cost, the criterion and how to go about it.
            var steps = Plan.Order.Select((item, index) => (item.CriterionId, Step: index + 1)).ToDictionary(x => x.CriterionId, x => x.Step, StringComparer.Ordinal);
            foreach (var group in Plan.Groups)
            {
                pdf.Heading($"{text["Action_" + group.Action]} ({text["Effort", HelpFile.Hours(group.Hours)]})");
                pdf.Table([text["Step"], text["Criterion"], text["Hours"], text["CostEstimate"], text["CriterionText"]], [5, 11, 7, 25, 66],
                    group.Items.OrderBy(i => steps.GetValueOrDefault(i.CriterionId)).Select(i => (IReadOnlyList<string?>)[
                        steps.GetValueOrDefault(i.CriterionId).ToString(CultureInfo.InvariantCulture), i.CriterionId, HelpFile.Hours(i.EffortHours), CostOf(i),
                        string.Join("\n", new[] { Catalog.FindCriterion(i.CriterionId)?.Text.For(lang), Help.GetValueOrDefault(i.CriterionId)?.Practice.For(lang) is { } practice ? $"{text["Practice"]}: {practice}" : null }.Where(t => t is not null))]));
            }
        }

        return File(output.ToArray(), "application/pdf", $"gap-plan-star{Target.Number()}.pdf");
    }

    /// <summary>
    /// Preparing for the ★4 audit (issue 25): every ★4 criterion with what to have ready (documents,
    /// records, people and systems, from Hoshi's help), an empty box to tick, and the evaluation's
    /// dates when planned — the rows of the checklist's PDF and Excel.
    /// </summary>
    private async Task<(IReadOnlyList<string> Dates, IReadOnlyList<IReadOnlyList<string?>> Rows)> ChecklistAsync(CancellationToken ct)
    {
        var lang = Shared.Language.Current;
        var rows = Catalog.SheetFor(Level.Star4).SelectMany(r => r.Criteria)
            .Select(c => (IReadOnlyList<string?>)[c.Id, c.Text.For(lang), Help.GetValueOrDefault(c.Id)?.Evidence.For(lang) ?? text["ChecklistNoHelp"], "☐"])
            .ToList();
        var dates = new List<string>();
        if (await evaluations.ForAssessmentAsync(Loaded.Assessment.Id, ct) is { } evaluation)
        {
            foreach (var (key, day) in new[] { ("ChecklistDocumentReview", evaluation.DocumentReviewOn), ("ChecklistOnSiteAudit", evaluation.OnSiteAuditOn), ("ChecklistTechnical", evaluation.TechnicalVerificationOn) })
            {
                dates.Add(text[key, day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? text["ChecklistNotPlanned"]]);
            }
        }

        return (dates, rows);
    }

    public async Task<IActionResult> OnGetChecklistPdfAsync(CancellationToken ct)
    {
        if (await BuildAsync(ct) is { } refused)
        {
            return refused;
        }

        var (dates, rows) = await ChecklistAsync(ct);
        using var output = new MemoryStream();
        using (var pdf = new PdfReport(output, text["ChecklistTitle"], text["NotOfficial"]))
        {
            pdf.Title(text["ChecklistTitle"]);
            pdf.Paragraph(text["ChecklistLead"]);
            foreach (var date in dates)
            {
                pdf.Paragraph(date);
            }

            pdf.Table([text["Criterion"], text["CriterionText"], text["ChecklistPrepare"], text["ChecklistTick"]], [55, 200, 210, 30], rows);
        }

        return File(output.ToArray(), "application/pdf", "audit-checklist-star4.pdf");
    }

    public async Task<IActionResult> OnGetChecklistExcelAsync(CancellationToken ct)
    {
        if (await BuildAsync(ct) is { } refused)
        {
            return refused;
        }

        var (dates, rows) = await ChecklistAsync(ct);
        var sheet = new XlsxTableSheet(text["ChecklistSheet"], [new(text["Criterion"], 12), new(text["CriterionText"], 70), new(text["ChecklistPrepare"], 70), new(text["ChecklistTick"], 8)]);
        foreach (var row in rows)
        {
            sheet.Rows.Add([.. row]);
        }

        using var output = new MemoryStream();
        XlsxWriter.Write(output, sheet, text["PlanNotes"], [text["ChecklistLead"], .. dates, text["NotOfficial"]]);
        return File(output.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "audit-checklist-star4.xlsx");
    }

    public IReadOnlyDictionary<string, CriterionHelp> Help { get; private set; } = new Dictionary<string, CriterionHelp>();

    private async Task<IActionResult?> BuildAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        var own = Loaded.Assessment.Level;
        Target = LevelNumber switch
        {
            null => own,
            3 when own == Level.Star3 => Level.Star3,
            4 => Level.Star4,
            _ => (Level)(-1),
        };
        if (!Enum.IsDefined(Target) || !Loaded.Catalog.Offers(Target))
        {
            return NotFound();
        }

        Catalog = translations.For(Loaded.Catalog, Shared.Language.Current);
        Help = (await guidance.ForCatalogAsync(Loaded.Catalog.Id, Loaded.Help, ct)).ToDictionary(h => h.Key, h => h.Value.Help);
        var answers = (await Store.AnswersAsync(Loaded.Assessment.Id, ct)).ToDictionary(a => a.Key, a => a.Value.Value);
        Plan = GapPlan.Build(Loaded.Catalog, Target, answers, Help);
        return null;
    }
}
