using Hoshi.Data.Accounts;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Accounts;

/// <summary>Identity as configured for Hoshi: password policy, unique e-mail, lockout.</summary>
public sealed class AccountRulesTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private static HoshiUser NewUser() =>
        new() { Id = Guid.CreateVersion7(), UserName = $"u{Guid.NewGuid():N}@example.jp", Email = $"u{Guid.NewGuid():N}@example.jp", DisplayName = "田中 花子" };

    private async Task<T> WithUsers<T>(Func<UserManager<HoshiUser>, Task<T>> use)
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<UserManager<HoshiUser>>());
    }

    [Theory]
    [InlineData("elevenchars", "PasswordTooShort")]
    [InlineData("Password1234", "PasswordCommon")]
    [InlineData("qwertyuiop12", "PasswordCommon")]
    public async Task Create_RefusesPasswordsThePolicyRefuses(string password, string code)
    {
        var result = await WithUsers(users => users.CreateAsync(NewUser(), password));

        Assert.False(result.Succeeded);
        Assert.Equal(code, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData("correct horse battery")]
    [InlineData("ほしのせいみつぶひんこうじょう")]
    public async Task Create_AcceptsLongPasswords_WithoutCompositionRules(string password)
    {
        var result = await WithUsers(users => users.CreateAsync(NewUser(), password));

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
    }

    [Fact]
    public async Task Create_RefusesASecondAccountWithTheSameEmail()
    {
        var first = NewUser();
        var second = NewUser();
        second.Email = first.Email;

        var results = await WithUsers(async users => (await users.CreateAsync(first, "correct horse battery"), await users.CreateAsync(second, "correct horse battery")));

        Assert.True(results.Item1.Succeeded);
        Assert.Contains(results.Item2.Errors, e => e.Code == "DuplicateEmail");
    }

    [Fact]
    public async Task FiveFailedSignIns_LockTheAccount()
    {
        var locked = await WithUsers(async users =>
        {
            var user = NewUser();
            await users.CreateAsync(user, "correct horse battery");
            for (var i = 0; i < AccountsFeature.MaxFailedSignIns - 1; i++)
            {
                await users.AccessFailedAsync(user);
            }

            var before = await users.IsLockedOutAsync(user);
            await users.AccessFailedAsync(user);
            return (before, await users.IsLockedOutAsync(user));
        });

        Assert.Equal((false, true), locked);
    }
}
