namespace Hoshi.Web.Features.Independence;

/// <summary>The Independence feature: who may judge whom. Its services are registered here, beside its pages.</summary>
public static class IndependenceFeature
{
    public static IServiceCollection AddIndependence(this IServiceCollection services)
    {
        services.AddScoped<IndependenceStore>();
        return services;
    }
}
