namespace Hoshi.Web.Shared.Mail;

public enum MailMode
{
    /// <summary>Write each mail as an .eml file into <see cref="MailSettings.PickupFolder"/> (development, tests).</summary>
    Pickup,

    /// <summary>Send through the SMTP server in <see cref="MailSettings.Smtp"/>.</summary>
    Smtp,
}

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The <c>Mail</c> section of the settings.</summary>
public sealed class MailSettings
{
    public MailMode Mode { get; set; } = MailMode.Pickup;

    public string PickupFolder { get; set; } = "./data/mail";

    public string From { get; set; } = "no-reply@hoshi.localhost";

    public string FromName { get; set; } = "Hoshi";

    /// <summary>How often the sender looks for due mail.</summary>
    public int PollSeconds { get; set; } = 10;

    public SmtpSettings Smtp { get; set; } = new();
}

public sealed class SmtpSettings
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? User { get; set; }

    public string? Password { get; set; }

    public int TimeoutSeconds { get; set; } = 30;
}
