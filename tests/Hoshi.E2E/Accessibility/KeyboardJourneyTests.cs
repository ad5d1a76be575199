using Deque.AxeCore.Playwright;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Experts;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Features.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E.Accessibility;

/// <summary>
/// The ★3 applicant's journey and the expert's review with the keyboard alone (issue 27): sign in,
/// start, scope, an answer in the sheet's table and one in guided mode, the rest by an Excel upload,
/// choose the expert, submit; the expert signs in with a code, declares, judges, accepts the scope and
/// approves. Every step is Tab / Shift+Tab / Enter / Space / arrows or typing (<see cref="KeyboardOnly"/>
/// checks each focus is visible and never stuck); after an autosave the focus is where the person left
/// it, after an error it is on the error summary.
/// </summary>
public sealed class KeyboardJourneyTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    [Fact]
    public async Task A_star3_goes_from_sign_in_to_the_experts_approval_with_the_keyboard_alone()
    {
        var organization = await server.OrganizationAsync("キーボード精工株式会社", null, OrganizationRole.Applicant, EmployeeBand.UpTo10);
        var applicant = await server.PersonAsync(organization, MembershipRole.OrgAdmin, false, "鍵盤 一郎");
        var expertOrganization = await server.OrganizationAsync("打鍵セキュリティ事務所", null, OrganizationRole.Applicant);
        var expert = await server.PersonAsync(expertOrganization, MembershipRole.Member, true, "打鍵 花子");
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var experts = scope.ServiceProvider.GetRequiredService<ExpertStore>();
            var profile = await experts.SaveAsync(expert.Id, null, new ExpertInput("054321", null, "打鍵セキュリティ事務所", DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-2))), null);
            Assert.Equal(VerificationProblem.None, await experts.DecideVerificationAsync(expert.Id, VerificationAction.Verify, ExpertVerification.RegisterBasis, null, profile.Version, Guid.NewGuid(), null));
        }

        var workbook = Path.Combine(Path.GetTempPath(), $"hoshi-keyboard-{Guid.NewGuid():N}.xlsx");
        await server.JourneyAsync(async () =>
        {
            // Sign in: the skip link first, then the form.
            var page = await server.NewPageAsync();
            var keys = new KeyboardOnly(page);
            await page.OpenAsync("/account/sign-in");
            await keys.TabToAsync(page.Locator(".skip-link"));
            await keys.TypeIntoAsync(page.GetByLabel("メールアドレス"), applicant.Email);
            await keys.TypeIntoAsync(page.GetByLabel("パスワード"), People.Password);
            await page.Keyboard.PressAsync("Enter");
            await page.ExpectPathAsync("/");

            // Start a ★3 round from the organization's assessments.
            await page.OpenAsync($"/organizations/{organization}/assessments");
            await keys.PressOnAsync(page.GetByTestId("start-star3"));
            await page.ExpectPathAsync("/assessments/*");
            var overview = page.Url;
            var assessment = Guid.Parse(new Uri(overview).AbsolutePath.Split('/')[2]);

            // Scope: an error first (saved with nothing chosen is fine, so a bad number is typed), then the answers.
            await keys.PressOnAsync(page.GetByTestId("scope-link"));
            await page.ExpectPathAsync("/assessments/*/scope");
            await ChooseAsync(keys, page.Locator("#q-wholecompany"), "はい");
            await ChooseAsync(keys, page.Locator("#q-boundarydevicesinscope"), "はい");
            await keys.TypeIntoAsync(page.Locator("#boundaryprotection"), "ルーターとファイアウォールは当社が管理し、設定を年に一度見直しています。");
            await ChooseAsync(keys, page.Locator("#q-cloudinscope"), "はい");
            await ChooseAsync(keys, page.Locator("#q-byodinscope"), "はい");
            await ChooseAsync(keys, page.Locator("#q-remoteworkinscope"), "はい");
            await keys.TypeIntoAsync(page.Locator("#locations"), "本社(愛知県岡崎市)");
            await keys.TypeIntoAsync(page.Locator("#filler-name"), "鍵盤 一郎");
            await keys.TypeIntoAsync(page.Locator("#filler-department"), "総務部");
            await keys.TypeIntoAsync(page.Locator("#filler-years"), "三年");
            await keys.PressOnAsync(page.GetByTestId("save-scope"));
            await page.LoadedAsync();
            await Assertions.Expect(page.GetByTestId("error-summary")).ToBeVisibleAsync();
            await keys.ExpectFocusOnAsync(page.GetByTestId("error-summary"), "After an error the summary has the focus");
            // The summary's entry leads to the field; Enter there puts the focus in it.
            await keys.PressOnAsync(page.GetByTestId("error-summary").GetByRole(AriaRole.Link).First);
            await keys.ExpectFocusOnAsync(page.Locator("#filler-years"), "The error summary's link puts the focus on its field");
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.InsertTextAsync("3");
            await keys.PressOnAsync(page.GetByTestId("save-scope"));
            await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();

            // The sheet in table mode: the first criterion answered; the focus stays in the note while it saves.
            await page.OpenAsync(overview);
            await keys.PressOnAsync(page.GetByTestId("sheet-link"));
            await page.ExpectPathAsync("/assessments/*/sheet*");
            var first = (await page.Locator("form[data-answer]").First.GetAttributeAsync("id"))!["c-".Length..];
            var item = page.Locator($"#c-{first}");
            await ChooseAsync(keys, item, "実施している");
            var note = item.GetByLabel("回答の補足");
            await keys.TypeIntoAsync(note, "情報セキュリティ基本方針(2026-04-01 改定)");
            await Assertions.Expect(page.GetByTestId($"status-{first}")).ToContainTextAsync("保存しました");
            await keys.ExpectFocusOnAsync(note, "After the autosave the focus stays in the note");
            await keys.ExpectNoTrapAsync();

            // Guided mode: the next unanswered question, answered and sent with the keyboard.
            await page.OpenAsync(overview);
            await keys.PressOnAsync(page.GetByTestId("guided-link"));
            await page.ExpectPathAsync("/assessments/*/guided*");
            await Assertions.Expect(page.GetByTestId("guided-remaining")).ToContainTextAsync("残り 80 件");
            foreach (var criterion in await page.Locator("fieldset.criterion").AllAsync())
            {
                var id = (await criterion.GetAttributeAsync("id"))!["c-".Length..];
                await ChooseAsync(keys, criterion, page.GetByTestId($"choice-{id}-yes"));
                await keys.TypeIntoAsync(page.GetByTestId($"supplement-{id}"), "社内の規程に定め、全員に周知しています。");
            }

            await keys.PressOnAsync(page.GetByTestId("guided-next"));
            await page.ExpectPathAsync("/assessments/*/guided?r=*");
            var remaining = await page.GetByTestId("guided-remaining").InnerTextAsync();
            Assert.DoesNotContain("残り 80 件", remaining, StringComparison.Ordinal);

            // The rest offline: the workbook downloaded with Enter, filled, uploaded through the file chooser opened with Space.
            await page.OpenAsync(overview);
            await keys.PressOnAsync(page.GetByTestId("excel-link"));
            await page.ExpectPathAsync("/assessments/*/excel");
            await keys.TabToAsync(page.GetByTestId("excel-download"));
            var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
            await download.SaveAsAsync(workbook);
            await FillWorkbookAsync(assessment, workbook);
            await keys.TabToAsync(page.GetByLabel("Excel ファイル(.xlsx)"));
            var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Keyboard.PressAsync("Space"));
            await chooser.SetFilesAsync(workbook);
            await keys.PressOnAsync(page.GetByTestId("excel-upload"));
            await Assertions.Expect(page.GetByTestId("import-done")).ToBeVisibleAsync();

            // Choose the expert (the page reloads), give the hours, submit.
            await page.OpenAsync(overview);
            await keys.TypeIntoAsync(page.GetByLabel("専門家のメールアドレス"), expert.Email);
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.GetByTestId("expert")).ToContainTextAsync("打鍵 花子");
            await keys.TypeIntoAsync(page.GetByLabel("適用範囲の検討にかかった時間(時間)"), "2");
            await keys.TypeIntoAsync(page.GetByLabel("アセスメントシートの回答にかかった時間(時間)"), "6");
            await keys.PressOnAsync(page.GetByTestId("submit-for-review"));
            await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("専門家が確認中");

            // The expert: signs in with the authenticator's code, opens the round from the review list.
            var expertPage = await server.NewPageAsync();
            var expertKeys = new KeyboardOnly(expertPage);
            await expertPage.OpenAsync("/account/sign-in");
            await expertKeys.TypeIntoAsync(expertPage.GetByLabel("メールアドレス"), expert.Email);
            await expertKeys.TypeIntoAsync(expertPage.GetByLabel("パスワード"), People.Password);
            await expertPage.Keyboard.PressAsync("Enter");
            await expertPage.ExpectPathAsync("/account/sign-in/code");
            await expertKeys.TypeIntoAsync(expertPage.GetByLabel("確認コード"), await Totp.NextCodeAsync(expert.Key!));
            await expertPage.Keyboard.PressAsync("Enter");
            await expertPage.ExpectPathAsync("/");
            await expertPage.OpenAsync("/reviews");
            await expertKeys.PressOnAsync(expertPage.GetByRole(AriaRole.Link, new() { Name = "キーボード精工株式会社" }));
            await expertPage.ExpectPathAsync("/reviews/*");

            // No conflict of interest, declared with Space and Enter.
            await expertKeys.PressOnAsync(expertPage.GetByTestId("declare-confirm"), "Space");
            await expertKeys.PressOnAsync(expertPage.GetByTestId("declare"));
            await Assertions.Expect(expertPage.GetByTestId("declare-form")).ToHaveCountAsync(0);

            // Every verdict but the first one written through the store; the first one chosen with the keyboard.
            await using (var scope = server.Services.CreateAsyncScope())
            {
                var loaded = (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().LoadAsync(assessment))!;
                var reviews = scope.ServiceProvider.GetRequiredService<ReviewStore>();
                foreach (var criterion in loaded.Catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria).Where(c => c.Id != first))
                {
                    Assert.True((await reviews.SaveVerdictAsync(loaded, criterion.Id, Verdict.Conformant, null, 0, expert.Id, null)).Saved);
                }
            }

            await expertPage.ReopenAsync();
            var judged = expertPage.Locator($"#c-{first}");
            await ChooseAsync(expertKeys, judged, judged.GetByLabel("適合", new() { Exact = true }));
            await Assertions.Expect(expertPage.GetByTestId($"status-{first}")).ToContainTextAsync("保存しました");
            await expertKeys.PressOnAsync(expertPage.GetByTestId("scope-verdict-Accepted"), "Space");
            await expertKeys.PressOnAsync(expertPage.GetByTestId("scope-save"));
            await Assertions.Expect(expertPage.GetByTestId("scope-standing")).ToHaveTextAsync("承認済み");

            // Approval is a step that cannot be undone: the confirmation page, answered with Enter.
            await expertKeys.PressOnAsync(expertPage.GetByTestId("finalize"));
            await Assertions.Expect(expertPage.GetByTestId("confirm-step")).ToBeVisibleAsync();
            await expertPage.LoadedAsync();
            await expertKeys.ExpectFocusOnAsync(expertPage.GetByTestId("confirm-step"), "The confirmation takes the focus");
            // The confirmation state is a page like any other: axe finds nothing on it.
            var axe = await AccessibilityTests.AxeAsync(expertPage);
            Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))})")));
            await expertPage.Keyboard.PressAsync("Tab");
            await expertKeys.ExpectFocusOnAsync(expertPage.GetByTestId("confirm-yes"), "The confirming button comes right after the question");
            await expertPage.Keyboard.PressAsync("Enter");
            await Assertions.Expect(expertPage.GetByTestId("state")).ToHaveTextAsync("承認(適合)");
        });
        File.Delete(workbook);
    }

    /// <summary>Chooses the radio labelled <paramref name="label"/> in <paramref name="group"/>.</summary>
    private static Task ChooseAsync(KeyboardOnly keys, ILocator group, string label) =>
        ChooseAsync(keys, group, group.GetByLabel(label, new() { Exact = true }));

    /// <summary>
    /// Tabs into the radio group (Tab stops once per group), then moves with the arrow keys until
    /// <paramref name="wanted"/> has the focus, and presses Space.
    /// </summary>
    private static async Task ChooseAsync(KeyboardOnly keys, ILocator group, ILocator wanted)
    {
        var radios = group.Locator("input[type=radio]");
        var checkedOne = group.Locator("input[type=radio]:checked");
        await keys.TabToAsync(await checkedOne.CountAsync() > 0 ? checkedOne.First : radios.First);
        for (var i = 0; i < await radios.CountAsync() && !await wanted.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await keys.Page.Keyboard.PressAsync("ArrowDown");
        }

        await keys.ExpectFocusOnAsync(wanted, "The arrow keys reach the choice");
        await keys.Page.Keyboard.PressAsync("Space");
        await Assertions.Expect(wanted).ToBeCheckedAsync();
    }

    /// <summary>Every row not yet answered gets an answer and a supplement, the way a person fills the workbook offline.</summary>
    private async Task FillWorkbookAsync(Guid assessment, string path)
    {
        Dictionary<string, Criterion> criteria;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var loaded = (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().LoadAsync(assessment))!;
            criteria = loaded.Catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria).ToDictionary(c => c.Id);
        }

        var rows = MiniExcelLibs.MiniExcel.Query(path, useHeaderRow: true, sheetName: SheetWorkbook.ApplicantSheetName)
            .Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r)).ToList();
        foreach (var row in rows.Where(r => string.IsNullOrEmpty(r[SheetWorkbook.Answer] as string)))
        {
            var criterion = criteria[(string)row[SheetWorkbook.CriterionId]!];
            row[SheetWorkbook.Answer] = criterion.AnswerType == AnswerType.Choice ? criterion.Choices[0].Label.JaText : "実施している";
            row[SheetWorkbook.Supplement] = "社内規程(2026-04-01)に定めています。";
        }

        File.Delete(path);
        MiniExcelLibs.MiniExcel.SaveAs(path, rows.Select(r => (IDictionary<string, object?>)r).ToList(), sheetName: SheetWorkbook.ApplicantSheetName);
    }
}
