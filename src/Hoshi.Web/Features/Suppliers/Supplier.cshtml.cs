using Hoshi.Data.Suppliers;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>
/// One supplier of a buyer: the decision flow (モデル分岐図) for the level required — the three
/// questions, adjustments with reasons, additional requirements or out of scope — and the
/// history of decisions, newest first.
/// </summary>
public sealed class SupplierModel(IAuthorizationService authorization, SupplierStore store, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<SuppliersText> text)
    : OrganizationPage(authorization)
{
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
        return true;
    }
}
