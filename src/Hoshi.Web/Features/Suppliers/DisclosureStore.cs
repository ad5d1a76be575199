using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Data.Evaluations;
using Hoshi.Data.Suppliers;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>A result a supplier may disclose: a finished self-assessment round (★3) or ★4 round.</summary>
public sealed record DisclosableResult(Guid AssessmentId, Level Level, int Round, AssessmentState State, DateTime UpdatedAt);

/// <summary>A grant as its supplier lists it.</summary>
public sealed record GrantView(DisclosureGrantRecord Grant, string BuyerName, Level Level, bool InForce);

/// <summary>A buyer that may be given access: an organization that keeps this supplier in its portfolio.</summary>
public sealed record BuyerChoice(Guid Id, string Name);

/// <summary>One criterion of a disclosed result: the supplier's answer and the expert's or evaluator's verdict.</summary>
public sealed record DisclosedCriterion(string CriterionId, string? Answer, Verdict? Verdict, string? Remark);

/// <summary>What a buyer sees under a grant.</summary>
public sealed record DisclosedResult(
    DisclosureGrantRecord Grant, string SupplierName, AssessmentRecord Assessment, IReadOnlyList<KeyValuePair<string, string>> Scope,
    IReadOnlyList<DisclosedCriterion> Criteria, IReadOnlyList<NonconformityRecord> Nonconformities);

/// <summary>
/// Disclosure: a supplier grants one buyer access to the details of one of its finished results
/// (scope answers, per-criterion answers and verdicts, nonconformities and their closure), until an
/// optional end date or until revoked. Without a grant in force a buyer gets nothing beyond the
/// registry; every look at disclosed details is written to the supplier's audit trail.
/// </summary>
public sealed class DisclosureStore(AppDbContext db, TimeProvider clock)
{
    private static readonly AssessmentState[] Finished =
        [AssessmentState.Approved, AssessmentState.NotApproved, AssessmentState.SubmittedForRegistration, AssessmentState.Registered, AssessmentState.Returned];

    private DateOnly Today => JapanTime.DateOf(clock.GetUtcNow());

    public async Task<IReadOnlyList<DisclosableResult>> ResultsAsync(Guid supplier, CancellationToken ct = default) =>
        await db.Assessments.AsNoTracking().Where(a => a.OrganizationId == supplier && Finished.Contains(a.State))
            .OrderByDescending(a => a.UpdatedAt).Select(a => new DisclosableResult(a.Id, a.Level, a.Round, a.State, a.UpdatedAt)).ToListAsync(ct);

    /// <summary>Buyers that keep the supplier (by its verified 法人番号) in their portfolio.</summary>
    public async Task<IReadOnlyList<BuyerChoice>> BuyersAsync(Guid supplier, CancellationToken ct = default)
    {
        var number = await db.Organizations.Where(o => o.Id == supplier).Select(o => o.VerifiedCorporateNumber).FirstOrDefaultAsync(ct);
        if (number is null)
        {
            return [];
        }

        return await (from s in db.Suppliers
                      where s.CorporateNumber == number && s.BuyerId != supplier
                      join o in db.Organizations on s.BuyerId equals o.Id
                      orderby o.LegalNameJa
                      select new BuyerChoice(o.Id, o.LegalNameJa)).Distinct().ToListAsync(ct);
    }

    public async Task<IReadOnlyList<GrantView>> GrantsAsync(Guid supplier, CancellationToken ct = default)
    {
        var today = Today;
        var rows = await (from g in db.DisclosureGrants.AsNoTracking()
                          where g.SupplierOrganizationId == supplier
                          join o in db.Organizations on g.BuyerOrganizationId equals o.Id
                          join a in db.Assessments on g.AssessmentId equals a.Id
                          orderby g.GrantedAt descending
                          select new { g, o.LegalNameJa, a.Level }).ToListAsync(ct);
        return [.. rows.Select(r => new GrantView(r.g, r.LegalNameJa, r.Level, Disclosure.InForce(r.g.EndsOn, r.g.RevokedAt is not null, today)))];
    }

