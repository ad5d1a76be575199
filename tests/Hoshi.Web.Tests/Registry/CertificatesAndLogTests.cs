using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Cli;
using Hoshi.Web.Features.Registry;
using Hoshi.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Registry;

/// <summary>
/// Certificates checked with another JOSE library (jose-jwt) than the one that signs them, the
/// log's proofs checked with a verifier written here from RFC 9162, and suspension, reinstatement
/// and revocation seen in the API, the certificate status and the log.
/// </summary>
public sealed partial class CertificatesAndLogTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<IReadOnlyDictionary<string, Jose.Jwk>> JwksAsync(HttpClient client)
    {
        var response = await client.GetAsync("/.well-known/jwks.json");
        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType?.MediaType);
        var keys = (await JsonAsync(response)).GetProperty("keys");
        return keys.EnumerateArray().ToDictionary(k => k.GetProperty("kid").GetString()!, k => Jose.Jwk.FromJson(k.GetRawText(), Jose.JWT.DefaultSettings.JsonMapper));
    }

    private static JsonElement VerifyWithJose(string token, IReadOnlyDictionary<string, Jose.Jwk> keys, string type)
    {
        var headers = Jose.JWT.Headers(token);
        Assert.Equal("ES256", headers["alg"]);
        Assert.Equal(type, headers["typ"]);
        var payload = Jose.JWT.Decode(token, keys[(string)headers["kid"]], Jose.JwsAlgorithm.ES256);
        return JsonDocument.Parse(payload).RootElement.Clone();
    }

    [Fact]
    public async Task A_certificate_verifies_with_an_independent_jose_library_and_carries_every_claim()
    {
        var listing = await Listings.RegisterAsync(factory.Services, "証明書検証株式会社", Level.Star4, scope: "全社(本社・工場)");
        var client = factory.CreateClient();
        var response = await client.GetAsync($"/api/certificates/{listing.CertificateId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jwt", response.Content.Headers.ContentType?.MediaType);
        var token = await response.Content.ReadAsStringAsync();

        var jwks = await JwksAsync(client);
        var claims = VerifyWithJose(token, jwks, "hoshi-certificate+jwt");
        Assert.Equal("http://localhost:5000", claims.GetProperty("iss").GetString());
        Assert.Equal(listing.CorporateNumber, claims.GetProperty("sub").GetString());
        Assert.Equal("証明書検証株式会社", claims.GetProperty("name").GetString());
        Assert.Equal(4, claims.GetProperty("level").GetInt32());
        Assert.Equal("全社(本社・工場)", claims.GetProperty("scope").GetString());
        Assert.Equal(listing.CertificateId.ToString(), claims.GetProperty("jti").GetString());
        Assert.Equal("登録機関(台帳試験)", claims.GetProperty("registeredBy").GetString());
        // Format 2 states what the ★ covers and what no ★ covers.
        Assert.Equal(2, claims.GetProperty("fmt").GetInt32());
        Assert.Equal("whole", claims.GetProperty("coverage").GetString());
        Assert.Equal(["ot", "delivered-products"], claims.GetProperty("outsideScheme").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, claims.GetProperty("groupCompanies").GetArrayLength());
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        var start = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9));
        Assert.Equal(start.ToUnixTimeSeconds(), claims.GetProperty("nbf").GetInt64());
        // ★4: three years; the certificate ends at the end of the last valid day, JST.
        Assert.Equal(start.AddYears(3).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
        Assert.InRange(claims.GetProperty("iat").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);

        // One changed character in the payload and the signature no longer holds.
        var parts = token.Split('.');
        var forged = Jose.Base64Url.Encode(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Jose.Base64Url.Decode(parts[1])).Replace("\"level\":4", "\"level\":5", StringComparison.Ordinal)));
        Assert.Throws<Jose.IntegrityException>(() => VerifyWithJose($"{parts[0]}.{forged}.{parts[2]}", jwks, "hoshi-certificate+jwt"));

        // The same check offline, as ./hoshi certificate verify does it, with the JWKS as a file.
        var verified = await CertificateJws.VerifyAsync(token, await VerificationKeysAsync(), CertificateJws.CertificateType, DateTimeOffset.UtcNow);
        Assert.True(verified.Valid, verified.Problem);
        var tooLate = await CertificateJws.VerifyAsync(token, await VerificationKeysAsync(), CertificateJws.CertificateType, start.AddYears(3));
        Assert.False(tooLate.Valid);
    }

    [Fact]
    public async Task A_partial_scope_is_stated_on_the_certificate_and_a_certificate_of_the_first_format_still_verifies()
    {
        var listing = await Listings.RegisterAsync(factory.Services, "一部だけの株式会社", Level.Star3, scope: "設計部(名古屋)");
        var client = factory.CreateClient();
        var token = await client.GetStringAsync($"/api/certificates/{listing.CertificateId}");
        var claims = VerifyWithJose(token, await JwksAsync(client), "hoshi-certificate+jwt");
        Assert.Equal(("partial", "設計部(名古屋)"), (claims.GetProperty("coverage").GetString(), claims.GetProperty("scope").GetString()));
        var page = await client.GetStringAsync($"/registry/certificates/{listing.CertificateId}");
        Assert.Contains("data-coverage=\"partial\"", page, StringComparison.Ordinal);
        Assert.Contains("組織の一部のみ", page, StringComparison.Ordinal);
        Assert.Contains("OT(制御系)と納入する製品は", page, StringComparison.Ordinal);
        var pdf = await client.GetAsync($"/registry/certificates/{listing.CertificateId}?handler=Pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var pdfText = Shared.PdfText.Extract(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("組織の", pdfText, StringComparison.Ordinal);
        Assert.Contains("設計部", pdfText, StringComparison.Ordinal);

        // A certificate issued before the format change (no fmt, no coverage) verifies as before.
        await using var scope = factory.Services.CreateAsyncScope();
        var (kid, key) = await scope.ServiceProvider.GetRequiredService<RegistryKeys>().SigningKeyAsync();
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        var old = CertificateJws.Sign(new CertificateJws.Claims("http://localhost:5000", listing.CorporateNumber, "一部だけの株式会社", Level.Star3, "設計部(名古屋)",
            DateTimeOffset.UtcNow.AddDays(-30), today.AddDays(-30), today.AddYears(2), Guid.NewGuid(), "登録機関(台帳試験)", Format: 1), kid, key);
        var verified = await CertificateJws.VerifyAsync(old, await VerificationKeysAsync(), CertificateJws.CertificateType, DateTimeOffset.UtcNow);
        Assert.True(verified.Valid, verified.Problem);
        Assert.False(verified.Token!.TryGetPayloadValue<int>("fmt", out _));
        Assert.False(verified.Token.TryGetPayloadValue<string>("coverage", out _));
        Assert.Equal(1, Hoshi.Domain.Registry.ScopeCoverage.FormatOf(null));
        Assert.Equal("設計部(名古屋)", VerifyWithJose(old, await JwksAsync(client), "hoshi-certificate+jwt").GetProperty("scope").GetString());
    }

    private async Task<IReadOnlyDictionary<string, ECDsa>> VerificationKeysAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RegistryKeys>().VerificationKeysAsync();
    }

    [Fact]
    public async Task Certificate_endpoints_answer_400_for_a_bad_id_and_404_for_an_unknown_one()
    {
        var client = factory.CreateClient();
        foreach (var path in new[] { "/api/certificates/nope", "/api/certificates/nope/status", "/api/log/proof?certificateId=nope" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        foreach (var path in new[] { $"/api/certificates/{Guid.NewGuid()}", $"/api/certificates/{Guid.NewGuid()}/status", $"/api/log/proof?certificateId={Guid.NewGuid()}", $"/registry/certificates/{Guid.NewGuid()}" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task Inclusion_and_consistency_proofs_verify_against_the_signed_heads()
    {
        var client = factory.CreateClient();
        var first = await Listings.RegisterAsync(factory.Services, "ログ証明一号株式会社");
        var keys = await JwksAsync(client);
        var head1 = await JsonAsync(await client.GetAsync("/api/log/head"));
        var signed1 = VerifyWithJose(head1.GetProperty("signature").GetString()!, keys, "hoshi-log-head+jwt");
        Assert.Equal(head1.GetProperty("treeSize").GetInt64(), signed1.GetProperty("treeSize").GetInt64());
        Assert.Equal(head1.GetProperty("rootHash").GetString(), signed1.GetProperty("rootHash").GetString());

        await Listings.RegisterAsync(factory.Services, "ログ証明二号株式会社");
        var third = await Listings.RegisterAsync(factory.Services, "ログ証明三号株式会社");
        var head2 = await JsonAsync(await client.GetAsync("/api/log/head"));
        VerifyWithJose(head2.GetProperty("signature").GetString()!, keys, "hoshi-log-head+jwt");
        var size1 = head1.GetProperty("treeSize").GetInt64();
        var size2 = head2.GetProperty("treeSize").GetInt64();
        Assert.True(size2 >= size1 + 2);
        var root2 = Convert.FromBase64String(head2.GetProperty("rootHash").GetString()!);

        foreach (var listing in new[] { first, third })
        {
            var proof = await JsonAsync(await client.GetAsync($"/api/log/proof?certificateId={listing.CertificateId}"));
            Assert.Equal(size2, proof.GetProperty("treeSize").GetInt64());
            var index = proof.GetProperty("leafIndex").GetInt64();
            var path = proof.GetProperty("auditPath").EnumerateArray().Select(p => Convert.FromBase64String(p.GetString()!)).ToList();

            // The leaf as the log serves it: the canonical JSON of the registration.
            var entries = await JsonAsync(await client.GetAsync($"/api/log/entries?start={index}&end={index}"));
            var leaf = Convert.FromBase64String(entries.GetProperty("entries")[0].GetProperty("leaf").GetString()!);
            var leafJson = JsonDocument.Parse(leaf).RootElement;
            Assert.Equal(listing.CertificateId.ToString(), leafJson.GetProperty("certificateId").GetString());
            Assert.Equal("registered", leafJson.GetProperty("event").GetString());
            Assert.Equal(Encoding.UTF8.GetString(leaf), Canonical(leafJson));

            Assert.True(Rfc9162.VerifyInclusion(index, size2, Rfc9162.LeafHash(leaf), path, root2));
            Assert.False(Rfc9162.VerifyInclusion(index, size2, Rfc9162.LeafHash([.. leaf, (byte)' ']), path, root2));
        }

        var consistency = await JsonAsync(await client.GetAsync($"/api/log/consistency?first={size1}&second={size2}"));
        var consistencyPath = consistency.GetProperty("consistencyPath").EnumerateArray().Select(p => Convert.FromBase64String(p.GetString()!)).ToList();
        var root1 = Convert.FromBase64String(head1.GetProperty("rootHash").GetString()!);
        Assert.True(Rfc9162.VerifyConsistency(size1, size2, root1, root2, consistencyPath));
        Assert.False(Rfc9162.VerifyConsistency(size1, size2, root2, root2, consistencyPath));

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/log/consistency?first={size2}&second={size1}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/log/consistency?first=1&second={size2 + 1000}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/log/entries?start=5&end=2")).StatusCode);

        // ./hoshi log verify's check recomputes the same tree from the stored events.
        await using var scope = factory.Services.CreateAsyncScope();
        var outcome = await LogVerifier.VerifyAsync(scope.ServiceProvider.GetRequiredService<Hoshi.Data.AppDbContext>(), scope.ServiceProvider.GetRequiredService<RegistryKeys>(), default);
        Assert.Null(outcome.Problem);
        Assert.True(outcome.Leaves >= size2);
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Sorted keys, no whitespace: what the log promises its leaves are.</summary>
    private static string Canonical(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(Canonical)) + "]",
        JsonValueKind.String => JsonSerializer.Serialize(element.GetString(), Relaxed),
        _ => element.GetRawText(),
    };

    [Fact]
    public async Task Suspension_reinstatement_and_revocation_show_in_the_api_the_certificate_status_and_the_log()
    {
        var body = await _people.OrganizationAsync("登録機関(停止試験)", OrganizationRole.RegistrationBody);
        var listing = await Listings.RegisterAsync(factory.Services, "停止される株式会社", body: body);
        var (_, officer) = await _people.SignedInMemberAsync(body, MembershipRole.Officer, twoFactor: true);
        var page = $"/registry/certificates/{listing.CertificateId}";
        var client = factory.CreateClient();

        // Someone who is not of a body sees no form, and a post is refused.
        var (_, stranger) = await _people.SignedInMemberAsync(await _people.OrganizationAsync("通りすがり株式会社", OrganizationRole.Applicant), MembershipRole.OrgAdmin);
        Assert.DoesNotContain("change-status", await stranger.GetStringAsync(page), StringComparison.Ordinal);
        var refused = await FormPost.SendWithTokenFromAsync(stranger, "/account", page + "?handler=Change", new() { ["Action"] = "Suspend", ["Reason"] = "いたずら", ["Version"] = "0" });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        async Task<HttpResponseMessage> ChangeAsync(string action, string reason, bool confirmed = false)
        {
            var html = await officer.GetStringAsync(page);
            var version = System.Text.RegularExpressions.Regex.Match(html, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
            var fields = new Dictionary<string, string> { ["Action"] = action, ["Reason"] = reason, ["Evidence"] = "調査報告書 2026-11", ["Version"] = version, ["__RequestVerificationToken"] = FormPost.TokenOf(html) };
            if (confirmed)
            {
                fields["Confirmed"] = "true";
            }

            return await officer.PostAsync(page + "?handler=Change", new FormUrlEncodedContent(fields));
        }

        async Task ExpectAsync(string status, string? reason, string lastEvent)
        {
            var lookup = await JsonAsync(await client.GetAsync($"/api/registry/{listing.CorporateNumber}"));
            Assert.Equal(status, lookup.GetProperty("entries")[0].GetProperty("status").GetString());
            var certificate = await JsonAsync(await client.GetAsync($"/api/certificates/{listing.CertificateId}/status"));
            Assert.Equal(status, certificate.GetProperty("status").GetString());
            Assert.Equal(reason, certificate.GetProperty("reason").GetString());
            if (reason is not null)
            {
                Assert.Equal(JapanTime.DateOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), certificate.GetProperty("since").GetString());
            }

            var proof = await JsonAsync(await client.GetAsync($"/api/log/proof?certificateId={listing.CertificateId}"));
            var leaf = JsonDocument.Parse(Convert.FromBase64String(proof.GetProperty("leaf").GetString()!)).RootElement;
            Assert.Equal(lastEvent, leaf.GetProperty("event").GetString());
            Assert.Equal(listing.EntryId.ToString(), leaf.GetProperty("entryId").GetString());
            var search = await JsonAsync(await client.GetAsync($"/api/registry?q={listing.CorporateNumber}&status={status}"));
            Assert.Equal(1, search.GetProperty("total").GetInt32());
        }

        await ExpectAsync("valid", null, "registered");

        // A reason is required.
        var noReason = await ChangeAsync("Suspend", " ", confirmed: true);
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("理由を入力してください", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Suspending asks for the confirmation too: without it, nothing changes.
        var unconfirmedSuspension = await ChangeAsync("Suspend", "年次自己評価が未提出");
        Assert.Equal(HttpStatusCode.OK, unconfirmedSuspension.StatusCode);
        Assert.Contains("確認にチェックを入れてください", await unconfirmedSuspension.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ExpectAsync("valid", null, "registered");
        Assert.Equal(HttpStatusCode.Redirect, (await ChangeAsync("Suspend", "年次自己評価が未提出", confirmed: true)).StatusCode);
        await ExpectAsync("suspended", "年次自己評価が未提出", "suspended");
        Assert.Contains("年次自己評価が未提出", await client.GetStringAsync($"/registry/{listing.CorporateNumber}"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await ChangeAsync("Reinstate", "提出を確認")).StatusCode);
        await ExpectAsync("valid", null, "reinstated");

        // Revocation needs the confirmation, then is final.
        var unconfirmed = await ChangeAsync("Revoke", "虚偽の申告");
        Assert.Contains("確認にチェックを入れてください", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ExpectAsync("valid", null, "reinstated");
        Assert.Equal(HttpStatusCode.Redirect, (await ChangeAsync("Revoke", "虚偽の申告", confirmed: true)).StatusCode);
        await ExpectAsync("revoked", "虚偽の申告", "revoked");
        // The page offers nothing more; a post from an old tab is refused.
        Assert.Contains("取消は元に戻せません", await officer.GetStringAsync(page), StringComparison.Ordinal);
        var version = await _people.WithDbAsync(db => Task.FromResult(db.RegistryEntries.Single(e => e.Id == listing.EntryId).Version));
        var again = await FormPost.SendWithTokenFromAsync(officer, "/account", page + "?handler=Change", new() { ["Action"] = "Reinstate", ["Reason"] = "戻したい", ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains("取り消された登録は変更できません", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ExpectAsync("revoked", "虚偽の申告", "revoked");

        // The revoked entry stays listed, with its status and date.
        var organization = await client.GetStringAsync($"/registry/{listing.CorporateNumber}");
        Assert.Contains("取消", organization, StringComparison.Ordinal);

        // Every change is in the audit trail with its reason and evidence.
        var audited = await _people.WithDbAsync(db => Task.FromResult(db.AuditRecords.Where(a => a.ObjectId == listing.EntryId.ToString()).Select(a => new { a.Action, a.Changes }).ToList()));
        Assert.Equal(["registry.suspended", "registry.reinstated", "registry.revoked"], audited.Select(a => a.Action));
        var suspension = JsonDocument.Parse(audited[0].Changes!).RootElement;
        Assert.Equal(("年次自己評価が未提出", "調査報告書 2026-11"), (suspension.GetProperty("reason").GetString(), suspension.GetProperty("evidence").GetString()));
    }

    [Fact]
    public async Task A_stale_form_does_not_overwrite_a_newer_change()
    {
        var body = await _people.OrganizationAsync("登録機関(競合試験)", OrganizationRole.RegistrationBody);
        var listing = await Listings.RegisterAsync(factory.Services, "競合する株式会社", body: body);
        var (_, officer) = await _people.SignedInMemberAsync(body, MembershipRole.Officer, twoFactor: true);
        var page = $"/registry/certificates/{listing.CertificateId}";
        var stale = await officer.GetStringAsync(page);
        var fresh = await FormPost.SendAsync(officer, page + "?handler=Change", new() { ["Action"] = "Suspend", ["Reason"] = "先の判断", ["Version"] = "0", ["Confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        var late = await officer.PostAsync(page + "?handler=Change", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "Revoke",
            ["Reason"] = "後の判断",
            ["Confirmed"] = "true",
            ["Version"] = "0",
            ["__RequestVerificationToken"] = FormPost.TokenOf(stale),
        }));
        Assert.Contains("他の人が先に変更しました", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var status = await JsonAsync(await factory.CreateClient().GetAsync($"/api/certificates/{listing.CertificateId}/status"));
        Assert.Equal("suspended", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_certificate_page_shows_a_qr_code_and_a_pdf_with_the_japanese_text()
    {
        // 𠮷 (outside the BMP, missing from IPAex Gothic) comes from the fallback font and extracts as itself.
        var listing = await Listings.RegisterAsync(factory.Services, "𠮷野証明書ページ株式会社");
        var client = factory.CreateClient();
        var html = await client.GetStringAsync($"/registry/certificates/{listing.CertificateId}");
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        var pdf = await client.GetAsync($"/registry/certificates/{listing.CertificateId}?handler=Pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(bytes, 0, 4), StringComparison.Ordinal);
        var text = Shared.PdfText.Extract(bytes);
        Assert.Contains("𠮷野証明書ページ株式会社", text, StringComparison.Ordinal);
        Assert.Contains(listing.CorporateNumber, text, StringComparison.Ordinal);
        Assert.Contains("IPAmj", Shared.PdfText.Fonts(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("http://127.0.0.1:8080")]
    public async Task With_no_public_url_set_the_qr_code_the_pdf_and_the_verify_command_carry_the_address_the_request_came_to(string address)
    {
        var listing = await Listings.RegisterAsync(factory.Services, "宛先を問う証明書株式会社");
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri(address) });
        var verification = $"{address}/registry/certificates/{listing.CertificateId}";

        var html = await client.GetStringAsync($"/registry/certificates/{listing.CertificateId}");
        Assert.Equal(verification, Shared.QrText.Decode(QrImage().Match(html).Groups[1].Value));
        Assert.Contains($"--jwks {address}/.well-known/jwks.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost:5000", html, StringComparison.Ordinal);
        var text = Shared.PdfText.Extract(await client.GetByteArrayAsync($"/registry/certificates/{listing.CertificateId}?handler=Pdf"));
        Assert.Contains(verification, text.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex("<img[^>]+src=\"(data:image/png;base64,[^\"]+)\"")]
    internal static partial System.Text.RegularExpressions.Regex QrImage();
}
