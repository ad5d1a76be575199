using Hoshi.Data;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Accounts;

/// <summary>How pages name a person (no tracking, nothing written).</summary>
public sealed class PersonQueries(AppDbContext db)
{
    /// <summary>The person's display name, or null when there is no such account.</summary>
    public Task<string?> NameAsync(Guid userId, CancellationToken ct = default) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);

    /// <summary>The person's display name and e-mail address, or null when there is no such account.</summary>
    public async Task<(string Name, string Email)?> ContactAsync(Guid userId, CancellationToken ct = default) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.Email }).FirstOrDefaultAsync(ct) is { } person
            ? (person.DisplayName, person.Email ?? "")
            : null;
}
