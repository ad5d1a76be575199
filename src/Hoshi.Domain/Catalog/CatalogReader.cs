using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hoshi.Domain.Catalog;

/// <summary>
/// Reads a <c>hoshi-catalog/1</c> file and enforces the format's rules (see
/// <c>catalog/FORMAT.md</c>): known format; unique ids; existing subcategories; criterion levels
/// among the file's levels; requirement levels equal to the union of their criteria's;
/// choices exactly for choice criteria; Japanese text wherever text is required.
/// Every broken rule is reported with its JSON path; a file with any error yields no catalog.
/// </summary>
public static partial class CatalogReader
{
    public const string Format = "hoshi-catalog/1";
    private const int MaxErrors = 100;

    private static readonly string[] AnswerTypes = ["yesno", "choice", "text"];
    private static readonly string[] Statuses = ["draft", "published", "superseded"];
    private static readonly string[] CsfFunctions = ["GV", "ID", "PR", "DE", "RS", "RC"];

    /// <summary>Parses and validates; throws <see cref="CatalogValidationException"/> naming the file.</summary>
    public static CatalogVersion Parse(string json, string fileName)
    {
        var (catalog, errors) = Read(json);
        return catalog ?? throw new CatalogValidationException(fileName, errors);
    }

    public static (CatalogVersion? Catalog, IReadOnlyList<CatalogError> Errors) Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
            return (null, [new CatalogError("$", $"is not valid JSON{where}")]);
        }

        using (document)
        {
            var walker = new Walker();
            var catalog = walker.ReadCatalog(document.RootElement);
            return walker.Errors.Count == 0 && catalog is not null ? (catalog, []) : (null, walker.Errors);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguagePattern();

    private sealed class Walker
    {
        public List<CatalogError> Errors { get; } = [];

        private void Fail(string path, string message)
        {
            if (Errors.Count < MaxErrors)
            {
                Errors.Add(new CatalogError(path, message));
            }
        }

        public CatalogVersion? ReadCatalog(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Fail("$", "must be a JSON object");
                return null;
            }

            var format = String(root, "format", "$", required: true);
            if (format is not null && format != Format)
            {
                Fail("$.format", $"must be \"{Format}\" (this file says \"{format}\")");
                return null;
            }

            var id = String(root, "id", "$", required: true);
            if (id is not null && !IdPattern().IsMatch(id))
            {
                Fail("$.id", "must be 1–64 lowercase letters, digits, '.', '-' or '_', starting with a letter or digit");
            }

            var version = String(root, "version", "$", required: true);
            var statusText = String(root, "status", "$", required: true);
            var status = CatalogStatus.Draft;
            if (statusText is not null)
            {
                if (!Statuses.Contains(statusText))
                {
                    Fail("$.status", $"must be one of {string.Join(", ", Statuses)}");
                }
                else
                {
                    status = Enum.Parse<CatalogStatus>(statusText, ignoreCase: true);
                }
            }

            DateOnly? published = null;
            var publishedText = String(root, "published", "$", required: false);
            if (publishedText is not null)
            {
                if (DateOnly.TryParseExact(publishedText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    published = date;
                }
                else
                {
                    Fail("$.published", "must be a date in the form YYYY-MM-DD");
                }
            }

            var title = Localized(root, "title", "$", required: true);
            string? source = null;
            if (root.TryGetProperty("source", out var sourceElement))
            {
                if (sourceElement.ValueKind != JsonValueKind.Object)
                {
                    Fail("$.source", "must be an object");
                }
                else
                {
                    source = JsonSerializer.Serialize(sourceElement, CatalogWriter.JsonOptions);
                }
            }

            var levels = ReadLevels(root);
            var levelSet = levels.Select(l => l.Level).ToHashSet();
            var categories = ReadCategories(root);
            var subcategories = categories.SelectMany(c => c.Subcategories).Select(s => s.No).ToHashSet(StringComparer.Ordinal);
            var requirements = ReadRequirements(root, levelSet, subcategories);

            if (Errors.Count > 0 || id is null || version is null || title is null)
            {
                return null;
            }

            return new CatalogVersion(id, version, status, published, title, source, levels, categories, requirements);
        }

        private List<CatalogLevel> ReadLevels(JsonElement root)
        {
            var result = new List<CatalogLevel>();
            if (Array(root, "levels", "$", required: true) is not { } items)
            {
                return result;
            }

            if (items.GetArrayLength() == 0)
            {
                Fail("$.levels", "must name at least one level");
            }

            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var path = $"$.levels[{i++}]";
                if (!IsObject(item, path))
                {
                    continue;
                }

                var number = Int(item, "level", path);
                var name = Localized(item, "name", path, required: true);
                if (number is null)
                {
                    continue;
                }

                if (!LevelExtensions.TryFromNumber(number.Value, out var level))
                {
                    Fail($"{path}.level", "must be 3, 4 or 5");
                }
                else if (result.Any(l => l.Level == level))
                {
                    Fail($"{path}.level", $"level {number} is listed twice");
                }
                else if (name is not null)
                {
                    result.Add(new CatalogLevel(level, name));
                }
            }

            return result;
        }

        private List<CatalogCategory> ReadCategories(JsonElement root)
        {
            var result = new List<CatalogCategory>();
            var seenSubcategories = new HashSet<string>(StringComparer.Ordinal);
            if (Array(root, "categories", "$", required: true) is not { } items)
            {
                return result;
            }

            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var path = $"$.categories[{i++}]";
                if (!IsObject(item, path))
                {
                    continue;
                }

                var no = String(item, "no", path, required: true);
                var name = Localized(item, "name", path, required: true);
                if (no is not null && result.Any(c => c.No == no))
                {
                    Fail($"{path}.no", $"category number \"{no}\" is used twice");
                    no = null;
                }

                var subcategories = new List<CatalogSubcategory>();
                if (Array(item, "subcategories", path, required: true) is { } subs)
                {
                    var j = 0;
                    foreach (var sub in subs.EnumerateArray())
                    {
                        var subPath = $"{path}.subcategories[{j++}]";
                        if (!IsObject(sub, subPath))
                        {
                            continue;
                        }

                        var subNo = String(sub, "no", subPath, required: true);
                        var subName = Localized(sub, "name", subPath, required: true);
                        if (subNo is not null && !seenSubcategories.Add(subNo))
                        {
                            Fail($"{subPath}.no", $"subcategory number \"{subNo}\" is used twice");
                        }
                        else if (subNo is not null && subName is not null && no is not null)
                        {
                            subcategories.Add(new CatalogSubcategory(subNo, no, subName));
                        }
                    }
                }

                if (no is not null && name is not null)
                {
                    result.Add(new CatalogCategory(no, name, subcategories));
                }
            }

            return result;
        }

        private List<Requirement> ReadRequirements(JsonElement root, HashSet<Level> fileLevels, HashSet<string> subcategories)
        {
            var result = new List<Requirement>();
            var requirementNos = new HashSet<string>(StringComparer.Ordinal);
            var criterionIds = new HashSet<string>(StringComparer.Ordinal);
            if (Array(root, "requirements", "$", required: true) is not { } items)
            {
                return result;
            }

            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var path = $"$.requirements[{i++}]";
                if (!IsObject(item, path))
                {
                    continue;
                }

                var no = String(item, "no", path, required: true);
                if (no is not null && !requirementNos.Add(no))
                {
                    Fail($"{path}.no", $"requirement number \"{no}\" is used twice");
                }

                var subcategory = String(item, "subcategory", path, required: true);
                if (subcategory is not null && !subcategories.Contains(subcategory))
                {
                    Fail($"{path}.subcategory", $"names subcategory \"{subcategory}\", which is not among the categories' subcategories");
                }

                var title = Localized(item, "title", path, required: false);
                var text = Localized(item, "text", path, required: true);
                var csf = String(item, "csfFunction", path, required: false);
                if (csf is not null && !CsfFunctions.Contains(csf))
                {
                    Fail($"{path}.csfFunction", $"must be one of {string.Join(", ", CsfFunctions)}");
                }

                var levels = LevelList(item, path, fileLevels);
                var errorsBefore = Errors.Count;
                var criteria = ReadCriteria(item, path, no ?? "", fileLevels, criterionIds);

                // Judge the union only on fully valid criteria, so one broken criterion gives one error.
                if (levels is not null && criteria.Count > 0 && Errors.Count == errorsBefore)
                {
                    var union = criteria.SelectMany(c => c.Levels).Distinct().Order().ToList();
                    if (!union.SequenceEqual(levels.Order()))
                    {
                        Fail($"{path}.levels", $"must equal the union of its criteria's levels ([{string.Join(", ", union.Select(l => l.Number()))}])");
                    }
                }

                if (no is not null && subcategory is not null && text is not null && levels is not null)
                {
                    result.Add(new Requirement(no, subcategory, title, text, csf, levels, [.. criteria.OrderBy(c => c.Id, CatalogNumber.Comparer)]));
                }
            }

            return result;
        }

        private List<Criterion> ReadCriteria(JsonElement requirement, string requirementPath, string requirementNo, HashSet<Level> fileLevels, HashSet<string> criterionIds)
        {
            var result = new List<Criterion>();
            if (Array(requirement, "criteria", requirementPath, required: true) is not { } items)
            {
                return result;
            }

            if (items.GetArrayLength() == 0)
            {
                Fail($"{requirementPath}.criteria", "must hold at least one criterion");
            }

            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var path = $"{requirementPath}.criteria[{i++}]";
                if (!IsObject(item, path))
                {
                    continue;
                }

                var id = String(item, "id", path, required: true);
                if (id is not null && !criterionIds.Add(id))
                {
                    Fail($"{path}.id", $"criterion id \"{id}\" is used twice");
                }

                var text = Localized(item, "text", path, required: true);
                var levels = LevelList(item, path, fileLevels);
                var answerTypeText = String(item, "answerType", path, required: true);
                AnswerType? answerType = answerTypeText switch
                {
                    null => null,
                    "yesno" => AnswerType.YesNo,
                    "choice" => AnswerType.Choice,
                    "text" => AnswerType.FreeText,
                    _ => null,
                };
                if (answerTypeText is not null && answerType is null)
                {
                    Fail($"{path}.answerType", $"must be one of {string.Join(", ", AnswerTypes)}");
                }

                var choices = ReadChoices(item, path, answerType);
                var implementation = Localized(item, "implementationGuidance", path, required: false);
                var evaluation = Localized(item, "evaluationGuidance", path, required: false);
                var example = Localized(item, "exampleAnswer", path, required: false);
                var mappings = ReadMappings(item, path);

                if (id is not null && text is not null && levels is not null && answerType is not null)
                {
                    result.Add(new Criterion(id, requirementNo, text, levels, answerType.Value, choices, implementation, evaluation, example, mappings));
                }
            }

            return result;
        }

        private List<Choice> ReadChoices(JsonElement criterion, string path, AnswerType? answerType)
        {
            var result = new List<Choice>();
            var present = criterion.TryGetProperty("choices", out var items);
            if (answerType == AnswerType.Choice && !present)
            {
                Fail($"{path}.choices", "is required for a choice criterion");
                return result;
            }

            if (!present)
            {
                return result;
            }

            if (answerType is not null && answerType != AnswerType.Choice)
            {
                Fail($"{path}.choices", "is allowed only for a choice criterion");
                return result;
            }

            if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
            {
                Fail($"{path}.choices", "must be a non-empty array");
                return result;
            }

            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var choicePath = $"{path}.choices[{i++}]";
                if (!IsObject(item, choicePath))
                {
                    continue;
                }

                var value = String(item, "value", choicePath, required: true);
                var label = Localized(item, "label", choicePath, required: true);
                if (value is not null && result.Any(c => c.Value == value))
                {
                    Fail($"{choicePath}.value", $"choice value \"{value}\" is used twice");
                }
                else if (value is not null && label is not null)
                {
                    result.Add(new Choice(value, label));
                }
            }

            return result;
        }

        private List<Mapping> ReadMappings(JsonElement criterion, string path)
        {
            var result = new List<Mapping>();
            if (Array(criterion, "mappings", path, required: false) is not { } items)
            {
                return result;
            }

            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var mappingPath = $"{path}.mappings[{i++}]";
                if (!IsObject(item, mappingPath))
                {
                    continue;
                }

                var framework = String(item, "framework", mappingPath, required: true);
                var reference = String(item, "ref", mappingPath, required: true);
                if (framework is not null && reference is not null)
                {
                    result.Add(new Mapping(framework, reference));
                }
            }

            return result;
        }

        private List<Level>? LevelList(JsonElement element, string path, HashSet<Level> fileLevels)
        {
            if (Array(element, "levels", path, required: true) is not { } items)
            {
                return null;
            }

            if (items.GetArrayLength() == 0)
            {
                Fail($"{path}.levels", "must name at least one level");
                return null;
            }

            var result = new List<Level>();
            var i = 0;
            var ok = true;
            foreach (var item in items.EnumerateArray())
            {
                var itemPath = $"{path}.levels[{i++}]";
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var number))
                {
                    Fail(itemPath, "must be a level number");
                    ok = false;
                }
                else if (!LevelExtensions.TryFromNumber(number, out var level) || !fileLevels.Contains(level))
                {
                    Fail(itemPath, $"level {number} is not among the file's levels ({string.Join(", ", fileLevels.Order().Select(l => l.Number()))})");
                    ok = false;
                }
                else if (result.Contains(level))
                {
                    Fail(itemPath, $"level {number} is listed twice");
                    ok = false;
                }
                else
                {
                    result.Add(level);
                }
            }

            return ok ? result : null;
        }

        private bool IsObject(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            Fail(path, "must be an object");
            return false;
        }

        private JsonElement? Array(JsonElement parent, string name, string path, bool required)
        {
            if (!parent.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    Fail($"{path}.{name}", "is required");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                Fail($"{path}.{name}", "must be an array");
                return null;
            }

            return value;
        }

        private string? String(JsonElement parent, string name, string path, bool required)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Fail($"{path}.{name}", "is required");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Fail($"{path}.{name}", "must be a string");
                return null;
            }

            var text = value.GetString()!;
            if (string.IsNullOrWhiteSpace(text))
            {
                Fail($"{path}.{name}", "must not be empty");
                return null;
            }

            return text;
        }

        private int? Int(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var value))
            {
                Fail($"{path}.{name}", "is required");
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            {
                Fail($"{path}.{name}", "must be a whole number");
                return null;
            }

            return number;
        }

        private LocalizedText? Localized(JsonElement parent, string name, string path, bool required)
        {
            var here = $"{path}.{name}";
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Fail(here, "is required (an object with at least \"ja\" text)");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Fail(here, "must be an object of language → text, with at least \"ja\"");
                return null;
            }

            var texts = new List<KeyValuePair<string, string>>();
            var ok = true;
            foreach (var property in value.EnumerateObject())
            {
                if (!LanguagePattern().IsMatch(property.Name))
                {
                    Fail($"{here}.{property.Name}", "is not a language tag such as \"ja\" or \"en\"");
                    ok = false;
                }
                else if (property.Value.ValueKind != JsonValueKind.String)
                {
                    Fail($"{here}.{property.Name}", "must be a string");
                    ok = false;
                }
                else
                {
                    texts.Add(new(property.Name, property.Value.GetString()!));
                }
            }

            if (!texts.Any(t => t.Key == LocalizedText.Japanese && !string.IsNullOrWhiteSpace(t.Value)))
            {
                Fail($"{here}.ja", "Japanese text is required");
                return null;
            }

            return ok ? new LocalizedText(texts) : null;
        }
    }
}
