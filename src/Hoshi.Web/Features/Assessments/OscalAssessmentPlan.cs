using System.Globalization;
using System.Text.Json.Nodes;
using Hoshi.Domain;
using Hoshi.Web.Shared;

namespace Hoshi.Web.Features.Assessments;

/// <summary>
/// A round as an OSCAL 1.0.6 assessment-plan: what is assessed (the level's controls from the
/// catalog export, every objective), whom (the applicant as a party, within its declared scope),
/// and the tasks (the self-assessment, then the expert review or the third-party evaluation).
/// The assessment results' <c>import-ap</c> points here. OSCAL's plan must import a system
/// security plan; the scheme has none, so <c>import-ssp</c> names a back-matter resource that
/// describes the round's scope and links to the scope page.
/// </summary>
public static class OscalAssessmentPlan
{
    /// <summary>The path of a round's plan, which the results' <c>import-ap</c> names (absolute, from the public URL).</summary>
    public static string PathOf(Guid assessmentId) => $"/assessments/{assessmentId}/oscal";

    public static JsonObject Build(LoadedAssessment loaded, string organizationName, string publicBase, DateTimeOffset now)
    {
        var assessment = loaded.Assessment;
        var level = assessment.Level.Number();
        var prefix = $"star{level}";
        var key = $"assessment:{assessment.Id}:{assessment.Round}";
        var applicant = DeterministicUuid.From($"organization:{assessment.OrganizationId}").ToString();
        var scope = DeterministicUuid.From($"{key}:scope").ToString();
        var catalog = DeterministicUuid.From($"{key}:catalog").ToString();

        var controls = new JsonArray();
        foreach (var requirement in loaded.Catalog.SheetFor(assessment.Level))
        {
            controls.Add(new JsonObject { ["control-id"] = $"{prefix}-req-{requirement.Requirement.No}" });
        }

        var judging = assessment.Level == Level.Star4
            ? ("Third-party evaluation", "The accredited evaluation body's assessors examine the answers and the evidence, interview and verify technically, and give a verdict on every criterion.")
            : ("Expert review", "The expert the applicant chose reviews every answer of the self-assessment and gives a verdict on each criterion.");

        var catalogUrl = $"{publicBase}/api/catalog/versions/{Uri.EscapeDataString(assessment.CatalogVersionId)}/oscal";
        return new JsonObject
        {
            ["assessment-plan"] = new JsonObject
            {
                ["uuid"] = DeterministicUuid.From($"{key}:plan:{assessment.Version}").ToString(),
                ["metadata"] = new JsonObject
                {
                    ["title"] = $"Hoshi ★{level} assessment plan: {organizationName}",
                    ["last-modified"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    ["version"] = $"{assessment.Round}.{assessment.Version}",
                    ["oscal-version"] = OscalAssessmentResults.OscalVersion,
                    ["links"] = new JsonArray(new JsonObject { ["href"] = catalogUrl, ["rel"] = "reference", ["media-type"] = "application/json", ["text"] = $"Catalog {assessment.CatalogVersionId} (OSCAL)" }),
                    ["roles"] = new JsonArray(new JsonObject { ["id"] = "applicant", ["title"] = "Applicant" }),
                    ["parties"] = new JsonArray(new JsonObject { ["uuid"] = applicant, ["type"] = "organization", ["name"] = organizationName }),
                    ["responsible-parties"] = new JsonArray(new JsonObject { ["role-id"] = "applicant", ["party-uuids"] = new JsonArray(applicant) }),
                },
                ["import-ssp"] = new JsonObject { ["href"] = "#" + scope },
                ["reviewed-controls"] = new JsonObject
                {
                    ["description"] = Text($"Every requirement of the ★{level} sheet of catalog {assessment.CatalogVersionId} and every criterion (assessment objective) under it."),
                    ["props"] = new JsonArray(Catalog.OscalJson.Prop("catalog-version", assessment.CatalogVersionId), Catalog.OscalJson.Prop("level", level.ToString(CultureInfo.InvariantCulture))),
                    ["control-selections"] = new JsonArray(new JsonObject { ["include-controls"] = controls }),
                    ["control-objective-selections"] = new JsonArray(new JsonObject { ["include-all"] = new JsonObject() }),
                },
                ["assessment-subjects"] = new JsonArray(new JsonObject
                {
                    ["type"] = "party",
                    ["description"] = Text($"{organizationName}, within the scope it declared for this round."),
                    ["include-subjects"] = new JsonArray(new JsonObject { ["subject-uuid"] = applicant, ["type"] = "party" }),
                }),
                ["tasks"] = new JsonArray(
                    new JsonObject
                    {
                        ["uuid"] = DeterministicUuid.From($"{key}:task:self-assessment").ToString(),
                        ["type"] = "action",
                        ["title"] = "Self-assessment",
                        ["description"] = Text("The applicant answers every criterion with its evidence."),
                        ["responsible-roles"] = new JsonArray(new JsonObject { ["role-id"] = "applicant" }),
                    },
                    new JsonObject
                    {
                        ["uuid"] = DeterministicUuid.From($"{key}:task:judging").ToString(),
                        ["type"] = "action",
                        ["title"] = judging.Item1,
                        ["description"] = Text(judging.Item2),
                    }),
                ["back-matter"] = new JsonObject
                {
                    ["resources"] = new JsonArray(
                        new JsonObject
                        {
                            ["uuid"] = scope,
                            ["title"] = "Scope of the self-assessment (in place of a system security plan)",
                            ["description"] = Text("The organization's declared scope for this round: sites, systems and exclusions, as recorded in Hoshi."),
                            ["rlinks"] = new JsonArray(new JsonObject { ["href"] = $"{publicBase}/assessments/{assessment.Id}/scope", ["media-type"] = "text/html" }),
                        },
                        new JsonObject
                        {
                            ["uuid"] = catalog,
                            ["title"] = $"Catalog {assessment.CatalogVersionId}",
                            ["rlinks"] = new JsonArray(new JsonObject { ["href"] = catalogUrl, ["media-type"] = "application/json" }),
                        }),
                },
            },
        };
    }

    private static string Text(string text) => text.Trim();
}
