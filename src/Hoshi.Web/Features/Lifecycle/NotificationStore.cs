using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Lifecycle;
using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Lifecycle;

/// <summary>A person's notifications and their choices about them (what <see cref="Notifier"/> makes, read and kept here).</summary>
public sealed class NotificationStore(AppDbContext db, TimeProvider clock)
{
    public Task<NotificationPreferenceRecord?> PreferenceAsync(Guid userId, CancellationToken ct = default) =>
        db.NotificationPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);

    /// <summary>One page of the person's notifications, newest first, and how many there are in all.</summary>
    public async Task<(List<NotificationRecord> Items, int Total, int PageNumber)> PageAsync(Guid userId, int pageNumber, int pageSize, CancellationToken ct = default)
    {
        var query = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var total = await query.CountAsync(ct);
        pageNumber = Math.Clamp(pageNumber, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        return (await query.OrderByDescending(n => n.CreatedAt).Skip((pageNumber - 1) * pageSize).Take(pageSize).ToListAsync(ct), total, pageNumber);
    }

    /// <summary>Marks the person's notification read and returns it, or null when it is not theirs.</summary>
    public async Task<NotificationRecord?> OpenAsync(Guid userId, Guid notificationId, CancellationToken ct = default)
    {
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == notificationId && n.UserId == userId, ct);
        if (notification is not null && notification.ReadAt is null)
        {
            notification.ReadAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
        }

        return notification;
    }

    public Task<int> ReadAllAsync(Guid userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null).ExecuteUpdateAsync(u => u.SetProperty(n => n.ReadAt, now), ct);
    }

    /// <summary>Saves the person's choices: mail on or off, the kinds muted, the language of mail. Audited.</summary>
    public async Task SavePreferencesAsync(Guid userId, bool mailEnabled, IEnumerable<string> mailKinds, string language, string? address, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var preference = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (preference is null)
        {
            preference = new NotificationPreferenceRecord { UserId = userId };
            db.NotificationPreferences.Add(preference);
        }

        var wanted = mailKinds.ToHashSet(StringComparer.Ordinal);
        preference.MailEnabled = mailEnabled;
        preference.MutedKinds = string.Join(' ', Notifier.Kinds.Where(k => !wanted.Contains(k)));
        preference.Language = language;
        preference.UpdatedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(userId.ToString(), null, "notifications.preferences-changed", "User", userId.ToString(),
            JsonSerializer.Serialize(new { preference.MailEnabled, preference.MutedKinds, preference.Language }), address), now);
        await db.SaveChangesAsync(ct);
    }
}
