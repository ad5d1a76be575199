namespace Hoshi.Web.Features.Accessibility;

/// <summary>The accessibility feature: the public <c>/accessibility</c> page reporting the last sweep.</summary>
public static class AccessibilityFeature
{
    public static IServiceCollection AddAccessibility(this IServiceCollection services)
    {
        services.AddSingleton<AccessibilityResults>();
        return services;
    }
}
