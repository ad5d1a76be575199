using System.Net;
using System.Text;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Tests.Accounts;
using MimeKit;

namespace Hoshi.Web.Tests.Shared;

/// <summary>
/// Mail any client reads (issue 26): each kind Hoshi sends — an account's confirmation, an invitation
/// to an organization, a notification of a workflow step — is parsed from the bytes written with
/// MimeKit: CRLF only, multipart/alternative with UTF-8 plain text and HTML in base64 or
/// quoted-printable, the subject as an encoded word, <c>Auto-Submitted</c>, and <c>List-Unsubscribe</c>
/// on the mail a person can turn off.
/// </summary>
public sealed class MailFormatTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private async Task<(MimeMessage Message, byte[] Raw)> MailToAsync(string email)
    {
        await Outbox.DeliveredToAsync(factory.Services, email);
        var found = Directory.GetFiles(factory.MailFolder, "*.eml")
            .Select(f => (File: f, Raw: File.ReadAllBytes(f)))
            .Select(f => (f.File, f.Raw, Message: MimeMessage.Load(new MemoryStream(f.Raw))))
            .Where(m => m.Message.To.Mailboxes.Any(x => x.Address == email))
            .OrderBy(m => File.GetLastWriteTimeUtc(m.File)).ToList();
        Assert.NotEmpty(found);
        return (found[^1].Message, found[^1].Raw);
    }

    private static void AssertWellFormed(MimeMessage message, byte[] raw, string mustSay, bool mayTurnOff)
    {
        // CRLF only: no bare LF, no bare CR.
        for (var i = 0; i < raw.Length; i++)
        {
            Assert.True(raw[i] != '\n' || (i > 0 && raw[i - 1] == '\r'), $"bare LF at byte {i}");
            Assert.True(raw[i] != '\r' || (i + 1 < raw.Length && raw[i + 1] == '\n'), $"bare CR at byte {i}");
        }

        // 7-bit on the wire: the headers encode Japanese as encoded words, the bodies are encoded.
        Assert.DoesNotContain(raw, b => b > 0x7F);
        var all = Encoding.ASCII.GetString(raw);
        var head = all[..all.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var subject = System.Text.RegularExpressions.Regex.Match(head, @"(?m)^Subject:[^\r\n]*(\r\n[ \t][^\r\n]*)*").Value;
        Assert.Matches(@"(?i)=\?utf-8\?[bq]\?", subject);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        if (mayTurnOff)
        {
            Assert.Matches(@"^<https?://[^>]+/notifications#preferences>$", message.Headers[HeaderId.ListUnsubscribe]);
        }
        else
        {
            Assert.Null(message.Headers[HeaderId.ListUnsubscribe]);
        }

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(2, alternative.Count);
        var plain = Assert.IsType<TextPart>(alternative[0]);
        var html = Assert.IsType<TextPart>(alternative[1]);
        Assert.True(plain.IsPlain);
        Assert.True(html.IsHtml);
        foreach (var part in new[] { plain, html })
        {
            Assert.Contains(part.ContentTransferEncoding, new[] { ContentEncoding.Base64, ContentEncoding.QuotedPrintable });
            Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true);
        }

        Assert.Contains(mustSay, plain.Text, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(mustSay), html.Text, StringComparison.Ordinal);
        Assert.Contains("<html lang=", html.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_kind_of_mail_is_multipart_encoded_crlf_and_auto_submitted()
    {
        // An account's confirmation (cannot be turned off).
        var browser = factory.CreateClient(new() { AllowAutoRedirect = false });
        var email = $"mail.{Guid.NewGuid():N}@example.jp";
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, "/account/sign-up", new()
        {
            ["Input.DisplayName"] = "郵便 太郎",
            ["Input.Email"] = email,
            ["Input.Password"] = "correct horse battery staple 2026",
            ["Input.PreferredLanguage"] = "ja",
        })).StatusCode);
        var (confirmation, confirmationRaw) = await MailToAsync(email);
        AssertWellFormed(confirmation, confirmationRaw, "/account/confirm?", mayTurnOff: false);

        // An invitation to an organization (cannot be turned off).
        var organization = await _people.OrganizationAsync("メールを確かめる製作所", OrganizationRole.Applicant);
        var (_, admin) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin, twoFactor: true);
        var invited = $"invited.{Guid.NewGuid():N}@example.jp";
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(admin, $"/organizations/{organization}/invite", new() { ["Email"] = invited, ["Role"] = "Member", ["MailLanguage"] = "ja" })).StatusCode);
        var (invitation, invitationRaw) = await MailToAsync(invited);
        AssertWellFormed(invitation, invitationRaw, "メールを確かめる製作所", mayTurnOff: false);

        // A notification of a step (an adviser invited), which the person may turn off.
        var (adviser, _) = await _people.SignedInMemberAsync(await _people.OrganizationAsync("メールを受ける事務所", OrganizationRole.Applicant), MembershipRole.Member);
        var started = await FormPost.SendAsync(admin, $"/organizations/{organization}/assessments?handler=Start", []);
        var round = Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendWithTokenFromAsync(admin, $"/assessments/{round}/advice", $"/assessments/{round}/advice?handler=Invite", new() { ["Email"] = adviser.Email })).StatusCode);
        var (notice, noticeRaw) = await MailToAsync(adviser.Email);
        AssertWellFormed(notice, noticeRaw, "メールを確かめる製作所", mayTurnOff: true);
        Assert.Contains($"/assessments/{round}/advice", notice.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_mail_gets_an_html_version_with_paragraphs_line_breaks_and_links()
    {
        var html = Hoshi.Web.Shared.Mail.MailFormat.HtmlOf("こんにちは <様>\n次のページを開いてください。\n\nhttps://hoshi.example.jp/account/confirm?code=a&b=c\n");
        Assert.Contains("<p>こんにちは &lt;様&gt;<br>\n次のページを開いてください。</p>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://hoshi.example.jp/account/confirm?code=a&amp;b=c\">", html, StringComparison.Ordinal);
    }
}
