using System.Globalization;
using System.Net;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Lifecycle;
using Hoshi.Domain.Accounts;
using Hoshi.Web.Shared.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>
/// Adds notifications to the caller's unit of work: one per person and event key (a person who
/// already has it is skipped, and a unique index guards the rest), with a mail through the outbox
/// in the person's language when the person wants mail of that kind. The caller saves.
/// </summary>
public sealed class Notifier(AppDbContext db, IStringLocalizer<LifecycleText> text, Shared.PublicUrl publicUrl)
{
    /// <summary>The kinds of notification, in the order the preferences list them.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        "expiry-reminder", "entry-expired", "request-overdue", "yearly-open", "yearly-missed", "evaluation-failed",
        "accreditation-expiring", "accreditation-expired", "surveillance-due", "training-expiring", "training-expired",
        "listing-consent", "number-verified-elsewhere", "code-letter-sent", "suspension-proposed", "suspension-accepted", "suspension-rejected",
        "round-steps", "star4-steps", Domain.Lifecycle.WorkflowNotices.AccreditationStatus, "assigned", "adviser-invited",
    ];

    /// <returns>How many people were newly notified.</returns>
    public Task<int> NotifyAsync(IReadOnlyCollection<Guid> users, string kind, string key, IReadOnlyList<string> arguments, string link, DateTimeOffset now, CancellationToken ct = default) =>
        NotifyAsync(users, kind, key, arguments, link, now, mail: true, ct);

    /// <returns>How many people were newly notified.</returns>
    /// <param name="mail">False when the caller already mailed these people about the event: the notification is in-app only.</param>
    public async Task<int> NotifyAsync(IReadOnlyCollection<Guid> users, string kind, string key, IReadOnlyList<string> arguments, string link, DateTimeOffset now, bool mail, CancellationToken ct)
    {
        if (users.Count == 0)
        {
            return 0;
        }

        var ids = users.Distinct().ToList();
        var already = await db.Notifications.Where(n => n.Key == key && ids.Contains(n.UserId)).Select(n => n.UserId).ToListAsync(ct);
        var fresh = ids.Except(already).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        var people = await db.Users.AsNoTracking().Where(u => fresh.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        var preferences = await db.NotificationPreferences.AsNoTracking().Where(p => fresh.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, ct);
        var json = JsonSerializer.Serialize(arguments);
        foreach (var person in people)
        {
            var preference = preferences.GetValueOrDefault(person.Id);
            var record = new NotificationRecord
            {
                Id = Guid.CreateVersion7(now),
                UserId = person.Id,
                Kind = kind,
                Key = key,
                ArgumentsJson = json,
                Link = link,
                CreatedAt = now.UtcDateTime,
            };
            if (mail && person.Email is { Length: > 0 } email && WantsMail(preference, kind))
            {
                var (subject, body, html) = Mail(kind, arguments, link, preference?.Language ?? "ja");
                // Every kind can be turned off on the notifications page: the mail says where (List-Unsubscribe).
                MailOutbox.Enqueue(db, email, subject, body, html, now, publicUrl.Link("/notifications#preferences"));
                record.MailedAt = now.UtcDateTime;
            }

            db.Notifications.Add(record);
        }

        return people.Count;
    }

    public static bool WantsMail(NotificationPreferenceRecord? preference, string kind) =>
        preference is null || (preference.MailEnabled && !(preference.MutedKinds ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Contains(Domain.Lifecycle.WorkflowNotices.PreferenceOf(kind) ?? kind, StringComparer.Ordinal));

    /// <summary>The title of a notification in the current UI language.</summary>
    public string Title(NotificationRecord notification) =>
        text["Title_" + notification.Kind, [.. Arguments(notification)]].Value;

    public static IReadOnlyList<string> Arguments(NotificationRecord notification) =>
        JsonSerializer.Deserialize<List<string>>(notification.ArgumentsJson) ?? [];

    /// <summary>The mail in <paramref name="language"/>: subject, plain text and HTML, with the link to act.</summary>
    /// <summary>A text of this feature in Japanese, the registry's language (e.g. a reason Hoshi records itself).</summary>
    public string InJapanese(string key, params object[] arguments)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("ja");
        try
        {
            return text[key, arguments].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    public (string Subject, string Text, string Html) Mail(string kind, IReadOnlyList<string> arguments, string link, string language)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(language == "en" ? "en" : "ja");
        try
        {
            var url = publicUrl.Link(link);
            var values = arguments.Cast<object>().ToArray();
            var title = text["Title_" + kind, values].Value;
            // Workflow steps share one body per workflow (their titles say the step).
            var body = text["Body_" + kind, values] is { ResourceNotFound: false } own ? own.Value : text["Body_" + (Domain.Lifecycle.WorkflowNotices.PreferenceOf(kind) ?? kind), values].Value;
            var action = text["MailAction"].Value;
            var footer = text["MailFooter"].Value;
            var plain = $"{title}\n\n{body}\n\n{action}\n{url}\n\n--\n{footer}\n";
            var html = $"<!DOCTYPE html><html lang=\"{(language == "en" ? "en" : "ja")}\"><body><h1 style=\"font-size:1.2em\">{WebUtility.HtmlEncode(title)}</h1>"
                + $"<p>{WebUtility.HtmlEncode(body)}</p><p><a href=\"{WebUtility.HtmlEncode(url)}\">{WebUtility.HtmlEncode(action)}</a></p>"
                + $"<hr><p style=\"color:#555;font-size:0.9em\">{WebUtility.HtmlEncode(footer)}</p></body></html>";
            return ($"[Hoshi] {title}", plain, html);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    /// <summary>The administrators of an organization (who hear of its own registry entries).</summary>
    public async Task<IReadOnlyList<Guid>> AdministratorsAsync(Guid organization, CancellationToken ct) =>
        await db.Memberships.Where(m => m.OrganizationId == organization && m.Role == MembershipRole.OrgAdmin).Select(m => m.UserId).ToListAsync(ct);
}
