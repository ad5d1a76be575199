using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Features.Organizations;

namespace Hoshi.Web.Cli;

/// <summary>
/// <c>seed-demo</c>: loads the shipped catalogs and one demo organization per role. Safe to run
/// again: what exists is left as it is. (Demo users come with accounts.)
/// </summary>
public static class DemoData
{
    private const string Actor = "cli:seed-demo";

    /// <summary>Demo organizations; their 法人番号 are synthetic (prefix 9999) with valid check digits.</summary>
    internal static readonly (string Base12, string NameJa, string NameEn, EmployeeBand Band, string Industry, string Prefecture, OrganizationRole[] Roles)[] Organizations =
    [
        ("999900000001", "ほしの精密部品株式会社(デモ)", "Hoshino Precision Parts (demo)", EmployeeBand.From11To50, "24 金属製品製造業", "23", [OrganizationRole.Applicant]),
        ("999900000002", "星野自動車株式会社(デモ)", "Hoshino Motors (demo)", EmployeeBand.From5001To10000, "31 輸送用機械器具製造業", "23", [OrganizationRole.Buyer, OrganizationRole.Applicant]),
        ("999900000003", "一般社団法人 星セキュリティ評価センター(デモ)", "Star Security Evaluation Center (demo)", EmployeeBand.From51To100, "72 専門サービス業", "13", [OrganizationRole.EvaluationBody, OrganizationRole.VerificationProvider]),
        ("999900000004", "星テック検証株式会社(デモ)", "Star Tech Verification (demo)", EmployeeBand.From11To50, "39 情報サービス業", "27", [OrganizationRole.VerificationProvider]),
        ("999900000005", "SCS登録センター(デモ)", "SCS Registration Center (demo)", EmployeeBand.From11To50, "93 政治・経済・文化団体", "13", [OrganizationRole.RegistrationBody]),
        ("999900000006", "星認定機構(デモ)", "Star Accreditation Organization (demo)", EmployeeBand.From11To50, "93 政治・経済・文化団体", "13", [OrganizationRole.AccreditationBody]),
        ("999900000007", "制度運営事務局(デモ)", "Scheme Operator (demo)", EmployeeBand.From101To300, "97 国家公務", "13", [OrganizationRole.SchemeOwner]),
    ];

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

            await Console.Out.WriteLineAsync($"  {number.Value}  {demo.NameJa}  [{string.Join(", ", demo.Roles)}]");
        }

        await Console.Out.WriteLineAsync("Demo users and their passwords come with accounts (sign-in is not built yet).");
        return 0;
    }
}
