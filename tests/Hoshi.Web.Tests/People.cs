using System.Net;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Shared.Mail;
using Hoshi.Web.Tests.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Hoshi.Web.Tests;

/// <summary>A person made for a test: confirmed, with a password, in one organization, maybe with an authenticator.</summary>
internal sealed record Person(Guid UserId, string Email, string Password, Guid OrganizationId, string? AuthenticatorKey);

/// <summary>Makes organizations and people straight in the database, then signs them in over HTTP as a browser would.</summary>
internal sealed class People(WebApplicationFactory<Program> factory, string? mailFolder)
{
    public People(HoshiFactory factory)
        : this(factory, factory.MailFolder)
    {
    }

    public const string Password = "テスト用の長い合言葉です-2026";

    private Uri Base => (factory as HoshiFactory)?.ClientBase ?? new Uri("http://localhost");

    public HttpClient NewBrowser() => factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Base, AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A browser whose cookies the test can read (to replay them later from another client).</summary>
    public HttpClient NewBrowser(System.Net.CookieContainer jar) => factory.CreateDefaultClient(Base, new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(jar));

    /// <summary>A client that sends exactly the cookies it is given (a copied cookie) and keeps none.</summary>
    public HttpClient ReplayBrowser() => factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Base, AllowAutoRedirect = false, HandleCookies = false });

    public async Task<Guid> OrganizationAsync(string name, params OrganizationRole[] roles)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<OrganizationStore>();
        var organization = await store.CreateAsync(new NewOrganization(name, null, null, EmployeeBand.From11To50, null, "13"), "test");
        foreach (var role in roles)
        {
            await store.GrantRoleAsync(organization.Id, role, "test", true, true);
        }

        return organization.Id;
    }

    /// <summary>A person in <paramref name="organizationId"/>; with two-factor enrolled when <paramref name="twoFactor"/>.</summary>
    public async Task<Person> PersonAsync(Guid organizationId, MembershipRole role, bool twoFactor = false, string? email = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HoshiUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        email ??= $"p.{Guid.NewGuid():N}@example.jp";
        var user = new HoshiUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = "試験 太郎", CreatedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        string? key = null;
        if (twoFactor)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        db.Memberships.Add(new MembershipRecord { UserId = user.Id, OrganizationId = organizationId, Role = role, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return new Person(user.Id, email, Password, organizationId, key);
    }

    /// <summary>A browser signed in as <paramref name="person"/> (with the code step when two-factor is on).</summary>
    public async Task<HttpClient> SignedInAsync(Person person, System.Net.CookieContainer? jar = null)
    {
        var browser = jar is null ? NewBrowser() : NewBrowser(jar);
        var response = await FormPost.SendAsync(browser, "/account/sign-in", new() { ["Email"] = person.Email, ["Password"] = person.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (person.AuthenticatorKey is { } key)
        {
            Assert.StartsWith("/account/sign-in/code", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
            var code = await FormPost.SendAsync(browser, "/account/sign-in/code", new() { ["Code"] = await Totp.NextCodeAsync(key) });
            Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        }

        return browser;
    }

    public async Task<(Person Person, HttpClient Browser)> SignedInMemberAsync(Guid organizationId, MembershipRole role, bool twoFactor = false)
    {
        var person = await PersonAsync(organizationId, role, twoFactor);
        return (person, await SignedInAsync(person));
    }

    /// <summary>Waits until the outbox has delivered every mail to <paramref name="email"/> and returns the newest mail to <paramref name="email"/>.</summary>
    public async Task<MimeMessage> MailToAsync(string email)
    {
        await Outbox.DeliveredToAsync(factory.Services, email);
        var mails = Directory.Exists(mailFolder)
            ? Directory.GetFiles(mailFolder, "*.eml").Select(f => (File: f, Message: MimeMessage.Load(f))).Where(m => m.Message.To.Mailboxes.Any(x => x.Address == email)).ToList()
            : [];
        Assert.NotEmpty(mails);
        return mails.OrderBy(m => File.GetLastWriteTimeUtc(m.File)).ThenBy(m => m.Message.Date).Last().Message;
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
