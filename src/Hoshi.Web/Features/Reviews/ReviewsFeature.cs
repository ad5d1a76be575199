namespace Hoshi.Web.Features.Reviews;

/// <summary>The Reviews feature: the expert's (or ★4 team's) review of a round. Its services are registered here, beside its pages.</summary>
public static class ReviewsFeature
{
    public static IServiceCollection AddReviews(this IServiceCollection services)
    {
        services.AddScoped<ReviewQueries>();
        services.AddScoped<ReviewStore>();
        services.AddScoped<ReviewerAccess>();
        services.AddScoped<ScopeReviewStore>();
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ReviewAccessHandler>();
        return services;
    }
}
