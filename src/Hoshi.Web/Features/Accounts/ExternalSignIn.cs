using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;

namespace Hoshi.Web.Features.Accounts;

/// <summary>
/// Settings of the optional external sign-in (section <c>Authentication:OpenIdConnect</c>): any
/// OpenID Connect provider, as a GビズID-style national business ID would be. Off unless
/// Authority and ClientId are set.
/// </summary>
public sealed class ExternalSignInSettings
{
    public const string Section = "Authentication:OpenIdConnect";
    public const string Scheme = "oidc";

    /// <summary>The provider's issuer URL; its discovery document is read from /.well-known/openid-configuration.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The button's label, e.g. "GビズID".</summary>
    public string DisplayName { get; set; } = "OpenID Connect";

    /// <summary>Extra scopes besides openid, profile and email, separated by spaces.</summary>
    public string? Scopes { get; set; }

    /// <summary>Only for a provider on plain http (a local test provider); never in production.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// The ID-token claim that carries the signed-in person's 法人番号 (GビズID: <c>corporate_number</c>);
    /// empty for a provider without one. An administrator of an organization that claims that
    /// number proves it by signing in.
    /// </summary>
    public string? CorporateNumberClaim { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

public static class ExternalSignIn
{
    public static IServiceCollection AddExternalSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExternalSignInSettings>().BindConfiguration(ExternalSignInSettings.Section);
        var settings = new ExternalSignInSettings();
        configuration.GetSection(ExternalSignInSettings.Section).Bind(settings);

        if (!settings.Enabled)
        {
            return services;
        }

        services.AddAuthentication().AddOpenIdConnect(ExternalSignInSettings.Scheme, settings.DisplayName, options =>
        {
            options.SignInScheme = IdentityConstants.ExternalScheme;
            options.Authority = settings.Authority;
            options.ClientId = settings.ClientId;
            options.ClientSecret = settings.ClientSecret;
            options.ResponseType = "code";
            // The code comes back in the query of a top-level redirect, so the correlation and nonce
            // cookies can stay SameSite=Lax; PKCE binds the code to this browser.
            options.ResponseMode = "query";
            options.UsePkce = true;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            if (settings.AllowHttp)
            {
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }

            options.CallbackPath = "/account/external/callback-oidc";
            options.RequireHttpsMetadata = !settings.AllowHttp;
            options.GetClaimsFromUserInfoEndpoint = false;
            options.MapInboundClaims = false;
            options.SaveTokens = false;
            options.TokenValidationParameters.NameClaimType = "name";
            options.Scope.Clear();
            foreach (var scope in $"openid profile email {settings.Scopes}".Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct())
            {
                options.Scope.Add(scope);
            }
        });
        return services;
    }
}
