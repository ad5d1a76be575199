namespace Hoshi.Web.Features.Accreditation;

/// <summary>The Accreditation feature: accreditation of evaluation bodies. Its services are registered here, beside its pages.</summary>
public static class AccreditationFeature
{
    public static IServiceCollection AddAccreditation(this IServiceCollection services)
    {
        services.AddScoped<AccreditationStore>();
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, AccreditationAccessHandler>();
        return services;
    }
}
