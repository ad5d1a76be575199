using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Hoshi.Web.Features.Accounts;

/// <summary>Applies <see cref="PasswordPolicy"/> wherever Identity sets a password.</summary>
public sealed class PolicyPasswordValidator : IPasswordValidator<HoshiUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<HoshiUser> manager, HoshiUser user, string? password) =>
        Task.FromResult(PasswordPolicy.Check(password) is { } problem ? Refuse(problem) : IdentityResult.Success);

    private static IdentityResult Refuse(PasswordProblem problem) =>
        problem switch
        {
            PasswordProblem.TooShort => IdentityResult.Failed(new IdentityError { Code = "PasswordTooShort", Description = $"The password must have at least {PasswordPolicy.MinimumLength} characters." }),
            PasswordProblem.TooLong => IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = $"The password must have at most {PasswordPolicy.MaximumLength} characters." }),
            PasswordProblem.Common => IdentityResult.Failed(new IdentityError { Code = "PasswordCommon", Description = "This password is among the most common ones; choose another." }),
            PasswordProblem.Repetitive => IdentityResult.Failed(new IdentityError { Code = "PasswordRepetitive", Description = "This password repeats characters or runs in sequence; choose another." }),
        };
}
