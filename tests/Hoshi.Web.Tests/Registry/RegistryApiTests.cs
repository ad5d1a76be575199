using System.Net;
using System.Text.Json;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Organizations;

namespace Hoshi.Web.Tests.Registry;

/// <summary>The public registry lookup: no sign-in, cacheable, CORS open, clear errors.</summary>
public sealed class RegistryApiTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private static string NewNumber() => Hoshi.Web.Cli.DemoData.CorporateNumberFor("8" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private async Task<string> ListedAsync(params (Level Level, DateOnly From, DateOnly Until, string Status)[] entries)
    {
        var number = NewNumber();
        var applicant = await _people.OrganizationAsync("台帳に載る株式会社", OrganizationRole.Applicant);
        var body = await _people.OrganizationAsync("登録機関(API試験)", OrganizationRole.RegistrationBody);
        await _people.WithDbAsync(async db =>
        {
            foreach (var (level, from, until, status) in entries)
            {
                var round = new AssessmentRecord { Id = Guid.NewGuid(), OrganizationId = applicant, Level = level, CatalogVersionId = "scs-2026-03", State = Domain.Assessments.AssessmentState.Registered, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
                db.Assessments.Add(round);
                var entry = new RegistryEntryRecord
                {
                    Id = Guid.NewGuid(),
                    AssessmentId = round.Id,
                    OrganizationId = applicant,
                    Level = level,
                    Status = status,
                    ValidFrom = from,
                    ValidUntil = until,
                    ScopeSummary = "全社(本社)",
                    RegisteredByOrganizationId = body,
                    RegisteredAt = DateTime.UtcNow,
                };
                entry.Subjects.Add(new RegistryEntrySubjectRecord { CorporateNumber = number, Name = "台帳に載る株式会社" });
                db.RegistryEntries.Add(entry);
            }

            return await db.SaveChangesAsync();
        });
        return number;
    }

    [Fact]
    public async Task A_listed_number_answers_its_entries_highest_level_first_with_status_of_today()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        var number = await ListedAsync((Level.Star3, today.AddYears(-2), today.AddYears(-1), "valid"), (Level.Star4, today.AddDays(-10), today.AddYears(3), "valid"));
        var anonymous = factory.CreateClient();
        var response = await anonymous.GetAsync($"/api/registry/{number}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("public, max-age=60", response.Headers.CacheControl?.ToString());
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((number, "台帳に載る株式会社"), (json.GetProperty("corporateNumber").GetString(), json.GetProperty("name").GetString()));
        var entries = json.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal([4, 3], entries.Select(e => e.GetProperty("level").GetInt32()));
        Assert.Equal(["valid", "expired"], entries.Select(e => e.GetProperty("status").GetString()));
        Assert.Equal("登録機関(API試験)", entries[0].GetProperty("registeredBy").GetString());
        Assert.Equal(today.AddYears(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), entries[0].GetProperty("validUntil").GetString());

        // The same answer again with its ETag: 304, nothing sent.
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/registry/{number}");
        again.Headers.IfNoneMatch.ParseAdd(response.Headers.ETag!.ToString());
        var notModified = await anonymous.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("123", "13")]
    [InlineData("12345678901ab", "digits")]
    public async Task A_malformed_number_is_400_naming_the_field_and_the_reason(string input, string reason)
    {
        var response = await factory.CreateClient().GetAsync($"/api/registry/{input}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("corporateNumber")[0].GetString();
        Assert.Contains(reason, errors, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_wrong_check_digit_is_400_and_an_unlisted_valid_number_is_404()
    {
        var valid = NewNumber();
        var wrong = (((valid[0] - '0') + 1) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture) + valid[1..];
        var bad = await factory.CreateClient().GetAsync($"/api/registry/{wrong}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("check digit", await bad.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var missing = await factory.CreateClient().GetAsync($"/api/registry/{valid}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/registry/{corporateNumber}", "get", "application/json")]
    [InlineData("/api/registry", "get", "application/json")]
    [InlineData("/api/registry/status", "post", "application/json")]
    [InlineData("/api/certificates/{id}", "get", "application/jwt")]
    [InlineData("/api/certificates/{id}/status", "get", "application/json")]
    [InlineData("/api/log/head", "get", "application/json")]
    [InlineData("/api/log/entries", "get", "application/json")]
    [InlineData("/api/log/proof", "get", "application/json")]
    [InlineData("/api/log/consistency", "get", "application/json")]
    public async Task The_OpenAPI_document_says_what_each_registry_operation_answers(string path, string method, string contentType)
    {
        var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        var ok = operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty(contentType);

        // A schema for the success, problem details for the refusals and the rate limit.
        Assert.True(ok.TryGetProperty("schema", out _));
        Assert.True(operation.GetProperty("responses").TryGetProperty("429", out _));
        if (method == "post")
        {
            var body = operation.GetProperty("requestBody").GetProperty("content");
            Assert.True(body.TryGetProperty("application/json", out _));
            Assert.True(body.TryGetProperty("text/csv", out _));
        }
    }
}
