using System.Text.Json.Nodes;
using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Tests.Catalog;

public sealed class OscalCatalogReaderTests
{
    private static readonly string NistFile = Path.Combine(AppContext.BaseDirectory, "Catalogs", "oscal", "nist-sp800-53r5-low-ac-ia.json");

    private static CatalogVersion Read(string oscal) => CatalogReader.Parse(OscalCatalogReader.ToHoshi(oscal, "test.json"), "test.json");

    private static string Catalog(JsonArray groups, JsonArray? controls = null)
    {
        var catalog = new JsonObject
        {
            ["uuid"] = "3a1c1f5e-1b2c-4d3e-8f90-123456789abc",
            ["metadata"] = new JsonObject { ["title"] = "Test catalog", ["version"] = "1.0", ["oscal-version"] = "1.1.2", ["last-modified"] = "2026-01-01T00:00:00Z" },
            ["groups"] = groups,
        };
        if (controls is not null)
        {
            catalog["controls"] = controls;
        }

        return new JsonObject { ["catalog"] = catalog }.ToJsonString();
    }

    private static JsonObject Control(string id, string label, string statement, params JsonObject[] extraParts) => new()
    {
        ["id"] = id,
        ["title"] = "Title of " + label,
        ["props"] = new JsonArray(new JsonObject { ["name"] = "label", ["value"] = label }),
        ["parts"] = new JsonArray([new JsonObject { ["id"] = id + "_smt", ["name"] = "statement", ["prose"] = statement }, .. extraParts]),
    };

