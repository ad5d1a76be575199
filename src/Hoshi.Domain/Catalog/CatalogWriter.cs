using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hoshi.Domain.Catalog;

/// <summary>
/// Writes a catalog version back as a <c>hoshi-catalog/1</c> file in one canonical form (fixed
/// property order, requirements and criteria in number order). Two files with the same
/// content — whatever their whitespace or key order — give the same bytes and so the same
/// <see cref="ContentHash"/>.
/// </summary>
public static class CatalogWriter
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        // Keep Japanese readable in exports; the output is JSON, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions IndentedOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    public static string ToJson(CatalogVersion catalog, bool indented = false, CatalogStatus? status = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, indented ? IndentedOptions : WriterOptions))
        {
            Write(writer, catalog, status ?? catalog.Status);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>SHA-256 (lowercase hex) of the canonical form.</summary>
    public static string ContentHash(CatalogVersion catalog) => HashOf(ToJson(catalog));

    /// <summary>SHA-256 (lowercase hex) of an already written canonical form.</summary>
    public static string HashOf(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));

    public static string StatusText(CatalogStatus status) => status switch
    {
        CatalogStatus.Draft => "draft",
        CatalogStatus.Published => "published",
        CatalogStatus.Superseded => "superseded",
    };

    public static string AnswerTypeText(AnswerType type) => type switch
    {
        AnswerType.YesNo => "yesno",
        AnswerType.Choice => "choice",
        AnswerType.FreeText => "text",
    };

    private static void Write(Utf8JsonWriter w, CatalogVersion c, CatalogStatus status)
    {
        w.WriteStartObject();
        w.WriteString("format", CatalogReader.Format);
        w.WriteString("id", c.Id);
        w.WriteString("version", c.Version);
        w.WriteString("status", StatusText(status));
        if (c.Published is { } published)
        {
            w.WriteString("published", published.ToString("yyyy-MM-dd"));
        }

        WriteText(w, "title", c.Title);
        if (c.SourceJson is not null)
        {
            w.WritePropertyName("source");
            using var source = JsonDocument.Parse(c.SourceJson);
            source.RootElement.WriteTo(w);
        }

        w.WriteStartArray("levels");
        foreach (var level in c.Levels)
        {
            w.WriteStartObject();
            w.WriteNumber("level", level.Level.Number());
            WriteText(w, "name", level.Name);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("categories");
        foreach (var category in c.Categories)
        {
            w.WriteStartObject();
            w.WriteString("no", category.No);
            WriteText(w, "name", category.Name);
            w.WriteStartArray("subcategories");
            foreach (var sub in category.Subcategories)
            {
                w.WriteStartObject();
                w.WriteString("no", sub.No);
                WriteText(w, "name", sub.Name);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("requirements");
        foreach (var r in c.Requirements)
        {
            w.WriteStartObject();
            w.WriteString("no", r.No);
            w.WriteString("subcategory", r.SubcategoryNo);
            WriteText(w, "title", r.Title);
            WriteText(w, "text", r.Text);
            if (r.CsfFunction is not null)
            {
                w.WriteString("csfFunction", r.CsfFunction);
            }

            WriteLevels(w, r.Levels);
            w.WriteStartArray("criteria");
            foreach (var k in r.Criteria)
            {
                WriteCriterion(w, k);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCriterion(Utf8JsonWriter w, Criterion k)
    {
        w.WriteStartObject();
        w.WriteString("id", k.Id);
        WriteText(w, "text", k.Text);
        WriteLevels(w, k.Levels);
        w.WriteString("answerType", AnswerTypeText(k.AnswerType));
        if (k.AnswerType == AnswerType.Choice)
        {
            w.WriteStartArray("choices");
            foreach (var choice in k.Choices)
            {
                w.WriteStartObject();
                w.WriteString("value", choice.Value);
                WriteText(w, "label", choice.Label);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        WriteText(w, "implementationGuidance", k.ImplementationGuidance);
        WriteText(w, "evaluationGuidance", k.EvaluationGuidance);
        WriteText(w, "exampleAnswer", k.ExampleAnswer);
        if (k.Mappings.Count > 0)
        {
            w.WriteStartArray("mappings");
            foreach (var m in k.Mappings)
            {
                w.WriteStartObject();
                w.WriteString("framework", m.Framework);
                w.WriteString("ref", m.Ref);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteLevels(Utf8JsonWriter w, IReadOnlyList<Level> levels)
    {
        w.WriteStartArray("levels");
        foreach (var level in levels.Order())
        {
            w.WriteNumberValue(level.Number());
        }

        w.WriteEndArray();
    }

    private static void WriteText(Utf8JsonWriter w, string name, LocalizedText? text)
    {
        if (text is null)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (language, value) in text.All)
        {
            w.WriteString(language, value);
        }

        w.WriteEndObject();
    }
}
