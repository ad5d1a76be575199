using Hoshi.Data;

namespace Hoshi.Web.Features.Registry;

/// <summary>The Registry feature: the public registry: registration, certificates, the transparency log. Its services are registered here, beside its pages.</summary>
public static class RegistryFeature
{
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddScoped<RegistrationQueries>();
        services.AddScoped<GroupListingStore>();
        services.AddScoped<SuspensionProposalStore>();
        services.AddOptions<RegistrySettings>().BindConfiguration(RegistrySettings.Section);
        services.AddSingleton<RegistryKeyCache>();
        services.AddSingleton<LogTreeCache>();
        services.AddScoped<RegistryKeys>();
        services.AddScoped<TransparencyLog>();
        services.AddScoped<RegistryBook>();
        services.AddScoped<RegistryQueries>();
        services.AddSingleton(provider => new Hoshi.Data.Registry.RegistryLookupReader(provider.GetRequiredService<DatabaseSetting>()));
        services.AddSingleton(provider => new Hoshi.Data.Registry.RegistrySnapshot(provider.GetRequiredService<DatabaseSetting>(), provider.GetRequiredService<Hoshi.Data.Registry.RegistryLookupReader>()));
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, RegistrationAccessHandler>();
        return services;
    }
}
