using Hoshi.Data;
using Hoshi.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Audit;

/// <summary>One audit record as people read it: the actor's name where it is a person.</summary>
public sealed record AuditRow(long Sequence, DateTime OccurredAt, string Actor, string? ActorName, string? OrganizationId, string Action, string ObjectType, string ObjectId, string? Changes, string? Address)
{
    private static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The changes as a person reads them: the stored JSON (kept byte for byte in the chained
    /// record) with its escaped Japanese shown as characters; the page HTML-encodes it as any text.
    /// </summary>
    public string? ReadableChanges
    {
        get
        {
            if (Changes is null)
            {
                return null;
            }

            try
            {
                return System.Text.Json.Nodes.JsonNode.Parse(Changes)?.ToJsonString(Readable) ?? Changes;
            }
            catch (System.Text.Json.JsonException)
            {
                return Changes;
            }
        }
    }
}

/// <summary>A page of audit records, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reads the audit trail for the UI and the API: one organization's records, or all of them.</summary>
public sealed class AuditLog(AppDbContext db)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public async Task<AuditPage> PageAsync(Guid? organizationId, string? action, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        IQueryable<AuditRecord> query = db.AuditRecords.AsNoTracking();
        if (organizationId is { } id)
        {
            var key = id.ToString();
            query = query.Where(a => a.OrganizationId == key);
        }

        if (!string.IsNullOrWhiteSpace(action))
        {
            var prefix = action.Trim();
            query = query.Where(a => a.Action.StartsWith(prefix));
        }

        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pageCount);
        var records = await query.OrderByDescending(a => a.Sequence).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var userIds = records.Select(r => Guid.TryParse(r.Actor, out var g) ? g : (Guid?)null).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id.ToString(), u => u.DisplayName, ct);
        return new(
            [.. records.Select(r => new AuditRow(r.Sequence, r.OccurredAt, r.Actor, names.GetValueOrDefault(r.Actor), r.OrganizationId, r.Action, r.ObjectType, r.ObjectId, r.Changes, r.Address))],
            total, page, pageSize);
    }
}

/// <summary>What the audit table partial needs.</summary>
public sealed record AuditTableView(AuditPage Page, string? Action, Func<int, string> LinkTo);
