namespace Hoshi.Web.Features.Guidance;

/// <summary>The Guidance feature: help at each question, translations and templates. Its services are registered here, beside its pages.</summary>
public static class GuidanceFeature
{
    public static IServiceCollection AddGuidance(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GapCostOptions>(configuration.GetSection(GapCostOptions.Section));
        services.AddSingleton<CatalogTranslations>();
        services.AddScoped<GuidanceStore>();
        services.AddSingleton<HelpCache>();
        services.AddScoped<TemplateStore>();
        return services;
    }
}
