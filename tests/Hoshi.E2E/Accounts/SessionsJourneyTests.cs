using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Microsoft.Playwright;

namespace Hoshi.E2E.Accounts;

/// <summary>On a phone, a person sees where they are signed in and signs out everywhere.</summary>
public sealed class SessionsJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    [Fact]
    public async Task On_a_phone_a_person_sees_the_sessions_and_signs_out_everywhere()
    {
        var organization = await server.OrganizationAsync("端末確認工業株式会社", null, OrganizationRole.Applicant);
        var (email, _, _) = await server.PersonAsync(organization, MembershipRole.OrgAdmin, twoFactor: false, "佐藤 一郎");
        await server.JourneyAsync(async () =>
        {
            var laptop = await server.SignInAsync(email, null);
            var phone = await server.SignInAsync(email, null);
            await phone.SetViewportSizeAsync(390, 844);
            await phone.OpenAsync("/account");
            await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "サインイン中の端末" })).ToBeVisibleAsync();
            await Assertions.Expect(phone.GetByTestId("session")).ToHaveCountAsync(2);
            await Assertions.Expect(phone.GetByTestId("session-current")).ToHaveCountAsync(1);
            Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the account page scrolls sideways at 390 px");
            await phone.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "account-sessions-390.png"), FullPage = true });

            await phone.GetByTestId("sign-out-everywhere").ClickAsync();
            await phone.ExpectPathAsync("/account/sign-in");
            await Assertions.Expect(phone.GetByTestId("message")).ToContainTextAsync("すべての端末からサインアウトしました");
            await phone.ScreenshotAsync(new() { Path = Path.Combine(HoshiServer.ScreenshotFolder, "signed-out-everywhere-390.png"), FullPage = true });

            // The laptop's session ended too.
            await laptop.OpenAsync("/account");
            await laptop.ExpectPathAsync("/account/sign-in*");
        });
    }
}
