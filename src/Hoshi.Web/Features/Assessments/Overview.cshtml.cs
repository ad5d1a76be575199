using Hoshi.Data;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Assessments;

/// <summary>A round's home: where it stands, progress per category, and what is still missing.</summary>
public sealed class OverviewModel(IAuthorizationService authorization, AssessmentStore store, AppDbContext db, UserManager<Data.Accounts.HoshiUser> users)
    : AssessmentPage(authorization, store, users)
{
    public const int MissingShown = 30;

    public SheetProgress Progress { get; private set; } = null!;

    public bool ScopeComplete { get; private set; }

    public int ScopeOpen { get; private set; }

    public string OrganizationName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        var answers = await Store.AnswersAsync(AssessmentId, ct);
        Progress = SheetProgress.Of(Loaded.Catalog, Loaded.Assessment.Level, id => answers.TryGetValue(id, out var a) ? (a.Value, a.Supplement) : null);
        var scopeProblems = ScopeRules.Check(Loaded.Scope);
        ScopeComplete = scopeProblems.Count == 0;
        ScopeOpen = scopeProblems.Count;
        OrganizationName = await db.Organizations.Where(o => o.Id == Loaded.Assessment.OrganizationId).Select(o => o.LegalNameJa).FirstAsync(ct);
        return Page();
    }
}
