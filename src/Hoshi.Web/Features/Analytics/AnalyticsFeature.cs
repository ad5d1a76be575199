namespace Hoshi.Web.Features.Analytics;

/// <summary>The Analytics feature: the scheme owner's analytics. Its services are registered here, beside its pages.</summary>
public static class AnalyticsFeature
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddOptions<AnalyticsSettings>().BindConfiguration("Analytics")
            .Validate(s => Valid(s.Star3Bands) && Valid(s.Star4Bands), "Analytics:Star3Bands / Star4Bands: bands are written as MIN-MAX, ascending from 1, on the edges of the declared bands, the last open-ended (MIN-).")
            .ValidateOnStart();
        services.AddScoped<ConformanceQueries>();
        services.AddScoped<ActivityQueries>();
        return services;
    }

    private static bool Valid(string bands)
    {
        try
        {
            Domain.Analytics.AnalysisBand.Parse(bands);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
