using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Web.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Accounts;

/// <summary>People and sign-in: ASP.NET Core Identity on Hoshi's database, with Hoshi's password policy.</summary>
public static class AccountsFeature
{
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MaxFailedSignIns = 5;

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddScoped<AccountStore>();
        services.AddScoped<PersonQueries>();
        // Read with the session (SessionStore), so the command line's session commands need it too.
        services.AddScoped<Actors>();
        // Keys live in the database, so every app node reads the same ring and cookies, confirmation
        // and reset links made by one node work on all of them.
        // They are encrypted with a key file kept outside the database (Shared/KeyProtection.cs).
        services.AddDataProtection().SetApplicationName("Hoshi").PersistKeysToDbContext<AppDbContext>();
        services.AddOptions<KeyProtectionSettings>().BindConfiguration(KeyProtectionSettings.Section);
        services.AddSingleton(provider => KeyFileKeys.Load(provider.GetRequiredService<IOptions<KeyProtectionSettings>>().Value, provider.GetRequiredService<DatabaseSetting>()));
        services.AddOptions<KeyManagementOptions>().Configure<KeyFileKeys>((options, keys) => options.XmlEncryptor = new KeyFileXmlEncryptor(keys));
        services.AddIdentityCore<HoshiUser>(options =>
            {
                // Length and the common-password list are PolicyPasswordValidator's; no composition rules.
                options.Password.RequiredLength = 1;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedEmail = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            // Replaces Identity's authenticator provider: each code's time step is accepted once.
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddSignInManager()
            .AddPasswordValidator<PolicyPasswordValidator>();
        return services;
    }

    /// <summary>The default scheme: API tokens when a bearer token is sent to /api, the sign-in cookie otherwise.</summary>
    public const string DefaultScheme = "Hoshi";

    /// <summary>Sign-in cookies for pages, bearer tokens for machines, and one authorization handler for both.</summary>
    public static IServiceCollection AddAccountsWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SignInThrottleSettings>(configuration.GetSection(SignInThrottleSettings.Section));
        services.AddScoped<SignInThrottle>();
        services.Configure<SessionSettings>(configuration.GetSection(SessionSettings.Section));
        services.AddScoped<SessionStore>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = DefaultScheme;
                options.DefaultChallengeScheme = DefaultScheme;
            })
            .AddPolicyScheme(DefaultScheme, "Cookie or API token", options =>
                // Tokens are for machines and only under /api: a token sent to a page (which shows more,
                // e.g. members' e-mails) is ignored and the page asks for a signed-in person.
                options.ForwardDefaultSelector = context => ApiTokenAuthentication.IsBearerToken(context.Request) && context.Request.Path.StartsWithSegments("/api")
                    ? ApiTokenAuthentication.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account";
            options.AccessDeniedPath = "/error/403";
            options.SlidingExpiration = true;
            options.Cookie.Name = "hoshi.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // The API answers 401/403 (as problem details), never a redirect to a page.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            // "Not allowed" is a 403 where the person is (the status page explains), not a redirect.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            // Each cookie names a session kept on the server (Sessions.cs).
            SessionCookieEvents.Attach(options);
        });
        // The browser forgets the cookie once the session would be idle on the server anyway.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SessionSettings>, PublicUrl>((options, sessions, url) =>
            {
                options.ExpireTimeSpan = sessions.Value.IdleTimeout;
                options.Cookie.SecurePolicy = url.SecurePolicy;
            });
        services.AddExternalSignIn(configuration);
        services.AddHoshiAuthorization();
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Filters.Add<TwoFactorGate>());
        return services;
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
