using System.Globalization;
using Hoshi.Data;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Evaluations;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Shared.Pdf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Evaluations;

/// <summary>
/// The ★4 evaluation report as PDF: summary, scope, plan, verdicts per requirement, technical
/// verification findings, nonconformities and their closure, effort.
/// </summary>
public sealed class EvaluationReports(AppDbContext db, EvaluationStore evaluations, AssessmentStore assessments,
    TechnicalVerificationStore technical, AuditStore audits, TimeProvider clock, IConfiguration configuration, IStringLocalizer<EvaluationsText> text)
{
    public async Task<byte[]> BuildAsync(Guid evaluationId, CancellationToken ct = default)
    {
        var evaluation = (await evaluations.FindAsync(evaluationId, ct))!;
        var loaded = (await assessments.LoadAsync(evaluation.AssessmentId, ct))!;
        var names = await db.Organizations.AsNoTracking().Where(o => o.Id == evaluation.ApplicantId || o.Id == evaluation.BodyId).ToDictionaryAsync(o => o.Id, o => o.LegalNameJa, ct);
        var people = await evaluations.PeopleNamesAsync([evaluation.LeadAssessorId ?? Guid.Empty, .. await evaluations.AssessorsAsync(evaluationId, ct)], ct);
        var verdicts = await assessments.VerdictsAsync(evaluation.AssessmentId, ct);
        var nonconformities = await evaluations.NonconformitiesAsync(evaluationId, ct);
        var tv = await technical.FindAsync(evaluationId, ct);
        var scan = TechnicalVerificationStore.ScanOf(tv);
        var findings = await technical.FindingsAsync(evaluationId, ct);
        var visits = await audits.VisitsAsync(evaluationId, ct);
        var effort = await audits.EffortAsync(evaluationId, ct);
        string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

        using var output = new MemoryStream();
        var applicant = names.GetValueOrDefault(evaluation.ApplicantId, "");
        using (var pdf = new PdfReport(output, text["ReportTitle"], $"{text["ReportTitle"]} {applicant}", configuration["Reports:FontPath"]))
        {
            pdf.Title(text["ReportTitle"]);
            pdf.Paragraph(text["ReportIssued", JapanTime.ToJapan(clock.GetUtcNow()).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)], muted: true);

            pdf.Heading(text["ReportSummary"]);
            pdf.Field(text["Applicant"], applicant);
            pdf.Field(text["Body"], names.GetValueOrDefault(evaluation.BodyId, ""));
            pdf.Field(text["LeadAssessor"], evaluation.LeadAssessorId is { } lead ? people.GetValueOrDefault(lead) : null);
            var others = people.Where(p => p.Key != evaluation.LeadAssessorId && p.Key != Guid.Empty).Select(p => p.Value).ToList();
            pdf.Field(text["Assessors"], others.Count > 0 ? string.Join("、", others) : evaluation.LeadAssessorId is null ? null : text["ReportLeadOnly"].Value);
            pdf.Field(text["State"], text["State_" + evaluation.State]);
            pdf.Field(text["ReportDecidedOn"], Day(evaluation.DecidedOn));
            pdf.Field(text["ReportCatalog"], $"{loaded.Catalog.Title.JaText} ({loaded.Catalog.Version})");

            pdf.Heading(text["ReportScope"]);
            pdf.Paragraph(Domain.Registry.ScopeCoverage.Summary(loaded.Scope));

            pdf.Heading(text["ReportPlan"]);
            pdf.Field(text["DocumentReviewOn"], Day(evaluation.DocumentReviewOn));
            pdf.Field(text["OnSiteAuditOn"], Day(evaluation.OnSiteAuditOn));
            pdf.Field(text["TechnicalVerificationOn"], Day(evaluation.TechnicalVerificationOn));
            pdf.Field(text["PlanNotes"], evaluation.PlanNotes);
            foreach (var visit in visits)
            {
                pdf.Field(text["ReportVisit"], $"{Day(visit.HeldOn)} {text["Mode_" + visit.Mode]} — {visit.Participants}{(visit.Notes is null ? "" : " / " + visit.Notes)}");
            }

            pdf.Heading(text["ReportVerdicts"]);
            pdf.Table(
                [text["ReportRequirement"], text["ReportConformant"], text["ReportRecheck"], text["ReportNonconformant"], text["ReportOpen"]],
                [0.52f, 0.12f, 0.12f, 0.12f, 0.12f],
                loaded.Catalog.SheetFor(Level.Star4).Select(r =>
                {
                    var of = r.Criteria.Select(c => verdicts.GetValueOrDefault(c.Id)?.Verdict).ToList();
                    return (IReadOnlyList<string?>)[$"{r.Requirement.No} {r.Requirement.Title?.JaText ?? r.Requirement.Text.JaText}",
                        of.Count(v => v == Verdict.Conformant).ToString(CultureInfo.InvariantCulture),
                        of.Count(v => v == Verdict.Recheck).ToString(CultureInfo.InvariantCulture),
                        of.Count(v => v == Verdict.Nonconformant).ToString(CultureInfo.InvariantCulture),
                        of.Count(v => v is null).ToString(CultureInfo.InvariantCulture)];
                }));

            pdf.Heading(text["TechnicalTitle"]);
            pdf.Field(text["ExternalScope"], tv?.ExternalScope);
            pdf.Field(text["InternalMethod"], tv?.InternalMethod is { } method ? text["Internal_" + method].Value : null);
            pdf.Field(text["InternalNotes"], tv?.InternalNotes);
            if (scan is not null)
            {
                pdf.Field(text["ScanFileName"], $"{tv!.ScanFileName} (SHA-256 {tv.ScanSha256})");
                var flags = ExternalDiagnosis.Flags(scan, technical.RiskyServices);
                pdf.Table([text["Host"], text["Port"], text["Service"], text["ProductVersion"], text["Risk"]], [0.22f, 0.12f, 0.18f, 0.28f, 0.2f],
                    scan.Hosts.SelectMany(h => h.Ports.Where(p => p.State == "open").Select(p => (IReadOnlyList<string?>)
                        [h.Address, $"{p.Number}/{p.Protocol}", p.Service, $"{p.Product} {p.Version}".Trim(),
                            flags.FirstOrDefault(f => f.Host == h.Address && f.Port == p)?.Risk])));
            }

            foreach (var finding in findings)
            {
                pdf.Field(text["FindingsTitle"], $"{finding.Host}:{finding.Port}/{finding.Protocol} {finding.Risk} → {finding.CriterionId ?? "—"} {finding.Note}");
            }

            pdf.Heading(text["NonconformitiesTitle"]);
            if (nonconformities.Count == 0)
            {
                pdf.Paragraph(text["ReportNoNonconformities"]);
            }
            else
            {
                pdf.Field(text["Deadline"], Day(evaluation.CorrectiveActionDeadline));
                pdf.Table([text["Criterion"], text["ReportFinding"], text["FixLabel"], text["State"]], [0.14f, 0.33f, 0.33f, 0.2f],
                    nonconformities.Select(n => (IReadOnlyList<string?>)[n.CriterionId, n.Finding, n.Fix, text["NcStatus_" + n.Status]]));
            }

            pdf.Heading(text["EffortTitle"]);
            if (effort.Count == 0)
            {
                pdf.Paragraph("—");
            }
            else
            {
                pdf.Table([text["Party"], text["Step"], text["HoursLabel"]], [0.5f, 0.3f, 0.2f],
                    effort.OrderBy(e => e.OrganizationId).ThenBy(e => e.Step).Select(e => (IReadOnlyList<string?>)
                        [names.GetValueOrDefault(e.OrganizationId, ""), text["Step_" + e.Step], e.Hours.ToString(CultureInfo.InvariantCulture)]));
            }
        }

        return output.ToArray();
    }
}
