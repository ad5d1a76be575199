using Hoshi.Data;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Features.Organizations;
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
        services.AddDbContext<AppDbContext>((provider, options) => HoshiDatabase.Configure(options, provider.GetRequiredService<DatabaseSetting>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CatalogCache>();
        services.AddScoped<CatalogStore>();
        services.AddScoped<Features.Accounts.AccountStore>();
        services.AddScoped<OrganizationStore>();
        services.AddScoped<OrganizationQueries>();
        services.AddScoped<Features.Lifecycle.NotificationStore>();
        services.AddScoped<Features.Lifecycle.OperationsStore>();
        services.AddScoped<Features.Accounts.PersonQueries>();
        services.AddScoped<Features.Registry.RegistrationQueries>();
        services.AddScoped<Features.Reviews.ReviewQueries>();
        services.AddScoped<InvitationStore>();
        services.AddScoped<MembershipStore>();
        services.AddScoped<Features.Assessments.AssessmentStore>();
        services.AddScoped<Features.Assessments.AssessmentSteps>();
        services.AddScoped<Features.Reviews.ReviewStore>();
        services.AddScoped<Features.Reviews.ReviewerAccess>();
        services.AddScoped<Features.Independence.IndependenceStore>();
        services.AddScoped<Features.Reviews.ScopeReviewStore>();
        services.AddScoped<Features.Registry.GroupListingStore>();
        services.AddScoped<Features.Registry.SuspensionProposalStore>();
        services.AddScoped<Features.Organizations.CorporateIdentityStore>();
        services.AddScoped<Features.Organizations.CorporateNumberLetterStore>();
        services.AddScoped<Features.Assessments.SheetUploads>();
        services.AddScoped<Features.Accreditation.AccreditationStore>();
        services.AddScoped<Features.Evaluations.EvaluationStore>();
        services.AddScoped<Features.Evaluations.TechnicalVerificationStore>();
        services.AddScoped<Features.Evaluations.AuditStore>();
        services.AddScoped<Features.Evaluations.EvaluationReports>();
        services.AddScoped<Features.Evaluations.YearlyStore>();
        services.AddOptions<Features.Evaluations.EvaluationSettings>().BindConfiguration(Features.Evaluations.EvaluationSettings.Section);
        services.AddScoped<ApiTokenStore>();
        services.AddOptions<PublicUrlSettings>().BindConfiguration(PublicUrlSettings.Section)
            .Validate(s => PublicUrlSettings.Problem(s.PublicUrl) is null, PublicUrlSettings.Problem("") ?? "")
            .ValidateOnStart();
        services.AddSingleton<PublicUrl>();
        services.AddOptions<Features.Registry.RegistrySettings>().BindConfiguration(Features.Registry.RegistrySettings.Section);
        services.AddSingleton<Features.Registry.RegistryKeyCache>();
        services.AddSingleton<Features.Registry.LogTreeCache>();
        services.AddScoped<Features.Registry.RegistryKeys>();
        services.AddScoped<Features.Registry.TransparencyLog>();
        services.AddScoped<Features.Registry.RegistryBook>();
        services.AddScoped<Features.Registry.RegistryQueries>();
        services.AddScoped<Features.Suppliers.SupplierStore>();
        services.AddScoped<Features.Suppliers.PortfolioQueries>();
        services.AddScoped<Features.Suppliers.SupplierImportStore>();
        services.AddSingleton<Features.Suppliers.ImportBacklog>();
        services.AddScoped<Features.Suppliers.SupplierRequestStore>();
        services.AddScoped<Features.Suppliers.DisclosureStore>();
        services.AddOptions<Domain.Lifecycle.LifecycleSettings>().BindConfiguration("Lifecycle");
        services.AddOptions<Features.Lifecycle.SchedulerSettings>().BindConfiguration(Features.Lifecycle.SchedulerSettings.Section);
        services.AddLocalization();
        services.AddScoped<Features.Lifecycle.Notifier>();
        services.AddOptions<Features.Analytics.AnalyticsSettings>().BindConfiguration("Analytics")
            .Validate(s => Valid(s.Star3Bands) && Valid(s.Star4Bands), "Analytics:Star3Bands / Star4Bands: bands are written as MIN-MAX, ascending from 1, on the edges of the declared bands, the last open-ended (MIN-).")
            .ValidateOnStart();
        services.AddSingleton<Features.Guidance.CatalogTranslations>();
        services.AddScoped<Features.Guidance.GuidanceStore>();
        services.AddSingleton<Features.Guidance.HelpCache>();
        services.AddScoped<Features.Guidance.TemplateStore>();
        services.AddScoped<Features.Analytics.ConformanceQueries>();
        services.AddScoped<Features.Analytics.ActivityQueries>();
        services.AddScoped<Features.Lifecycle.NotificationCounter>();
        services.AddSingleton<Features.Lifecycle.IScheduledJob, Features.Lifecycle.RegistryExpiryJob>();
        services.AddSingleton<Features.Lifecycle.IScheduledJob, Features.Lifecycle.ExpiryReminderJob>();
        services.AddSingleton<Features.Lifecycle.IScheduledJob, Features.Lifecycle.RequestOverdueJob>();
        services.AddSingleton<Features.Lifecycle.IScheduledJob, Features.Lifecycle.YearlySelfAssessmentJob>();
        services.AddSingleton<Features.Lifecycle.IScheduledJob, Features.Lifecycle.CorrectiveDeadlineJob>();
        services.AddSingleton<Features.Lifecycle.IScheduledJob, Features.Lifecycle.AccreditationJob>();
        services.AddSingleton<Features.Lifecycle.IScheduledJob, Features.Lifecycle.ExpertTrainingJob>();
        services.AddSingleton<Features.Lifecycle.SchedulerRunner>();
        services.AddSingleton(provider => new Hoshi.Data.Registry.RegistryLookupReader(provider.GetRequiredService<DatabaseSetting>()));
        services.AddSingleton(provider => new Hoshi.Data.Registry.RegistrySnapshot(provider.GetRequiredService<DatabaseSetting>(), provider.GetRequiredService<Hoshi.Data.Registry.RegistryLookupReader>()));
        services.AddScoped<Features.Audit.AuditLog>();
        services.AddScoped<Features.Experts.ExpertStore>();
        services.AddOptions<Features.Experts.ExpertSettings>().BindConfiguration(Features.Experts.ExpertSettings.Section);
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
