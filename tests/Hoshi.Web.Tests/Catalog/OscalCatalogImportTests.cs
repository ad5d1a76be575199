using System.Net;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Catalog;

/// <summary>OSCAL catalogs imported on the catalog page as drafts: Hoshi's own export back again, and NIST's SP 800-53 example.</summary>
public sealed class OscalCatalogImportTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private async Task<HttpClient> OfficerAsync(string name)
    {
        var owner = await _people.OrganizationAsync(name, OrganizationRole.SchemeOwner);
        return (await _people.SignedInMemberAsync(owner, MembershipRole.OrgAdmin, twoFactor: true)).Browser;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, byte[] bytes, string name)
    {
        var token = FormPost.TokenOf(await browser.GetStringAsync("/catalog"));
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(bytes), "file", name } };
        return await browser.PostAsync("/catalog?handler=Import", form);
    }

    private async Task<CatalogEntry> NewestOscalDraftAsync()
    {
        var id = await _people.WithDbAsync(db => db.CatalogVersions.Where(c => c.Id.StartsWith("oscal-")).OrderByDescending(c => c.ImportedAt).Select(c => c.Id).FirstAsync());
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<CatalogStore>().GetAsync(id))!;
    }

    [Fact]
    public async Task Hoshis_own_export_comes_back_as_a_draft_with_the_same_requirements_criteria_and_texts()
    {
        var officer = await OfficerAsync("制度運営(OSCAL 往復)");
        var export = await factory.Browser().GetByteArrayAsync("/api/catalog/versions/scs-2026-03/oscal");

        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(officer, export, "scs-2026-03-oscal.json")).StatusCode);
        var imported = await NewestOscalDraftAsync();
        Assert.Equal(CatalogStatus.Draft, imported.Status);
        using var scope = factory.Services.CreateScope();
        var original = (await scope.ServiceProvider.GetRequiredService<CatalogStore>().GetAsync("scs-2026-03"))!.Catalog;
        var copy = imported.Catalog;

        Assert.Equal(original.Title.JaText, copy.Title.JaText);
        Assert.Equal(original.Levels.Select(l => (l.Level, l.Name.JaText)), copy.Levels.Select(l => (l.Level, l.Name.JaText)));
        Assert.Equal(
            original.Categories.Select(c => (c.No, c.Name.JaText, string.Join("|", c.Subcategories.Select(s => s.No + s.Name.JaText)))),
            copy.Categories.Select(c => (c.No, c.Name.JaText, string.Join("|", c.Subcategories.Select(s => s.No + s.Name.JaText)))));
        foreach (var level in new[] { Level.Star3, Level.Star4 })
        {
            static IEnumerable<string> Rows(CatalogVersion catalog, Level level) => catalog.SheetFor(level).SelectMany(r => r.Criteria.Select(c => string.Join(" / ",
                r.Requirement.No, r.Requirement.SubcategoryNo, r.Requirement.Title?.JaText, r.Requirement.Text.JaText, r.Requirement.CsfFunction, string.Join(",", r.Requirement.Levels),
                c.Id, c.Text.JaText, string.Join(",", c.Levels), c.AnswerType, c.ImplementationGuidance?.JaText, c.EvaluationGuidance?.JaText, c.ExampleAnswer?.JaText,
                string.Join(";", c.Mappings.Select(m => m.Framework.Trim() + "=" + m.Ref.Trim())))));
            var expected = Rows(original, level).ToList();
            var actual = Rows(copy, level).ToList();
            Assert.Equal(expected.Count, actual.Count);
            foreach (var (want, got) in expected.Zip(actual))
            {
                Assert.Equal(want, got);
            }
        }

        // (The export trims the unofficial mappings' stray spaces, so they are compared trimmed.)
        // The diff page sees no change in any criterion; the same file again changes nothing.
        var diff = WebUtility.HtmlDecode(await factory.Browser().GetStringAsync($"/catalog/diff?from=scs-2026-03&to={imported.Catalog.Id}"));
        Assert.Contains("data-testid=\"diff-count-Unchanged\">153<", diff, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(officer, export, "again.json")).StatusCode);
        Assert.Equal(1, await _people.WithDbAsync(db => db.CatalogVersions.CountAsync(c => c.Id == imported.Catalog.Id)));
    }

    [Fact]
    public async Task NISTs_example_catalog_is_imported_as_a_draft_and_a_broken_one_is_refused_with_the_reason()
    {
        var officer = await OfficerAsync("制度運営(NIST)");
        var nist = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "oscal", "examples", "nist-sp800-53r5-low-ac-ia.json"));

        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(officer, nist, "nist-low.json")).StatusCode);
        var imported = await NewestOscalDraftAsync();
        Assert.Equal(CatalogStatus.Draft, imported.Status);
        Assert.Equal(["AC", "IA"], imported.Catalog.Categories.Select(c => c.No));
        Assert.Contains(imported.Catalog.SheetFor(Level.Star3), r => r.Requirement.No == "IA-2(1)");
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "catalog.imported" && a.ObjectId == imported.Catalog.Id)));
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync("/catalog"));
        Assert.Contains(imported.Catalog.Id, page, StringComparison.Ordinal);

        // An OSCAL catalog with no control: refused, the reason named, nothing stored.
        var before = await _people.WithDbAsync(db => db.CatalogVersions.CountAsync());
        var empty = "{\"catalog\":{\"uuid\":\"3a1c1f5e-1b2c-4d3e-8f90-123456789abc\",\"metadata\":{\"title\":\"空\"},\"groups\":[]}}"u8.ToArray();
        var refused = await UploadAsync(officer, empty, "empty.json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("no control", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(before, await _people.WithDbAsync(db => db.CatalogVersions.CountAsync()));
    }
}
