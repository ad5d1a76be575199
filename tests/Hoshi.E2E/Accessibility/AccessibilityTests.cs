using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Hoshi.Web.Cli;
using Hoshi.Web.Features.Accessibility;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hoshi.E2E.Accessibility;

/// <summary>
/// JIS X 8341-3:2016 level AA (WCAG 2.x AA) as a tool can check it (issue 27): axe-core in Debian's
/// Chromium on every page a person reaches, as each demo role and signed out, in Japanese and in
/// English, at 1280 px and 390 px, and on the error state of every form that refuses an empty
/// submission. Pages are found by following the links each person sees, starting at home; the app's
/// own endpoint list then says which page was never reached, so a new page is checked (or the test
/// fails naming it) without anyone adding it here. The results are written to
/// <c>artifacts/accessibility/results.json</c>, which the <c>/accessibility</c> page reports.
/// </summary>
public sealed partial class AccessibilityTests(HoshiServer server) : IClassFixture<HoshiServer>
{
    /// <summary>The rule sets of WCAG 2.0, 2.1 and 2.2 at levels A and AA.</summary>
    internal static readonly List<string> Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>
    /// Pages never opened as a page, with the reason (a code the <c>/accessibility</c> page explains:
    /// Download, Action, OneTimeStep, MailedSecret, NoDemoData); every other GET page must be reached by someone.
    /// </summary>
    private static readonly Dictionary<string, string> NotPages = new(StringComparer.Ordinal)
    {
        ["assessments/{assessmentId:guid}/oscal"] = "Download",
        ["account/sign-out"] = "Action",
        ["account/external/callback"] = "Action",
    };

    /// <summary>Where every person starts besides home: public pages, pages opened by a GET form, and error pages.</summary>
    private static readonly string[] Starts =
    [
        "/", "/registry", "/catalog", "/account/sign-in", "/account/sign-up", "/error/404",
        "/catalog/scs-2026-03/search?q=%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89", "/account/reset-password", "/account/confirm", "/corporations/letters",
    ];

    /// <summary>Links not followed: they sign out, download files, leave Hoshi, or only switch the language.</summary>
    [GeneratedRegex(@"(^/(api|\.well-known|language|health|openapi|account/sign-out|Identity)/)|(handler=(?!Index)[A-Za-z]*(Excel|Pdf|Csv|Download|Export|Poam|Evidence|Oscal|Template|Json|Results))|(\.(json|xlsx|pdf|csv|docx|png|svg|txt)(\?|$))|[?&](format|encoding)=", RegexOptions.IgnoreCase)]
    private static partial Regex Skipped();

