namespace Hoshi.Web.Features.Home;

/// <summary>The Home feature: the home page and each person's inbox. Its services are registered here, beside its pages.</summary>
public static class HomeFeature
{
    public static IServiceCollection AddHome(this IServiceCollection services)
    {
        services.AddScoped<InboxQueries>();
        return services;
    }
}
