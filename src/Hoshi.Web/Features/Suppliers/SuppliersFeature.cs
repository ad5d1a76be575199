namespace Hoshi.Web.Features.Suppliers;

/// <summary>The Suppliers feature: buyers' supplier portfolios. Its services are registered here, beside its pages.</summary>
public static class SuppliersFeature
{
    public static IServiceCollection AddSuppliers(this IServiceCollection services)
    {
        services.AddScoped<SupplierStore>();
        services.AddScoped<PortfolioQueries>();
        services.AddScoped<SupplierImportStore>();
        services.AddSingleton<ImportBacklog>();
        services.AddScoped<SupplierRequestStore>();
        services.AddScoped<DisclosureStore>();
        return services;
    }
}
