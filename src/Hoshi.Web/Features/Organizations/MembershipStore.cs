using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Organizations;

/// <summary>Changes who belongs to an organization and as what; never leaves it without an administrator.</summary>
public sealed class MembershipStore(AppDbContext db, TimeProvider clock, Accounts.SessionStore sessions)
{
    public async Task<MembershipChangeProblem> ChangeRoleAsync(Guid organizationId, Guid userId, MembershipRole from, MembershipRole to, Guid actor, string? address, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (memberships, roles) = await LoadAsync(organizationId, ct);
        var problem = MembershipRules.CheckChange(memberships, userId, from, to, roles);
        if (problem != MembershipChangeProblem.None)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var record = await db.Memberships.SingleAsync(m => m.OrganizationId == organizationId && m.UserId == userId && m.Role == from, ct);
        db.Memberships.Remove(record);
        db.Memberships.Add(new MembershipRecord { UserId = userId, OrganizationId = organizationId, Role = to, CreatedAt = now.UtcDateTime });
        db.Audit(new AuditEvent(actor.ToString(), organizationId.ToString(), "membership.role-changed", "Membership", $"{userId}/{organizationId}",
            JsonSerializer.Serialize(new { from = from.ToString(), to = to.ToString() }), address), now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return MembershipChangeProblem.None;
    }

    public async Task<MembershipChangeProblem> RemoveAsync(Guid organizationId, Guid userId, MembershipRole role, Guid actor, string? address, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (memberships, _) = await LoadAsync(organizationId, ct);
        var problem = MembershipRules.CheckRemoval(memberships, userId, role);
        if (problem != MembershipChangeProblem.None)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        await db.Memberships.Where(m => m.OrganizationId == organizationId && m.UserId == userId && m.Role == role).ExecuteDeleteAsync(ct);
        db.Audit(new AuditEvent(actor.ToString(), organizationId.ToString(), "membership.removed", "Membership", $"{userId}/{organizationId}",
            JsonSerializer.Serialize(new { role = role.ToString() }), address), now);
        await db.SaveChangesAsync(ct);
        if (!memberships.Any(m => m.UserId == userId && m.Role != role && m.Role is MembershipRole.OrgAdmin or MembershipRole.Member))
        {
            // No longer someone who answers for the organization: the work given to them is taken back (it stays in the audit trail).
            await db.Assignments.Where(g => g.AssigneeId == userId && db.Assessments.Any(a => a.Id == g.AssessmentId && a.OrganizationId == organizationId)).ExecuteDeleteAsync(ct);
        }

        if (userId != actor && !memberships.Any(m => m.UserId == userId && m.Role != role))
        {
            // Removed from the organization altogether: the person's open sessions end now (someone
            // who leaves on their own keeps the session they did it in).
            await sessions.EndAllAsync(userId, Accounts.SessionEnd.Removed, null, actor.ToString(), address, ct);
        }

        await transaction.CommitAsync(ct);
        return MembershipChangeProblem.None;
    }

    /// <summary>
    /// The organization's memberships and roles, read inside the caller's transaction after
    /// touching the organization row, so two concurrent changes cannot both remove "the other" administrator.
    /// </summary>
    private async Task<(List<(Guid UserId, MembershipRole Role)> Memberships, Domain.Organizations.OrganizationRole[] Roles)> LoadAsync(Guid organizationId, CancellationToken ct)
    {
        await db.Organizations.Where(o => o.Id == organizationId).ExecuteUpdateAsync(u => u.SetProperty(o => o.Version, o => o.Version), ct);
        var memberships = (await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organizationId).Select(m => new { m.UserId, m.Role }).ToListAsync(ct))
            .Select(m => (m.UserId, m.Role)).ToList();
        var roles = await db.Set<Data.Organizations.OrganizationRoleRecord>().AsNoTracking().Where(r => r.OrganizationId == organizationId).Select(r => r.Role).ToArrayAsync(ct);
        return (memberships, roles);
    }
}
