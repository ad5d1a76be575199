using System.Text.Json.Nodes;
using NJsonSchema;

namespace Hoshi.Web.Tests.Shared;

/// <summary>
/// Loads NIST's OSCAL JSON schemas for NJsonSchema. The schemas reference their definitions by
/// plain-name anchors (<c>"$ref": "#assembly_oscal-catalog_catalog"</c>, declared by each
/// definition's <c>$id</c>), which NJsonSchema does not resolve; each such reference is rewritten
/// to the equivalent JSON pointer (<c>#/definitions/KEY</c>). Nothing else changes.
/// </summary>
internal static class OscalSchema
{
    public static async Task<JsonSchema> LoadAsync(string fileName) =>
        await JsonSchema.FromJsonAsync((await LoadRootAsync(fileName)).ToJsonString());

    /// <summary>
    /// NIST's assessment-plan model (1.0.6) at its top level — required uuid, metadata, import-ssp and
    /// reviewed-controls; optional subjects, tasks and back-matter; nothing else — over the shared
    /// definitions the assessment-results schema carries (metadata, import-ssp, reviewed-controls,
    /// assessment-subject, task, back-matter), since only the results' schema ships here.
    /// </summary>
    public static async Task<JsonSchema> LoadPlanAsync()
    {
        var root = await LoadRootAsync("oscal_assessment-results_schema.json");
        static JsonObject Ref(string key) => new() { ["$ref"] = "#/definitions/oscal-ar-" + key };
        static JsonObject ArrayOf(string key) => new() { ["type"] = "array", ["minItems"] = 1, ["items"] = Ref(key) };
        root["properties"] = new JsonObject
        {
            ["assessment-plan"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["uuid"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$" },
                    ["metadata"] = Ref("oscal-metadata:metadata"),
                    ["import-ssp"] = Ref("oscal-assessment-common:import-ssp"),
                    ["reviewed-controls"] = Ref("oscal-assessment-common:reviewed-controls"),
                    ["assessment-subjects"] = ArrayOf("oscal-assessment-common:assessment-subject"),
                    ["tasks"] = ArrayOf("oscal-assessment-common:task"),
                    ["back-matter"] = Ref("oscal-metadata:back-matter"),
                },
                ["required"] = new JsonArray("uuid", "metadata", "import-ssp", "reviewed-controls"),
                ["additionalProperties"] = false,
            },
        };
        root["required"] = new JsonArray("assessment-plan");
        return await JsonSchema.FromJsonAsync(root.ToJsonString());
    }

    private static async Task<JsonObject> LoadRootAsync(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "oscal", fileName);
        var root = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        var definitions = root["definitions"]!.AsObject();
        var pointers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, definition) in definitions)
        {
            if (definition?["$id"]?.GetValue<string>() is { } anchor && anchor.StartsWith('#'))
            {
                pointers[anchor] = "#/definitions/" + key;
                definition.AsObject().Remove("$id");
            }
        }

        Rewrite(root, pointers);
        return root;
    }

    /// <summary>
    /// Every prop of Hoshi's own (all but OSCAL's core <c>label</c>) carries Hoshi's namespace (a real URI,
    /// no placeholder); returns how many props were checked.
    /// </summary>
    public static int AssertPropsInHoshisNamespace(string json)
    {
        var props = new List<JsonObject>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["props"] is JsonArray array)
                    {
                        props.AddRange(array.OfType<JsonObject>());
                    }

                    foreach (var (_, child) in obj)
                    {
                        Walk(child);
                    }

                    break;
                case JsonArray items:
                    foreach (var item in items)
                    {
                        Walk(item);
                    }

                    break;
            }
        }

        Walk(JsonNode.Parse(json));
        Assert.NotEmpty(props);
        Assert.All(props.Where(p => p["name"]!.GetValue<string>() != "label"), p =>
        {
            var ns = p["ns"]?.GetValue<string>();
            Assert.Equal(Hoshi.Web.Features.Catalog.OscalJson.DefaultNamespace, ns);
            Assert.True(Uri.IsWellFormedUriString(ns, UriKind.Absolute), ns);
        });
        return props.Count;
    }

    private static void Rewrite(JsonNode? node, Dictionary<string, string> pointers)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"]?.GetValue<string>() is { } reference && !reference.StartsWith("#/", StringComparison.Ordinal))
                {
                    obj["$ref"] = pointers.TryGetValue(reference, out var pointer)
                        ? pointer
                        : throw new InvalidOperationException($"Unknown reference {reference} in the OSCAL schema.");
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Rewrite(child, pointers);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Rewrite(child, pointers);
                }

                break;
            default:
                break;
        }
    }
}
