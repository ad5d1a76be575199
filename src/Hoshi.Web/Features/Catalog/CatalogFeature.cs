namespace Hoshi.Web.Features.Catalog;

/// <summary>The catalog feature: public pages under /catalog and the API under /api/catalog.</summary>
public static class CatalogFeature
{
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddSingleton<CatalogCache>();
        services.AddScoped<CatalogStore>();
        return services;
    }

    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app) => app.MapCatalogApi();
}
