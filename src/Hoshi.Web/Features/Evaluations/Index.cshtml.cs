using Hoshi.Data.Evaluations;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Evaluations;

/// <summary>The ★4 evaluations a person works on: those of the bodies they manage and those on whose team they are.</summary>
[Authorize]
public sealed class IndexModel(EvaluationStore store, Actors actors) : PageModel
{
    public IReadOnlyList<(EvaluationRecord Evaluation, string Applicant, string Body)> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await actors.PersonAsync(User, ct) is { } actor)
        {
            Items = await store.ForPersonAsync(actor, ct);
        }
    }
}
