using Hoshi.Data;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Accounts;

/// <summary>
/// Mail a stranger can make Hoshi send to an account (password reset, "you already have an
/// account"): at most <see cref="PerHour"/> an hour per account, counted from the audit trail so
/// every node sees the same count. Beyond it the request gets the usual answer and no mail.
/// </summary>
public static class AccountMail
{
    public const int PerHour = 5;

    public static readonly string[] Actions = ["account.password-reset-requested", "account.sign-up-for-existing"];

    public static async Task<bool> MaySendAsync(AppDbContext db, Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        var id = userId.ToString();
        var since = now.UtcDateTime.AddHours(-1);
        var chained = await db.AuditRecords.CountAsync(a => a.ObjectType == "User" && a.ObjectId == id && Actions.Contains(a.Action) && a.OccurredAt >= since, ct);
        var pending = await db.PendingAuditRecords.CountAsync(a => a.ObjectType == "User" && a.ObjectId == id && Actions.Contains(a.Action) && a.OccurredAt >= since, ct);
        return chained + pending < PerHour;
    }
}
