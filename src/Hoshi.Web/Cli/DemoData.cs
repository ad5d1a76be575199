using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Cli;

/// <summary>
/// <c>seed-demo</c>: loads the shipped catalogs, one demo organization per role and one demo
/// person in each. Safe to run again: what exists is left as it is.
/// </summary>
public static class DemoData
{
    private const string Actor = "cli:seed-demo";

    /// <summary>Demo organizations; their 法人番号 are synthetic (prefix 9999) with valid check digits.</summary>
    internal static readonly (string Base12, string NameJa, string NameEn, EmployeeBand Band, string Industry, string Prefecture, OrganizationRole[] Roles, DemoUser User)[] Organizations =
    [
        ("999900000001", "ほしの精密部品株式会社(デモ)", "Hoshino Precision Parts (demo)", EmployeeBand.From11To50, "24 金属製品製造業", "23", [OrganizationRole.Applicant],
            new("applicant", "山田 太郎", MembershipRole.OrgAdmin)),
        ("999900000002", "星野自動車株式会社(デモ)", "Hoshino Motors (demo)", EmployeeBand.From5001To10000, "31 輸送用機械器具製造業", "23", [OrganizationRole.Buyer, OrganizationRole.Applicant],
            new("buyer", "鈴木 花子", MembershipRole.OrgAdmin)),
        ("999900000003", "一般社団法人 星セキュリティ評価センター(デモ)", "Star Security Evaluation Center (demo)", EmployeeBand.From51To100, "72 専門サービス業", "13", [OrganizationRole.EvaluationBody, OrganizationRole.VerificationProvider],
            new("assessor", "高橋 誠", MembershipRole.LeadAssessor)),
        ("999900000004", "星テック検証株式会社(デモ)", "Star Tech Verification (demo)", EmployeeBand.From11To50, "39 情報サービス業", "27", [OrganizationRole.VerificationProvider],
            new("verifier", "伊藤 健", MembershipRole.Assessor)),
        ("999900000005", "SCS登録センター(デモ)", "SCS Registration Center (demo)", EmployeeBand.From11To50, "93 政治・経済・文化団体", "13", [OrganizationRole.RegistrationBody],
            new("registrar", "渡辺 恵", MembershipRole.Officer)),
        ("999900000006", "星認定機構(デモ)", "Star Accreditation Organization (demo)", EmployeeBand.From11To50, "93 政治・経済・文化団体", "13", [OrganizationRole.AccreditationBody],
            new("accreditor", "中村 修", MembershipRole.Officer)),
        ("999900000007", "制度運営事務局(デモ)", "Scheme Operator (demo)", EmployeeBand.From101To300, "97 国家公務", "13", [OrganizationRole.SchemeOwner],
            new("owner", "小林 直子", MembershipRole.Officer)),
    ];

    /// <summary>A demo person: signs in as KEY@demo.hoshi.localhost with the password hoshi-demo-KEY.</summary>
    internal sealed record DemoUser(string Key, string Name, MembershipRole Role)
    {
        public string Email => $"{Key}@demo.hoshi.localhost";

        public string Password => $"hoshi-demo-{Key}";

