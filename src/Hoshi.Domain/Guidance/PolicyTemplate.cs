using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Guidance;

public enum TemplateFieldKind
{
    Text,
    Date,

    /// <summary>Several lines, each shown as its own line (a contact list, backup targets).</summary>
    Lines,
}

public sealed record TemplateField(string Name, LocalizedText Label, TemplateFieldKind Kind, bool Required);

/// <summary>A block of a template's body: a heading, a paragraph, a list, or the lines of a field.</summary>
public sealed record TemplateBlock(string Kind, string? Text, IReadOnlyList<string> Items, string? Field);

/// <summary>A block of a filled document: heading, paragraph or item (of a list or a lines field).</summary>
public sealed record FilledBlock(string Kind, string Text);

/// <summary>
/// A Japanese document template the criteria ask for (基本方針, 体制と連絡先, …), as data
/// (<c>hoshi-templates/1</c>): the criteria it helps meet, the fields an applicant fills, and the
/// body with <c>{{field}}</c> placeholders.
/// </summary>
public sealed partial record PolicyTemplate(string Id, LocalizedText Title, IReadOnlyList<string> Criteria, IReadOnlyList<TemplateField> Fields, IReadOnlyList<TemplateBlock> Body)
{
    public const int MaxTextLength = 200;
    public const int MaxLinesLength = 3000;

    /// <summary>What is wrong with the values, by field name (empty when they can fill the template).</summary>
    public IReadOnlyDictionary<string, string> Check(IReadOnlyDictionary<string, string?> values)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            var value = values.GetValueOrDefault(field.Name)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                if (field.Required)
                {
                    problems[field.Name] = "required";
                }

                continue;
            }

            if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' && !(field.Kind == TemplateFieldKind.Lines && c == '\t')))
            {
                problems[field.Name] = "control";
            }
            else if (value.Length > (field.Kind == TemplateFieldKind.Lines ? MaxLinesLength : MaxTextLength))
            {
                problems[field.Name] = "tooLong";
            }
            else if (field.Kind == TemplateFieldKind.Date && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                problems[field.Name] = "date";
            }
            else if (field.Kind == TemplateFieldKind.Text && value.Contains('\n', StringComparison.Ordinal))
            {
                problems[field.Name] = "oneLine";
            }
        }

        return problems;
    }

    /// <summary>The document filled with checked values (see <see cref="Check"/>); dates in Japanese (2026年11月24日).</summary>
    public IReadOnlyList<FilledBlock> Fill(IReadOnlyDictionary<string, string?> values)
    {
        if (Check(values).Count > 0)
        {
            throw new ArgumentException("The values do not fill this template; check them first.", nameof(values));
        }

        string Value(string name)
        {
            var field = Fields.FirstOrDefault(f => f.Name == name);
            var value = values.GetValueOrDefault(name)?.Trim() ?? "";
            return field?.Kind == TemplateFieldKind.Date && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? $"{date.Year}年{date.Month}月{date.Day}日"
                : value;
        }

        string Replace(string text) => Placeholder().Replace(text, m => Value(m.Groups[1].Value));
        var blocks = new List<FilledBlock>();
        foreach (var block in Body)
        {
            switch (block.Kind)
            {
                case "heading":
                case "paragraph":
                    blocks.Add(new FilledBlock(block.Kind, Replace(block.Text ?? "")));
                    break;
                case "list":
                    blocks.AddRange(block.Items.Select(i => new FilledBlock("item", Replace(i))));
                    break;
                case "lines":
                    blocks.AddRange(Value(block.Field ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(l => new FilledBlock("item", l)));
                    break;
                default:
                    break;
            }
        }

        return blocks;
    }

    /// <summary>The supplement an applicant can name for a linked criterion once the document exists.</summary>
    public string SuggestedSupplement(DateOnly filledOn) => $"「{Title.JaText}」({filledOn.Year}年{filledOn.Month}月{filledOn.Day}日作成)に定めています。";

    [GeneratedRegex(@"\{\{([a-zA-Z]+)\}\}")]
    private static partial Regex Placeholder();
}

/// <summary>Reads a <c>hoshi-templates/1</c> file.</summary>
public static class PolicyTemplates
{
    public const string Format = "hoshi-templates/1";

    public static IReadOnlyList<PolicyTemplate> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("format", out var format) || format.GetString() != Format)
        {
            throw new FormatException($"Not a {Format} file.");
        }

        static LocalizedText Text(JsonElement e) =>
            new(e.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)));
        static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var templates = new List<PolicyTemplate>();
        foreach (var t in root.GetProperty("templates").EnumerateArray())
        {
            var fields = t.GetProperty("fields").EnumerateArray().Select(f => new TemplateField(
                Str(f, "name") ?? throw new FormatException("A field has no name."),
                Text(f.GetProperty("label")),
                Enum.Parse<TemplateFieldKind>(Str(f, "kind") ?? "text", ignoreCase: true),
                f.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True)).ToList();
            var body = t.GetProperty("body").EnumerateArray().Select(b => new TemplateBlock(
                Str(b, "kind") ?? "paragraph",
                Str(b, "text"),
                b.TryGetProperty("items", out var items) ? [.. items.EnumerateArray().Select(i => i.GetString() ?? "")] : [],
                Str(b, "field"))).ToList();
            var template = new PolicyTemplate(Str(t, "id") ?? throw new FormatException("A template has no id."), Text(t.GetProperty("title")),
                [.. t.GetProperty("criteria").EnumerateArray().Select(c => c.GetString()!)], fields, body);
            var names = fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            var used = body.SelectMany(b => new[] { b.Text ?? "" }.Concat(b.Items)).SelectMany(s => System.Text.RegularExpressions.Regex.Matches(s, @"\{\{([a-zA-Z]+)\}\}").Select(m => m.Groups[1].Value))
                .Concat(body.Where(b => b.Field is not null).Select(b => b.Field!));
            if (used.FirstOrDefault(n => !names.Contains(n)) is { } unknown)
            {
                throw new FormatException($"Template {template.Id}: {{{{{unknown}}}}} is not one of its fields.");
            }

            templates.Add(template);
        }

        return templates;
    }
}
