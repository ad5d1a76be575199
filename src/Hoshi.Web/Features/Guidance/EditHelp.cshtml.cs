using Hoshi.Domain.Accounts;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Guidance;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Catalog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Guidance;

/// <summary>
/// The scheme owner edits Hoshi's help on one criterion (every field in Japanese and English, the
/// kind of work and the hours), with optimistic concurrency; every saved state is listed below.
/// </summary>
[Authorize]
public sealed class EditHelpModel(IAuthorizationService authorization, CatalogStore catalogs, GuidanceStore guidance, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<GuidanceText> text) : PageModel
{
    public static readonly string[] FieldNames = ["meaning", "practice", "evidence", "example", "forExperts"];

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string CriterionId { get; set; } = "";

    public Criterion Criterion { get; private set; } = null!;

    /// <summary>Field texts by "name.language", e.g. "meaning.ja".</summary>
    [BindProperty]
    public Dictionary<string, string?> Texts { get; set; } = [];

    [BindProperty]
    public HelpAction Action { get; set; } = HelpAction.WriteRule;

    [BindProperty]
    public decimal EffortHours { get; set; } = 1;

    [BindProperty]
    public int Version { get; set; }

    [TempData]
    public string? Message { get; set; }

    public IReadOnlyList<HelpRevision> History { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        if (await guidance.GetAsync(Id, CriterionId, ct) is { } stored)
        {
            Fill(stored);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        LocalizedText? Field(string name)
        {
            var ja = Texts.GetValueOrDefault(name + ".ja")?.Trim();
            var en = Texts.GetValueOrDefault(name + ".en")?.Trim();
            if (string.IsNullOrEmpty(ja))
            {
                ModelState.AddModelError($"Texts[{name}.ja]", text["FieldRequired", text[FieldLabel(name)]]);
                return null;
            }

            return new LocalizedText(string.IsNullOrEmpty(en) ? [new("ja", ja)] : [new("ja", ja), new("en", en)]);
        }

        var fields = FieldNames.Select(Field).ToList();
        if (fields.Any(f => f is null))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var help = new CriterionHelp(CriterionId, fields[0]!, fields[1]!, fields[2]!, fields[3]!, fields[4]!, Action, EffortHours);
        try
        {
            await guidance.SaveAsync(Id, help, Version, Guid.Parse(users.GetUserId(User)!), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        }
        catch (InvalidHelpException invalid)
        {
            foreach (var problem in invalid.Problems)
            {
                ModelState.AddModelError("", text["Problem", problem]);
            }

            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        catch (StaleHelpException stale)
        {
            // Keep what they typed on the form; show the saved version's number so the next save is deliberate.
            ModelState.AddModelError("", text["Changed"]);
            ModelState.Remove(nameof(Version));
            Version = stale.Current.Version;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Message = text["Saved"];
        return RedirectToPage(new { Id, CriterionId });
    }

    public static string FieldLabel(string name) => name switch
    {
        "meaning" => "Meaning",
        "practice" => "Practice",
        "evidence" => "Evidence",
        "example" => "Example",
        _ => "ForExperts",
    };

    private void Fill(StoredHelp stored)
    {
        foreach (var (name, value) in stored.Help.Fields)
        {
            Texts[name + ".ja"] = value.JaText;
            Texts[name + ".en"] = value.Has("en") ? value.For("en") : null;
        }

        Action = stored.Help.Action;
        EffortHours = stored.Help.EffortHours;
        Version = stored.Version;
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.ViewAllOrganizations))
        {
            return Forbid();
        }

        if (await catalogs.GetAsync(Id, ct) is not { } entry || entry.Catalog.FindCriterion(CriterionId) is not { } criterion)
        {
            return NotFound();
        }

        Criterion = criterion;
        History = await guidance.HistoryAsync(Id, CriterionId, ct);
        var ids = History.Select(h => h.ChangedBy).OfType<Guid>().Distinct().ToList();
        Names = users.Users.Where(u => ids.Contains(u.Id)).ToDictionary(u => u.Id, u => u.DisplayName);
        return null;
    }
}
