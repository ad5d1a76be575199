using Hoshi.Data;
using Hoshi.Web.Features.Accessibility;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Accreditation;
using Hoshi.Web.Features.Analytics;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Audit;
using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Features.Evaluations;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Features.Guidance;
using Hoshi.Web.Features.Home;
using Hoshi.Web.Features.Independence;
using Hoshi.Web.Features.Lifecycle;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Features.Registry;
using Hoshi.Web.Features.Reviews;
using Hoshi.Web.Features.Suppliers;
using Hoshi.Web.Shared.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Shared;

/// <summary>Services shared by the web application and the CLI verbs.</summary>
public static class CoreServices
{
    public static IServiceCollection AddHoshiCore(this IServiceCollection services, IConfiguration configuration)
    {
        // Read when first needed, so settings added by a test host or the command line count.
        services.AddSingleton(_ => DatabaseSetting.Parse(configuration[DatabaseSetting.Key]));
        // Pooled: a request borrows a context already set up instead of building one (a profile put
        // the set-up at a few per cent of a page's CPU); AppDbContext leaves no state of its own behind.
        services.AddDbContextPool<AppDbContext>((provider, options) => HoshiDatabase.Configure(options, provider.GetRequiredService<DatabaseSetting>()));
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<PublicUrlSettings>().BindConfiguration(PublicUrlSettings.Section)
            .Validate(s => PublicUrlSettings.StartProblem(s.PublicUrl, configuration["AllowedHosts"]) is null,
                "Hoshi:PublicUrl must be an http or https origin such as https://hoshi.example.jp, and is needed when AllowedHosts is '*'.")
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddSingleton<PublicUrl>();
        services.AddLocalization();
        services.AddCatalog();
        services.AddOrganizations();
        services.AddLifecycle();
        services.AddRegistry();
        services.AddReviews();
        services.AddAssessments();
        services.AddIndependence();
        services.AddAccreditation();
        services.AddEvaluations();
        services.AddSuppliers();
        services.AddAnalytics();
        services.AddGuidance(configuration);
        services.AddAudit();
        services.AddExperts();
        services.AddHome();
        services.AddAccessibility();
        services.AddAccounts();
        services.AddScoped<DatabaseInitializer>();
        services.Configure<MailSettings>(configuration.GetSection("Mail"));
        services.AddSingleton<IMailTransport>(provider =>
            provider.GetRequiredService<IOptions<MailSettings>>().Value.Mode == MailMode.Smtp
                ? ActivatorUtilities.CreateInstance<SmtpTransport>(provider)
                : ActivatorUtilities.CreateInstance<PickupFolderTransport>(provider));
        services.AddScoped<MailSender>();
        return services;
    }
}
