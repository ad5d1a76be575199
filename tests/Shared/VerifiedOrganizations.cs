using Hoshi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Tests.Shared;

/// <summary>Marks an organization's 法人番号 as proven, as a scheme-owner officer does before it can be registered.</summary>
internal static class VerifiedOrganizations
{
    public static async Task MarkAsync(IServiceProvider services, Guid organizationId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var number = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.CorporateNumber).SingleAsync();
        await db.Organizations.Where(o => o.Id == organizationId).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.VerifiedCorporateNumber, number)
            .SetProperty(o => o.CorporateNumberVerificationMethod, "officer-document")
            .SetProperty(o => o.CorporateNumberVerifiedAt, DateTime.UtcNow));
    }
}
