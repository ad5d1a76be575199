using Hoshi.Data.Suppliers;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>
/// One supplier of a buyer: the decision flow (モデル分岐図) for the level required — the three
/// questions, adjustments with reasons, additional requirements or out of scope — and the
/// history of decisions, newest first.
/// </summary>
public sealed class SupplierModel(
    IAuthorizationService authorization, SupplierStore store, PortfolioQueries portfolio, SupplierRequestStore requests, DisclosureStore disclosures,
    UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<SuppliersText> text)
    : OrganizationPage(authorization)
{
    public SupplierStanding Standing { get; private set; } = new(SupplierStatus.None, null, null, false);

    public IReadOnlyList<RequestView> Requests { get; private set; } = [];

    public IReadOnlyList<GrantView> Disclosed { get; private set; } = [];

    public IReadOnlyList<PartnerCheckRecord> Checks { get; private set; } = [];

    /// <summary>The supplier's own portfolio, when its organization in Hoshi keeps one: counts only.</summary>
    public PortfolioCounts? SubPortfolio { get; private set; }

    [BindProperty]
    public CheckForm Check { get; set; } = new();

    public sealed class CheckForm
    {
        public DateOnly? CheckedOn { get; set; }

        public PartnerCheckMethod? Method { get; set; }

        public string? Note { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid SupplierId { get; set; }

    public SupplierRecord Supplier { get; private set; } = null!;

    public IReadOnlyList<LevelDecisionRecord> Decisions { get; private set; } = [];

    [BindProperty]
    public DecisionForm Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public sealed class DecisionForm
    {
        public bool? A { get; set; }

        public bool? B { get; set; }

        public bool? C { get; set; }

        public string? DelayViewpoints { get; set; }

        public bool RecentIncidents { get; set; }

        public string? RecentIncidentsReason { get; set; }

        public bool ImportantSubContractors { get; set; }

        public string? ImportantSubContractorsReason { get; set; }

        public string? AdditionalRequirements { get; set; }

        public bool OutOfScope { get; set; }

        public string? OutOfScopeReason { get; set; }

        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        // The form starts from the decision in force, so a change is made on what was decided.
        if (Decisions.Count > 0 && Decisions[0] is var current)
        {
            var adjustments = current.Adjustments is null ? [] : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(current.Adjustments) ?? [];
            Input = new DecisionForm
            {
                A = current.ImportantConfidentialInformation,
                B = current.UnacceptableDelay,
                C = current.AccessToInternalSystems,
                DelayViewpoints = current.DelayViewpoints,
                RecentIncidents = adjustments.ContainsKey(nameof(DecisionAdjustment.RecentIncidents)),
                RecentIncidentsReason = adjustments.GetValueOrDefault(nameof(DecisionAdjustment.RecentIncidents)),
                ImportantSubContractors = adjustments.ContainsKey(nameof(DecisionAdjustment.ImportantSubContractors)),
                ImportantSubContractorsReason = adjustments.GetValueOrDefault(nameof(DecisionAdjustment.ImportantSubContractors)),
                AdditionalRequirements = current.AdditionalRequirements,
                OutOfScope = current.OutOfScopeReason is not null,
                OutOfScopeReason = current.OutOfScopeReason,
            };
        }

        Input.Version = Supplier.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        var adjustments = new Dictionary<DecisionAdjustment, string>();
        if (Input.RecentIncidents)
        {
            adjustments[DecisionAdjustment.RecentIncidents] = Input.RecentIncidentsReason ?? "";
        }

        if (Input.ImportantSubContractors)
        {
            adjustments[DecisionAdjustment.ImportantSubContractors] = Input.ImportantSubContractorsReason ?? "";
        }

        if (Input.OutOfScope && string.IsNullOrWhiteSpace(Input.OutOfScopeReason))
        {
            ModelState.AddModelError("Input.OutOfScopeReason", text["Problem_outOfScopeReason"]);
        }

        var outcome = ModelState.IsValid
            ? await store.DecideAsync(OrganizationId, SupplierId,
                new DecisionAnswers(Input.A, Input.B, Input.C, Input.DelayViewpoints),
                new DecisionChoices(adjustments, Input.AdditionalRequirements, Input.OutOfScope ? Input.OutOfScopeReason : null),
                Input.Version, Guid.Parse(users.GetUserId(User)!), Address, ct)
            : new SupplierStore.DecideOutcome(["invalid"], null);
        if (outcome is null)
        {
            return NotFound();
        }

        if (outcome.Decision is not { } decision)
        {
            foreach (var problem in outcome.Problems.Where(p => p != "invalid"))
            {
                ModelState.AddModelError(FieldOf(problem), text["Problem_" + problem.Replace(':', '_')]);
            }

            await LoadAsync(ct);
            return Page();
        }

        Message = decision.RequiredLevel is { } level ? text["Decided", level.Number()] : text["DecidedOutOfScope"];
        return RedirectToPage(new { id = OrganizationId, supplierId = SupplierId });
    }

    /// <summary>The buyer's side of a request: comment, agree to the date the supplier proposed, or withdraw.</summary>
    public async Task<IActionResult> OnPostRequestAsync(Guid requestId, RequestAction action, string? note, int version, bool confirmWithdraw, CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        // Withdrawing cannot be undone: it needs its own confirmation.
        if (action == RequestAction.Withdraw && !confirmWithdraw)
        {
            await LoadAsync(ct);
            Input.Version = Supplier.Version;
            SupplierRequestStore.AddProblems(ModelState, requestId, ["withdrawConfirm"], text);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (action is not (RequestAction.Comment or RequestAction.AgreeDate or RequestAction.Withdraw)
            || !(await requests.ForSupplierAsync(OrganizationId, SupplierId, Standing, ct)).Any(r => r.Request.Id == requestId))
        {
            return NotFound();
        }

        var problems = await requests.ActAsync(requestId, RequestSide.Buyer, OrganizationId, action, note, null, version, Guid.Parse(users.GetUserId(User)!), Address, ct);
        if (problems is null)
        {
            return NotFound();
        }

        if (problems.Count > 0)
        {
            SupplierRequestStore.AddProblems(ModelState, requestId, problems, text);

            await LoadAsync(ct);
            Input.Version = Supplier.Version;
            Response.StatusCode = SupplierRequestStore.StatusOf(problems);
            return Page();
        }

        Message = text["RequestDone_" + action];
        return RedirectToPage(new { id = OrganizationId, supplierId = SupplierId });
    }

    /// <summary>Records a check of the supplier's security (★4 criterion 2-1-3-1).</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        var problems = await store.RecordCheckAsync(OrganizationId, SupplierId, Check.CheckedOn, Check.Method, Check.Note, Guid.Parse(users.GetUserId(User)!), Address, ct);
        if (problems is null)
        {
            return NotFound();
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                ModelState.AddModelError(problem.StartsWith("checkedOn", StringComparison.Ordinal) ? "Check.CheckedOn" : problem == "methodRequired" ? "Check.Method" : "Check.Note", text["CheckProblem_" + problem]);
            }

            await LoadAsync(ct);
            Input.Version = Supplier.Version;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Message = text["CheckRecorded"];
        return RedirectToPage(new { id = OrganizationId, supplierId = SupplierId });
    }

    private static string FieldOf(string problem) => problem switch
    {
        "answerRequired:a" => "Input.A",
        "answerRequired:b" => "Input.B",
        "answerRequired:c" => "Input.C",
        "reasonRequired:RecentIncidents" or "tooLong:RecentIncidents" => "Input.RecentIncidentsReason",
        "reasonRequired:ImportantSubContractors" or "tooLong:ImportantSubContractors" => "Input.ImportantSubContractorsReason",
        "tooLong:AdditionalRequirements" => "Input.AdditionalRequirements",
        "tooLong:DelayViewpoints" => "Input.DelayViewpoints",
        "tooLong:OutOfScopeReason" or "outOfScopeWithAdjustments" => "Input.OutOfScopeReason",
        _ => "",
    };

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await store.FindAsync(OrganizationId, SupplierId, ct) is not { } found)
        {
            return false;
        }

        (Supplier, Decisions) = found;
        var row = (await portfolio.RowAsync(OrganizationId, SupplierId, ct))!;
        Standing = row.Standing;
        Requests = await requests.ForSupplierAsync(OrganizationId, SupplierId, Standing, ct);
        Disclosed = await disclosures.InForceForBuyerAsync(OrganizationId, Supplier.CorporateNumber, ct);
        Checks = await portfolio.ChecksAsync(SupplierId, ct);
        if (await portfolio.SubPortfolioOwnerAsync(Supplier.CorporateNumber, OrganizationId, ct) is { } owner)
        {
            SubPortfolio = await portfolio.CountsAsync(owner, ct);
        }

        return true;
    }
}