    [Fact]
    public void The_NIST_example_becomes_a_draft_with_every_control_objective_and_no_unfilled_parameter()
    {
        var oscal = File.ReadAllText(NistFile);
        var source = JsonNode.Parse(oscal)!["catalog"]!;
        var catalog = Read(oscal);

        Assert.Equal(CatalogStatus.Draft, catalog.Status);
        Assert.StartsWith("oscal-", catalog.Id, StringComparison.Ordinal);
        Assert.Equal(source["metadata"]!["title"]!.GetValue<string>(), catalog.Title.JaText);
        Assert.Equal(source["metadata"]!["version"]!.GetValue<string>(), catalog.Version);
        Assert.Equal(["AC", "IA"], catalog.Categories.Select(c => c.No));
        Assert.Equal(["Access Control", "Identification and Authentication"], catalog.Categories.Select(c => c.Name.JaText));

        // Every control and enhancement of the file, by its plain label.
        var controls = source["groups"]!.AsArray().SelectMany(g => g!["controls"]!.AsArray()).ToList();
        var expected = controls.Count + controls.Sum(c => c!["controls"]?.AsArray().Count ?? 0);
        var sheet = catalog.SheetFor(Level.Star3);
        Assert.Equal(expected, sheet.Count);
        Assert.Contains(sheet, r => r.Requirement.No == "AC-2");
        Assert.Contains(sheet, r => r.Requirement.No == "IA-2(1)");

        // AC-1: its leaf objectives as yes/no criteria, labelled as NIST labels them, parameters in brackets.
        var ac1 = sheet.Single(r => r.Requirement.No == "AC-1");
        Assert.Contains(ac1.Criteria, c => c.Id == "AC-01a.[01]" && c.Text.JaText == "an access control policy is developed and documented;");
        Assert.All(ac1.Criteria, c => Assert.Equal(AnswerType.YesNo, c.AnswerType));
        Assert.All(ac1.Criteria, c => Assert.StartsWith("Access control policy and procedures address", c.ImplementationGuidance!.JaText, StringComparison.Ordinal));
        Assert.StartsWith("a. Develop, document, and disseminate to [Assignment: organization-defined personnel or roles]:", ac1.Requirement.Text.JaText, StringComparison.Ordinal);
        Assert.Contains("\n  1. [Selection (one or more): organization-level; mission/business process-level; system-level] access control policy that:", ac1.Requirement.Text.JaText, StringComparison.Ordinal);
        var criteria = sheet.SelectMany(r => r.Criteria).ToList();
        Assert.True(criteria.Count > 100, $"{criteria.Count} criteria");
        Assert.DoesNotContain(criteria, c => c.Text.JaText.Contains("{{", StringComparison.Ordinal));
        Assert.DoesNotContain(sheet, r => r.Requirement.Text.JaText.Contains("{{", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_file_gives_the_same_id_and_another_file_another()
    {
        var oscal = File.ReadAllText(NistFile);
        Assert.Equal(Read(oscal).Id, Read(oscal).Id);
        Assert.NotEqual(Read(oscal).Id, Read(oscal.Replace("Account Management", "Account management", StringComparison.Ordinal)).Id);
    }

    [Fact]
    public void Withdrawn_controls_are_left_out_and_a_control_without_objectives_is_one_criterion()
    {
        var withdrawn = Control("x-2", "X-2", "Gone.");
        withdrawn["props"]!.AsArray().Add(new JsonObject { ["name"] = "status", ["value"] = "withdrawn" });
        var catalog = Read(Catalog(new JsonArray(
            new JsonObject { ["id"] = "x", ["title"] = "Family X", ["controls"] = new JsonArray(Control("x-1", "X-1", "Do the thing."), withdrawn) },
            new JsonObject { ["id"] = "y", ["title"] = "Only withdrawn", ["controls"] = new JsonArray(WithStatus(Control("y-1", "Y-1", "Old."), "withdrawn")) })));

        var requirement = Assert.Single(catalog.SheetFor(Level.Star3));
        Assert.Equal(("X-1", "Title of X-1", "Do the thing."), (requirement.Requirement.No, requirement.Requirement.Title!.JaText, requirement.Requirement.Text.JaText));
        var criterion = Assert.Single(requirement.Criteria);
        Assert.Equal(("X-1-obj", "Do the thing."), (criterion.Id, criterion.Text.JaText));
        Assert.Equal(["X"], catalog.Categories.Select(c => c.No));
    }

    private static JsonObject WithStatus(JsonObject control, string status)
    {
        control["props"]!.AsArray().Add(new JsonObject { ["name"] = "status", ["value"] = status });
        return control;
    }

    [Fact]
    public void Nested_groups_are_subcategories_and_loose_controls_get_a_category_of_their_own()
    {
        var catalog = Read(Catalog(
            new JsonArray(new JsonObject
            {
                ["id"] = "f",
                ["title"] = "Family",
                ["groups"] = new JsonArray(new JsonObject { ["id"] = "f-a", ["title"] = "Part A", ["controls"] = new JsonArray(Control("f-1", "F-1", "One.")) }),
            }),
            new JsonArray(Control("l-1", "L-1", "Loose."))));

        var family = catalog.Categories.Single(c => c.No == "F");
        Assert.Equal([("F-A", "Part A")], family.Subcategories.Select(s => (s.No, s.Name.JaText)));
        Assert.Equal("F-A", catalog.SheetFor(Level.Star3).Single(r => r.Requirement.No == "F-1").Requirement.SubcategoryNo);
        Assert.Equal("Test catalog", catalog.Categories.Single(c => c.No == "-").Name.JaText);
    }

    [Fact]
    public void Repeated_objective_labels_get_distinct_criterion_ids()
    {
        static JsonObject Objective(string id, string prose) => new()
        {
            ["id"] = id,
            ["name"] = "assessment-objective",
            ["props"] = new JsonArray(new JsonObject { ["name"] = "label", ["value"] = "SAME" }),
            ["prose"] = prose,
        };
        var catalog = Read(Catalog(new JsonArray(new JsonObject
        {
            ["id"] = "d",
            ["title"] = "D",
            ["controls"] = new JsonArray(Control("d-1", "D-1", "Text.", Objective("o1", "first"), Objective("o2", "second"))),
        })));

        Assert.Equal(["SAME", "SAME-2"], catalog.SheetFor(Level.Star3).Single().Criteria.Select(c => c.Id));
    }

    [Theory]
    [InlineData("{\"format\":\"hoshi-catalog/1\",\"catalog\":{}}", false)]
    [InlineData("{\"catalog\":{}}", true)]
    [InlineData("{\"catalog\":[]}", false)]
    [InlineData("not json", false)]
    [InlineData("[]", false)]
    public void Only_an_object_with_a_catalog_object_is_taken_for_OSCAL(string json, bool oscal) =>
        Assert.Equal(oscal, OscalCatalogReader.IsOscal(json));

    [Fact]
    public void A_catalog_without_title_or_controls_is_refused_with_the_reason()
    {
        var untitled = Assert.Throws<CatalogValidationException>(() => OscalCatalogReader.ToHoshi("{\"catalog\":{\"metadata\":{}}}", "a.json"));
        Assert.Contains(untitled.Errors, e => e.Path == "$.catalog.metadata.title");
        var empty = Assert.Throws<CatalogValidationException>(() => OscalCatalogReader.ToHoshi(Catalog([]), "b.json"));
        Assert.Contains(empty.Errors, e => e.Message.Contains("no control", StringComparison.Ordinal));
        Assert.Equal("b.json", empty.FileName);
    }
}
