using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Home;

/// <summary>
/// The home page: for a signed-in person, what awaits them (their inbox, section by role); for
/// anyone else, what Hoshi is and where to start.
/// </summary>
public sealed class IndexModel(Actors actors, InboxQueries inbox) : PageModel
{
    /// <summary>The signed-in person's inbox, or null on the anonymous home.</summary>
    public InboxView? Inbox { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await actors.PersonAsync(User, ct) is { MissingTwoFactor: false } actor)
        {
            Inbox = await inbox.ForAsync(actor, ct);
        }
    }
}
