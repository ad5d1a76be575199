using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Assessments;

/// <summary>
/// An administrator shares a round's work in the company (issue 25): a member per category, or per
/// criterion, with an optional due date per category; and sees each person's progress. Plain forms.
/// </summary>
public sealed class AssignmentsModel(IAuthorizationService authorization, AssessmentStore store, UserManager<Data.Accounts.HoshiUser> users, AssignmentStore assignments, TimeProvider clock, IStringLocalizer<AssessmentsText> text)
    : AssessmentPage(authorization, store, users)
{
    /// <summary>By category number: a member's id, or empty.</summary>
    [BindProperty]
    public Dictionary<string, string?> Category { get; set; } = [];

    /// <summary>By category number: the due date.</summary>
    [BindProperty]
    public Dictionary<string, DateOnly?> Due { get; set; } = [];

    /// <summary>By criterion id: a member's id, <see cref="Assignments.Nobody"/>, or empty for "as its category".</summary>
    [BindProperty]
    public Dictionary<string, string?> Criterion { get; set; } = [];

    /// <summary>The assignments the page showed (<see cref="AssignmentStore.Stamp"/>).</summary>
    [BindProperty]
    public string? Stamp { get; set; }

    public IReadOnlyList<(Guid Id, string Name)> Members { get; private set; } = [];

    public IReadOnlyList<(CatalogCategory Category, IReadOnlyList<Criterion> Criteria)> Sheet { get; private set; } = [];

    public IReadOnlyList<AssigneeProgress> Progress { get; private set; } = [];

    /// <summary>Sharing is changed while the sheet is being answered.</summary>
    public bool MayChange => Loaded.Assessment.State == AssessmentState.Draft;

    [TempData]
    public string? Message { get; set; }

    public string NameOf(Guid id) => Members.FirstOrDefault(m => m.Id == id).Name ?? "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.ManageMembers, ct) is { } denied)
        {
            return denied;
        }

        await ShowAsync(fill: true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.ManageMembers, ct) is { } denied)
        {
            return denied;
        }

        await ShowAsync(fill: false, ct);
        if (!MayChange)
        {
            ModelState.AddModelError("", text["AssignmentNotNow", text["State_" + Loaded.Assessment.State]]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        var (target, problem) = Assignments.Plan(
            Sheet.SelectMany(s => s.Criteria.Select(c => (c.Id, s.Category.No))), Category, Due, Criterion, [.. Members.Select(m => m.Id)], JapanTime.DateOf(clock.GetUtcNow()));
        if (problem != Assignments.Problem.None)
        {
            ModelState.AddModelError("", text["Assignment_" + problem]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        try
        {
            var changes = await assignments.SaveAsync(Loaded, target, Stamp, UserId, Address, ct);
            Message = text["AssignmentsSaved", changes.Set.Count, changes.Removed.Count];
        }
        catch (ConcurrencyConflictException)
        {
            ModelState.AddModelError("", text["AssignmentConflict"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            await ShowAsync(fill: true, ct);
            return Page();
        }

        return RedirectToPage(new { assessmentId = AssessmentId });
    }

    private async Task ShowAsync(bool fill, CancellationToken ct)
    {
        Members = await assignments.MembersAsync(Loaded.Assessment.OrganizationId, ct);
        var sheet = Loaded.Catalog.SheetFor(Loaded.Assessment.Level);
        Sheet = [.. Loaded.Catalog.Categories
            .Select(c => (c, (IReadOnlyList<Criterion>)[.. sheet.Where(r => r.Subcategory.CategoryNo == c.No).SelectMany(r => r.Criteria)]))
            .Where(x => x.Item2.Count > 0)];
        var current = await assignments.OfAsync(AssessmentId, ct);
        var answers = await Store.AnswersAsync(AssessmentId, ct);
        var criteria = Sheet.SelectMany(s => s.Criteria).ToDictionary(c => c.Id);
        Progress = [.. Assignments.Progress(current, id => criteria.TryGetValue(id, out var c) && answers.TryGetValue(id, out var a)
                && AnswerRules.Check(c, a.Value, a.Supplement) == AnswerProblem.None, JapanTime.DateOf(clock.GetUtcNow()))
            .OrderBy(p => NameOf(p.AssigneeId), StringComparer.Ordinal)];
        if (!fill)
        {
            return;
        }

        // The form shows the sharing as it stands: a category's person where all its criteria have the same one.
        Stamp = AssignmentStore.Stamp(current);
        var byCriterion = current.ToDictionary(a => a.CriterionId);
        Category.Clear();
        Due.Clear();
        Criterion.Clear();
        foreach (var (category, list) in Sheet)
        {
            var given = list.Select(c => byCriterion.GetValueOrDefault(c.Id)).ToList();
            var common = given.All(a => a is not null) && given.Select(a => a!.AssigneeId).Distinct().Count() == 1 ? given[0]!.AssigneeId : (Guid?)null;
            Category[category.No] = common?.ToString();
            var dues = given.Where(a => a is not null).Select(a => a!.DueOn).Distinct().ToList();
            Due[category.No] = dues.Count == 1 ? dues[0] : null;
            foreach (var criterion in list)
            {
                Criterion[criterion.Id] = common is null ? byCriterion.GetValueOrDefault(criterion.Id)?.AssigneeId.ToString() : null;
            }
        }
    }
}
