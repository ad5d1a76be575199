using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hoshi.Domain.Catalog;

/// <summary>
/// Reads an OSCAL catalog (JSON, 1.0.x or 1.1.x) as a <c>hoshi-catalog/1</c> draft, which the
/// ordinary reader then checks like any catalog file. Two shapes:
/// <list type="bullet">
/// <item>Hoshi's own export (top groups of class <c>level</c>): levels, categories, subcategories,
/// requirements and criteria come back with their numbers, Japanese text, answer types, choices,
/// guidance, example answers and mappings; a requirement or criterion in several level groups
/// gets all those levels. (English text, choice labels and provenance are not in the export.)</item>
/// <item>Any other catalog (NIST SP 800-53 and the like): each top group is a category (its
/// nested groups subcategories, its own controls one subcategory of the same name); every
/// control and control enhancement not withdrawn is a requirement (number from its label, text
/// from its statement); its leaf assessment objectives are its criteria (or, having none, the
/// statement is one criterion), answered yes/no, with the control's guidance as implementation
/// guidance. Parameters are shown as their label or selection in brackets. All go to the ★3
/// sheet; the source's language is kept as it is (also as the required "ja" text), to be
/// translated and placed in the draft before it is published.</item>
/// </list>
/// The result is always a draft, with an id made from the file's content (<c>oscal-</c> and 12 hex
/// digits), so the same file twice is the same draft.
/// </summary>
public static partial class OscalCatalogReader
{
    private const int MaxDepth = 64;

