using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Guidance;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Features.Guidance;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Guidance;

/// <summary>Every policy template fills and opens: the .docx parsed back and the PDF's text hold the values in Japanese; the filling is suggested on the sheet.</summary>
public sealed class TemplateTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private static Dictionary<string, string> Values(PolicyTemplate template) => template.Fields.ToDictionary(
        f => $"Values[{f.Name}]",
        f => f.Kind switch
        {
            TemplateFieldKind.Date => "2026-12-01",
            TemplateFieldKind.Lines => "星野 花子・担当・03-1234-5678・hanako@example.jp\n山田 一郎・責任者・03-1234-0000・ichiro@example.jp",
            _ => f.Name switch { "company" => "株式会社ほしの精機", "representative" => "代表取締役 星野 太郎", "officer" => "取締役 山田 一郎", _ => "毎日の共有フォルダ(30日)" },
        });

    [Fact]
    public async Task Each_template_fills_as_docx_and_pdf_with_the_values_and_is_suggested_on_the_sheet()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CatalogStore>().ImportShippedAsync("test");
        }

        Assert.Equal(["basic-policy", "organization", "confidentiality", "access", "password", "backup", "incident", "suppliers"], TemplateStore.All.Select(t => t.Id));
        var organization = await _people.OrganizationAsync("ひな形の会社", OrganizationRole.Applicant);
        var (_, member) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        var round = Guid.NewGuid();
        await _people.WithDbAsync(async db =>
        {
            db.Assessments.Add(new AssessmentRecord { Id = round, OrganizationId = organization, Level = Level.Star3, CatalogVersionId = "scs-2026-03", State = AssessmentState.Draft, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var page = $"/assessments/{round}/templates";

        foreach (var template in TemplateStore.All)
        {
            var values = Values(template);
            values["template"] = template.Id;
            values["Format"] = "docx";
            var docx = await FormPost.SendWithTokenFromAsync(member, $"{page}?template={template.Id}", page, values);
            Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
            using (var document = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false))
            {
                var text = document.MainDocumentPart!.Document.Body!.InnerText;
                Assert.Contains(template.Title.JaText, text, StringComparison.Ordinal);

                // Valid Open XML with a styles part: Japanese as the language, the title and headings in their styles.
                Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document));
                var styles = document.MainDocumentPart.StyleDefinitionsPart!.Styles!;
                Assert.Equal("ja-JP", styles.DocDefaults!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Languages>().Single().EastAsia?.Value);
                var used = document.MainDocumentPart.Document.Body.Descendants<DocumentFormat.OpenXml.Wordprocessing.ParagraphStyleId>().Select(p => p.Val!.Value).ToList();
                Assert.Equal("Title", used[0]);
                Assert.All(used, id => Assert.Contains(styles.Elements<DocumentFormat.OpenXml.Wordprocessing.Style>(), st => st.StyleId == id));
                Assert.Equal("ja-JP", document.PackageProperties.Language);
                Assert.Contains(text.Contains("株式会社ほしの精機", StringComparison.Ordinal) ? "株式会社ほしの精機" : "取締役 山田 一郎", text, StringComparison.Ordinal);
                Assert.Contains("2026年12月1日", text, StringComparison.Ordinal);
                Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
            }

            values["Format"] = "pdf";
            var pdf = await FormPost.SendWithTokenFromAsync(member, $"{page}?template={template.Id}", page, values);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
            var pdfText = Shared.PdfText.Extract(await pdf.Content.ReadAsByteArrayAsync());
            Assert.Contains("2026年12月1日", pdfText, StringComparison.Ordinal);
            Assert.Contains(template.Title.JaText, pdfText, StringComparison.Ordinal);
        }

        // The organization template carries the contact lines; the basic policy the company and representative.
        var organizationDoc = await FormPost.SendWithTokenFromAsync(member, $"{page}?template=organization", page, new Dictionary<string, string>(Values(TemplateStore.Find("organization")!)) { ["template"] = "organization", ["Format"] = "docx" });
        using (var document = WordprocessingDocument.Open(new MemoryStream(await organizationDoc.Content.ReadAsByteArrayAsync()), false))
        {
            Assert.Contains("・星野 花子・担当・03-1234-5678・hanako@example.jp", document.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
        }

        // Each filling is recorded (audited) and suggested as the supplement of the linked criteria.
        Assert.Equal(17, await _people.WithDbAsync(db => db.TemplateFills.CountAsync(f => f.AssessmentId == round)));
        Assert.Equal(17, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "template.filled" && a.ObjectId == round.ToString())));
        var sheet = WebUtility.HtmlDecode(await member.GetStringAsync($"/assessments/{round}/sheet?category=1"));
        Assert.Contains("data-testid=\"suggestion-1-3-1-1\"", sheet, StringComparison.Ordinal);
        Assert.Contains("「情報セキュリティ基本方針」(", sheet, StringComparison.Ordinal);

        // A missing field is refused with its name; nothing recorded.
        var missing = Values(TemplateStore.Find("basic-policy")!);
        missing["Values[company]"] = "";
        missing["template"] = "basic-policy";
        missing["Format"] = "docx";
        var refused = await FormPost.SendWithTokenFromAsync(member, $"{page}?template=basic-policy", page, missing);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("「会社名」を入力してください。", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(17, await _people.WithDbAsync(db => db.TemplateFills.CountAsync(f => f.AssessmentId == round)));
    }
}
