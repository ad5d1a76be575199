namespace Hoshi.Web.Features.Experts;

/// <summary>The Experts feature: qualified experts and their verification. Its services are registered here, beside its pages.</summary>
public static class ExpertsFeature
{
    public static IServiceCollection AddExperts(this IServiceCollection services)
    {
        services.AddScoped<ExpertStore>();
        services.AddOptions<ExpertSettings>().BindConfiguration(ExpertSettings.Section);
        return services;
    }
}
