using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Hoshi.Web.Tests.Shared;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>
/// Every form on every page an applicant-and-buyer's administrator can open (found from the app's
/// endpoints and the pages' own HTML, so new forms are included), posted with hostile values in
/// every field: scripts and markup, control characters and NUL, unusual Unicode, 100,000-character
/// strings, wrong types in every field including the hidden ones. Never a server error; afterwards
/// no page shows any of that markup unescaped. Every form carries the anti-forgery token, and the
/// same post without it is refused (400).
/// </summary>
[Trait("Category", "Reliability")]
public sealed class HostileFormTests(HoshiFactory factory, ITestOutputHelper output) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private const string Script = "<script>hoshiXss()</script>";
    private const string Image = "<img src=x onerror=hoshiXss()>";

    /// <summary>Values that must never break a page: markup, quotes, control characters, NUL, bidi and zero-width marks, rare kanji, emoji, SQL.</summary>
    private static readonly string[] Hostile =
    [
        $"{Script}\"'>{Image}",
        "ａ\u0000ｂ\u0001\u0008\u001b\u007f改行\r\n\tタブ",
        "\u202e\u200b\ufeff𩸽🙂é\u0301 ' OR 1=1; DROP TABLE \"Answers\"; --",
        "=HYPERLINK(\"http://evil.example\",\"x\")",
    ];

    /// <summary>Wrong types for any field: numbers out of range, impossible dates, words where numbers go, a GUID where none is expected.</summary>
    private static readonly string[] WrongTypes = ["-1", "99999999999999999999999", "2026-13-45", "abc", "１２３", Guid.Empty.ToString(), "true,false", ""];

    private static readonly string Long = new('長', 100_000);

    /// <summary>Forms left out: they end the session the sweep runs in, or change how it signs in.</summary>
    private static bool LeftOut(string action) =>
        action.Contains("SignOut", StringComparison.OrdinalIgnoreCase) || action.Contains("/account/two-factor", StringComparison.Ordinal)
        || action.Contains("/language/", StringComparison.Ordinal) || action.Contains("/remove", StringComparison.Ordinal);

    [Fact]
    public async Task Hostile_values_in_every_form_never_cause_a_server_error_or_unescaped_markup()
    {
        var organization = await _people.OrganizationAsync("敵対的な入力を受ける会社", OrganizationRole.Applicant, OrganizationRole.Buyer);
        var admin = await _people.PersonAsync(organization, MembershipRole.OrgAdmin);
        var colleague = await _people.PersonAsync(organization, MembershipRole.Member);
        var browser = await _people.SignedInAsync(admin);
        var started = await FormPost.SendAsync(browser, $"/organizations/{organization}/assessments?handler=Start", new() { ["level"] = "3" });
        var assessment = Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, $"/organizations/{organization}/suppliers?handler=Add",
            new() { ["Input.CorporateNumber"] = Hoshi.Tests.Shared.Listings.NewNumber(), ["Input.Name"] = "敵対的な取引先" })).StatusCode);
        var supplier = await _people.WithDbAsync(db => db.Suppliers.Where(s => s.BuyerId == organization).Select(s => s.Id).SingleAsync());
        var world = new AuthorizationMatrixTests.World(organization, assessment, Guid.NewGuid(), supplier, Guid.NewGuid(), colleague.UserId,
            Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "scs-2026-03", "1-2-1-1");

        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText?.Trim('/') ?? "").Distinct()
            .Where(r => !r.StartsWith("api/", StringComparison.Ordinal) && (AuthorizationMatrixTests.Rules.ContainsKey(r) || EndpointAccessTests.Public.Contains(r)))
            .Order(StringComparer.Ordinal).ToList();
        var pages = new List<string>();
        foreach (var route in routes)
        {
            var path = AuthorizationMatrixTests.Fill(route, world);
            var response = await browser.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                pages.Add(path);
            }
        }

        var parser = new HtmlParser();
        var errors = new List<string>();
        var posts = 0;
        var forms = 0;
        foreach (var page in pages)
        {
            var opened = await browser.GetAsync(page);
            if (opened.StatusCode != HttpStatusCode.OK)
            {
                // An earlier hostile post may have ended what this page shows (a refused import, a revoked grant …).
                output.WriteLine($"{page}: {(int)opened.StatusCode} by now");
                continue;
            }

            var document = parser.ParseDocument(await opened.Content.ReadAsStringAsync());
            foreach (var form in document.Forms.Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)))
            {
                var action = form.GetAttribute("action") is { Length: > 0 } a ? WebUtility.HtmlDecode(a) : page;
                if (LeftOut(action))
                {
                    continue;
                }

                forms++;
                var fields = Fields(form);
                if (!fields.Any(f => f.Name == "__RequestVerificationToken"))
                {
                    errors.Add($"{page} → {action}: a form without the anti-forgery token");
                }

                var forged = await browser.PostAsync(action, new FormUrlEncodedContent(fields.Where(f => f.Name != "__RequestVerificationToken").GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First().Value)));
                if (forged.StatusCode != HttpStatusCode.BadRequest)
                {
                    errors.Add($"{page} → POST {action} without the anti-forgery token: {(int)forged.StatusCode}");
                }

                var passes = new List<Dictionary<string, string>>
                {
                    Fill(fields, v => Hostile[forms % Hostile.Length], keepHidden: true),
                    Fill(fields, _ => Long, keepHidden: true),
                    Fill(fields, v => WrongTypes[(int)((uint)(forms + v.Length) % WrongTypes.Length)], keepHidden: false),
                };
                foreach (var values in passes)
                {
                    posts++;
                    var response = await browser.PostAsync(action, new FormUrlEncodedContent(values));
                    if ((int)response.StatusCode >= 500)
                    {
                        errors.Add($"{page} → POST {action}: {(int)response.StatusCode}");
                    }
                }
            }
        }

        output.WriteLine($"{pages.Count} pages, {forms} forms, {posts} hostile posts");
        Assert.True(forms > 25, $"only {forms} forms found");
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        // Nothing was changed by values that were not valid: the people keep their roles.
        var roles = await _people.WithDbAsync(db => db.Memberships.Where(m => m.OrganizationId == organization).Select(m => new { m.UserId, m.Role }).ToListAsync());
        Assert.Equal([(admin.UserId, MembershipRole.OrgAdmin), (colleague.UserId, MembershipRole.Member)],
            roles.Select(r => (r.UserId, r.Role)).OrderBy(r => r.Role).ToList());

        // Whatever was stored is shown escaped, on every page.
        foreach (var page in pages)
        {
            var response = await browser.GetAsync(page);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{page}: {(int)response.StatusCode}");
            Assert.DoesNotContain(Script, body, StringComparison.Ordinal);
            Assert.DoesNotContain(Image, body, StringComparison.Ordinal);
        }
    }

    private sealed record Field(string Name, string Value, bool Hidden);

    private static List<Field> Fields(IHtmlFormElement form)
    {
        var fields = new List<Field>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            var type = element.GetAttribute("type")?.ToLowerInvariant();
            var value = element switch
            {
                IHtmlTextAreaElement area => area.Value,
                IHtmlSelectElement select => select.Value ?? "",
                _ => element.GetAttribute("value") ?? "",
            };
            if (type is "submit" or "button" or "file" or "image" or "reset")
            {
                continue;
            }

            fields.Add(new Field(name, value, type == "hidden"));
        }

        return fields;
    }

    /// <summary>Every field with <paramref name="hostile"/>'s value; the antiforgery token always as given; hidden fields kept when <paramref name="keepHidden"/>.</summary>
    private static Dictionary<string, string> Fill(List<Field> fields, Func<string, string> hostile, bool keepHidden)
    {
        var values = new Dictionary<string, string>();
        foreach (var field in fields)
        {
            values[field.Name] = field.Name == "__RequestVerificationToken" || (field.Hidden && keepHidden) ? field.Value : hostile(field.Name);
        }

        return values;
    }
}
