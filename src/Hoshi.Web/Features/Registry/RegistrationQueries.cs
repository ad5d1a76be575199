using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain.Assessments;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Registry;

/// <summary>The registration bodies' reads: the ★3 results sent to them, and the entry a result became.</summary>
public sealed class RegistrationQueries(AppDbContext db)
{
    public const int MaxRounds = 200;

    /// <summary>Results sent to <paramref name="bodies"/> (beyond drafts), those awaiting registration first, newest first.</summary>
    public Task<List<AssessmentRecord>> RoundsAsync(IReadOnlyCollection<Guid?> bodies, CancellationToken ct = default) =>
        db.Assessments.AsNoTracking()
            .Where(a => bodies.Contains(a.RegistrationBodyId) && a.State != AssessmentState.Draft)
            .OrderBy(a => a.State != AssessmentState.SubmittedForRegistration).ThenByDescending(a => a.UpdatedAt).Take(MaxRounds).ToListAsync(ct);

    /// <summary>The registry entry made from the round, if it was registered.</summary>
    public Task<Guid?> EntryOfAsync(Guid assessmentId, CancellationToken ct = default) =>
        db.RegistryEntries.AsNoTracking().Where(e => e.AssessmentId == assessmentId).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
}
