using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Hoshi.Data.Mail;
using MimeKit;
using MimeKit.Text;

namespace Hoshi.Web.Shared.Mail;

/// <summary>
/// Hoshi's mail as RFC 5322/2045/2047 want it, built by MimeKit: multipart/alternative with the plain
/// text and a simple HTML version (made from the text when the sender gave none), each part UTF-8 in
/// base64 with CRLF line ends, the subject encoded-word, <c>Auto-Submitted: auto-generated</c> (no
/// out-of-office replies), and <c>List-Unsubscribe</c> where the person can turn that kind of mail off.
/// </summary>
public static partial class MailFormat
{
    /// <summary>How a message is written to a file or a socket: CRLF, whatever the platform.</summary>
    public static readonly FormatOptions Options = CreateOptions();

    public static MimeMessage ToMime(OutboxMessage message, MailSettings settings)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(settings.FromName, settings.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.MessageId = $"{message.Id:N}@hoshi";
        mime.Date = new DateTimeOffset(DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc));
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        mime.Headers.Add("X-Auto-Response-Suppress", "All");
        if (message.Unsubscribe is { Length: > 0 } unsubscribe)
        {
            mime.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribe}>");
        }

        var text = Crlf(message.TextBody);
        var plain = new TextPart(TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.Base64 };
        plain.SetText(Encoding.UTF8, text);
        var html = new TextPart(TextFormat.Html) { ContentTransferEncoding = ContentEncoding.Base64 };
        html.SetText(Encoding.UTF8, Crlf(message.HtmlBody ?? HtmlOf(message.TextBody)));
        mime.Body = new MultipartAlternative { plain, html };
        return mime;
    }

    /// <summary>A plain HTML version of a text mail: paragraphs at blank lines, line breaks kept, addresses as links.</summary>
    public static string HtmlOf(string text)
    {
        var body = new StringBuilder();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = paragraph.Split('\n').Select(line => Link().Replace(WebUtility.HtmlEncode(line), m => $"<a href=\"{m.Value}\">{m.Value}</a>"));
            body.Append("<p>").Append(string.Join("<br>\n", lines)).Append("</p>\n");
        }

        return $"<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"></head>\n<body style=\"font-family: sans-serif; line-height: 1.7\">\n{body}</body></html>";
    }

    private static string Crlf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);

    private static FormatOptions CreateOptions()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }

    [GeneratedRegex(@"https?://[^\s<>""']+")]
    private static partial Regex Link();
}