    /// <summary>Grants the buyer access to the result; the problems (stable words), or none.</summary>
    public async Task<IReadOnlyList<string>> GrantAsync(Guid supplier, Guid? assessmentId, Guid? buyer, DateOnly? endsOn, Guid actor, string? address, CancellationToken ct = default)
    {
        var problems = new List<string>();
        if (assessmentId is not { } resultId || !(await ResultsAsync(supplier, ct)).Any(r => r.AssessmentId == resultId))
        {
            problems.Add("resultRequired");
        }

        if (buyer is not { } buyerId || !(await BuyersAsync(supplier, ct)).Any(b => b.Id == buyerId))
        {
            problems.Add("buyerRequired");
        }

        if (Disclosure.CheckEndDate(endsOn, Today) is { } endProblem)
        {
            problems.Add(endProblem);
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var now = clock.GetUtcNow();
        var grant = new DisclosureGrantRecord
        {
            Id = Guid.CreateVersion7(now),
            SupplierOrganizationId = supplier,
            BuyerOrganizationId = buyer!.Value,
            AssessmentId = assessmentId!.Value,
            EndsOn = endsOn,
            GrantedBy = actor,
            GrantedAt = now.UtcDateTime,
        };
        db.DisclosureGrants.Add(grant);
        db.Audit(new AuditEvent(actor.ToString(), supplier.ToString(), "disclosure.granted", "DisclosureGrant", grant.Id.ToString(),
            JsonSerializer.Serialize(new { buyer = grant.BuyerOrganizationId, assessment = grant.AssessmentId, grant.EndsOn }), address), now);
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Revokes a grant of this supplier; false when there is none in force (or it changed meanwhile).</summary>
    public async Task<bool> RevokeAsync(Guid supplier, Guid grantId, int expectedVersion, Guid actor, string? address, CancellationToken ct = default)
    {
        var grant = await db.DisclosureGrants.FirstOrDefaultAsync(g => g.Id == grantId && g.SupplierOrganizationId == supplier, ct);
        if (grant is null || grant.RevokedAt is not null || grant.Version != expectedVersion)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        grant.RevokedAt = now.UtcDateTime;
        grant.RevokedBy = actor;
        db.Audit(new AuditEvent(actor.ToString(), supplier.ToString(), "disclosure.revoked", "DisclosureGrant", grant.Id.ToString(),
            JsonSerializer.Serialize(new { buyer = grant.BuyerOrganizationId, assessment = grant.AssessmentId }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>The grants in force for a buyer from the supplier organization verified for this 法人番号.</summary>
    public async Task<IReadOnlyList<GrantView>> InForceForBuyerAsync(Guid buyer, string corporateNumber, CancellationToken ct = default)
    {
        var today = Today;
        var rows = await (from g in db.DisclosureGrants.AsNoTracking()
                          where g.BuyerOrganizationId == buyer && g.RevokedAt == null
                          join o in db.Organizations on g.SupplierOrganizationId equals o.Id
                          where o.VerifiedCorporateNumber == corporateNumber
                          join a in db.Assessments on g.AssessmentId equals a.Id
                          orderby g.GrantedAt descending
                          select new { g, o.LegalNameJa, a.Level }).ToListAsync(ct);
        return [.. rows.Where(r => Disclosure.InForce(r.g.EndsOn, false, today)).Select(r => new GrantView(r.g, r.LegalNameJa, r.Level, true))];
    }

    /// <summary>
    /// The disclosed details for the buyer, recorded in the supplier's audit trail; null when the
    /// grant is not the buyer's, is revoked or has ended (the caller answers 404).
    /// </summary>
    public async Task<DisclosedResult?> OpenAsync(Guid buyer, Guid grantId, Guid actor, string? address, CancellationToken ct = default)
    {
        var grant = await db.DisclosureGrants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == grantId && g.BuyerOrganizationId == buyer, ct);
        if (grant is null || !Disclosure.InForce(grant.EndsOn, grant.RevokedAt is not null, Today))
        {
            return null;
        }

        var assessment = await db.Assessments.AsNoTracking().FirstAsync(a => a.Id == grant.AssessmentId, ct);
        var supplierName = await db.Organizations.Where(o => o.Id == grant.SupplierOrganizationId).Select(o => o.LegalNameJa).FirstAsync(ct);
        var answers = await db.Answers.AsNoTracking().Where(a => a.AssessmentId == assessment.Id).ToDictionaryAsync(a => a.CriterionId, ct);
        var verdicts = await db.Verdicts.AsNoTracking().Where(v => v.AssessmentId == assessment.Id).ToDictionaryAsync(v => v.CriterionId, ct);
        var criteria = answers.Keys.Union(verdicts.Keys).Order(StringComparer.Ordinal)
            .Select(id => new DisclosedCriterion(id, answers.GetValueOrDefault(id)?.Value, verdicts.GetValueOrDefault(id)?.Verdict, verdicts.GetValueOrDefault(id)?.Remark)).ToList();
        var nonconformities = await (from n in db.Nonconformities.AsNoTracking()
                                     join e in db.Evaluations on n.EvaluationId equals e.Id
                                     where e.AssessmentId == assessment.Id
                                     orderby n.CriterionId
                                     select n).ToListAsync(ct);
        var now = clock.GetUtcNow();
        db.Audit(new AuditEvent(actor.ToString(), grant.SupplierOrganizationId.ToString(), "disclosure.viewed", "DisclosureGrant", grant.Id.ToString(),
            JsonSerializer.Serialize(new { buyer, assessment = assessment.Id }), address), now);
        await db.SaveChangesAsync(ct);
        return new DisclosedResult(grant, supplierName, assessment, ScopeOf(assessment.ScopeJson), criteria, nonconformities);
    }

    /// <summary>The scope answers as label/value pairs (top-level properties of the stored questionnaire).</summary>
    private static List<KeyValuePair<string, string>> ScopeOf(string? json)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(json))
        {
            return pairs;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return pairs;
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                JsonValueKind.String => property.Value.GetString() ?? "",
                JsonValueKind.Array => string.Join("、", property.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                _ => property.Value.GetRawText(),
            };
            pairs.Add(new(property.Name, value));
        }

        return pairs;
    }
}
