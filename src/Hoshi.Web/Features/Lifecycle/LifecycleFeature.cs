namespace Hoshi.Web.Features.Lifecycle;

/// <summary>The Lifecycle feature: scheduled jobs, notifications and operations. Its services are registered here, beside its pages.</summary>
public static class LifecycleFeature
{
    public static IServiceCollection AddLifecycle(this IServiceCollection services)
    {
        services.AddScoped<NotificationStore>();
        services.AddScoped<OperationsStore>();
        services.AddOptions<Domain.Lifecycle.LifecycleSettings>().BindConfiguration("Lifecycle");
        services.AddOptions<SchedulerSettings>().BindConfiguration(SchedulerSettings.Section);
        services.AddScoped<Notifier>();
        services.AddScoped<StepNotices>();
        services.AddScoped<NotificationCounter>();
        services.AddSingleton<IScheduledJob, RegistryExpiryJob>();
        services.AddSingleton<IScheduledJob, ExpiryReminderJob>();
        services.AddSingleton<IScheduledJob, RequestOverdueJob>();
        services.AddSingleton<IScheduledJob, YearlySelfAssessmentJob>();
        services.AddSingleton<IScheduledJob, CorrectiveDeadlineJob>();
        services.AddSingleton<IScheduledJob, AccreditationJob>();
        services.AddSingleton<IScheduledJob, ExpertTrainingJob>();
        services.AddSingleton<IScheduledJob, AuditVerifyJob>();
        services.AddSingleton<SchedulerRunner>();
        return services;
    }
}
