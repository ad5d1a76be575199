using Hoshi.Data;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>The signed-in person's unread notifications, for the bell in the header.</summary>
public sealed class NotificationCounter(AppDbContext db, IHttpContextAccessor http, Accounts.Actors actors)
{
    public async Task<int> UnreadAsync()
    {
        var user = http.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated != true
            || !Guid.TryParse(user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var id)
            || Accounts.ApiTokenAuthentication.TokenOf(user) is not null)
        {
            return 0;
        }

        // Read with the session at the start of the request, when it was.
        return actors.RememberedUnread(id) ?? await db.Notifications.CountAsync(n => n.UserId == id && n.ReadAt == null);
    }
}
