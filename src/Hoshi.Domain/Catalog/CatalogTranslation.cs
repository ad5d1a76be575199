using System.Text.Json;

namespace Hoshi.Domain.Catalog;

/// <summary>
/// An unofficial translation of one catalog version (<c>hoshi-translation/1</c>): requirement
/// titles and texts and criterion texts in one language, kept apart from the official catalog.
/// <see cref="ApplyTo"/> gives a copy of the catalog carrying the translation where the official
/// text has none in that language (official text always wins); the stored version never changes.
/// </summary>
public sealed class CatalogTranslation
{
    public const string Format = "hoshi-translation/1";

    private CatalogTranslation(string catalogId, string language, IReadOnlyDictionary<string, (string Title, string Text)> requirements, IReadOnlyDictionary<string, string> criteria)
    {
        CatalogId = catalogId;
        Language = language;
        Requirements = requirements;
        Criteria = criteria;
    }

    public string CatalogId { get; }

    public string Language { get; }

    public IReadOnlyDictionary<string, (string Title, string Text)> Requirements { get; }

    public IReadOnlyDictionary<string, string> Criteria { get; }

    /// <summary>Reads a translation file; a wrong format, a missing field or an empty text is refused.</summary>
    public static CatalogTranslation Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        string Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
                ? value.GetString()!
                : throw new FormatException($"\"{name}\" is missing or empty.");
        if (Text(root, "format") != Format)
        {
            throw new FormatException($"Not a {Format} file.");
        }

        var language = Text(root, "language");
        if (language == LocalizedText.Japanese)
        {
            throw new FormatException("A translation is into another language than Japanese.");
        }

        var requirements = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (root.TryGetProperty("requirements", out var reqs))
        {
            foreach (var r in reqs.EnumerateObject())
            {
                requirements[r.Name] = (Text(r.Value, "title"), Text(r.Value, "text"));
            }
        }

        var criteria = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("criteria", out var crits))
        {
            foreach (var c in crits.EnumerateObject())
            {
                criteria[c.Name] = c.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(c.Value.GetString())
                    ? c.Value.GetString()!
                    : throw new FormatException($"Criterion {c.Name}: the text is missing or empty.");
            }
        }

        return new CatalogTranslation(Text(root, "catalog"), language, requirements, criteria);
    }

    /// <summary>What of the catalog this translation leaves untranslated (requirement numbers and criterion ids), and what it names that the catalog lacks.</summary>
    public (IReadOnlyList<string> Missing, IReadOnlyList<string> Unknown) Coverage(CatalogVersion catalog)
    {
        var missing = catalog.Requirements.Where(r => !Requirements.ContainsKey(r.No)).Select(r => r.No)
            .Concat(catalog.AllCriteria.Where(c => !Criteria.ContainsKey(c.Id)).Select(c => c.Id)).ToList();
        var unknown = Requirements.Keys.Where(no => catalog.FindRequirement(no) is null)
            .Concat(Criteria.Keys.Where(id => catalog.FindCriterion(id) is null)).ToList();
        return (missing, unknown);
    }

    /// <summary>A copy of the catalog with this translation's texts where the official ones have none in its language.</summary>
    public CatalogVersion ApplyTo(CatalogVersion catalog)
    {
        if (catalog.Id != CatalogId)
        {
            throw new ArgumentException($"This translation is of {CatalogId}, not {catalog.Id}.", nameof(catalog));
        }

        LocalizedText With(LocalizedText official, string? translated) =>
            translated is null || official.Has(Language) ? official : new LocalizedText(official.All.Append(new(Language, translated)));
        var requirements = catalog.Requirements.Select(r =>
        {
            var (title, text) = Requirements.TryGetValue(r.No, out var t) ? t : (null, null);
            return r with
            {
                Title = r.Title is null ? null : With(r.Title, title),
                Text = With(r.Text, text),
                Criteria = [.. r.Criteria.Select(c => c with { Text = With(c.Text, Criteria.GetValueOrDefault(c.Id)) })],
            };
        }).ToList();
        return new CatalogVersion(catalog.Id, catalog.Version, catalog.Status, catalog.Published, catalog.Title, catalog.SourceJson, catalog.Levels, catalog.Categories, requirements);
    }
}
