using Hoshi.Data;
using Hoshi.Web.Shared.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Tests.Shared;

/// <summary>
/// Waits for the app's outbox to deliver. A test that reads the pickup folder right after one
/// <see cref="MailSender.SendDueAsync"/> races the app's own background sender: when that pass has
/// claimed a message but not yet written it, the test's pass skips it and the folder does not hold
/// it yet. The condition to wait on is the outbox's: no message to the address left unsent.
/// Linked into the test projects that read mail.
/// </summary>
internal static class Outbox
{
    public static async Task DeliveredToAsync(IServiceProvider services, string email, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<MailSender>().SendDueAsync();
            var unsent = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages
                .Where(m => m.SentAt == null).Select(m => m.To).ToListAsync();
            if (!unsent.Any(to => string.Equals(to, email, StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Mail to {email} is still unsent in the outbox after {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds} s.");
            }

            // Another pass (the app's own) holds the message: poll until it records the delivery.
            await Task.Delay(20);
        }
    }
}
