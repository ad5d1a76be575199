using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Registry;

/// <summary>The registration bodies' reads: the ★3 results sent to them, and the entry a result became.</summary>
public sealed class RegistrationQueries(AppDbContext db)
{
    public const int MaxRounds = 200;

    /// <summary>Results sent to the registration bodies <paramref name="actor"/> registers for (beyond drafts), those awaiting registration first, newest first.</summary>
    public Task<List<AssessmentRecord>> RoundsAsync(Actor actor, CancellationToken ct = default)
    {
        var bodies = actor.Memberships.Where(m => RegistrationAccess.MayRegister(actor, m.OrganizationId)).Select(m => (Guid?)m.OrganizationId).Distinct().ToList();
        return db.Assessments.AsNoTracking()
            .Where(a => bodies.Contains(a.RegistrationBodyId) && a.State != AssessmentState.Draft)
            .OrderBy(a => a.State != AssessmentState.SubmittedForRegistration).ThenByDescending(a => a.UpdatedAt).Take(MaxRounds).ToListAsync(ct);
    }

    /// <summary>The registry entry made from the round, if it was registered.</summary>
    public Task<Guid?> EntryOfAsync(Guid assessmentId, CancellationToken ct = default) =>
        db.RegistryEntries.AsNoTracking().Where(e => e.AssessmentId == assessmentId).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);

    /// <summary>The certificate of a registered round and the holder's 法人番号 (its registry page), or null.</summary>
    public async Task<(Guid Certificate, string CorporateNumber)?> CertificateOfAsync(Guid assessmentId, CancellationToken ct = default)
    {
        var row = await db.RegistryEntries.AsNoTracking().Where(e => e.AssessmentId == assessmentId && e.CertificateId != null)
            .Select(e => new { Certificate = e.CertificateId!.Value, Number = e.Subjects.OrderBy(s => s.CorporateNumber).Select(s => s.CorporateNumber).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Certificate, row.Number ?? "");
    }
}
