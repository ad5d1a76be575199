using System.Text;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Organizations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E.Organizations;

/// <summary>
/// The third proof of a 法人番号 in the browser: the administrator asks for a letter, the scheme
/// owner's officer prints it to the address the NTA publishes, the administrator types the code
/// from paper (on a phone) and the number is proven.
/// </summary>
public sealed class MailedCodeJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, name + ".png"), FullPage = true });

    private static async Task NoSidewaysScrollAsync(IPage page, string what) =>
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), what + " scrolls sideways on a phone.");

    [Fact]
    public async Task An_administrator_proves_the_number_with_the_code_the_officer_posted()
    {
        var number = Hoshi.Web.Cli.DemoData.CorporateNumberFor("501000100884");
        var line = $"1,{number},01,0,2026-11-30,2026-11-01,\"株式会社ゆうびん精機\",,301,静岡県,浜松市中央区,元城町103番地の2,,22,131,4308652,,,,,,,2015-10-05,1,,,,,ユウビンセイキ,0\r\n";
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CorporateIdentityStore>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(line)), "test");
        }

        var organization = await server.OrganizationAsync("株式会社ゆうびん精機", number, OrganizationRole.Applicant, EmployeeBand.UpTo10, "22");
        var admin = await server.PersonAsync(organization, MembershipRole.OrgAdmin, false, "郵便 花子");
        var ownerOrg = await server.OrganizationAsync("制度運営(郵送確認)", null, OrganizationRole.SchemeOwner);
        var officer = await server.PersonAsync(ownerOrg, MembershipRole.Officer, true, "運営 次郎");

        await server.JourneyAsync(async () =>
        {
            var adminPage = await server.SignInAsync(admin.Email, admin.Key);
            await adminPage.OpenAsync($"/organizations/{organization}");
            await Assertions.Expect(adminPage.GetByTestId("mailed-code")).ToContainTextAsync("静岡県浜松市中央区元城町103番地の2");
            await adminPage.GetByTestId("request-letter").ClickAsync();
            await Assertions.Expect(adminPage.GetByTestId("letter-requested")).ToBeVisibleAsync();
            await ShotAsync(adminPage, "mailed-code-requested");

            var officerPage = await server.SignInAsync(officer.Email, officer.Key);
            await officerPage.OpenAsync("/corporations/letters");
            var card = officerPage.GetByTestId($"letter-{organization}");
            await Assertions.Expect(card).ToContainTextAsync("株式会社ゆうびん精機");
            await ShotAsync(officerPage, "letters-to-print");
            await card.GetByTestId("print-confirm").CheckAsync();
            await card.GetByTestId("print").ClickAsync();
            await Assertions.Expect(officerPage.GetByTestId("letter-name")).ToHaveTextAsync("株式会社ゆうびん精機");
            await Assertions.Expect(officerPage.GetByTestId("letter")).ToContainTextAsync("〒430-8652");
            var code = await officerPage.GetByTestId("letter-code").InnerTextAsync();
            Assert.Matches("^[A-Z2-9]{5}-[A-Z2-9]{5}$", code);
            await ShotAsync(officerPage, "letter-printed");

            // On a phone, typed as people type from paper: lower case, no hyphen.
            await adminPage.SetViewportSizeAsync(390, 844);
            await adminPage.ReopenAsync();
            await Assertions.Expect(adminPage.GetByTestId("letter-sent")).ToBeVisibleAsync();
            await NoSidewaysScrollAsync(adminPage, "The organization page");
            await adminPage.GetByTestId("code").FillAsync("zzzzz-zzzzz");
            await adminPage.GetByTestId("enter-code").ClickAsync();
            await Assertions.Expect(adminPage.GetByTestId("error-summary")).ToContainTextAsync("確認コードが違います");
            await Assertions.Expect(adminPage.GetByTestId("code")).ToHaveAttributeAsync("aria-invalid", "true");
            await ShotAsync(adminPage, "mailed-code-wrong-phone");
            await adminPage.GetByTestId("code").FillAsync(code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
            await adminPage.GetByTestId("enter-code").ClickAsync();
            await Assertions.Expect(adminPage.GetByTestId("identity")).ToHaveAttributeAsync("data-verified", "true");
            await Assertions.Expect(adminPage.GetByTestId("identity")).ToContainTextAsync("本店所在地への郵送コードで確認");
            await ShotAsync(adminPage, "mailed-code-verified-phone");
        });
    }
}
