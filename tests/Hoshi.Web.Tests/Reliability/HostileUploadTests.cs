using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Xunit.Abstractions;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>Hostile files made from a good one: cut short, garbage, broken encodings, entity bombs, external entities.</summary>
internal static class HostileFiles
{
    public const string Secret = "root:x:0:0";

    /// <summary>The good file cut at its first byte, at a tenth, half, nine tenths, and 16 bytes short.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Truncated(byte[] good) =>
        new[] { 1, good.Length / 10, good.Length / 2, good.Length * 9 / 10, good.Length - 16 }.Select(n => ($"cut at {n}", good[..n]));

    public static IEnumerable<(string Name, byte[] Bytes)> Garbage()
    {
        var random = new Random(11);
        var noise = new byte[64 * 1024];
        random.NextBytes(noise);
        yield return ("empty", []);
        yield return ("random bytes", noise);
        yield return ("zip header then noise", [.. "PK\u0003\u0004"u8.ToArray(), .. noise]);
        yield return ("invalid UTF-8", [0xEF, 0xBB, 0xBF, 0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x90, 0x28, 0xBC, 0xFF, 0xFE]);
        yield return ("UTF-16 text", Encoding.Unicode.GetBytes("{\"id\":\"x\"}"));
    }

    /// <summary>An XML document that expands to gigabytes if entities are expanded.</summary>
    public static string EntityBomb(string root) =>
        "<?xml version=\"1.0\"?><!DOCTYPE " + root + " [<!ENTITY a \"aaaaaaaaaa\">" +
        string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY {(char)('a' + i)} \"{string.Concat(Enumerable.Repeat($"&{(char)('a' + i - 1)};", 10))}\">")) +
        "]><" + root + ">&j;</" + root + ">";

    /// <summary>An XML document that would read the machine's password file if external entities were resolved.</summary>
    public static string ExternalEntity(string root, string inner = "&x;") =>
        "<?xml version=\"1.0\"?><!DOCTYPE " + root + " [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><" + root + ">" + inner + "</" + root + ">";

    /// <summary>The workbook with one part's XML replaced, or with bytes spliced into it.</summary>
    public static byte[] WithPart(byte[] workbook, string part, Func<byte[], byte[]> change)
    {
        using var input = new MemoryStream(workbook);
        using var output = new MemoryStream();
        using (var source = new ZipArchive(input, ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var read = entry.Open();
                using var bytes = new MemoryStream();
                read.CopyTo(bytes);
                var content = entry.FullName == part ? change(bytes.ToArray()) : bytes.ToArray();
                using var write = target.CreateEntry(entry.FullName).Open();
                write.Write(content);
            }
        }

        return output.ToArray();
    }
}

