using System.Globalization;
using System.Text.Json.Nodes;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Web.Shared;

namespace Hoshi.Web.Features.Assessments;

/// <summary>
/// A decided ★3 review or ★4 evaluation as an OSCAL 1.0.6 assessment-results document: one result for the round,
/// one finding per criterion (satisfied when 適合, otherwise not satisfied) targeting the criterion's
/// assessment objective as the catalog export names it, and one observation per answer.
/// </summary>
public static class OscalAssessmentResults
{
    public const string OscalVersion = "1.0.6";

    /// <summary>Results can be exported once the expert has decided.</summary>
    public static bool IsExportable(AssessmentState state) => state is AssessmentState.Approved or AssessmentState.NotApproved
        or AssessmentState.SubmittedForRegistration or AssessmentState.Registered or AssessmentState.Returned;

    public static JsonObject Build(
        LoadedAssessment loaded, string organizationName, IReadOnlyDictionary<string, AnswerRecord> answers,
        IReadOnlyDictionary<string, VerdictRecord> verdicts, string publicBase, DateTimeOffset now)
    {
        var assessment = loaded.Assessment;
        var prefix = $"star{assessment.Level.Number()}";
        var findings = new JsonArray();
        var observations = new JsonArray();
        foreach (var requirement in loaded.Catalog.SheetFor(assessment.Level))
        {
            foreach (var criterion in requirement.Criteria)
            {
                var objective = $"{prefix}-req-{requirement.Requirement.No}_obj-{criterion.Id}";
                answers.TryGetValue(criterion.Id, out var answer);
                var observationUuid = DeterministicUuid.From($"assessment:{assessment.Id}:{assessment.Round}:observation:{criterion.Id}").ToString();
                observations.Add(new JsonObject
                {
                    ["uuid"] = observationUuid,
                    ["title"] = $"Answer to {criterion.Id}",
                    ["description"] = Text($"{answer?.Value ?? "(no answer)"}{(answer?.Supplement is { } s ? " — " + s : "")}"),
                    ["methods"] = new JsonArray("EXAMINE"),
                    ["collected"] = Timestamp(answer?.UpdatedAt ?? assessment.CreatedAt),
                });
                if (!verdicts.TryGetValue(criterion.Id, out var verdict))
                {
                    continue;
                }

                var finding = new JsonObject
                {
                    ["uuid"] = DeterministicUuid.From($"assessment:{assessment.Id}:{assessment.Round}:finding:{criterion.Id}").ToString(),
                    ["title"] = $"{criterion.Id}: {verdict.Verdict}",
                    ["description"] = Text(verdict.Remark ?? verdict.Verdict.ToString()),
                    ["props"] = new JsonArray(Prop("verdict", verdict.Verdict.ToString())),
                    ["target"] = new JsonObject
                    {
                        ["type"] = "objective-id",
                        ["target-id"] = objective,
                        ["status"] = new JsonObject { ["state"] = verdict.Verdict == Verdict.Conformant ? "satisfied" : "not-satisfied" },
                    },
                    ["related-observations"] = new JsonArray(new JsonObject { ["observation-uuid"] = observationUuid }),
                };
                findings.Add(finding);
            }
        }

        var result = new JsonObject
        {
            ["uuid"] = DeterministicUuid.From($"assessment:{assessment.Id}:{assessment.Round}:result").ToString(),
            ["title"] = $"★{assessment.Level.Number()} self-assessment of {organizationName}, round {assessment.Round}",
            ["description"] = Text($"{(assessment.Level == Level.Star4 ? "Third-party evaluation" : "Expert review")} of the ★{assessment.Level.Number()} self-assessment against catalog {assessment.CatalogVersionId}; outcome: {assessment.State}."),
            ["start"] = Timestamp(assessment.CreatedAt),
            ["end"] = Timestamp(assessment.UpdatedAt),
            ["props"] = new JsonArray(
                Prop("level", assessment.Level.Number().ToString(CultureInfo.InvariantCulture)),
                Prop("catalog-version", assessment.CatalogVersionId),
                Prop("outcome", assessment.State.ToString())),
            ["reviewed-controls"] = new JsonObject
            {
                ["control-selections"] = new JsonArray(new JsonObject { ["include-all"] = new JsonObject() }),
            },
            ["observations"] = observations,
        };
        if (findings.Count > 0)
        {
            result["findings"] = findings;
        }

        return new JsonObject
        {
            ["assessment-results"] = new JsonObject
            {
                ["uuid"] = DeterministicUuid.From($"assessment:{assessment.Id}:{assessment.Round}:results:{assessment.Version}").ToString(),
                ["metadata"] = new JsonObject
                {
                    ["title"] = $"Hoshi ★{assessment.Level.Number()} assessment results: {organizationName}",
                    ["last-modified"] = Timestamp(now.UtcDateTime),
                    ["version"] = $"{assessment.Round}.{assessment.Version}",
                    ["oscal-version"] = OscalVersion,
                },
                ["import-ap"] = new JsonObject { ["href"] = publicBase + OscalAssessmentPlan.PathOf(assessment.Id) },
                ["results"] = new JsonArray(result),
            },
        };
    }

    private static JsonObject Prop(string name, string value) => Catalog.OscalJson.Prop(name, value);

    private static string Text(string text) => string.IsNullOrWhiteSpace(text) ? "-" : text.Trim();

    private static string Timestamp(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
