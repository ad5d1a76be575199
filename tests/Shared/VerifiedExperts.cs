using Hoshi.Domain.Experts;
using Hoshi.Web.Features.Experts;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Tests.Shared;

/// <summary>Registers a person as an expert and has a scheme-owner officer verify them, as the scheme requires before anyone can choose them.</summary>
internal static class VerifiedExperts
{
    public static async Task RegisterAsync(IServiceProvider services, Guid userId, ExpertInput input)
    {
        await using var scope = services.CreateAsyncScope();
        var experts = scope.ServiceProvider.GetRequiredService<ExpertStore>();
        var profile = await experts.SaveAsync(userId, null, input, null);
        var basis = profile.RegistrationNumber is not null ? ExpertVerification.RegisterBasis : experts.AcceptedQualifications[0];
        var problem = await experts.DecideVerificationAsync(userId, VerificationAction.Verify, basis, null, profile.Version, Guid.NewGuid(), null);
        if (problem != VerificationProblem.None)
        {
            throw new InvalidOperationException($"The expert could not be verified: {problem}");
        }
    }
}
