namespace Hoshi.Web.Features.Home;

/// <summary>The Home feature: the home page and each person's inbox. Its services are registered here, beside its pages.</summary>
public static class HomeFeature
{
    public static IServiceCollection AddHome(this IServiceCollection services)
    {
        services.AddScoped<InboxQueries>();
        return services;
    }

    /// <summary>Browsers that ask for <c>/favicon.ico</c> before reading the page's icon link get the star.</summary>
    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder app)
    {
        app.MapGet("/favicon.ico", () => TypedResults.Redirect("/favicon.svg", permanent: true)).ExcludeFromDescription();
        return app;
    }
}
