using System.ComponentModel.DataAnnotations;
using Hoshi.Data.Accreditation;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Accreditation;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Accreditation;

/// <summary>
/// The accreditation body's list of the accreditations it granted (with where each stands today),
/// and the form to accredit an evaluation body or technical verification provider.
/// </summary>
[Authorize]
public sealed class IndexModel(AccreditationStore store, Registry.SuspensionProposalStore suspensions, Actors actors, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<AccreditationText> text) : PageModel
{
    private const int PageSize = 50;

    public sealed class GrantInput
    {
        public Guid? AccreditationBodyId { get; set; }

        public Guid? OrganizationId { get; set; }

        [StringLength(AccreditationRules.MaxNumberLength)]
        public string? Number { get; set; }

        public bool Evaluation { get; set; }

        public bool TechnicalVerification { get; set; }

        public DateOnly? ValidFrom { get; set; }

        public DateOnly? ValidUntil { get; set; }
    }

    [BindProperty]
    public GrantInput Input { get; set; } = new();

    [FromQuery(Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int PageCount { get; private set; }

    public IReadOnlyList<Guid> Bodies { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> BodyNames { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyList<(AccreditationRecord Accreditation, string Organization)> Items { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Candidates { get; private set; } = [];

    /// <summary>Proposals to suspend a ★4 that wait for this accreditation body's decision, oldest first.</summary>
    public IReadOnlyList<Registry.OpenProposal> OpenSuspensions { get; private set; } = [];

    public DateOnly Today => store.Today;

    public AccreditationStanding StandingOf(AccreditationRecord a) => AccreditationRules.StandingOn(a.Terms, Today);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        Input.ValidFrom = Today;
        return Page();
    }

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }

        var body = Input.AccreditationBodyId ?? Bodies[0];
        if (!Bodies.Contains(body))
        {
            return NotFound();
        }

        if (Input.OrganizationId is not { } organization || Candidates.All(c => c.Id != organization))
        {
            ModelState.AddModelError("Input.OrganizationId", text["OrganizationRequired"]);
        }

        if (Input.ValidFrom is null)
        {
            ModelState.AddModelError("Input.ValidFrom", text["ValidFromRequired"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var scope = (Input.Evaluation ? AccreditationScope.Evaluation : AccreditationScope.None) | (Input.TechnicalVerification ? AccreditationScope.TechnicalVerification : AccreditationScope.None);
        var from = Input.ValidFrom!.Value;
        var until = Input.ValidUntil ?? AccreditationRules.DefaultValidUntil(from);
        var (record, problem) = await store.GrantAsync(body, new NewAccreditation(Input.OrganizationId!.Value, Input.Number, scope, from, until),
            Guid.Parse(users.GetUserId(User)!), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (record is null)
        {
            var field = problem switch
            {
                AccreditationProblem.ScopeRequired => "Input.Evaluation",
                AccreditationProblem.EndBeforeStart or AccreditationProblem.TooLong => "Input.ValidUntil",
                _ => "Input.Number",
            };
            ModelState.AddModelError(field, text["Problem_" + problem, AccreditationRules.MaxValidityYears]);
            return Page();
        }

        TempData["Message"] = text["Granted", record.Number].Value;
        return Redirect($"/accreditations/{record.Id}");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var actor = await actors.PersonAsync(User, ct);
        Bodies = actor is null ? [] : AccreditationAccess.BodiesOf(actor);
        if (Bodies.Count == 0)
        {
            return Forbid();
        }

        BodyNames = await store.NamesAsync(Bodies, ct);
        PageNumber = Math.Max(1, PageNumber);
        var (items, total) = await store.GrantedByAsync(Bodies, PageNumber, PageSize, ct);
        Items = items;
        PageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        Candidates = await store.CandidatesAsync(ct);
        OpenSuspensions = await suspensions.OpenForAccreditationBodiesAsync(Bodies, ct);
        return null;
    }
}