    /// <summary>The WCAG rules, reporting violations only (axe then skips the details of what passed, which costs most of its time).</summary>
    internal static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = Tags },
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>
    /// Runs axe in the page itself (axe.run on the document) and reads its result as the package does.
    /// The package's <c>RunAxe</c> instead runs axe's partial run and finishes it in a new blank page with
    /// axe injected a second time — made for pages with cross-origin frames, which Hoshi has none of —
    /// and that new page cost about a second of CPU per check, half the sweep's time. Same engine
    /// (the package's bundled axe-core), same rules.
    /// </summary>
    internal static async Task<AxeResult> AxeAsync(IPage page, AxeRunOptions? options = null)
    {
        // Evaluated through the DevTools protocol, which the page's content security policy does not govern.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(AxeSource.Value);
        }

        var json = await page.EvaluateAsync<string>(
            "async options => JSON.stringify(await window.axe.run(document, JSON.parse(options)))",
            Newtonsoft.Json.JsonConvert.SerializeObject(options ?? Options));
        return new AxeResult(Newtonsoft.Json.Linq.JObject.Parse(json));
    }

    private static readonly Lazy<string> AxeSource = new(() => new BundledAxeScriptProvider().GetScript());

    /// <summary>How many axe runs, and their time added up (for the progress log).</summary>
    private long _axeRuns;

    private long _axeTicks;

    /// <summary>The checking engine and its version, as axe reports them.</summary>
    private string? _engine;

    private Task SeedOnceAsync() => DemoSeed.OnceAsync(server);

    private sealed record Violation(string Person, string Url, string Language, int Width, string Rule, string Impact, string Help, string Target);

    private sealed record Visit(string Person, string Route, string Url, string State);

    /// <summary>The app's GET pages (Razor Pages) by route template, and a matcher per template.</summary>
    private List<(string Template, Regex Matcher)> PageRoutes()
    {
        var routes = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null || e.Metadata.OfType<Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor>().Any(a => a is PageActionDescriptor))
            .Select(e => e.RoutePattern.RawText?.Trim('/') ?? "")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return [.. routes.Select(r => (r, new Regex("^/" + Regex.Replace(Regex.Escape(r), @"\\\{[^}]*\}", "[^/]+").Replace("\\{", "{", StringComparison.Ordinal) + "/?$", RegexOptions.IgnoreCase)))
            .OrderByDescending(r => r.r.Count(c => c != '{'))];
    }

    private static string? RouteOf(List<(string Template, Regex Matcher)> routes, string path) =>
        routes.Where(r => r.Matcher.IsMatch(path)).OrderBy(r => r.Template.Count(c => c == '{')).Select(r => r.Template).FirstOrDefault();

    [Fact]
    [Trait("Category", "Accessibility")]
    public async Task Every_page_every_person_reaches_has_no_WCAG_A_or_AA_violation_in_either_language_at_either_width()
    {
        await SeedOnceAsync();
        var extraStarts = await MoreDemoDataAsync();
        var routes = PageRoutes();
        var violations = new ConcurrentQueue<Violation>();
        var visits = new ConcurrentQueue<Visit>();
        var checkedRoutes = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var people = new List<(string Key, Func<Task<IPage>> Open)>
        {
            ("signed-out", () => server.NewPageAsync()),
        };
        foreach (var demo in DemoData.Organizations)
        {
            var key = demo.User.Key;
            if (people.Any(p => p.Key == key))
            {
                continue;
            }

            var twoFactor = DemoData.RequiresTwoFactor(demo.User, demo.Roles) ? demo.User.AuthenticatorKey : null;
            people.Add((key, () => SignInAsync(key, demo.User.Email, twoFactor, demo.User.Password, checkedRoutes, visits, violations)));
        }

        // Two people at a time, each in its own browser context: axe runs in the page's renderer, one
        // core each, so the two cores share the sweep. The people with the most pages go first.
        string[] busiestFirst = ["applicant", "signed-out", "buyer", "owner", "assessor", "accreditor", "registrar", "verifier"];
        var waiting = new ConcurrentQueue<(string Key, Func<Task<IPage>> Open)>(people.OrderBy(p => Array.IndexOf(busiestFirst, p.Key) is var i && i < 0 ? int.MaxValue : i));
        await server.JourneyAsync(() => Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            while (waiting.TryDequeue(out var next))
            {
                var page = await next.Open();
                await CheckPersonAsync(page, next.Key, [.. Starts, .. extraStarts.GetValueOrDefault(next.Key, [])], routes, checkedRoutes, visits, violations);
                await page.Context.CloseAsync();
            }
        })));

        var reached = visits.Select(v => v.Route).ToHashSet(StringComparer.Ordinal);
        var unreached = routes.Select(r => r.Template).Where(t => !reached.Contains(t) && !NotPages.ContainsKey(t)).Order(StringComparer.Ordinal).ToList();
        await WriteResultsAsync(visits, violations, routes, [.. people.Select(p => p.Key)], _engine ?? "axe-core");

        Assert.True(unreached.Count == 0, "No person's links reach these pages; link them, or say in NotPages why they are not pages:\n" + string.Join("\n", unreached));
        Assert.True(violations.IsEmpty, $"{violations.Count} violations:\n" + string.Join("\n", violations
            .GroupBy(v => (v.Rule, v.Target, Route: RouteOf(routes, new Uri(v.Url).AbsolutePath)))
            .Select(g => $"{g.Key.Rule} ({g.First().Impact}) on {g.Key.Route} [{string.Join(", ", g.Select(v => $"{v.Person} {v.Language} {v.Width}").Distinct().Take(4))}]: {g.Key.Target} — {g.First().Help}")
            .Take(80)));
    }

    /// <summary>
    /// Signs a demo person in through the pages; the first person with an authenticator has the code
    /// page checked on the way (in both languages' first width: it is a one-time step of this session).
    /// </summary>
    private async Task<IPage> SignInAsync(string person, string email, string? key, string password, ConcurrentDictionary<string, bool> checkedRoutes, ConcurrentQueue<Visit> visits, ConcurrentQueue<Violation> violations)
    {
        var page = await server.NewPageAsync();
        await page.OpenAsync("/account/sign-in");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインインする" }).ClickAsync();
        if (key is not null)
        {
            await page.ExpectPathAsync("/account/sign-in/code");
            if (checkedRoutes.TryAdd("account/sign-in/code", true))
            {
                visits.Enqueue(new Visit(person, "account/sign-in/code", "/account/sign-in/code", "page"));
                await AnalyzeAsync(page, person, page.Url, "ja", 1280, violations);
                await page.SetViewportSizeAsync(390, 844);
                await AnalyzeAsync(page, person, page.Url, "ja", 390, violations);
                await CheckReflowAsync(page, person, page.Url, "ja", violations);
                await page.SetViewportSizeAsync(1280, 900);
            }

            await page.GetByLabel("確認コード").FillAsync(await Hoshi.Tests.Shared.Totp.NextCodeAsync(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        }

        await page.ExpectPathAsync("/");
        return page;
    }

    /// <summary>
    /// Follows the person's links from home (each route once) and checks each page not yet checked for
    /// someone else — the person's home always — in both languages at both widths, and its empty form.
    /// </summary>
    private async Task CheckPersonAsync(IPage page, string person, string[] starts, List<(string Template, Regex Matcher)> routes, ConcurrentDictionary<string, bool> checkedRoutes, ConcurrentQueue<Visit> visits, ConcurrentQueue<Violation> violations)
    {
        var baseUri = new Uri(server.BaseUrl);
        var queue = new Queue<string>(starts);
        var seenRoutes = new HashSet<string>(StringComparer.Ordinal);
        var seenUrls = new HashSet<string>(StringComparer.Ordinal);
        var pages = new List<string>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (queue.Count > 0 && seenRoutes.Count < 150)
        {
            var url = queue.Dequeue();
            if (!seenUrls.Add(url))
            {
                continue;
            }

            var path = url.Split('?', '#')[0];
            if (RouteOf(routes, path) is not { } route || !seenRoutes.Add(route))
            {
                continue;
            }

            var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
            await page.LoadedAsync();
            if (response is null || (!response.Ok && !path.StartsWith("/error/", StringComparison.Ordinal)) || new Uri(page.Url).AbsolutePath != path)
            {
                // Refused or sent elsewhere (sign-in): not this person's page.
                seenRoutes.Remove(route);
                continue;
            }

            if (checkedRoutes.TryAdd(route, true) || route.Length == 0)
            {
                pages.Add(url);
                visits.Enqueue(new Visit(person, route, url, "page"));
            }

            var hrefs = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('a[href]')].filter(a => !a.hasAttribute('download')).map(a => a.getAttribute('href'))");
            foreach (var href in hrefs)
            {
                if (!Uri.TryCreate(baseUri, href, out var target) || target.Authority != baseUri.Authority || Skipped().IsMatch(target.PathAndQuery))
                {
                    continue;
                }

                queue.Enqueue(target.PathAndQuery);
            }
        }

        // Every page in Japanese at 1280 px and in English at 390 px; the person's home in all four.
        foreach (var language in new[] { "ja", "en" })
        {
            await page.GotoAsync($"/language/{language}?returnUrl=/", new() { WaitUntil = WaitUntilState.Commit });
            await page.LoadedAsync();
            foreach (var url in pages)
            {
                foreach (var width in url == "/" ? [1280, 390] : language == "ja" ? [1280] : new[] { 390 })
                {
                    await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
                    await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
                    await page.LoadedAsync();
                    await AnalyzeAsync(page, person, url, language, width, violations);
                    await CheckDisabledContrastAsync(page, person, url, language, width, violations);
                    if (width == 390)
                    {
                        await CheckReflowAsync(page, person, url, language, violations);
                    }
                }

                // The error state: a form with an empty required field, sent anyway (the browser's own check turned off).
                if (language == "ja" && await SubmitEmptyFormAsync(page))
                {
                    visits.Enqueue(new Visit(person, RouteOf(routes, new Uri(page.Url).AbsolutePath) ?? "?", url, "error"));
                    await AnalyzeAsync(page, person, url + " (form sent empty)", language, 1280, violations);
                    await CheckErrorsAsync(page, person, url + " (form sent empty)", violations);
                }
            }
        }

        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync("/language/ja?returnUrl=/", new() { WaitUntil = WaitUntilState.Commit });
        if (person == "signed-out")
        {
            // The page after a sign-up, which only a sign-up shows.
            await page.OpenAsync("/account/sign-up");
            await page.GetByLabel("お名前").FillAsync("試験 太郎");
            await page.GetByLabel("メールアドレス").FillAsync($"a11y.{Guid.NewGuid():N}@example.jp");
            await page.GetByLabel("パスワード").FillAsync("星のまちの小さな部品工場です");
            await page.Locator("main form button[type=submit]").ClickAsync();
            await page.ExpectPathAsync("/account/sign-up/sent");
            checkedRoutes.TryAdd("account/sign-up/sent", true);
            visits.Enqueue(new Visit(person, "account/sign-up/sent", "/account/sign-up/sent", "page"));
            await AnalyzeAsync(page, person, page.Url, "ja", 1280, violations);
            await page.SetViewportSizeAsync(390, 844);
            await AnalyzeAsync(page, person, page.Url, "ja", 390, violations);
            await CheckReflowAsync(page, person, page.Url, "ja", violations);

            // The pages opened from a mailed link: an invitation to the demo applicant and a buyer's request to a supplier.
            foreach (var (route, url) in await MailedLinksAsync())
            {
                checkedRoutes.TryAdd(route, true);
                visits.Enqueue(new Visit(person, route, url, "page"));
                await page.SetViewportSizeAsync(1280, 900);
                await page.OpenAsync(url);
                await AnalyzeAsync(page, person, url, "ja", 1280, violations);
                await page.SetViewportSizeAsync(390, 844);
                await AnalyzeAsync(page, person, url, "ja", 390, violations);
                await CheckReflowAsync(page, person, url, "ja", violations);
            }
        }

        Progress($"{person}: {seenRoutes.Count} routes reached, {pages.Count} checked in {watch.Elapsed.TotalSeconds:0} s (so far for everyone: {_axeRuns} axe runs, {TimeSpan.FromTicks(_axeTicks).TotalSeconds:0} s)");
    }

    /// <summary>
    /// What the demo lacks for some pages, made through the app's stores before the crawl: an API token
    /// of the applicant (its revoke page), a buyer's supplier import (its report) and the applicant's
    /// result disclosed to the buyer (the disclosed page). Returns the pages' addresses by person, as
    /// more places to start from.
    /// </summary>
    private async Task<Dictionary<string, string[]>> MoreDemoDataAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Hoshi.Data.AppDbContext>();
        var (applicant, administrator) = await DemoAsync(db, "applicant");
        var (buyer, buyerPerson) = await DemoAsync(db, "buyer");
        var (token, _) = await scope.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Organizations.ApiTokenStore>()
            .CreateAsync(applicant.Id, "会計システム連携(試験)", [Hoshi.Domain.Accounts.ApiScope.OrganizationRead], administrator, null);
        var csv = "法人番号,名称,取引先コード,部署,連絡先メール,タグ\r\n"
            + DemoData.CorporateNumberFor("999900000901") + ",試験の取引先,A-1,購買部,,\r\n"
            + applicant.CorporateNumber + "," + applicant.LegalNameJa + ",A-2,購買部,,\r\n";
        var imports = scope.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Suppliers.SupplierImportStore>();
        var (import, refused) = await imports.StartAsync(buyer.Id, "取引先.csv", System.Text.Encoding.UTF8.GetBytes(csv), buyerPerson, null);
        Assert.True(import is not null, refused);
        for (var wait = 0; wait < 100 && (await imports.FindAsync(buyer.Id, import.Value))?.Report is null; wait++)
        {
            await Task.Delay(100);
        }

        // A finished ★3 round of the applicant, as the disclosure page needs (the demo has none).
        var catalog = await db.CatalogVersions.Where(c => c.Status == Hoshi.Domain.Catalog.CatalogStatus.Published).Select(c => c.Id).FirstAsync();
        var finishedAt = DateTime.UtcNow.AddDays(-30);
        db.Assessments.Add(new Hoshi.Data.Assessments.AssessmentRecord { Id = Guid.NewGuid(), OrganizationId = applicant.Id, Level = Hoshi.Domain.Level.Star3, CatalogVersionId = catalog, State = Hoshi.Domain.Assessments.AssessmentState.Approved, CreatedAt = finishedAt, UpdatedAt = finishedAt });
        await db.SaveChangesAsync();
        var disclosures = scope.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Suppliers.DisclosureStore>();
        var result = (await disclosures.ResultsAsync(applicant.Id)) is [var first, ..] ? first : null;
        Assert.True(result is not null, "The demo applicant has no finished round to disclose");
        Assert.Empty(await disclosures.GrantAsync(applicant.Id, result.AssessmentId, buyer.Id, Hoshi.Domain.JapanTime.DateOf(DateTimeOffset.UtcNow).AddDays(90), administrator, null));
        var grant = await db.DisclosureGrants.Where(g => g.AssessmentId == result.AssessmentId).Select(g => g.Id).FirstAsync();
        return new()
        {
            ["applicant"] = [$"/organizations/{applicant.Id}/tokens/{token.Id}/revoke"],
            ["buyer"] = [$"/organizations/{buyer.Id}/suppliers/imports/{import}", $"/organizations/{buyer.Id}/disclosed/{grant}"],
        };
    }

    private static async Task<(Hoshi.Data.Organizations.OrganizationRecord Organization, Guid Person)> DemoAsync(Hoshi.Data.AppDbContext db, string key)
    {
        var demo = DemoData.Organizations.First(o => o.User.Key == key);
        var number = DemoData.CorporateNumberFor(demo.Base12);
        var organization = await db.Organizations.FirstAsync(o => o.CorporateNumber == number);
        var person = await db.Users.Where(u => u.Email == demo.User.Email).Select(u => u.Id).FirstAsync();
        return (organization, person);
    }

    /// <summary>
    /// The links mail carries, made the way the app makes them (through its stores, whose secrets only
    /// the mail shows): an invitation into the demo applicant and a ★3 request from the demo buyer.
    /// </summary>
    private async Task<List<(string Route, string Url)>> MailedLinksAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Hoshi.Data.AppDbContext>();
        var links = new List<(string Route, string Url)>();
        var (applicant, administrator) = await DemoAsync(db, "applicant");
        var (_, invitation) = await scope.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Organizations.InvitationStore>()
            .CreateAsync(applicant, $"a11y.{Guid.NewGuid():N}@example.jp", Hoshi.Domain.Accounts.MembershipRole.Member, administrator, null);
        links.Add(("invitations/{secret}", "/invitations/" + invitation));

        var (buyer, buyerPerson) = await DemoAsync(db, "buyer");
        var requests = scope.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Suppliers.SupplierRequestStore>();
        var due = Hoshi.Domain.JapanTime.DateOf(DateTimeOffset.UtcNow).AddDays(30);
        foreach (var supplier in await db.Suppliers.Where(s => s.BuyerId == buyer.Id && s.ArchivedAt == null).Select(s => s.Id).Take(20).ToListAsync())
        {
            if (await requests.SendAsync(buyer.Id, supplier, 3, due, null, null, buyerPerson, null) is { Secret: { } secret })
            {
                links.Add(("requests/{secret}", "/requests/" + secret));
                break;
            }
        }

        Assert.True(links.Count == 2, "The demo buyer has no supplier a request can be sent to");
        return links;
    }

    /// <summary>Each person's figures and each violation as found, in the temp folder's hoshi-accessibility.log (to follow a long run).</summary>
    private static void Progress(string line)
    {
        lock (ProgressGate)
        {
            File.AppendAllText(Path.Combine(Path.GetTempPath(), "hoshi-accessibility.log"), $"{DateTimeOffset.UtcNow:HH:mm:ss} {line}\n");
        }
    }

    private static readonly Lock ProgressGate = new();

    /// <summary>
    /// Sends the first form whose required text fields are all empty (so the server refuses it and nothing
    /// changes) with the browser's validation off; true when the page that came back is an error state.
    /// </summary>
    private static async Task<bool> SubmitEmptyFormAsync(IPage page)
    {
        var sent = await page.EvaluateAsync<bool>(@"() => {
            const forms = [...document.querySelectorAll('form[method=post i]')].filter(f => {
                const required = [...f.querySelectorAll('input[required]:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), textarea[required]')];
                return required.length > 0 && required.every(i => i.value === '') && !f.closest('[hidden]');
            });
            if (forms.length === 0) return false;
            const form = forms[0];
            form.noValidate = true;
            const button = form.querySelector('button[type=submit], button:not([type]), input[type=submit]');
            if (button) { button.click(); } else { form.requestSubmit(); }
            return true;
        }");
        if (!sent)
        {
            return false;
        }

        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        await page.LoadedAsync();
        return await page.Locator(".error-summary, [aria-invalid=true], .field-error:not(:empty)").CountAsync() > 0;
    }

    /// <summary>
    /// WCAG 1.4.10 (reflow; the same as 200 % zoom of a 640 px window): at 320 CSS px the page does
    /// not scroll sideways — only a wide table may, inside its own scrolling box.
    /// </summary>
    private static async Task CheckReflowAsync(IPage page, string person, string url, string language, ConcurrentQueue<Violation> violations)
    {
        // A list must read at 390 px (house rule): a table squeezed into a scroll box or the window until
        // a cell holds a character or two a line does not, even though nothing scrolls sideways.
        var squeezed = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('td, th')]
            .filter(c => c.offsetParent !== null && getComputedStyle(c).display === 'table-cell')
            .filter(c => { const r = c.getBoundingClientRect(), size = parseFloat(getComputedStyle(c).fontSize); return c.textContent.trim().length > 4 && r.width < 2.5 * size && r.height > 4 * size; })
            .slice(0, 3).map(c => (c.closest('table').getAttribute('data-testid') || 'table') + ' ' + c.tagName.toLowerCase() + ': ' + c.textContent.trim().slice(0, 20))");
        foreach (var target in squeezed)
        {
            violations.Enqueue(new Violation(person, url, language, 390, "hoshi-squeezed-390", "serious", "A table cell narrower than three characters at 390 px (use the stacked layout)", target));
            Progress($"VIOLATION hoshi-squeezed-390 {person} {language} {url} {target}");
        }

        await page.SetViewportSizeAsync(320, 800);
        var wide = await page.EvaluateAsync<string[]>(@"() => {
            if (document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1) return [];
            const limit = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > limit + 1 && !e.closest('.table-scroll') && getComputedStyle(e).position !== 'fixed')
                .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > limit + 1))
                .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''));
        }");
        foreach (var target in wide)
        {
            violations.Enqueue(new Violation(person, url, language, 320, "hoshi-reflow-320", "serious", "Content wider than a 320 px window (scrolls sideways)", target));
            Progress($"VIOLATION hoshi-reflow-320 {person} {language} {url} {target}");
        }

        await page.SetViewportSizeAsync(390, 844);
    }

    /// <summary>
    /// Contrast of what axe leaves out (WCAG exempts inactive controls, the house rule does not): every
    /// disabled button and field keeps text at 4.5:1 against its background.
    /// </summary>
    private static async Task CheckDisabledContrastAsync(IPage page, string person, string url, string language, int width, ConcurrentQueue<Violation> violations)
    {
        var low = await page.EvaluateAsync<string[]>(@"() => {
            const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
            const background = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length >= 3 && (c.length < 4 || c[3] > 0)) return c; } return [255, 255, 255]; };
            return [...document.querySelectorAll('button:disabled, input:disabled:not([type=hidden]), select:disabled, textarea:disabled')]
                .filter(e => e.offsetParent !== null)
                .map(e => {
                    const bg = background(e), fg = rgb(getComputedStyle(e).color), alpha = fg.length >= 4 ? fg[3] : 1;
                    const a = lum([0, 1, 2].map(i => alpha * fg[i] + (1 - alpha) * bg[i])), b = lum(bg);
                    return { e, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
                })
                .filter(x => x.ratio < 4.5)
                .map(x => (x.e.getAttribute('data-testid') || x.e.id || x.e.tagName.toLowerCase()) + ' ' + x.ratio.toFixed(2) + ':1');
        }");
        foreach (var target in low)
        {
            violations.Enqueue(new Violation(person, url, language, width, "hoshi-disabled-contrast", "serious", "A disabled control's text is below 4.5:1", target));
            Progress($"VIOLATION hoshi-disabled-contrast {person} {language} {width} {url} {target}");
        }
    }

    /// <summary>
    /// After a form is sent empty: the error summary has focus, each field marked invalid is described
    /// by its message, and each message under a field describes a field.
    /// </summary>
    private static async Task CheckErrorsAsync(IPage page, string person, string url, ConcurrentQueue<Violation> violations)
    {
        var problems = await page.EvaluateAsync<string[]>(@"() => {
            const problems = [];
            const summary = document.querySelector('.error-summary');
            if (summary && document.activeElement !== summary) problems.push('focus: the error summary does not have focus (' + (document.activeElement && document.activeElement.tagName) + ')');
            const describedBy = e => (e.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
            for (const field of document.querySelectorAll('[aria-invalid=true]')) {
                if (!describedBy(field).some(id => { const d = document.getElementById(id); return d && d.textContent.trim() && d.classList.contains('error'); }))
                    problems.push('field: ' + (field.id || field.name) + ' is invalid but no error message describes it');
            }
            const described = new Set([...document.querySelectorAll('[aria-describedby]')].flatMap(describedBy));
            for (const error of document.querySelectorAll('.error[id]')) {
                if (error.textContent.trim() && error.offsetParent !== null && !described.has(error.id))
                    problems.push('message: ' + error.id + ' describes no field');
            }
            return problems;
        }");
        foreach (var problem in problems)
        {
            violations.Enqueue(new Violation(person, url, "ja", 1280, "hoshi-form-errors", "serious", "Form errors: summary focus, and messages tied to fields (aria-describedby)", problem));
            Progress($"VIOLATION hoshi-form-errors {person} {url} {problem}");
        }
    }

    private async Task AnalyzeAsync(IPage page, string person, string url, string language, int width, ConcurrentQueue<Violation> violations)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var results = await AxeAsync(page);
        Interlocked.Add(ref _axeTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
        Interlocked.Increment(ref _axeRuns);
        _engine ??= $"{results.TestEngine.Name} {results.TestEngine.Version}";
        foreach (var violation in results.Violations)
        {
            foreach (var node in violation.Nodes)
            {
                violations.Enqueue(new Violation(person, url, language, width, violation.Id, violation.Impact, violation.Help, node.Target?.ToString() ?? ""));
                Progress($"VIOLATION {violation.Id} {person} {language} {width} {url} {node.Target} {node.Html[..Math.Min(200, node.Html.Length)]}");
            }
        }
    }

    /// <summary>
    /// The results, as the <c>/accessibility</c> page reads them: in artifacts/accessibility and in the
    /// file the app ships (commit it after a sweep, so that the page shows that run).
    /// </summary>
    private async Task WriteResultsAsync(ConcurrentQueue<Visit> visits, ConcurrentQueue<Violation> violations, List<(string Template, Regex Matcher)> routes, List<string> people, string engine)
    {
        var report = new AccessibilityReport(
            DateTimeOffset.UtcNow,
            engine,
            "Chromium " + server.Browser.Version,
            Tags,
            [.. people.Where(p => visits.Any(v => v.Person == p))],
            ["ja", "en"],
            [1280, 390],
            routes.Count,
            visits.Count(v => v.State == "page") * 2 + visits.Count(v => v.State == "error"),
            violations.Count,
            [.. visits.Select(v => v.Route).Distinct().Order(StringComparer.Ordinal)],
            [.. NotPages.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new NotCoveredPage(p.Key, p.Value))]);
        var json = AccessibilityReport.Serialize(report);
        var folder = Path.Combine(HoshiServer.RepositoryRoot(), "artifacts", "accessibility");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "results.json"), json);
        await File.WriteAllTextAsync(Path.Combine(HoshiServer.RepositoryRoot(), AccessibilityReport.ShippedPath), json + "\n");
    }

    [Fact]
    [Trait("Category", "Accessibility")]
    public async Task The_check_has_teeth_an_unlabelled_input_is_caught()
    {
        await server.JourneyAsync(async () =>
        {
            var page = await server.NewPageAsync();
            await page.OpenAsync("/catalog");
            var before = await AxeAsync(page, new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = Tags } });
            Assert.DoesNotContain(before.Violations, v => v.Id == "label");

            // A test-only fixture: an input with no label put into a real page.
            await page.EvaluateAsync("() => { const i = document.createElement('input'); i.type = 'text'; i.id = 'unlabelled'; document.querySelector('main').appendChild(i); }");
            var after = await AxeAsync(page, new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = Tags } });
            var label = Assert.Single(after.Violations, v => v.Id == "label");
            Assert.Contains(label.Nodes, n => (n.Target?.ToString() ?? "").Contains("unlabelled", StringComparison.Ordinal));
        });
    }
}
