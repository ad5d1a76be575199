using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Audit;
using Hoshi.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Assessments;

/// <summary>
/// Work shared in the company (issue 25): which member answers which criteria of a round, by when.
/// Every change is audited and told to the people given work (in the app, and by mail as they chose).
/// </summary>
public sealed class AssignmentStore(AppDbContext db, TimeProvider clock, Lifecycle.Notifier notifier)
{
    /// <summary>The members who may answer (administrators and members of the applicant), by name.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> MembersAsync(Guid organization, CancellationToken ct = default) =>
        [.. (await (from m in db.Memberships.AsNoTracking()
                    where m.OrganizationId == organization && (m.Role == MembershipRole.OrgAdmin || m.Role == MembershipRole.Member)
                    join u in db.Users on m.UserId equals u.Id
                    select new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct))
            .Select(u => (u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? "" : u.DisplayName))
            .DistinctBy(u => u.Id).OrderBy(u => u.Item2, StringComparer.Ordinal)];

    public async Task<IReadOnlyList<Assignment>> OfAsync(Guid assessment, CancellationToken ct = default) =>
        [.. (await db.Assignments.AsNoTracking().Where(a => a.AssessmentId == assessment).ToListAsync(ct))
            .Select(a => new Assignment(a.CriterionId, a.AssigneeId, a.DueOn)).OrderBy(a => a.CriterionId, Domain.Catalog.CatalogNumber.Comparer)];

    /// <summary>A fingerprint of the assignments as a page showed them: a save on other assignments is a conflict.</summary>
    public static string Stamp(IEnumerable<Assignment> assignments) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\n', assignments.OrderBy(a => a.CriterionId, StringComparer.Ordinal).Select(a => $"{a.CriterionId}|{a.AssigneeId}|{a.DueOn:yyyy-MM-dd}")))))[..16];

    /// <summary>
    /// Saves the sharing asked for: what changed is set and removed in one transaction, audited,
    /// and told to each person given work. Throws <see cref="ConcurrencyConflictException"/> when
    /// the assignments changed since the page showed <paramref name="stamp"/>.
    /// </summary>
    public async Task<AssignmentChanges> SaveAsync(LoadedAssessment loaded, IReadOnlyList<Assignment> target, string? stamp, Guid actor, string? address, CancellationToken ct = default)
    {
        var assessment = loaded.Assessment;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var stored = await db.Assignments.Where(a => a.AssessmentId == assessment.Id).ToListAsync(ct);
        var current = stored.Select(a => new Assignment(a.CriterionId, a.AssigneeId, a.DueOn)).ToList();
        if (stamp != Stamp(current))
        {
            throw new ConcurrencyConflictException("The work was shared differently by someone else meanwhile.");
        }

        var changes = Assignments.Diff(current, target);
        if (changes.IsEmpty)
        {
            return changes;
        }

        var now = clock.GetUtcNow();
        var byCriterion = stored.ToDictionary(a => a.CriterionId, StringComparer.Ordinal);
        db.Assignments.RemoveRange(changes.Removed.Select(id => byCriterion[id]));
        foreach (var set in changes.Set)
        {
            if (!byCriterion.TryGetValue(set.CriterionId, out var record))
            {
                record = new AssignmentRecord { AssessmentId = assessment.Id, CriterionId = set.CriterionId };
                db.Assignments.Add(record);
            }

            record.AssigneeId = set.AssigneeId;
            record.DueOn = set.DueOn;
            record.AssignedBy = actor;
            record.AssignedAt = now.UtcDateTime;
        }

        db.Audit(new AuditEvent(actor.ToString(), assessment.OrganizationId.ToString(), "assessment.assignments-changed", "Assessment", assessment.Id.ToString(),
            JsonSerializer.Serialize(new { set = changes.Set.Select(a => new { criterion = a.CriterionId, assignee = a.AssigneeId, due = a.DueOn }), removed = changes.Removed }), address), now);
        var organization = await db.Organizations.Where(o => o.Id == assessment.OrganizationId).Select(o => o.LegalNameJa).SingleAsync(ct);
        foreach (var person in changes.Told)
        {
            var count = changes.Set.Count(a => a.AssigneeId == person);
            await notifier.NotifyAsync([person], "assigned", $"assigned:{assessment.Id}:{person}:{now.UtcTicks}",
                [organization, assessment.Level.Number().ToString(System.Globalization.CultureInfo.InvariantCulture), count.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                $"/assessments/{assessment.Id}/sheet", now, ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return changes;
    }
}
