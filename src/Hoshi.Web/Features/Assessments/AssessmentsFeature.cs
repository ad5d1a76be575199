namespace Hoshi.Web.Features.Assessments;

/// <summary>The Assessments feature: the applicant's round (self-assessment). Its services are registered here, beside its pages.</summary>
public static class AssessmentsFeature
{
    public static IServiceCollection AddAssessments(this IServiceCollection services)
    {
        services.AddScoped<AssessmentStore>();
        services.AddScoped<AssessmentSteps>();
        services.AddScoped<AssignmentStore>();
        services.AddScoped<AdviceStore>();
        services.AddScoped<SheetUploads>();
        return services;
    }
}