/// <summary>
/// Generated hostile files fed to the uploads (the sheet's Excel, the supplier import, the catalog
/// import; the Nmap scan is fed in <c>EvaluationFlowTests</c>): always a clear 4xx or a refusal in
/// the page, never a server error, never anything stored from a refused file, never the content of
/// a file outside the upload; formulas in cells come back as text, never as formulas.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class HostileUploadTests(HoshiFactory factory, ITestOutputHelper output) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, string tokenPage, string path, byte[] file, string name)
    {
        var token = FormPost.TokenOf(await browser.GetStringAsync(tokenPage));
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, "file", name);
        return await browser.PostAsync(path, content);
    }

    private static void Refused(HttpResponseMessage response, string body, string what, List<string> problems)
    {
        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.Redirect)
        {
            problems.Add($"{what}: {(int)response.StatusCode}");
        }

        if (body.Contains(HostileFiles.Secret, StringComparison.Ordinal))
        {
            problems.Add($"{what}: shows /etc/passwd");
        }
    }

    [Fact]
    public async Task Hostile_workbooks_for_the_sheet_are_refused_and_change_nothing_and_formulas_stay_text()
    {
        var organization = await _people.OrganizationAsync("敵対的なエクセルの会社", OrganizationRole.Applicant);
        var (_, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.OrgAdmin);
        var started = await FormPost.SendAsync(browser, $"/organizations/{organization}/assessments?handler=Start", []);
        var assessment = Guid.Parse(started.Headers.Location!.OriginalString["/assessments/".Length..]);
        var page = $"/assessments/{assessment}/excel";
        var download = await (await browser.GetAsync(page + "?handler=Download")).Content.ReadAsByteArrayAsync();
        using var read = new MemoryStream(download);
        var rows = MiniExcel.Query(read, useHeaderRow: true, sheetName: "回答シート").Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r)).ToList();
        byte[] Workbook(Func<int, string> supplement)
        {
            using var stream = new MemoryStream();
            MiniExcel.SaveAs(stream, rows.Select((r, i) => (IDictionary<string, object?>)new Dictionary<string, object?>(r) { ["回答欄"] = "実施している", ["回答の補足"] = supplement(i) }).ToList());
            return stream.ToArray();
        }

        var good = Workbook(_ => "規程(2026-04-01)");
        var answers = () => _people.WithDbAsync(db => db.Answers.Where(a => a.AssessmentId == assessment).OrderBy(a => a.CriterionId).Select(a => a.CriterionId + a.Version + a.Supplement).ToListAsync());
        var before = await answers();
        var hostile = HostileFiles.Truncated(good).Concat(HostileFiles.Garbage()).Concat(
        [
            ("entity bomb in the sheet", HostileFiles.WithPart(good, "xl/worksheets/sheet1.xml", _ => Encoding.UTF8.GetBytes(HostileFiles.EntityBomb("worksheet")))),
            ("external entity in the shared strings", HostileFiles.WithPart(good, "xl/sharedStrings.xml", _ => Encoding.UTF8.GetBytes(HostileFiles.ExternalEntity("sst", "<si><t>&x;</t></si>")))),
            ("invalid UTF-8 in the sheet", HostileFiles.WithPart(good, "xl/worksheets/sheet1.xml", b => [.. b[..(b.Length / 2)], 0xC3, 0x28, 0xFF, .. b[(b.Length / 2)..]])),
            ("a cell of 300,000 characters", Workbook(i => i == 3 ? new string('長', 300_000) : "規程(2026-04-01)")),
        ]).ToList();

        var problems = new List<string>();
        foreach (var (name, bytes) in hostile)
        {
            var response = await UploadAsync(browser, page, page + "?handler=Upload", bytes, "hostile.xlsx");
            Refused(response, await response.Content.ReadAsStringAsync(), name, problems);
            if (!(await answers()).SequenceEqual(before))
            {
                problems.Add($"{name}: answers changed");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // Formulas in the supplement are imported as text and exported as text cells, never as formulas.
        string[] formulas = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://evil.example\")"];
        var withFormulas = Workbook(i => formulas[i % formulas.Length]);
        var imported = await UploadAsync(browser, page, page + "?handler=Upload", withFormulas, "formulas.xlsx");
        Assert.True(imported.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{imported.StatusCode}");
        var stored = await _people.WithDbAsync(db => db.Answers.Where(a => a.AssessmentId == assessment).Select(a => a.Supplement).ToListAsync());
        Assert.Contains(formulas[0], stored);
        var exported = await (await browser.GetAsync(page + "?handler=Download")).Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(exported));
        foreach (var part in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(part.Open());
            Assert.DoesNotMatch(new Regex("<(x:)?f[ >]"), await reader.ReadToEndAsync());
        }

        output.WriteLine($"{hostile.Count} hostile workbooks refused");
    }

    [Fact]
    public async Task Hostile_catalog_files_are_refused_and_store_nothing()
    {
        var owner = await _people.OrganizationAsync("制度運営(敵対的な版)", OrganizationRole.SchemeOwner);
        var (_, officer) = await _people.SignedInMemberAsync(owner, MembershipRole.Officer, twoFactor: true);
        var shipped = Features.Catalog.ShippedCatalogs.All().Single(c => c.FileName.Contains("scs-2026-03", StringComparison.Ordinal)).Json;
        var json = System.Text.Json.Nodes.JsonNode.Parse(shipped)!.AsObject();
        json["id"] = "scs-hostile";
        json["status"] = "draft";
        json.Remove("published");
        var good = Encoding.UTF8.GetBytes(json.ToJsonString());
        var huge = (System.Text.Json.Nodes.JsonObject)json.DeepClone();
        huge["title"] = new System.Text.Json.Nodes.JsonObject { ["ja"] = new string('長', 2_000_000) };
        var hostile = HostileFiles.Truncated(good).Concat(HostileFiles.Garbage()).Concat(
        [
            ("nested 100,000 deep", Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000))),
            ("a number where text goes", Encoding.UTF8.GetBytes(json.ToJsonString().Replace("\"scs-hostile\"", "12345", StringComparison.Ordinal))),
            ("a title of 2,000,000 characters", Encoding.UTF8.GetBytes(huge.ToJsonString())),
            ("invalid UTF-8 inside", [.. good[..100], 0xC3, 0x28, .. good[100..]]),
            ("an XML entity bomb", Encoding.UTF8.GetBytes(HostileFiles.EntityBomb("catalog"))),
        ]).ToList();

        var versions = await _people.WithDbAsync(db => db.CatalogVersions.CountAsync());
        var problems = new List<string>();
        foreach (var (name, bytes) in hostile)
        {
            var response = await UploadAsync(officer, "/catalog", "/catalog?handler=Import", bytes, "catalog.json");
            Refused(response, await response.Content.ReadAsStringAsync(), name, problems);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(versions, await _people.WithDbAsync(db => db.CatalogVersions.CountAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(officer, "/catalog", "/catalog?handler=Import", good, "catalog.json")).StatusCode);
    }

    [Fact]
    public async Task Hostile_supplier_files_add_nothing_and_formulas_are_neutralized_in_the_export()
    {
        var buyer = await _people.OrganizationAsync("敵対的な台帳の発注者", OrganizationRole.Buyer);
        var (_, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        var header = "法人番号,名称,取引先コード,部署,連絡先メール,タグ\r\n";
        var good = Encoding.UTF8.GetBytes(header + $"{Hoshi.Tests.Shared.Listings.NewNumber()},良い取引先,C-1,,,\r\n");
        var hostile = HostileFiles.Garbage().Concat(
        [
            ("an XML entity bomb named .xlsx", Encoding.UTF8.GetBytes(HostileFiles.EntityBomb("worksheet"))),
            ("a header only, cut", Encoding.UTF8.GetBytes(header[..10])),
            ("an open quote to the end", Encoding.UTF8.GetBytes(header + "\"" + new string('a', 100_000))),
        ]).ToList();

        var problems = new List<string>();
        foreach (var (name, bytes) in hostile)
        {
            var response = await UploadAsync(browser, $"/organizations/{buyer}/suppliers", $"/organizations/{buyer}/suppliers?handler=Import", bytes, name.Contains(".xlsx", StringComparison.Ordinal) ? "suppliers.xlsx" : "suppliers.csv");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                // The import runs in the background: it must end (done with every row refused, or failed), adding nothing.
                body = await Suppliers.PortfolioImportTests.FinishedAsync(browser, response.Headers.Location!.OriginalString);
            }

            if ((int)response.StatusCode >= 500 || body.Contains(HostileFiles.Secret, StringComparison.Ordinal))
            {
                problems.Add($"{name}: {(int)response.StatusCode}");
            }

            if (await _people.WithDbAsync(db => db.Suppliers.CountAsync(s => s.BuyerId == buyer)) != 0)
            {
                problems.Add($"{name}: added suppliers");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // Formulas as names are kept as text; the CSV export starts them with an apostrophe.
        var formulas = Encoding.UTF8.GetBytes(header + string.Join("\r\n", new[] { "=cmd|' /C calc'!A0", "@SUM(A1)", "+1+1" }.Select(f => $"{Hoshi.Tests.Shared.Listings.NewNumber()},\"{f}\",,,,")) + "\r\n");
        var imported = await UploadAsync(browser, $"/organizations/{buyer}/suppliers", $"/organizations/{buyer}/suppliers?handler=Import", formulas, "formulas.csv");
        await Suppliers.PortfolioImportTests.FinishedAsync(browser, imported.Headers.Location!.OriginalString);
        Assert.Equal(3, await _people.WithDbAsync(db => db.Suppliers.CountAsync(s => s.BuyerId == buyer)));
        var csv = await browser.GetStringAsync($"/organizations/{buyer}/suppliers?handler=Export&format=csv");
        Assert.Contains("'=cmd|", csv, StringComparison.Ordinal);
        Assert.Contains("'@SUM(A1)", csv, StringComparison.Ordinal);
        Assert.Contains("'+1+1", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(browser, $"/organizations/{buyer}/suppliers", $"/organizations/{buyer}/suppliers?handler=Import", good, "good.csv")).StatusCode);
    }
}
