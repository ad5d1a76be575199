using Hoshi.Data.Accounts;
using Hoshi.Data.Audit;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Accounts;
using Hoshi.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Tests.Accounts;

/// <summary>Invitations and API tokens on the real database (SQLite or PostgreSQL, per HOSHI_TEST_DB).</summary>
public sealed class AccessStoresTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private async Task<(Data.Organizations.OrganizationRecord Organization, HoshiUser Admin)> OrganizationWithAdminAsync()
    {
        await using var db = database.NewContext();
        var organization = await new OrganizationStore(db, database.Clock)
            .CreateAsync(new NewOrganization("招待の検証株式会社", null, null, EmployeeBand.From11To50, null, null), "test");
        var admin = await UserAsync(db);
        db.Memberships.Add(new MembershipRecord { UserId = admin.Id, OrganizationId = organization.Id, Role = MembershipRole.OrgAdmin, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return (await db.Organizations.Include(o => o.Roles).AsNoTracking().SingleAsync(o => o.Id == organization.Id), admin);
    }

    private static async Task<HoshiUser> UserAsync(AppDbContext db, string? email = null)
    {
        email ??= $"u.{Guid.NewGuid():N}@example.jp";
        var user = new HoshiUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = "検証",
            SecurityStamp = Guid.NewGuid().ToString(),
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    [Fact]
    public async Task Two_simultaneous_accepts_of_one_invitation_make_one_membership()
    {
        var (organization, admin) = await OrganizationWithAdminAsync();
        HoshiUser invitee;
        string secret;
        await using (var db = database.NewContext())
        {
            invitee = await UserAsync(db);
            (_, secret) = await new InvitationStore(db, database.Clock).CreateAsync(organization, invitee.Email!, MembershipRole.Member, admin.Id, "127.0.0.1");
            await db.SaveChangesAsync();
        }

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = database.NewContext();
            try
            {
                return await new InvitationStore(db, database.Clock).AcceptAsync(secret, invitee, "127.0.0.1");
            }
            catch (DbUpdateException)
            {
                // SQLite may refuse a second writer outright; that is a refusal too.
                return InvitationProblem.AlreadyUsed;
            }
        }));

        Assert.Single(attempts, a => a == InvitationProblem.None);
        await using var check = database.NewContext();
        Assert.Equal(1, await check.Memberships.CountAsync(m => m.UserId == invitee.Id && m.OrganizationId == organization.Id));
        Assert.Equal(1, await check.AuditRecords.CountAsync(a => a.Action == "invitation.accepted" && a.Actor == invitee.Id.ToString()));
        Assert.True((await AuditTrail.VerifyAsync(check)).Intact);
    }

    [Fact]
    public async Task An_invitation_is_refused_after_seven_days()
    {
        var (organization, admin) = await OrganizationWithAdminAsync();
        await using var db = database.NewContext();
        var invitee = await UserAsync(db);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(database.Clock.GetUtcNow());
        var store = new InvitationStore(db, clock);
        var (_, secret) = await store.CreateAsync(organization, invitee.Email!, MembershipRole.Member, admin.Id, null);
        await db.SaveChangesAsync();

        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(InvitationProblem.Expired, await store.AcceptAsync(secret, invitee, null));
        Assert.False(await db.Memberships.AnyAsync(m => m.UserId == invitee.Id && m.OrganizationId == organization.Id));
    }

    [Fact]
    public async Task A_token_is_stored_as_its_hash_and_revoked_once()
    {
        var (organization, admin) = await OrganizationWithAdminAsync();
        await using var db = database.NewContext();
        var store = new ApiTokenStore(db, database.Clock);
        var (token, secret) = await store.CreateAsync(organization.Id, "連携", [ApiScope.AuditRead, ApiScope.OrganizationRead], admin.Id, null);

        await using var check = database.NewContext();
        var stored = await check.ApiTokens.SingleAsync(t => t.Id == token.Id);
        Assert.Equal(ApiTokenAuthentication.Hash(secret), stored.TokenHash);
        Assert.False(await check.ApiTokens.AnyAsync(t => t.TokenHash == secret || t.Prefix == secret));
        Assert.Equal("organization:read audit:read", stored.Scopes);

        Assert.True(await store.RevokeAsync(organization.Id, token.Id, admin.Id, null));
        Assert.False(await store.RevokeAsync(organization.Id, token.Id, admin.Id, null));
        Assert.False(await store.RevokeAsync(Guid.NewGuid(), token.Id, admin.Id, null));
        Assert.Equal(1, await check.AuditRecords.CountAsync(a => a.Action == "api-token.revoked" && a.ObjectId == token.Id.ToString()));
    }
}
