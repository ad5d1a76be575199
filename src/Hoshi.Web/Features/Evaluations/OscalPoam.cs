using System.Globalization;
using System.Text.Json.Nodes;
using Hoshi.Data.Evaluations;
using Hoshi.Domain.Evaluations;
using Hoshi.Web.Shared;

namespace Hoshi.Web.Features.Evaluations;

/// <summary>
/// The nonconformities of a ★4 evaluation as an OSCAL 1.0.6 plan-of-action-and-milestones: one
/// risk per nonconformity (open until its fix is verified, with the corrective-action deadline)
/// and one POA&amp;M item per nonconformity pointing at it, the criterion and the fix in props.
/// </summary>
public static class OscalPoam
{
    public static JsonObject Build(EvaluationRecord evaluation, string applicantName, IReadOnlyList<NonconformityRecord> nonconformities, DateTimeOffset now)
    {
        var risks = new JsonArray();
        var items = new JsonArray();
        foreach (var n in nonconformities)
        {
            var riskUuid = DeterministicUuid.From($"evaluation:{evaluation.Id}:risk:{n.CriterionId}").ToString();
            var risk = new JsonObject
            {
                ["uuid"] = riskUuid,
                ["title"] = $"Nonconformity {n.CriterionId}",
                ["description"] = Text(n.Finding ?? "Nonconformant"),
                ["statement"] = Text(n.Fix ?? "No corrective action recorded yet."),
                ["props"] = new JsonArray(Prop("criterion", n.CriterionId), Prop("corrective-action-status", Token(n.Status))),
                ["status"] = n.Status == NonconformityStatus.Verified ? "closed" : "remediating",
            };
            if (evaluation.CorrectiveActionDeadline is { } deadline)
            {
                // The deadline day counts to its end, Japan time.
                risk["deadline"] = new DateTimeOffset(deadline.ToDateTime(new TimeOnly(23, 59, 59)), Domain.JapanTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            }

            risks.Add(risk);
            items.Add(new JsonObject
            {
                ["uuid"] = DeterministicUuid.From($"evaluation:{evaluation.Id}:poam-item:{n.CriterionId}").ToString(),
                ["title"] = $"Corrective action for {n.CriterionId}",
                ["description"] = Text(n.Fix ?? n.Finding ?? "-"),
                ["props"] = new JsonArray(Prop("criterion", n.CriterionId), Prop("corrective-action-status", Token(n.Status))),
                ["related-risks"] = new JsonArray(new JsonObject { ["risk-uuid"] = riskUuid }),
            });
        }

        var poam = new JsonObject
        {
            ["uuid"] = DeterministicUuid.From($"evaluation:{evaluation.Id}:poam:{evaluation.Version}").ToString(),
            ["metadata"] = new JsonObject
            {
                ["title"] = $"Hoshi ★4 plan of action and milestones: {applicantName}",
                ["last-modified"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["version"] = evaluation.Version.ToString(CultureInfo.InvariantCulture),
                ["oscal-version"] = Assessments.OscalAssessmentResults.OscalVersion,
            },
            ["system-id"] = new JsonObject { ["identifier-type"] = "https://hoshi.example/evaluation", ["id"] = evaluation.Id.ToString() },
            ["poam-items"] = items,
        };
        if (risks.Count > 0)
        {
            poam["risks"] = risks;
        }

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
