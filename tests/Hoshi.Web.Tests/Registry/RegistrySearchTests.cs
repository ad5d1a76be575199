using System.Net;
using System.Text;
using System.Text.Json;
using Hoshi.Domain;
using Hoshi.Tests.Shared;
using Microsoft.AspNetCore.Hosting;

namespace Hoshi.Web.Tests.Registry;

/// <summary>Search, bulk status and the public pages, on a registry of a few organizations made for this class.</summary>
public sealed class RegistrySearchTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task AssertInvalidAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors name {field}");
    }

    [Fact]
    public async Task Names_are_found_by_japanese_substring_whatever_the_kana_and_width()
    {
        var tag = "シラサギ" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var star3 = await Listings.RegisterAsync(factory.Services, $"株式会社{tag}精機", Level.Star3, prefecture: "23");
        var star4 = await Listings.RegisterAsync(factory.Services, $"{tag}電子株式会社", Level.Star4, prefecture: "13");
        var client = factory.CreateClient();

        var hiragana = "しらさぎ" + tag[4..];
        var halfWidth = "ｼﾗｻｷﾞ" + tag[4..];
        foreach (var query in new[] { tag, hiragana, halfWidth })
        {
            var result = await JsonAsync(await client.GetAsync($"/api/registry?q={Uri.EscapeDataString(query)}"));
            Assert.Equal(2, result.GetProperty("total").GetInt32());
            Assert.Equal(new[] { star3.CorporateNumber, star4.CorporateNumber }.Order(), result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("corporateNumber").GetString()).Order());
        }

        var filtered = await JsonAsync(await client.GetAsync($"/api/registry?q={Uri.EscapeDataString(hiragana)}&level=4&status=valid&prefecture=13"));
        var item = Assert.Single(filtered.GetProperty("items").EnumerateArray());
        Assert.Equal((star4.CorporateNumber, 4, "valid", "13"), (item.GetProperty("corporateNumber").GetString(), item.GetProperty("level").GetInt32(), item.GetProperty("status").GetString(), item.GetProperty("prefecture").GetString()));
        Assert.Equal(star4.CertificateId.ToString(), item.GetProperty("certificateId").GetString());
        Assert.Equal(0, (await JsonAsync(await client.GetAsync($"/api/registry?q={Uri.EscapeDataString(hiragana)}&level=4&prefecture=23"))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await JsonAsync(await client.GetAsync($"/api/registry?q={Uri.EscapeDataString(hiragana)}&status=revoked"))).GetProperty("total").GetInt32());

        var byNumber = await JsonAsync(await client.GetAsync($"/api/registry?q={star3.CorporateNumber}"));
        Assert.Equal(star3.CorporateNumber, Assert.Single(byNumber.GetProperty("items").EnumerateArray()).GetProperty("corporateNumber").GetString());
    }

    [Fact]
    public async Task A_corporate_number_is_found_as_people_type_it_full_width_hyphenated_or_spaced()
    {
        var tag = "全角番号" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var listing = await Listings.RegisterAsync(factory.Services, $"株式会社{tag}");
        var number = listing.CorporateNumber;
        var fullWidth = new string([.. number.Select(c => (char)(c - '0' + '０'))]);
        var hyphenated = $"{number[..4]}-{number[4..8]}-{number[8..12]}-{number[12..]}";
        var fullWidthHyphenated = $"{fullWidth[..4]}－{fullWidth[4..8]}ー{fullWidth[8..]}";
        var spaced = $"{number[..1]} {number[1..5]}\u3000{number[5..]}";
        var client = factory.CreateClient();

        foreach (var typed in new[] { fullWidth, hyphenated, fullWidthHyphenated, spaced })
        {
            var result = await JsonAsync(await client.GetAsync($"/api/registry?q={Uri.EscapeDataString(typed)}"));
            Assert.True(result.GetProperty("total").GetInt32() == 1, $"{typed} finds {number}");
            Assert.Equal(number, Assert.Single(result.GetProperty("items").EnumerateArray()).GetProperty("corporateNumber").GetString());

            var page = await client.GetStringAsync($"/registry?q={Uri.EscapeDataString(typed)}");
            Assert.Contains(tag, page, StringComparison.Ordinal);
            Assert.Equal(200, (int)(await client.GetAsync($"/api/registry/{Uri.EscapeDataString(typed)}")).StatusCode);
        }
    }

    [Fact]
    public async Task Search_pages_are_stable_and_bounded()
    {
        var tag = "ページ送り" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 5; i++)
        {
            await Listings.RegisterAsync(factory.Services, $"{tag}工業{i}");
        }

        var client = factory.CreateClient();
        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await JsonAsync(await client.GetAsync($"/api/registry?q={Uri.EscapeDataString(tag)}&page={page}&pageSize=2"));
            Assert.Equal((5, page, 2), (result.GetProperty("total").GetInt32(), result.GetProperty("page").GetInt32(), result.GetProperty("pageSize").GetInt32()));
            seen.AddRange(result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{tag}工業{i}"), seen);
        await AssertInvalidAsync(await client.GetAsync("/api/registry?pageSize=101"), "pageSize");
        await AssertInvalidAsync(await client.GetAsync("/api/registry?page=0"), "page");
        await AssertInvalidAsync(await client.GetAsync("/api/registry?level=5"), "level");
        await AssertInvalidAsync(await client.GetAsync("/api/registry?status=gone"), "status");
        await AssertInvalidAsync(await client.GetAsync("/api/registry?prefecture=48"), "prefecture");
        var cached = await client.GetAsync("/api/registry?q=x");
        Assert.Equal("public, max-age=60", cached.Headers.CacheControl?.ToString());
        Assert.NotNull(cached.Headers.ETag);
        Assert.Equal("*", cached.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Bulk_status_answers_every_input_in_order_from_json_or_csv()
    {
        var star3 = await Listings.RegisterAsync(factory.Services, "一括照会三株式会社", Level.Star3);
        var star4 = await Listings.RegisterAsync(factory.Services, "一括照会四株式会社", Level.Star4);
        var unknown = Listings.NewNumber();
        var client = factory.CreateClient();
        string[] inputs = [star4.CorporateNumber, "123", unknown, star3.CorporateNumber, "1000000000000", star4.CorporateNumber];

        var json = await JsonAsync(await client.PostAsync("/api/registry/status", new StringContent(JsonSerializer.Serialize(new { corporateNumbers = inputs }), Encoding.UTF8, "application/json")));
        var csv = await JsonAsync(await client.PostAsync("/api/registry/status", new StringContent("法人番号\r\n" + string.Join("\r\n", inputs) + "\r\n", Encoding.UTF8, "text/csv")));
        foreach (var answer in new[] { json, csv })
        {
            var results = answer.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(inputs.Length, results.Count);
            Assert.Equal(["valid", "invalid", "none", "valid", "invalid", "valid"], results.Select(r => r.GetProperty("status").GetString()));
            Assert.Equal((4, "一括照会四株式会社"), (results[0].GetProperty("level").GetInt32(), results[0].GetProperty("name").GetString()));
            Assert.Equal(3, results[3].GetProperty("level").GetInt32());
            Assert.Contains("13", results[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Contains("check digit", results[4].GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(unknown, results[2].GetProperty("corporateNumber").GetString());
            Assert.Equal(JsonValueKind.Null, results[2].GetProperty("level").ValueKind);
        }

        var tooMany = Enumerable.Range(0, 10_001).Select(_ => star3.CorporateNumber).ToArray();
        await AssertInvalidAsync(await client.PostAsync("/api/registry/status", new StringContent(JsonSerializer.Serialize(new { corporateNumbers = tooMany }), Encoding.UTF8, "application/json")), "corporateNumbers");
        await AssertInvalidAsync(await client.PostAsync("/api/registry/status", new StringContent("{\"corporateNumbers\":", Encoding.UTF8, "application/json")), "corporateNumbers");
        await AssertInvalidAsync(await client.PostAsync("/api/registry/status", new StringContent("{}", Encoding.UTF8, "application/json")), "corporateNumbers");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsync("/api/registry/status", new StringContent("x", Encoding.UTF8, "text/plain"))).StatusCode);
    }

    [Fact]
    public async Task The_best_standing_entry_answers_a_bulk_lookup_and_expired_ones_stay_visible()
    {
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        var lapsed = await Listings.RegisterAsync(factory.Services, "失効した株式会社", Level.Star4, from: today.AddYears(-3).AddDays(-5));
        var client = factory.CreateClient();
        var result = (await JsonAsync(await client.PostAsync("/api/registry/status", new StringContent(JsonSerializer.Serialize(new { corporateNumbers = new[] { lapsed.CorporateNumber } }), Encoding.UTF8, "application/json"))))
            .GetProperty("results")[0];
        Assert.Equal(("expired", 4), (result.GetProperty("status").GetString(), result.GetProperty("level").GetInt32()));
        var page = await client.GetStringAsync($"/registry/{lapsed.CorporateNumber}");
        Assert.Contains("期限切れ", page, StringComparison.Ordinal);
        Assert.Contains(today.AddYears(-3).AddDays(-5).AddYears(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
        var search = await client.GetStringAsync($"/registry?q={Uri.EscapeDataString("失効した")}&status=expired");
        Assert.Contains(lapsed.CorporateNumber, search, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_pages_search_in_japanese_and_link_to_the_organization_and_certificate()
    {
        var listing = await Listings.RegisterAsync(factory.Services, "ページ検索株式会社", Level.Star3, prefecture: "27");
        var client = factory.CreateClient();
        var list = await client.GetStringAsync($"/registry?q={Uri.EscapeDataString("ぺーじ検索")}&prefecture=27");
        Assert.Contains($"href=\"/registry/{listing.CorporateNumber}\"", list, StringComparison.Ordinal);
        Assert.Contains("大阪府", list, StringComparison.Ordinal);
        var organization = await client.GetStringAsync($"/registry/{listing.CorporateNumber}");
        Assert.Contains($"href=\"/registry/certificates/{listing.CertificateId}\"", organization, StringComparison.Ordinal);
        Assert.Contains("登録機関(台帳試験)", organization, StringComparison.Ordinal);
        var english = await factory.CreateClient().GetStringAsync($"/registry?q={Uri.EscapeDataString("ぺーじ検索")}&lang=en");
        Assert.Contains("Osaka", english, StringComparison.Ordinal);

        // A hyphenated number is normalized; an unknown or malformed one is 404.
        var hyphenated = await factory.Browser().GetAsync($"/registry/{listing.CorporateNumber[..1]}-{listing.CorporateNumber[1..5]}-{listing.CorporateNumber[5..9]}-{listing.CorporateNumber[9..]}");
        Assert.Equal(HttpStatusCode.Redirect, hyphenated.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/registry/{Listings.NewNumber()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/registry/12345")).StatusCode);
        var bad = await client.GetAsync("/registry?level=9");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("★は3か4を選んでください", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>A deployment that allows three public API requests per address per minute.</summary>
public sealed class RateLimitedFactory : HoshiFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Registry:RateLimitPermits", "3");
}

public sealed class RegistryRateLimitTests(RateLimitedFactory factory) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task Beyond_the_limit_an_address_gets_429_with_retry_after_and_other_pages_still_answer()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/registry?q=x")).StatusCode);
        }

        var limited = await client.GetAsync("/api/log/head");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync("/api/registry/status", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}

/// <summary>A deployment that lets each address look up ten corporate numbers in bulk per minute.</summary>
public sealed class BulkLimitedFactory : HoshiFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Registry:BulkNumbersPerWindow", "10");
}

public sealed class RegistryBulkChargeTests(BulkLimitedFactory factory) : IClassFixture<BulkLimitedFactory>
{
    [Fact]
    public async Task A_bulk_request_is_charged_by_the_numbers_it_carries()
    {
        var client = factory.CreateClient();
        static StringContent Numbers(int count) =>
            new(JsonSerializer.Serialize(new { corporateNumbers = Enumerable.Range(0, count).Select(i => $"{1000000000000L + i}") }), Encoding.UTF8, "application/json");

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/registry/status", Numbers(6))).StatusCode);
        var refused = await client.PostAsync("/api/registry/status", Numbers(6));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/registry/status", Numbers(4))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync("/api/registry/status", Numbers(1))).StatusCode);

        // Single lookups have their own budget.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/registry/1000000000000")).StatusCode);
    }
}
