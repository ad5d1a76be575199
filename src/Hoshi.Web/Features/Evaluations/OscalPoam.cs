using System.Globalization;
using System.Text.Json.Nodes;
using Hoshi.Data.Evaluations;
using Hoshi.Domain;
using Hoshi.Domain.Evaluations;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Shared;

namespace Hoshi.Web.Features.Evaluations;

/// <summary>
/// The nonconformities of a ★4 evaluation as an OSCAL 1.0.6 plan-of-action-and-milestones. Per
/// nonconformity: a finding with the same uuid as the criterion's finding in the round's
/// assessment results, targeting the criterion's assessment objective in the catalog export; a
/// risk (open until the fix is verified) whose planned remediation holds the corrective-action
/// deadline as a milestone; and a POA&amp;M item tying the finding and the risk together and
/// linking to the catalog's control. Links are absolute, from the public URL.
/// </summary>
public static class OscalPoam
{
    public static JsonObject Build(EvaluationRecord evaluation, LoadedAssessment round, string applicantName, IReadOnlyList<NonconformityRecord> nonconformities, string publicBase, DateTimeOffset now)
    {
        var assessment = round.Assessment;
        var prefix = $"star{assessment.Level.Number()}";
        var requirementOf = round.Catalog.SheetFor(assessment.Level)
            .SelectMany(r => r.Criteria.Select(c => (c.Id, r.Requirement.No)))
            .ToDictionary(x => x.Id, x => x.No, StringComparer.Ordinal);
        var catalogUrl = $"{publicBase}/api/catalog/versions/{Uri.EscapeDataString(assessment.CatalogVersionId)}/oscal";
        var resultsUrl = $"{publicBase}{OscalAssessmentPlan.PathOf(assessment.Id)}?handler=Results";
        string? deadline = evaluation.CorrectiveActionDeadline is { } day
            // The deadline day counts to its end, Japan time.
            ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), Domain.JapanTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
            : null;

