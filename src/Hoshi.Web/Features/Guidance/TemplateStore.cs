using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Hoshi.Data;
using Hoshi.Data.Guidance;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Guidance;
using Hoshi.Web.Shared.Pdf;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Guidance;

/// <summary>A template filled for a round: which, when, and the supplement it suggests.</summary>
public sealed record TemplateFill(PolicyTemplate Template, DateOnly FilledOn, string Supplement);

/// <summary>
/// Hoshi's policy templates (embedded <c>Shipped/templates.json</c>): filled into .docx (Open XML)
/// and PDF, each filling recorded for the round (audited) so that the sheet suggests the document
/// as the supplement of the linked criteria.
/// </summary>
public sealed class TemplateStore(AppDbContext db, TimeProvider clock)
{
    public static IReadOnlyList<PolicyTemplate> All { get; } = Load();

    private static IReadOnlyList<PolicyTemplate> Load()
    {
        using var stream = typeof(TemplateStore).Assembly.GetManifestResourceStream("Hoshi.Templates.json")!;
        using var reader = new StreamReader(stream);
        return PolicyTemplates.Parse(reader.ReadToEnd());
    }

    public static PolicyTemplate? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    /// <summary>Records that a round's member filled a template (checked values), audited.</summary>
    public async Task RecordAsync(Guid assessmentId, Guid organizationId, PolicyTemplate template, IReadOnlyDictionary<string, string?> values, Guid actor, string? address, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var json = JsonSerializer.Serialize(values.Where(v => template.Fields.Any(f => f.Name == v.Key)).ToDictionary(v => v.Key, v => v.Value?.Trim()));
        db.TemplateFills.Add(new TemplateFillRecord { Id = Guid.CreateVersion7(), AssessmentId = assessmentId, TemplateId = template.Id, ValuesJson = json, FilledBy = actor, FilledAt = now.UtcDateTime });
        db.Audit(new AuditEvent(actor.ToString(), organizationId.ToString(), "template.filled", "Assessment", assessmentId.ToString(), JsonSerializer.Serialize(new { template = template.Id }), address), now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The latest filling of each template for a round, by criterion it helps meet.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<TemplateFill>>> SuggestionsAsync(Guid assessmentId, CancellationToken ct = default)
    {
        var fills = await db.TemplateFills.AsNoTracking().Where(f => f.AssessmentId == assessmentId).Select(f => new { f.TemplateId, f.FilledAt }).ToListAsync(ct);
        var latest = fills.GroupBy(f => f.TemplateId).Select(g => (Template: Find(g.Key), At: g.Max(f => f.FilledAt))).Where(x => x.Template is not null).ToList();
        return latest.SelectMany(x => x.Template!.Criteria.Select(c => (Criterion: c, Fill: new TemplateFill(x.Template, JapanDate(x.At), x.Template.SuggestedSupplement(JapanDate(x.At))))))
            .GroupBy(x => x.Criterion, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TemplateFill>)[.. g.Select(x => x.Fill)], StringComparer.Ordinal);
    }

    private static DateOnly JapanDate(DateTime utc) => Domain.JapanTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>
    /// The filled document as a Word file: a styles part (Japanese language, a Japanese font, Normal,
    /// Title, Heading 1 and List Paragraph, so that Word's navigation and screen readers see the
    /// structure), then the title, headings, paragraphs and list items in those styles.
    /// </summary>
    public static byte[] Docx(string title, IReadOnlyList<FilledBlock> blocks)
    {
        using var output = new MemoryStream();
        using (var document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = DocxStyles();
            var body = new Body();
            static Paragraph Styled(string style, string text) =>
                new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

            body.Append(Styled("Title", title));
            foreach (var block in blocks)
            {
                body.Append(block.Kind switch
                {
                    "heading" => Styled("Heading1", block.Text),
                    "item" => Styled("ListParagraph", "・" + block.Text),
                    _ => Styled("Normal", block.Text),
                });
            }

            body.Append(new SectionProperties(new PageSize { Width = 11906, Height = 16838 }, new PageMargin { Top = 1440, Bottom = 1440, Left = 1304, Right = 1304 }));
            main.Document = new Document(body);
            document.PackageProperties.Title = title;
            document.PackageProperties.Creator = "Hoshi";
            document.PackageProperties.Language = "ja-JP";
        }

        return output.ToArray();
    }

    private static Styles DocxStyles()
    {
        static Style Paragraph(string id, string name, bool isDefault, OpenXmlElement[] paragraph, OpenXmlElement[] run)
        {
            // The schema's order: name, basedOn, next, qFormat, pPr, rPr.
            var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id, Default = isDefault ? true : null };
            if (!isDefault)
            {
                style.Append(new BasedOn { Val = "Normal" }, new NextParagraphStyle { Val = "Normal" });
            }

            style.Append(new PrimaryStyle(), new StyleParagraphProperties(paragraph), new StyleRunProperties(run));
            return style;
        }

        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { EastAsia = "Noto Sans CJK JP", Ascii = "Noto Sans", HighAnsi = "Noto Sans" },
                    new FontSize { Val = "21" },
                    new Languages { Val = "ja-JP", EastAsia = "ja-JP" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120", Line = "300", LineRule = LineSpacingRuleValues.Auto }))),
            Paragraph("Normal", "Normal", true, [], []),
            Paragraph("Title", "Title", false, [new SpacingBetweenLines { After = "240" }, new Justification { Val = JustificationValues.Center }], [new Bold(), new FontSize { Val = "32" }]),
            Paragraph("Heading1", "heading 1", false, [new KeepNext(), new SpacingBetweenLines { Before = "200", After = "60" }, new OutlineLevel { Val = 0 }], [new Bold(), new FontSize { Val = "24" }]),
            Paragraph("ListParagraph", "List Paragraph", false, [new Indentation { Left = "420", Hanging = "210" }], []));
    }

    /// <summary>The filled document as PDF (A4, the CJK font of <see cref="PdfReport"/>).</summary>
    public static byte[] Pdf(string title, string footer, IReadOnlyList<FilledBlock> blocks)
    {
        using var output = new MemoryStream();
        using (var pdf = new PdfReport(output, title, footer))
        {
            pdf.Title(title);
            foreach (var block in blocks)
            {
                switch (block.Kind)
                {
                    case "heading":
                        pdf.Heading(block.Text);
                        break;
                    case "item":
                        pdf.Paragraph("・" + block.Text);
                        break;
                    default:
                        pdf.Paragraph(block.Text);
                        break;
                }
            }
        }

        return output.ToArray();
    }
}
