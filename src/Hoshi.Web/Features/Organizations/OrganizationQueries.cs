using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Organizations;

/// <summary>One member of an organization as its page lists them.</summary>
public sealed record MemberRow(Guid UserId, string Name, string? Email, MembershipRole Role, DateTime Since);

/// <summary>One page of organizations and how many match in all.</summary>
public sealed record OrganizationPageOf(IReadOnlyList<OrganizationRecord> Rows, int Total, int PageNumber);

/// <summary>
/// The organizations' reads for pages (no tracking, nothing written). Other features ask it for
/// an organization's name rather than reading the table themselves.
/// </summary>
public sealed class OrganizationQueries(AppDbContext db, Accounts.Actors actors)
{
    /// <summary>
    /// The registered Japanese name of an organization that exists: of one of the signed-in person's
    /// organizations as read with the person at the start of the request (no statement of its own).
    /// </summary>
    public Task<string> NameAsync(Guid id, CancellationToken ct = default) =>
        actors.RememberedOrganizationName(id) is { } known
            ? Task.FromResult(known)
            : db.Organizations.Where(o => o.Id == id).Select(o => o.LegalNameJa).FirstAsync(ct);

    /// <summary>The names of the organizations among <paramref name="ids"/> that exist.</summary>
    public Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var list = ids.Distinct().ToList();
        return db.Organizations.Where(o => list.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.LegalNameJa, ct);
    }

    /// <summary>The organizations holding <paramref name="role"/> in the scheme, by name.</summary>
    public Task<List<OrganizationChoice>> WithRoleAsync(OrganizationRole role, CancellationToken ct = default) =>
        db.Organizations.AsNoTracking().Where(o => o.Roles.Any(r => r.Role == role)).OrderBy(o => o.LegalNameJa)
            .Select(o => new OrganizationChoice(o.Id, o.LegalNameJa)).ToListAsync(ct);

    /// <summary>The organizations in Hoshi that claim <paramref name="corporateNumber"/> (verified or not).</summary>
    public Task<List<Guid>> WithCorporateNumberAsync(string corporateNumber, CancellationToken ct = default) =>
        db.Organizations.AsNoTracking().Where(o => o.CorporateNumber == corporateNumber).Select(o => o.Id).ToListAsync(ct);

    public Task<OrganizationRecord?> FindAsync(Guid id, CancellationToken ct = default) =>
        db.Organizations.AsNoTracking().Include(o => o.Roles).FirstOrDefaultAsync(o => o.Id == id, ct);

    /// <summary>The organizations among <paramref name="ids"/>, with their roles, by name.</summary>
    public Task<List<OrganizationRecord>> ListAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var list = ids.Distinct().ToList();
        return db.Organizations.AsNoTracking().Include(o => o.Roles).Where(o => list.Contains(o.Id)).OrderBy(o => o.LegalNameJa).ToListAsync(ct);
    }

    /// <summary>Every organization matching <paramref name="q"/> (name, English name or 法人番号), one page at a time.</summary>
    public async Task<OrganizationPageOf> SearchAsync(string? q, int pageNumber, int pageSize, CancellationToken ct = default)
    {
        IQueryable<OrganizationRecord> query = db.Organizations.AsNoTracking().Include(o => o.Roles);
        q = q?.Trim();
        if (!string.IsNullOrEmpty(q))
        {
            var digits = CorporateNumber.Normalize(q);
            query = query.Where(o => o.LegalNameJa.Contains(q) || (o.NameEn != null && o.NameEn.Contains(q)) || o.CorporateNumber == digits);
        }

        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        pageNumber = Math.Clamp(pageNumber, 1, pages);
        var rows = await query.OrderBy(o => o.LegalNameJa).ThenBy(o => o.Id).Skip((pageNumber - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new(rows, total, pageNumber);
    }

    /// <summary>Organizations offered as a parent: those among <paramref name="ids"/>, and the current parent of <paramref name="child"/> if any.</summary>
    public async Task<List<OrganizationChoice>> ChoicesAsync(IEnumerable<Guid> ids, Guid? child = null, CancellationToken ct = default)
    {
        var list = ids.Distinct().ToList();
        var current = child is { } id ? await db.Organizations.Where(o => o.Id == id).Select(o => o.ParentId).FirstOrDefaultAsync(ct) : null;
        return await db.Organizations.AsNoTracking().Where(o => list.Contains(o.Id) || o.Id == current).OrderBy(o => o.LegalNameJa)
            .Select(o => new OrganizationChoice(o.Id, o.LegalNameJa)).ToListAsync(ct);
    }

    public async Task<List<MemberRow>> MembersAsync(Guid organizationId, CancellationToken ct = default) =>
        [.. (await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organizationId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new MemberRow(u.Id, u.DisplayName, u.Email, m.Role, m.CreatedAt))
            .ToListAsync(ct)).OrderBy(m => m.Role).ThenBy(m => m.Name, StringComparer.Ordinal)];

    /// <summary>The display name of a member holding <paramref name="role"/>, or null when there is no such membership.</summary>
    public Task<string?> MemberNameAsync(Guid organizationId, Guid userId, MembershipRole role, CancellationToken ct = default) =>
        db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organizationId && m.UserId == userId && m.Role == role)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.DisplayName).FirstOrDefaultAsync(ct);

    /// <summary>Buyers' requests still waiting for the holder of <paramref name="corporateNumber"/>.</summary>
    public Task<int> OpenSupplierRequestsAsync(string corporateNumber, CancellationToken ct = default) =>
        db.SupplierRequests.CountAsync(r => r.CorporateNumber == corporateNumber && r.State == Domain.Suppliers.RequestState.Sent, ct);

    /// <summary>The newest invitations neither accepted nor revoked (at most 100; expiry is the caller's to judge).</summary>
    public Task<List<InvitationRecord>> PendingInvitationsAsync(Guid organizationId, CancellationToken ct = default) =>
        db.Invitations.AsNoTracking()
            .Where(i => i.OrganizationId == organizationId && i.AcceptedAt == null && i.RevokedAt == null)
            .OrderByDescending(i => i.CreatedAt).Take(100).ToListAsync(ct);
}
