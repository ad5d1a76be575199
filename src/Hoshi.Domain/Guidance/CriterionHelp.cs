using System.Globalization;
using System.Text.Json;
using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Guidance;

/// <summary>What meeting a criterion mostly takes, for grouping a gap plan.</summary>
public enum HelpAction
{
    /// <summary>Write a rule, a list or a procedure down.</summary>
    WriteRule,

    /// <summary>Change settings of systems already in use.</summary>
    ConfigureSystems,

    /// <summary>Buy or adopt a tool or a service.</summary>
    AdoptTool,

    /// <summary>Teach or train people.</summary>
    TrainPeople,
}

/// <summary>
/// Hoshi's own help on one criterion, kept apart from the official catalog text: what it means
/// for a small company, how to meet it (several ways, from free to paid; kinds of tools, never
/// products), what evidence to name in the supplement, an example answer, what an expert looks at,
/// what kind of work it is and roughly how many hours it takes.
/// </summary>
public sealed record CriterionHelp(
    string CriterionId,
    LocalizedText Meaning,
    LocalizedText Practice,
    LocalizedText Evidence,
    LocalizedText Example,
    LocalizedText ForExperts,
    HelpAction Action,
    decimal EffortHours)
{
    public const int MaxFieldLength = 4000;

    /// <summary>The fields by name, in the order they are shown.</summary>
    public IReadOnlyList<(string Name, LocalizedText Text)> Fields =>
        [("meaning", Meaning), ("practice", Practice), ("evidence", Evidence), ("example", Example), ("forExperts", ForExperts)];

    /// <summary>What is wrong with this help, if anything: every field in Japanese and English, within limits, effort from 0.5 to 200 hours.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, text) in Fields)
        {
            foreach (var language in new[] { LocalizedText.Japanese, "en" })
            {
                if (!text.Has(language) || string.IsNullOrWhiteSpace(text.For(language)))
                {
                    problems.Add($"{name}.{language}: missing");
                }
                else if (text.For(language).Length > MaxFieldLength)
                {
                    problems.Add($"{name}.{language}: longer than {MaxFieldLength} characters");
                }
            }
        }

        if (EffortHours is < 0.5m or > 200m)
        {
            problems.Add("effortHours: from 0.5 to 200");
        }

        return problems;
    }

    /// <summary>The help as the JSON object of a <c>hoshi-help/1</c> file (without its id).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            foreach (var (name, text) in Fields)
            {
                w.WriteStartObject(name);
                foreach (var (language, value) in text.All)
                {
                    w.WriteString(language, value);
                }

                w.WriteEndObject();
            }

            w.WriteString("action", char.ToLowerInvariant(Action.ToString()[0]) + Action.ToString()[1..]);
            w.WriteNumber("effortHours", EffortHours);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>One help object (as <see cref="ToJson"/> writes it) for a criterion.</summary>
    public static CriterionHelp FromJson(string criterionId, JsonElement e)
    {
        LocalizedText Text(string name)
        {
            if (!e.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{criterionId}: \"{name}\" is missing.");
            }

            var texts = value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList();
            return texts.Any(t => t.Key == LocalizedText.Japanese && t.Value.Length > 0) ? new LocalizedText(texts) : throw new FormatException($"{criterionId}: \"{name}\" has no Japanese.");
        }

        var action = e.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String && Enum.TryParse<HelpAction>(a.GetString(), ignoreCase: true, out var parsed)
            ? parsed : throw new FormatException($"{criterionId}: \"action\" is one of writeRule, configureSystems, adoptTool, trainPeople.");
        var effort = e.TryGetProperty("effortHours", out var h) && h.ValueKind == JsonValueKind.Number ? h.GetDecimal() : throw new FormatException($"{criterionId}: \"effortHours\" is missing.");
        return new CriterionHelp(criterionId, Text("meaning"), Text("practice"), Text("evidence"), Text("example"), Text("forExperts"), action, effort);
    }
}

/// <summary>A <c>hoshi-help/1</c> file: help per criterion id of one catalog version.</summary>
public static class HelpFile
{
    public const string Format = "hoshi-help/1";

    public static (string CatalogId, IReadOnlyList<CriterionHelp> Help) Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("format", out var format) || format.GetString() != Format)
        {
            throw new FormatException($"Not a {Format} file.");
        }

        var catalog = root.TryGetProperty("catalog", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : throw new FormatException("\"catalog\" is missing.");
        var help = root.TryGetProperty("criteria", out var criteria) && criteria.ValueKind == JsonValueKind.Object
            ? criteria.EnumerateObject().Select(p => CriterionHelp.FromJson(p.Name, p.Value)).ToList()
            : throw new FormatException("\"criteria\" is missing.");
        return (catalog, help);
    }

    /// <summary>The criteria of the catalog without help (or with incomplete help), and the help naming no criterion of it.</summary>
    public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Unknown) Coverage(CatalogVersion catalog, IReadOnlyCollection<CriterionHelp> help)
    {
        var complete = help.Where(h => h.Problems().Count == 0).Select(h => h.CriterionId).ToHashSet(StringComparer.Ordinal);
        return (
            [.. catalog.AllCriteria.Select(c => c.Id).Where(id => !complete.Contains(id))],
            [.. help.Select(h => h.CriterionId).Where(id => catalog.FindCriterion(id) is null)]);
    }

    /// <summary>An effort as shown, e.g. "2" or "0.5" (hours).</summary>
    public static string Hours(decimal hours) => hours.ToString("0.#", CultureInfo.InvariantCulture);
}
