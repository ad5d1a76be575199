using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Lifecycle;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Audit;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// The operator's view (scheme owner): each scheduled job with its last run, next run and last
/// failure; the mail outbox's backlog, with the failing mails and a way to retry them now.
/// </summary>
[Authorize]
public sealed class JobsModel(IAuthorizationService authorization, AppDbContext db, SchedulerRunner runner, TimeProvider clock, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<LifecycleText> text) : PageModel
{
    public IReadOnlyList<ScheduledJobRecord> Jobs { get; private set; } = [];

    public IReadOnlyList<string> Known => [.. runner.Jobs.Select(j => j.Name)];

    public int Waiting { get; private set; }

    public IReadOnlyList<Data.Mail.OutboxMessage> Failing { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.ViewAllAudit))
        {
            return Forbid();
        }

        Jobs = await db.ScheduledJobs.AsNoTracking().OrderBy(j => j.Name).ToListAsync(ct);
        Waiting = await db.OutboxMessages.CountAsync(m => m.SentAt == null, ct);
        Failing = await db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null && m.FailedAttempts > 0).OrderBy(m => m.CreatedAt).Take(100).ToListAsync(ct);
        return Page();
    }

    /// <summary>Sends every unsent mail again at the next pass of the sender.</summary>
    public async Task<IActionResult> OnPostRetryAsync(CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.ViewAllAudit))
        {
            return Forbid();
        }

        var now = clock.GetUtcNow();
        var at = now.UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var count = await db.OutboxMessages.Where(m => m.SentAt == null && m.FailedAttempts > 0).ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, at), ct);
        db.Audit(new AuditEvent(users.GetUserId(User)!, null, "mail.retry-requested", "Outbox", "all", JsonSerializer.Serialize(new { count }), HttpContext.Connection.RemoteIpAddress?.ToString()), now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        Message = text["RetryQueued", count];
        return RedirectToPage();
    }
}
