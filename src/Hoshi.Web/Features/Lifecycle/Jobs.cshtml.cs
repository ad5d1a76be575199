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
public sealed class JobsModel(IAuthorizationService authorization, OperationsStore operations, SchedulerRunner runner, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<LifecycleText> text) : PageModel
{
    public IReadOnlyList<ScheduledJobRecord> Jobs { get; private set; } = [];

    public IReadOnlyList<string> Known => [.. runner.Jobs.Select(j => j.Name)];

    public int Waiting { get; private set; }

    public IReadOnlyList<Data.Mail.OutboxMessage> Failing { get; private set; } = [];

    /// <summary>A job's last result in the reader's language (a text stored before results had keys, as it is).</summary>
    public string? ResultText(string? stored) =>
        JobResult.TryParse(stored, out var result) ? text["JobResult_" + result.Key, result.Count].Value : stored;

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.ViewAllAudit))
        {
            return Forbid();
        }

        Jobs = await operations.JobsAsync(ct);
        Waiting = await operations.WaitingMailAsync(ct);
        Failing = await operations.FailingMailAsync(ct);
        return Page();
    }

    /// <summary>Sends every unsent mail again at the next pass of the sender.</summary>
    public async Task<IActionResult> OnPostRetryAsync(CancellationToken ct)
    {
        if (!await authorization.MayAsync(User, Operation.ViewAllAudit))
        {
            return Forbid();
        }

        var count = await operations.RetryFailingMailAsync(users.GetUserId(User)!, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        Message = text["RetryQueued", count];
        return RedirectToPage();
    }
}
