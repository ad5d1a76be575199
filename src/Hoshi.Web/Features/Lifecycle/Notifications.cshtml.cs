using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Lifecycle;
using Hoshi.Domain.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// The person's notifications, newest first, unread marked; opening one marks it read and goes
/// where to act; and the person's choices: mail on or off, which kinds, in which language.
/// </summary>
[Authorize]
public sealed class NotificationsModel(NotificationStore notifications, Notifier notifier, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<LifecycleText> text) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<NotificationRecord> Items { get; private set; } = [];

    public int Total { get; private set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    [BindProperty]
    public PreferenceForm Preferences { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public sealed class PreferenceForm
    {
        public bool MailEnabled { get; set; } = true;

        public List<string> MailKinds { get; set; } = [.. Notifier.Kinds];

        public string Language { get; set; } = "ja";
    }

    public string TitleOf(NotificationRecord notification) => notifier.Title(notification);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var preference = await notifications.PreferenceAsync(UserId, ct);
        if (preference is not null)
        {
            Preferences = new PreferenceForm
            {
                MailEnabled = preference.MailEnabled,
                MailKinds = [.. Notifier.Kinds.Where(k => !(preference.MutedKinds ?? "").Split(' ').Contains(k, StringComparer.Ordinal))],
                Language = preference.Language,
            };
        }

        await LoadAsync(ct);
    }

    /// <summary>Marks the notification read and goes where the person acts on it.</summary>
    public async Task<IActionResult> OnPostOpenAsync(Guid notificationId, CancellationToken ct)
    {
        var notification = await notifications.OpenAsync(UserId, notificationId, ct);
        if (notification is null)
        {
            return NotFound();
        }

        return Url.IsLocalUrl(notification.Link) ? LocalRedirect(notification.Link) : RedirectToPage();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await notifications.ReadAllAsync(UserId, ct);
        Message = text["AllRead"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPreferencesAsync(CancellationToken ct)
    {
        if (Preferences.Language is not ("ja" or "en"))
        {
            ModelState.AddModelError("Preferences.Language", text["LanguageRequired"]);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        await notifications.SavePreferencesAsync(UserId, Preferences.MailEnabled, Preferences.MailKinds, Preferences.Language, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        Message = text["PreferencesSaved"];
        return RedirectToPage();
    }

    public string LinkTo(int page) => Url.Page(null, new { p = page })!;

    private Guid UserId => Guid.Parse(users.GetUserId(User)!);

    private async Task LoadAsync(CancellationToken ct)
    {
        (var items, Total, PageNumber) = await notifications.PageAsync(UserId, PageNumber, PageSize, ct);
        Items = items;
    }
}
