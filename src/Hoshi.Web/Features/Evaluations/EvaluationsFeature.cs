namespace Hoshi.Web.Features.Evaluations;

/// <summary>The Evaluations feature: ★4 third-party evaluations. Its services are registered here, beside its pages.</summary>
public static class EvaluationsFeature
{
    public static IServiceCollection AddEvaluations(this IServiceCollection services)
    {
        services.AddScoped<EvaluationStore>();
        services.AddScoped<TechnicalVerificationStore>();
        services.AddScoped<AuditStore>();
        services.AddScoped<EvaluationReports>();
        services.AddScoped<YearlyStore>();
        services.AddOptions<EvaluationSettings>().BindConfiguration(EvaluationSettings.Section);
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, EvaluationAccessHandler>();
        return services;
    }
}
