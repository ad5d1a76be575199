using System.Collections.Concurrent;
using Hoshi.Data.Mail;
using Hoshi.Web.Shared.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hoshi.Data.Tests.Mail;

/// <summary>The outbox on SQLite and PostgreSQL: each test gets its own database.</summary>
public sealed class MailOutboxTests : IAsyncLifetime
{
    private const string Subject = "【Hoshi】取引先からの依頼が届きました";
    private readonly TestDatabase _database = new();
    private readonly string _pickup = Directory.CreateTempSubdirectory("hoshi-mail-").FullName;

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_pickup, recursive: true);
    }

    private MailSettings Settings(MailMode mode, int port = 25) => new()
    {
        Mode = mode,
        PickupFolder = _pickup,
        Smtp = new SmtpSettings { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, TimeoutSeconds = 5 },
    };

    private async Task<Guid> EnqueueAsync(string to = "tanaka@example.jp")
    {
        await using var db = _database.NewContext();
        var message = MailOutbox.Enqueue(db, to, Subject, "依頼の内容をご確認ください。", "<p>依頼の内容をご確認ください。</p>", _database.Clock.GetUtcNow());
        await db.SaveChangesAsync();
        return message.Id;
    }

    private async Task<MailPass> PassAsync(MailSettings settings, IMailTransport? transport = null)
    {
        await using var db = _database.NewContext();
        var options = Options.Create(settings);
        transport ??= settings.Mode == MailMode.Smtp ? new SmtpTransport(options) : new PickupFolderTransport(options);
        return await new MailSender(db, transport, options, _database.Clock, NullLogger<MailSender>.Instance).SendDueAsync();
    }

    private async Task<OutboxMessage> RowAsync(Guid id)
    {
        await using var db = _database.NewContext();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    [Fact]
    public async Task Pickup_WritesAnEmlFile_ThatReadsBackWithTheJapaneseSubject()
    {
        var id = await EnqueueAsync();

        Assert.Equal(new MailPass(1, 0), await PassAsync(Settings(MailMode.Pickup)));
        Assert.Equal(new MailPass(0, 0), await PassAsync(Settings(MailMode.Pickup)));

        var file = Assert.Single(Directory.GetFiles(_pickup, "*.eml"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal(Subject, message.Subject);
        Assert.Equal("tanaka@example.jp", message.To.Mailboxes.Single().Address);
        Assert.Contains("依頼の内容", message.TextBody, StringComparison.Ordinal);
        Assert.NotNull((await RowAsync(id)).SentAt);
    }

    [Fact]
    public async Task Smtp_WhileTheServerIsDown_KeepsTheMail_AndDeliversItWhenItComesBack()
    {
        var port = TinySmtpServer.FreePort();
        var settings = Settings(MailMode.Smtp, port);
        var id = await EnqueueAsync();

        Assert.Equal(new MailPass(0, 1), await PassAsync(settings));
        var failed = await RowAsync(id);
        Assert.Null(failed.SentAt);
        Assert.Equal(1, failed.FailedAttempts);
        Assert.NotNull(failed.LastError);
        Assert.Equal(_database.Clock.GetUtcNow().AddMinutes(1).UtcDateTime, failed.NextAttemptAt);

        // Not due yet: nothing is tried.
        Assert.Equal(new MailPass(0, 0), await PassAsync(settings));

        // Still down at the next attempt: backoff doubles.
        _database.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new MailPass(0, 1), await PassAsync(settings));
        Assert.Equal(_database.Clock.GetUtcNow().AddMinutes(2).UtcDateTime, (await RowAsync(id)).NextAttemptAt);

        await using var server = new TinySmtpServer(port);
        _database.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new MailPass(1, 0), await PassAsync(settings));

        var delivered = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Assert.Single(server.Messages))));
        Assert.Equal(Subject, delivered.Subject);
        var row = await RowAsync(id);
        Assert.NotNull(row.SentAt);
        Assert.Null(row.LastError);
        Assert.Equal(2, row.FailedAttempts);
    }

    [Fact]
    public async Task TwoSendersAtOnce_SendEachMailOnce()
    {
        for (var i = 0; i < 10; i++)
        {
            await EnqueueAsync($"user{i}@example.jp");
        }

        var transport = new RecordingTransport();
        var passes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PassAsync(Settings(MailMode.Pickup), transport))));

        Assert.Equal(10, passes.Sum(p => p.Sent));
        Assert.Equal(10, transport.Recipients.Count);
        Assert.Equal(10, transport.Recipients.Distinct().Count());
    }

    private sealed class RecordingTransport : IMailTransport
    {
        public ConcurrentBag<string> Recipients { get; } = [];

        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            await Task.Delay(5, ct);
            Recipients.Add(message.To.Mailboxes.Single().Address);
        }
    }
}
