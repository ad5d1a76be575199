using Hoshi.Data;
using Hoshi.Data.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Hoshi.Web.Features.Accounts;

/// <summary>People and sign-in: ASP.NET Core Identity on Hoshi's database, with Hoshi's password policy.</summary>
public static class AccountsFeature
{
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MaxFailedSignIns = 5;

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddDataProtection();
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
            .AddSignInManager()
            .AddPasswordValidator<PolicyPasswordValidator>();
        return services;
    }

    /// <summary>Sign-in cookies for the web application.</summary>
    public static IServiceCollection AddAccountsWeb(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account";
            options.AccessDeniedPath = "/error/403";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Cookie.Name = "hoshi.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthorization();
        return services;
    }
}