        var findings = new JsonArray();
        var risks = new JsonArray();
        var items = new JsonArray();
        foreach (var n in nonconformities)
        {
            var key = $"evaluation:{evaluation.Id}:{n.CriterionId}";
            var controlId = requirementOf.TryGetValue(n.CriterionId, out var no) ? $"{prefix}-req-{no}" : null;
            var controlLink = new JsonArray();
            if (controlId is not null)
            {
                controlLink.Add(new JsonObject { ["href"] = $"{catalogUrl}#{controlId}", ["rel"] = "reference", ["text"] = $"Requirement {no}" });
            }

            var findingUuid = DeterministicUuid.From($"assessment:{assessment.Id}:{assessment.Round}:finding:{n.CriterionId}").ToString();
            var finding = new JsonObject
            {
                ["uuid"] = findingUuid,
                ["title"] = $"Nonconformity {n.CriterionId}",
                ["description"] = Text(n.Finding ?? "Nonconformant"),
                ["props"] = new JsonArray(Prop("criterion", n.CriterionId)),
                ["links"] = new JsonArray(new JsonObject { ["href"] = resultsUrl, ["rel"] = "reference", ["media-type"] = "application/json", ["text"] = "Assessment results of the round" }),
                ["target"] = new JsonObject
                {
                    ["type"] = "objective-id",
                    ["target-id"] = controlId is null ? $"{prefix}_obj-{n.CriterionId}" : $"{controlId}_obj-{n.CriterionId}",
                    ["status"] = new JsonObject { ["state"] = n.Status == NonconformityStatus.Verified ? "satisfied" : "not-satisfied" },
                },
            };
            findings.Add(finding);

            var riskUuid = DeterministicUuid.From($"evaluation:{evaluation.Id}:risk:{n.CriterionId}").ToString();
            var remediation = new JsonObject
            {
                ["uuid"] = DeterministicUuid.From($"{key}:remediation").ToString(),
                ["lifecycle"] = n.Status == NonconformityStatus.Verified ? "completed" : "planned",
                ["title"] = $"Corrective action for {n.CriterionId}",
                ["description"] = Text(n.Fix ?? "No corrective action recorded yet."),
            };
            if (deadline is not null)
            {
                remediation["tasks"] = new JsonArray(new JsonObject
                {
                    ["uuid"] = DeterministicUuid.From($"{key}:milestone:deadline").ToString(),
                    ["type"] = "milestone",
                    ["title"] = "Corrective action deadline",
                    ["description"] = Text("The applicant submits the fix and its evidence by this time; the assessors then verify it."),
                    ["timing"] = new JsonObject { ["on-date"] = new JsonObject { ["date"] = deadline } },
                });
            }

            var risk = new JsonObject
            {
                ["uuid"] = riskUuid,
                ["title"] = $"Nonconformity {n.CriterionId}",
                ["description"] = Text(n.Finding ?? "Nonconformant"),
                ["statement"] = Text(n.Fix ?? "No corrective action recorded yet."),
                ["props"] = new JsonArray(Prop("criterion", n.CriterionId), Prop("corrective-action-status", Token(n.Status))),
                ["status"] = n.Status == NonconformityStatus.Verified ? "closed" : "remediating",
                ["remediations"] = new JsonArray(remediation),
            };
            if (deadline is not null)
            {
                risk["deadline"] = deadline;
            }

            risks.Add(risk);
            var item = new JsonObject
            {
                ["uuid"] = DeterministicUuid.From($"evaluation:{evaluation.Id}:poam-item:{n.CriterionId}").ToString(),
                ["title"] = $"Corrective action for {n.CriterionId}",
                ["description"] = Text(n.Fix ?? n.Finding ?? "-"),
                ["props"] = new JsonArray(Prop("criterion", n.CriterionId), Prop("corrective-action-status", Token(n.Status))),
                ["related-findings"] = new JsonArray(new JsonObject { ["finding-uuid"] = findingUuid }),
                ["related-risks"] = new JsonArray(new JsonObject { ["risk-uuid"] = riskUuid }),
            };
            if (controlLink.Count > 0)
            {
                item["links"] = controlLink;
            }

            items.Add(item);
        }

        var poam = new JsonObject
        {
            ["uuid"] = DeterministicUuid.From($"evaluation:{evaluation.Id}:poam:{evaluation.Version}").ToString(),
            ["metadata"] = new JsonObject
            {
                ["title"] = $"Hoshi ★4 plan of action and milestones: {applicantName}",
                ["last-modified"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["version"] = evaluation.Version.ToString(CultureInfo.InvariantCulture),
                ["oscal-version"] = OscalAssessmentResults.OscalVersion,
                ["links"] = new JsonArray(
                    new JsonObject { ["href"] = resultsUrl, ["rel"] = "reference", ["media-type"] = "application/json", ["text"] = "Assessment results of the round" },
                    new JsonObject { ["href"] = catalogUrl, ["rel"] = "reference", ["media-type"] = "application/json", ["text"] = $"Catalog {assessment.CatalogVersionId} (OSCAL)" }),
            },
            ["system-id"] = new JsonObject { ["identifier-type"] = $"{publicBase}/evaluations", ["id"] = evaluation.Id.ToString() },
        };
        if (findings.Count > 0)
        {
            poam["risks"] = risks;
            poam["findings"] = findings;
        }

        poam["poam-items"] = items;
        return new JsonObject { ["plan-of-action-and-milestones"] = poam };
    }

    private static string Token(NonconformityStatus status) => status switch
    {
        NonconformityStatus.Open => "open",
        NonconformityStatus.FixSubmitted => "fix-submitted",
        _ => "verified",
    };

    private static JsonObject Prop(string name, string value) => Catalog.OscalJson.Prop(name, value);

    private static string Text(string text) => string.IsNullOrWhiteSpace(text) ? "-" : text.Trim();
}