        /// <summary>
        /// The demo person's authenticator key (base32), fixed so that demos and tests can compute
        /// codes; only people whose role requires two-factor sign-in get one.
        /// </summary>
        public string AuthenticatorKey => Base32(SHA256.HashData(Encoding.UTF8.GetBytes("hoshi-demo-totp-" + Key)).AsSpan(0, 20));
    }

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }

    public static string CorporateNumberFor(string base12) => CorporateNumber.CheckDigit(base12) + base12;

    public static async Task<int> SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<CatalogStore>();
        await Console.Out.WriteLineAsync("Catalogs shipped with Hoshi:");
        foreach (var result in await store.ImportShippedAsync(Actor, ct))
        {
            var outcome = result.Outcome == ImportOutcome.Imported ? "imported" : "already present";
            await Console.Out.WriteLineAsync($"  {result.Id} ({result.Version}): {outcome}");
        }

        var organizations = services.GetRequiredService<OrganizationStore>();
        await Console.Out.WriteLineAsync("Demo organizations (法人番号, name, roles):");
        foreach (var demo in Organizations)
        {
            var number = CorporateNumber.Parse(CorporateNumberFor(demo.Base12));
            var organization = await organizations.FindByCorporateNumberAsync(number, ct)
                ?? await organizations.CreateAsync(new NewOrganization(demo.NameJa, demo.NameEn, number.Value, demo.Band, demo.Industry, demo.Prefecture, IsSynthetic: true), Actor, ct);
            foreach (var role in demo.Roles)
            {
                await organizations.GrantRoleAsync(organization.Id, role, Actor, actorAdministersTheOrganization: true, actorIsSchemeOwnerAdmin: true, ct);
            }

            // The demo organizations' (synthetic) numbers count as proven, so that the demo can register them.
            if (organization.VerifiedCorporateNumber is null)
            {
                await MarkVerifiedAsync(services, organization.Id, number.Value, ct);
            }

            await Console.Out.WriteLineAsync($"  {number.Value}  {demo.NameJa}  [{string.Join(", ", demo.Roles)}]");
            await EnsurePersonAsync(services, demo.User, organization.Id, demo.Roles, ct);
        }

        // The demo accreditation body accredits the demo evaluation body (both scopes) and the demo verification provider.
        var accreditations = services.GetRequiredService<Features.Accreditation.AccreditationStore>();
        var accreditor = await organizations.FindByCorporateNumberAsync(CorporateNumber.Parse(CorporateNumberFor("999900000006")), ct);
        foreach (var (base12, scope, accreditationNumber) in new[] { ("999900000003", Domain.Accreditation.AccreditationScope.Both, "DEMO-A-001"), ("999900000004", Domain.Accreditation.AccreditationScope.TechnicalVerification, "DEMO-A-002") })
        {
            var body = await organizations.FindByCorporateNumberAsync(CorporateNumber.Parse(CorporateNumberFor(base12)), ct);
            if (accreditor is null || body is null || (await accreditations.TermsOfAsync(body.Id, ct)).Count > 0)
            {
                continue;
            }

            // Granted ten months ago: the first yearly surveillance visit falls due within the inbox's horizon.
            var from = accreditations.Today.AddMonths(-10);
            await accreditations.GrantAsync(accreditor.Id, new Features.Accreditation.NewAccreditation(body.Id, accreditationNumber, scope, from, Domain.Accreditation.AccreditationRules.DefaultValidUntil(from)), Guid.Empty, null, ct);
            await Console.Out.WriteLineAsync($"  accredited: {body.LegalNameJa} ({accreditationNumber}, {scope})");
        }

        await DemoWorld.SeedAsync(services, ct);

        await Console.Out.WriteLineAsync("Demo users (sign in at /account/sign-in; these passwords are public, for demos only):");
        foreach (var demo in Organizations)
        {
            await Console.Out.WriteLineAsync($"  {demo.User.Email,-34} {demo.User.Password,-24} {demo.User.Role,-13} {demo.NameJa}");
        }

        await Console.Out.WriteLineAsync("Two-factor sign-in is required for bodies' people. Their demo authenticator keys (add to an app, or: oathtool --totp -b KEY):");
        foreach (var demo in Organizations.Where(d => RequiresTwoFactor(d.User, d.Roles)))
        {
            await Console.Out.WriteLineAsync($"  {demo.User.Email,-34} {demo.User.AuthenticatorKey}");
        }

        return 0;
    }

    internal static bool RequiresTwoFactor(DemoUser demo, OrganizationRole[] organizationRoles) =>
        new MembershipGrant(Guid.Empty, demo.Role, organizationRoles).RequiresTwoFactor;

    /// <summary>The demo organization's 法人番号 counts as proven (method "demo").</summary>
    internal static Task MarkVerifiedAsync(IServiceProvider services, Guid organizationId, string number, CancellationToken ct) =>
        services.GetRequiredService<AppDbContext>().Organizations.Where(o => o.Id == organizationId).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.VerifiedCorporateNumber, number)
            .SetProperty(o => o.CorporateNumberVerificationMethod, "demo")
            .SetProperty(o => o.CorporateNumberVerifiedAt, DateTime.UtcNow), ct);

    /// <summary>The demo person's user id, made with their membership when missing.</summary>
    internal static async Task<Guid> EnsurePersonAsync(IServiceProvider services, DemoUser demo, Guid organizationId, OrganizationRole[] organizationRoles, CancellationToken ct)
    {
        var users = services.GetRequiredService<UserManager<HoshiUser>>();
        var db = services.GetRequiredService<AppDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        if (await users.FindByEmailAsync(demo.Email) is { } existing)
        {
            return existing.Id;
        }

        var now = clock.GetUtcNow();
        var user = new HoshiUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = demo.Email,
            Email = demo.Email,
            EmailConfirmed = true,
            DisplayName = demo.Name,
            CreatedAt = now.UtcDateTime,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, demo.Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {demo.Email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }

        if (RequiresTwoFactor(demo, organizationRoles))
        {
            var store = (IUserAuthenticatorKeyStore<HoshiUser>)services.GetRequiredService<IUserStore<HoshiUser>>();
            await store.SetAuthenticatorKeyAsync(user, demo.AuthenticatorKey, ct);
            user.TwoFactorEnabled = true;
            await users.UpdateAsync(user);
        }

        db.Memberships.Add(new MembershipRecord { UserId = user.Id, OrganizationId = organizationId, Role = demo.Role, CreatedAt = now.UtcDateTime });
        db.Audit(new AuditEvent(Actor, organizationId.ToString(), "account.created", "User", user.Id.ToString(), JsonSerializer.Serialize(new { email = demo.Email, role = demo.Role.ToString() }), null), now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return user.Id;
    }
}