    /// <summary>Whether the text is an OSCAL catalog (a JSON object with a <c>catalog</c> object) rather than a hoshi-catalog file.</summary>
    public static bool IsOscal(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("catalog", out var catalog) && catalog.ValueKind == JsonValueKind.Object
                && !document.RootElement.TryGetProperty("format", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The hoshi-catalog/1 text for an OSCAL catalog; throws <see cref="CatalogValidationException"/> naming the file when it cannot be read as one.</summary>
    public static string ToHoshi(string json, string fileName)
    {
        var (result, errors) = Convert(json);
        return result ?? throw new CatalogValidationException(fileName, errors);
    }

    public static (string? Json, IReadOnlyList<CatalogError> Errors) Convert(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException)
        {
            return (null, [new CatalogError("$", "is not valid JSON")]);
        }

        if (root?["catalog"] is not JsonObject catalog)
        {
            return (null, [new CatalogError("$.catalog", "is missing: not an OSCAL catalog")]);
        }

        var metadata = catalog["metadata"] as JsonObject;
        var title = Str(metadata?["title"]);
        if (string.IsNullOrWhiteSpace(title))
        {
            return (null, [new CatalogError("$.catalog.metadata.title", "is required")]);
        }

        var groups = (catalog["groups"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var builder = groups.Count > 0 && groups.All(g => Str(g["class"]) == "level" && PropValue(g, "level") is not null)
            ? HoshiShape(groups)
            : Foreign(catalog, title);
        if (builder.Requirements.Count == 0)
        {
            return (null, [new CatalogError("$.catalog", "holds no control to import")]);
        }

        var hash = Convert16(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        var titleText = new JsonObject { ["ja"] = title.Trim() };
        if (builder.IsHoshi && Str(metadata?["remarks"]) is { Length: > 0 } english)
        {
            titleText["en"] = english.Trim();
        }
        else if (!builder.IsHoshi)
        {
            titleText["en"] = title.Trim();
        }

        var document = new JsonObject
        {
            ["format"] = CatalogReader.Format,
            ["id"] = "oscal-" + hash,
            ["version"] = Str(metadata?["version"]) is { Length: > 0 } version ? version.Trim() : "oscal",
            ["status"] = "draft",
            ["title"] = titleText,
            ["source"] = new JsonObject
            {
                ["title"] = "OSCAL catalog import",
                ["uuid"] = Str(catalog["uuid"]),
                ["oscalVersion"] = Str(metadata?["oscal-version"]),
                ["lastModified"] = Str(metadata?["last-modified"]),
                ["sha256Prefix"] = hash,
            },
            ["levels"] = new JsonArray([.. builder.Levels.OrderBy(l => l.Key).Select(l => (JsonNode)new JsonObject { ["level"] = l.Key, ["name"] = Ja(l.Value) })]),
            ["categories"] = new JsonArray([.. builder.Categories.Select(c => (JsonNode)new JsonObject
            {
                ["no"] = c.No,
                ["name"] = Ja(c.Name),
                ["subcategories"] = new JsonArray([.. c.Subcategories.Select(s => (JsonNode)new JsonObject { ["no"] = s.No, ["name"] = Ja(s.Name) })]),
            })]),
            ["requirements"] = new JsonArray([.. builder.Requirements.Select(r => (JsonNode)r.ToJson())]),
        };
        return (document.ToJsonString(), []);
    }

    private static string Convert16(byte[] hash) => System.Convert.ToHexStringLower(hash)[..12];

    private sealed class Builder(bool isHoshi)
    {
        public bool IsHoshi { get; } = isHoshi;

        public SortedDictionary<int, string> Levels { get; } = [];

        public List<CategoryDraft> Categories { get; } = [];

        public List<RequirementDraft> Requirements { get; } = [];

        public Dictionary<string, RequirementDraft> RequirementByNo { get; } = new(StringComparer.Ordinal);

        public HashSet<string> SubcategoryNos { get; } = new(StringComparer.Ordinal);

        public HashSet<string> CriterionIds { get; } = new(StringComparer.Ordinal);

        public CategoryDraft Category(string no, string name)
        {
            var category = Categories.FirstOrDefault(c => c.No == no);
            if (category is null)
            {
                category = new CategoryDraft(no, name);
                Categories.Add(category);
            }

            return category;
        }

        public string Subcategory(CategoryDraft category, string no, string name)
        {
            if (SubcategoryNos.Add(no))
            {
                category.Subcategories.Add((no, name));
            }

            return no;
        }

        /// <summary>A criterion id not yet used: the wanted one, else with a suffix.</summary>
        public string UniqueCriterionId(string wanted)
        {
            var id = wanted;
            for (var i = 2; !CriterionIds.Add(id); i++)
            {
                id = $"{wanted}-{i}";
            }

            return id;
        }
    }

    private sealed record CategoryDraft(string No, string Name)
    {
        public List<(string No, string Name)> Subcategories { get; } = [];
    }

    private sealed class RequirementDraft(string no, string subcategory, string? title, string text, string? csf)
    {
        public string No { get; } = no;

        public string Subcategory { get; } = subcategory;

        public string Text { get; } = text;

        public List<CriterionDraft> Criteria { get; } = [];

        public JsonObject ToJson()
        {
            var json = new JsonObject { ["no"] = No, ["subcategory"] = Subcategory };
            if (!string.IsNullOrWhiteSpace(title) && title != No)
            {
                json["title"] = Ja(title);
            }

            json["text"] = Ja(Text);
            if (csf is not null)
            {
                json["csfFunction"] = csf;
            }

            json["levels"] = OscalCatalogReader.Levels(Criteria.SelectMany(c => c.Levels));
            json["criteria"] = new JsonArray([.. Criteria.Select(c => (JsonNode)c.ToJson())]);
            return json;
        }
    }

    private sealed class CriterionDraft(string id, string text, string answerType)
    {
        public string Id { get; } = id;

        public SortedSet<int> Levels { get; } = [];

        public List<string> Choices { get; } = [];

        public string? Implementation { get; set; }

        public string? Evaluation { get; set; }

        public string? Example { get; set; }

        public List<(string Framework, string Ref)> Mappings { get; } = [];

        public JsonObject ToJson()
        {
            var json = new JsonObject { ["id"] = Id, ["text"] = Ja(text), ["levels"] = OscalCatalogReader.Levels(Levels), ["answerType"] = answerType };
            if (answerType == "choice")
            {
                json["choices"] = new JsonArray([.. Choices.Select(c => (JsonNode)new JsonObject { ["value"] = c, ["label"] = Ja(c) })]);
            }

            Optional(json, "implementationGuidance", Implementation);
            Optional(json, "evaluationGuidance", Evaluation);
            Optional(json, "exampleAnswer", Example);
            if (Mappings.Count > 0)
            {
                json["mappings"] = new JsonArray([.. Mappings.Select(m => (JsonNode)new JsonObject { ["framework"] = m.Framework, ["ref"] = m.Ref })]);
            }

            return json;
        }

        private static void Optional(JsonObject json, string name, string? text)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                json[name] = Ja(text);
            }
        }
    }

    // ---- Hoshi's own export ----

    private static Builder HoshiShape(List<JsonObject> levelGroups)
    {
        var builder = new Builder(isHoshi: true);
        foreach (var levelGroup in levelGroups)
        {
            if (!int.TryParse(PropValue(levelGroup, "level"), out var level))
            {
                continue;
            }

            builder.Levels.TryAdd(level, Str(levelGroup["title"]) ?? $"★{level}");
            foreach (var categoryGroup in Objects(levelGroup["groups"]))
            {
                var category = builder.Category(Label(categoryGroup) ?? "", Str(categoryGroup["title"]) ?? "");
                foreach (var subGroup in Objects(categoryGroup["groups"]))
                {
                    var sub = builder.Subcategory(category, Label(subGroup) ?? "", Str(subGroup["title"]) ?? "");
                    foreach (var control in Objects(subGroup["controls"]))
                    {
                        HoshiControl(builder, control, sub, level);
                    }
                }
            }
        }

        // A subcategory first met in a later level's group (★4 only) goes back to its place.
        builder.Categories.Sort((a, b) => CatalogNumber.Comparer.Compare(a.No, b.No));
        foreach (var category in builder.Categories)
        {
            category.Subcategories.Sort((a, b) => CatalogNumber.Comparer.Compare(a.No, b.No));
        }

        builder.Requirements.Sort((a, b) => CatalogNumber.Comparer.Compare(a.No, b.No));
        return builder;
    }

    private static void HoshiControl(Builder builder, JsonObject control, string subcategory, int level)
    {
        var no = Label(control) ?? Str(control["id"]) ?? "";
        var parts = Objects(control["parts"]).ToList();
        if (!builder.RequirementByNo.TryGetValue(no, out var requirement))
        {
            var statement = parts.FirstOrDefault(p => Str(p["name"]) == "statement");
            requirement = new RequirementDraft(no, subcategory, Str(control["title"]), Str(statement?["prose"]) ?? "", PropValue(control, "csf-function"));
            builder.RequirementByNo[no] = requirement;
            builder.Requirements.Add(requirement);
        }

        foreach (var objective in parts.Where(p => Str(p["name"]) == "assessment-objective"))
        {
            var id = Label(objective) ?? Str(objective["id"]) ?? "";
            var criterion = requirement.Criteria.FirstOrDefault(c => c.Id == id);
            if (criterion is null)
            {
                builder.CriterionIds.Add(id);
                criterion = new CriterionDraft(id, Str(objective["prose"]) ?? "", PropValue(objective, "answer-type") ?? "yesno");
                criterion.Choices.AddRange(PropValues(objective, "choice"));
                foreach (var part in Objects(objective["parts"]))
                {
                    switch (Str(part["name"]), Str(part["class"]))
                    {
                        case ("guidance", "implementation"):
                            criterion.Implementation = Str(part["prose"]);
                            break;
                        case ("guidance", "evaluation"):
                            criterion.Evaluation = Str(part["prose"]);
                            break;
                        case ("example-answer", _):
                            criterion.Example = Str(part["prose"]);
                            break;
                        case ("mapping", _):
                            criterion.Mappings.Add((Str(part["title"]) ?? "", Str(part["prose"]) ?? ""));
                            break;
                        default:
                            break;
                    }
                }

                requirement.Criteria.Add(criterion);
            }

            criterion.Levels.Add(level);
        }
    }

    // ---- Any other catalog ----

    private static Builder Foreign(JsonObject catalog, string title)
    {
        const int Level = 3;
        var builder = new Builder(isHoshi: false);
        builder.Levels[Level] = "★3";
        var index = 0;
        foreach (var group in Objects(catalog["groups"]))
        {
            index++;
            var no = Label(group) ?? Upper(Str(group["id"])) ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var name = Str(group["title"])?.Trim() ?? no;
            var category = builder.Category(no, name);
            ForeignControls(builder, Objects(group["controls"]), builder.Subcategory(category, no, name), Level);
            foreach (var sub in Objects(group["groups"]))
            {
                var subNo = Label(sub) ?? Upper(Str(sub["id"])) ?? $"{no}-{category.Subcategories.Count + 1}";
                var subName = Str(sub["title"])?.Trim() ?? subNo;
                ForeignControls(builder, AllControls(sub), builder.Subcategory(category, subNo, subName), Level);
            }
        }

        var loose = Objects(catalog["controls"]).ToList();
        if (loose.Count > 0)
        {
            var category = builder.Category("-", title.Trim());
            ForeignControls(builder, loose, builder.Subcategory(category, "-", title.Trim()), Level);
        }

        // Categories or subcategories whose controls were all withdrawn are left out.
        var used = builder.Requirements.Select(r => r.Subcategory).ToHashSet(StringComparer.Ordinal);
        foreach (var category in builder.Categories)
        {
            category.Subcategories.RemoveAll(s => !used.Contains(s.No));
        }

        builder.Categories.RemoveAll(c => c.Subcategories.Count == 0);
        return builder;
    }

    private static IEnumerable<JsonObject> AllControls(JsonObject group) =>
        Objects(group["controls"]).Concat(Objects(group["groups"]).SelectMany(AllControls));

    private static void ForeignControls(Builder builder, IEnumerable<JsonObject> controls, string subcategory, int level)
    {
        foreach (var control in controls)
        {
            ForeignControl(builder, control, subcategory, level, []);
        }
    }

    private static void ForeignControl(Builder builder, JsonObject control, string subcategory, int level, Dictionary<string, string> inherited)
    {
        var parameters = new Dictionary<string, string>(inherited, StringComparer.Ordinal);
        foreach (var parameter in Objects(control["params"]))
        {
            var text = ParameterText(parameter);
            if (Str(parameter["id"]) is { } pid)
            {
                parameters[pid] = text;
            }

            foreach (var alias in PropValues(parameter, "alt-identifier"))
            {
                parameters[alias] = text;
            }
        }

        var withdrawn = PropValue(control, "status") is "withdrawn" or "Withdrawn";
        var no = ControlLabel(control) ?? Upper(Str(control["id"])) ?? "";
        if (!withdrawn && no.Length > 0 && !builder.RequirementByNo.ContainsKey(no))
        {
            var parts = Objects(control["parts"]).ToList();
            var statement = parts.FirstOrDefault(p => Str(p["name"]) == "statement");
            var title = Str(control["title"])?.Trim();
            var text = statement is null ? title ?? no : Flatten(statement, parameters);
            var requirement = new RequirementDraft(no, subcategory, title, string.IsNullOrWhiteSpace(text) ? title ?? no : text, null);
            var guidance = parts.Where(p => Str(p["name"]) == "guidance").Select(p => Flatten(p, parameters)).FirstOrDefault(g => g.Length > 0);
            var leaves = new List<JsonObject>();
            foreach (var objective in parts.Where(p => Str(p["name"]) == "assessment-objective"))
            {
                Leaves(objective, leaves);
            }

            foreach (var leaf in leaves)
            {
                var id = builder.UniqueCriterionId(Label(leaf) ?? Str(leaf["id"]) ?? $"{no}-obj");
                var criterion = new CriterionDraft(id, Insert(Str(leaf["prose"])!, parameters).Trim(), "yesno") { Implementation = guidance };
                criterion.Levels.Add(level);
                requirement.Criteria.Add(criterion);
            }

            if (requirement.Criteria.Count == 0)
            {
                var criterion = new CriterionDraft(builder.UniqueCriterionId($"{no}-obj"), requirement.Text, "yesno") { Implementation = guidance };
                criterion.Levels.Add(level);
                requirement.Criteria.Add(criterion);
            }

            builder.RequirementByNo[no] = requirement;
            builder.Requirements.Add(requirement);
        }

        // Control enhancements, nested below their control, are requirements of their own.
        foreach (var child in Objects(control["controls"]))
        {
            ForeignControl(builder, child, subcategory, level, parameters);
        }
    }

    /// <summary>Assessment objectives with text of their own and no objective below them.</summary>
    private static void Leaves(JsonObject objective, List<JsonObject> leaves)
    {
        var children = Objects(objective["parts"]).Where(p => Str(p["name"]) == "assessment-objective").ToList();
        if (children.Count == 0)
        {
            if (!string.IsNullOrWhiteSpace(Str(objective["prose"])))
            {
                leaves.Add(objective);
            }

            return;
        }

        foreach (var child in children)
        {
            Leaves(child, leaves);
        }
    }

    /// <summary>A part and its items as indented lines: "a. text", "  1. text".</summary>
    private static string Flatten(JsonObject part, Dictionary<string, string> parameters)
    {
        var lines = new List<string>();
        void Walk(JsonObject node, int depth)
        {
            var prose = Str(node["prose"]);
            var label = Label(node);
            if (!string.IsNullOrWhiteSpace(prose) || label is not null)
            {
                var text = Insert(prose ?? "", parameters).Trim();
                lines.Add(new string(' ', depth * 2) + (label is null ? text : $"{label} {text}").TrimEnd());
            }

            foreach (var child in Objects(node["parts"]))
            {
                Walk(child, prose is null && label is null ? depth : depth + 1);
            }
        }

        Walk(part, 0);
        return string.Join('\n', lines.Where(l => l.Trim().Length > 0)).Trim();
    }

    private static string ParameterText(JsonObject parameter)
    {
        if (parameter["select"] is JsonObject select)
        {
            var choices = (select["choice"] as JsonArray)?.Select(c => Str(c) ?? "").Where(c => c.Length > 0).Select(c => c.Trim()) ?? [];
            var how = Str(select["how-many"]) == "one-or-more" ? "Selection (one or more)" : "Selection";
            return $"[{how}: {string.Join("; ", choices)}]";
        }

        return $"[Assignment: {Str(parameter["label"]) ?? Str(parameter["id"]) ?? "?"}]";
    }

    [GeneratedRegex(@"\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}")]
    private static partial Regex ParameterInsertion();

    /// <summary>Replaces parameter insertions, twice at most (a selection's choices may insert other parameters).</summary>
    private static string Insert(string prose, Dictionary<string, string> parameters)
    {
        var text = prose;
        for (var pass = 0; pass < 2; pass++)
        {
            text = ParameterInsertion().Replace(text, m => parameters.TryGetValue(m.Groups[1].Value, out var value) ? value : $"[{m.Groups[1].Value}]");
        }

        return ParameterInsertion().Replace(text, m => $"[{m.Groups[1].Value}]");
    }

    // ---- JSON helpers ----

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => (node as JsonArray)?.OfType<JsonObject>() ?? [];

    private static string? Str(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static IEnumerable<string> PropValues(JsonObject node, string name) =>
        Objects(node["props"]).Where(p => Str(p["name"]) == name).Select(p => Str(p["value"])).OfType<string>();

    private static string? PropValue(JsonObject node, string name) => PropValues(node, name).FirstOrDefault();

    private static string? Label(JsonObject node) => PropValue(node, "label")?.Trim() is { Length: > 0 } label ? label : null;

    /// <summary>A control's label: the one without a class (NIST gives "AC-2" beside zero-padded "AC-02"), else the first.</summary>
    private static string? ControlLabel(JsonObject control) =>
        Objects(control["props"]).Where(p => Str(p["name"]) == "label").OrderBy(p => p["class"] is null ? 0 : 1).Select(p => Str(p["value"])?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static string? Upper(string? id) => id?.ToUpperInvariant();

    /// <summary>Text as given (Hoshi's own text may end in a full-width space, kept as the official text has it).</summary>
    private static JsonObject Ja(string text) => new() { ["ja"] = text };

    private static JsonArray Levels(IEnumerable<int> levels) => new([.. levels.Distinct().Order().Select(l => (JsonNode)JsonValue.Create(l))]);
}
