using Hoshi.Data;
using Hoshi.Data.Mail;
using Hoshi.Domain.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hoshi.Web.Shared.Mail;

/// <summary>Queues mail in the database, within the caller's unit of work.</summary>
public static class MailOutbox
{
    /// <summary>Adds a mail to the outbox; it is stored by the caller's next SaveChangesAsync.</summary>
    /// <param name="unsubscribe">Where the person turns this kind of mail off (absolute URL); null for mail that cannot be turned off.</param>
    public static OutboxMessage Enqueue(AppDbContext db, string to, string subject, string textBody, string? htmlBody, DateTimeOffset now, string? unsubscribe = null)
    {
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            To = to,
            Subject = subject,
            TextBody = textBody,
            HtmlBody = htmlBody,
            Unsubscribe = unsubscribe,
            CreatedAt = now.UtcDateTime,
            NextAttemptAt = now.UtcDateTime,
        };
        db.OutboxMessages.Add(message);
        return message;
    }
}

/// <summary>The outcome of one pass over the outbox.</summary>
public sealed record MailPass(int Sent, int Failed);

/// <summary>
/// Sends the outbox's due mail. Each mail is first claimed (its next-attempt time moved a lease
/// ahead, checked by the row's version) so that two app nodes never send it at the same time; a
/// failure records the error and the next attempt with backoff. Delivery is at least once: a crash
/// between sending and recording sends that mail again after the lease.
/// </summary>
public sealed class MailSender(AppDbContext db, IMailTransport transport, IOptions<MailSettings> settings, TimeProvider clock, ILogger<MailSender> logger)
{
    public const int BatchSize = 50;

    public async Task<MailPass> SendDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutboxMessages
            .Where(m => m.SentAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Take(BatchSize)
            .ToListAsync(ct);
        int sent = 0, failed = 0;
        foreach (var message in due)
        {
            if (!await ClaimAsync(message, ct))
            {
                continue;
            }

            try
            {
                await transport.SendAsync(ToMime(message), ct);
                message.SentAt = clock.GetUtcNow().UtcDateTime;
                message.LastError = null;
                sent++;
                Telemetry.HoshiMetrics.MailSends.Add(1, new KeyValuePair<string, object?>("outcome", "sent"));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                message.FailedAttempts++;
                message.LastError = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
                message.NextAttemptAt = MailRetry.NextAttempt(message.FailedAttempts, clock.GetUtcNow()).UtcDateTime;
                logger.LogWarning("Mail {Id} to {To} failed (attempt {Attempt}); next try at {Next:u}: {Error}", message.Id, message.To, message.FailedAttempts, message.NextAttemptAt, e.Message);
                failed++;
                Telemetry.HoshiMetrics.MailSends.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            }

            await db.SaveChangesAsync(CancellationToken.None);
        }

        return new MailPass(sent, failed);
    }

    private async Task<bool> ClaimAsync(OutboxMessage message, CancellationToken ct)
    {
        message.NextAttemptAt = (clock.GetUtcNow() + MailRetry.ClaimLease).UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node claimed it first.
            db.Entry(message).State = EntityState.Detached;
            return false;
        }
    }

    private MimeMessage ToMime(OutboxMessage message) => MailFormat.ToMime(message, settings.Value);
}

/// <summary>Runs the sender every few seconds while the application runs.</summary>
public sealed class MailSenderService(IServiceScopeFactory scopes, IOptions<MailSettings> settings, TimeProvider clock, ILogger<MailSenderService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, settings.Value.PollSeconds)), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<MailSender>().SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The mail sender's pass failed; it runs again shortly.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
