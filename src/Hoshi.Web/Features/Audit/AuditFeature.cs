namespace Hoshi.Web.Features.Audit;

/// <summary>The Audit feature: the audit trail. Its services are registered here, beside its pages.</summary>
public static class AuditFeature
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        return services;
    }
}
