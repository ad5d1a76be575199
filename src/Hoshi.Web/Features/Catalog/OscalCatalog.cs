using System.Text.Json.Nodes;
using Hoshi.Domain;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Shared;

namespace Hoshi.Web.Features.Catalog;

/// <summary>
/// A catalog version as an OSCAL 1.0.6 catalog: each level is a group holding its categories and
/// subcategories as groups, requirements as controls, each criterion as an
/// <c>assessment-objective</c> part, guidance as <c>guidance</c> parts and the unofficial
/// mappings as <c>mapping</c> parts. Ids derive from catalog numbers, so they are stable.
/// </summary>
public static class OscalCatalog
{
    public const string OscalVersion = "1.0.6";

    public static JsonObject Build(CatalogEntry entry)
    {
        var catalog = entry.Catalog;
        var published = catalog.Published ?? DateOnly.FromDateTime(entry.ImportedAt);
        var metadata = new JsonObject
        {
            ["title"] = catalog.Title.JaText,
            ["published"] = Timestamp(published),
            ["last-modified"] = Timestamp(published),
            ["version"] = catalog.Version,
            ["oscal-version"] = OscalVersion,
            ["props"] = new JsonArray(
                Prop("catalog-id", catalog.Id),
                Prop("status", CatalogWriter.StatusText(entry.Status)),
                Prop("content-hash", entry.ContentHash)),
        };
        if (catalog.Title.Has("en"))
        {
            metadata["remarks"] = catalog.Title.For("en");
        }

        var groups = new JsonArray();
        foreach (var level in catalog.Levels)
        {
            groups.Add(LevelGroup(catalog, level));
        }

        return new JsonObject
        {
            ["catalog"] = new JsonObject
            {
                ["uuid"] = DeterministicUuid.From($"catalog:{catalog.Id}:{entry.ContentHash}").ToString(),
                ["metadata"] = metadata,
                ["groups"] = groups,
            },
        };
    }

    private static JsonObject LevelGroup(CatalogVersion catalog, CatalogLevel level)
    {
        var prefix = $"star{level.Level.Number()}";
        var sheet = catalog.SheetFor(level.Level);
        var categories = new JsonArray();
        foreach (var category in catalog.Categories)
        {
            var subGroups = new JsonArray();
            foreach (var sub in category.Subcategories)
            {
                var controls = new JsonArray();
                foreach (var item in sheet.Where(s => s.Subcategory.No == sub.No))
                {
                    controls.Add(Control(prefix, item));
                }

                if (controls.Count > 0)
                {
                    subGroups.Add(new JsonObject
                    {
                        ["id"] = $"{prefix}-sub-{sub.No}",
                        ["class"] = "subcategory",
                        ["title"] = sub.Name.JaText,
                        ["props"] = new JsonArray(Prop("label", sub.No)),
                        ["controls"] = controls,
                    });
                }
            }

            if (subGroups.Count > 0)
            {
                categories.Add(new JsonObject
                {
                    ["id"] = $"{prefix}-cat-{category.No}",
                    ["class"] = "category",
                    ["title"] = category.Name.JaText,
                    ["props"] = new JsonArray(Prop("label", category.No)),
                    ["groups"] = subGroups,
                });
            }
        }

        return new JsonObject
        {
            ["id"] = prefix,
            ["class"] = "level",
            ["title"] = level.Name.JaText,
            ["props"] = new JsonArray(Prop("level", level.Level.Number().ToString())),
            ["groups"] = categories,
        };
    }

    private static JsonObject Control(string prefix, SheetRequirement item)
    {
        var requirement = item.Requirement;
        var id = $"{prefix}-req-{requirement.No}";
        var props = new JsonArray(Prop("label", requirement.No));
        if (requirement.CsfFunction is not null)
        {
            props.Add(Prop("csf-function", requirement.CsfFunction));
        }

        var parts = new JsonArray
        {
            new JsonObject { ["id"] = $"{id}_smt", ["name"] = "statement", ["prose"] = requirement.Text.JaText },
        };
        foreach (var criterion in item.Criteria)
        {
            parts.Add(Objective(id, criterion));
        }

        return new JsonObject
        {
            ["id"] = id,
            ["class"] = "requirement",
            ["title"] = requirement.Title?.JaText ?? requirement.No,
            ["props"] = props,
            ["parts"] = parts,
        };
    }

    private static JsonObject Objective(string controlId, Criterion criterion)
    {
        var id = $"{controlId}_obj-{criterion.Id}";
        var props = new JsonArray(
            Prop("label", criterion.Id),
            Prop("answer-type", CatalogWriter.AnswerTypeText(criterion.AnswerType)));
        foreach (var choice in criterion.Choices)
        {
            props.Add(Prop("choice", choice.Value));
        }

        var parts = new JsonArray();
        AddProse(parts, $"{id}_gdn", "guidance", "implementation", criterion.ImplementationGuidance);
        AddProse(parts, $"{id}_egd", "guidance", "evaluation", criterion.EvaluationGuidance);
        AddProse(parts, $"{id}_exa", "example-answer", null, criterion.ExampleAnswer);
        var i = 0;
        foreach (var mapping in criterion.Mappings)
        {
            parts.Add(new JsonObject
            {
                ["id"] = $"{id}_map-{++i}",
                ["name"] = "mapping",
                ["ns"] = OscalJson.Namespace,
                ["title"] = mapping.Framework.Trim(),
                ["props"] = new JsonArray(Prop("status", "unofficial")),
                ["prose"] = mapping.Ref.Trim(),
            });
        }

        var objective = new JsonObject
        {
            ["id"] = id,
            ["name"] = "assessment-objective",
            ["props"] = props,
            ["prose"] = criterion.Text.JaText,
        };
        if (parts.Count > 0)
        {
            objective["parts"] = parts;
        }

        return objective;
    }

    private static void AddProse(JsonArray parts, string id, string name, string? @class, LocalizedText? text)
    {
        if (text is null)
        {
            return;
        }

        var part = new JsonObject { ["id"] = id, ["name"] = name };
        if (@class is not null)
        {
            part["class"] = @class;
        }

        part["prose"] = text.JaText;
        parts.Add(part);
    }

    private static JsonObject Prop(string name, string value) => OscalJson.Prop(name, value);

    private static string Timestamp(DateOnly date) => $"{date:yyyy-MM-dd}T00:00:00+09:00";
}
