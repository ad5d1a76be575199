using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Hoshi.Web.Cli;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
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
    private static readonly List<string> Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>Pages never opened as a page, with the reason; every other GET page must be reached by someone.</summary>
    private static readonly Dictionary<string, string> NotPages = new(StringComparer.Ordinal)
    {
        ["assessments/{assessmentId:guid}/oscal"] = "OSCAL downloads only (JSON), no HTML",
        ["account/sign-out"] = "signs the person out (POST)",
        ["account/external/callback"] = "the return from an external sign-in provider; redirects, shows nothing",

        // Not yet reached by this test (issue 27 open): pages behind a one-time step or a mailed secret.
        ["account/sign-in/code"] = "after the password step of a two-factor person (TODO: check during sign-in)",
        ["account/sign-up/sent"] = "after a sign-up (TODO)",
        ["invitations/{secret}"] = "opened from a mailed invitation (TODO)",
        ["requests/{secret}"] = "opened from a buyer's mailed request (TODO)",
        ["organizations/{id:guid}/disclosed/{grantId:guid}"] = "a disclosure grant; the demo has none (TODO)",
        ["organizations/{id:guid}/suppliers/imports/{importId:guid}"] = "an import's report; the demo has none (TODO)",
        ["organizations/{id:guid}/tokens/{tokenId:guid}/revoke"] = "revoking a token; the demo has none (TODO)",
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
    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = Tags },
        ResultTypes = [ResultType.Violations],
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

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
        var routes = PageRoutes();
        var violations = new List<Violation>();
        var visits = new List<Visit>();
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

            people.Add((key, () => server.SignInAsync(demo.User.Email, DemoData.RequiresTwoFactor(demo.User, demo.Roles) ? demo.User.AuthenticatorKey : null, demo.User.Password)));
        }

        var checkedRoutes = new HashSet<string>(StringComparer.Ordinal);
        await server.JourneyAsync(async () =>
        {
            foreach (var (person, open) in people)
            {
                var page = await open();
                await CheckPersonAsync(page, person, routes, checkedRoutes, visits, violations);
                await page.Context.CloseAsync();
            }
        });

        var reached = visits.Select(v => v.Route).ToHashSet(StringComparer.Ordinal);
        var unreached = routes.Select(r => r.Template).Where(t => !reached.Contains(t) && !NotPages.ContainsKey(t)).Order(StringComparer.Ordinal).ToList();
        await WriteResultsAsync(visits, violations, routes.Count);

        Assert.True(unreached.Count == 0, "No person's links reach these pages; link them, or say in NotPages why they are not pages:\n" + string.Join("\n", unreached));
        Assert.True(violations.Count == 0, $"{violations.Count} violations:\n" + string.Join("\n", violations
            .GroupBy(v => (v.Rule, v.Target, Route: RouteOf(routes, new Uri(v.Url).AbsolutePath)))
            .Select(g => $"{g.Key.Rule} ({g.First().Impact}) on {g.Key.Route} [{string.Join(", ", g.Select(v => $"{v.Person} {v.Language} {v.Width}").Distinct().Take(4))}]: {g.Key.Target} — {g.First().Help}")
            .Take(80)));
    }

    /// <summary>
    /// Follows the person's links from home (each route once) and checks each page not yet checked for
    /// someone else — the person's home always — in both languages at both widths, and its empty form.
    /// </summary>
    private async Task CheckPersonAsync(IPage page, string person, List<(string Template, Regex Matcher)> routes, HashSet<string> checkedRoutes, List<Visit> visits, List<Violation> violations)
    {
        var baseUri = new Uri(server.BaseUrl);
        var queue = new Queue<string>(Starts);
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

            if (checkedRoutes.Add(route) || route.Length == 0)
            {
                pages.Add(url);
                visits.Add(new Visit(person, route, url, "page"));
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
                }

                // The error state: a form with an empty required field, sent anyway (the browser's own check turned off).
                if (language == "ja" && await SubmitEmptyFormAsync(page))
                {
                    visits.Add(new Visit(person, RouteOf(routes, new Uri(page.Url).AbsolutePath) ?? "?", url, "error"));
                    await AnalyzeAsync(page, person, url + " (form sent empty)", language, 1280, violations);
                }
            }
        }

        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync("/language/ja?returnUrl=/", new() { WaitUntil = WaitUntilState.Commit });
        Progress($"{person}: {seenRoutes.Count} routes reached, {pages.Count} checked in {watch.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>Each person's figures and each violation as found, in the temp folder's hoshi-accessibility.log (to follow a long run).</summary>
    private static void Progress(string line) =>
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "hoshi-accessibility.log"), $"{DateTimeOffset.UtcNow:HH:mm:ss} {line}\n");

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

    private static async Task AnalyzeAsync(IPage page, string person, string url, string language, int width, List<Violation> violations)
    {
        var results = await page.RunAxe(Options);
        foreach (var violation in results.Violations)
        {
            foreach (var node in violation.Nodes)
            {
                violations.Add(new Violation(person, url, language, width, violation.Id, violation.Impact, violation.Help, node.Target?.ToString() ?? ""));
                Progress($"VIOLATION {violation.Id} {person} {language} {width} {url} {node.Target} {node.Html[..Math.Min(200, node.Html.Length)]}");
            }
        }
    }

    private static async Task WriteResultsAsync(List<Visit> visits, List<Violation> violations, int routeCount)
    {
        var folder = Path.Combine(HoshiServer.RepositoryRoot(), "artifacts", "accessibility");
        Directory.CreateDirectory(folder);
        var result = new
        {
            standard = "JIS X 8341-3:2016 AA (WCAG 2.2 A/AA rules of axe-core)",
            tool = $"axe-core (Deque.AxeCore.Playwright) in Chromium",
            testedAt = DateTimeOffset.UtcNow,
            tags = Tags,
            routes = routeCount,
            pages = visits.Select(v => v.Route).Distinct().Count(),
            checks = visits.Count(v => v.State == "page") * 2 + visits.Count(v => v.State == "error"),
            people = visits.Select(v => v.Person).Distinct().Order(StringComparer.Ordinal).ToList(),
            covered = visits.Select(v => v.Route).Distinct().Order(StringComparer.Ordinal).ToList(),
            violations = violations.Count,
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "results.json"), JsonSerializer.Serialize(result, Indented));
    }

    [Fact]
    [Trait("Category", "Accessibility")]
    public async Task The_check_has_teeth_an_unlabelled_input_is_caught()
    {
        await server.JourneyAsync(async () =>
        {
            var page = await server.NewPageAsync();
            await page.OpenAsync("/catalog");
            var before = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = Tags } });
            Assert.DoesNotContain(before.Violations, v => v.Id == "label");

            // A test-only fixture: an input with no label put into a real page.
            await page.EvaluateAsync("() => { const i = document.createElement('input'); i.type = 'text'; i.id = 'unlabelled'; document.querySelector('main').appendChild(i); }");
            var after = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = Tags } });
            var label = Assert.Single(after.Violations, v => v.Id == "label");
            Assert.Contains(label.Nodes, n => (n.Target?.ToString() ?? "").Contains("unlabelled", StringComparison.Ordinal));
        });
    }
}
