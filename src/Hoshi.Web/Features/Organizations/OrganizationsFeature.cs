namespace Hoshi.Web.Features.Organizations;

/// <summary>The Organizations feature: organizations, members, invitations and API tokens. Its services are registered here, beside its pages.</summary>
public static class OrganizationsFeature
{
    public static IServiceCollection AddOrganizations(this IServiceCollection services)
    {
        services.AddScoped<OrganizationStore>();
        services.AddScoped<OrganizationQueries>();
        services.AddScoped<InvitationStore>();
        services.AddScoped<MembershipStore>();
        services.AddScoped<CorporateIdentityStore>();
        services.AddScoped<CorporateNumberLetterStore>();
        services.AddScoped<ApiTokenStore>();
        return services;
    }
}
