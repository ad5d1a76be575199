using System.Net;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Tests.Catalog;

/// <summary>The diff page between the shipped versions, and a draft moved from the 2025-12 draft catalog to the 2026-03 one.</summary>
public sealed class CatalogRevisionTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task The_diff_page_counts_and_marks_the_changes_between_the_shipped_versions()
    {
        var page = WebUtility.HtmlDecode(await factory.Browser().GetStringAsync("/catalog/diff?from=scs-2025-12-draft&to=scs-2026-03"));
        foreach (var (kind, count) in new[] { ("Added", 5), ("Removed", 9), ("Changed", 84), ("Renumbered", 7) })
        {
            Assert.Contains($"data-testid=\"diff-count-{kind}\">{count}<", page, StringComparison.Ordinal);
        }

        Assert.Contains("4-2-1-6 → 4-2-1-5", page, StringComparison.Ordinal);
        Assert.Matches("<ins>[^<]*経営層が参加する[^<]*</ins>", page);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Browser().GetAsync("/catalog/diff?from=nope&to=scs-2026-03")).StatusCode);
    }

    [Fact]
    public async Task A_draft_moves_to_the_new_version_keeping_unchanged_answers_flagging_changed_ones_and_setting_removed_ones_aside()
    {
        var organization = await _people.OrganizationAsync("版を移す株式会社", OrganizationRole.Applicant);
        var (_, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.Member);
        var round = Guid.NewGuid();
        await _people.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            db.Assessments.Add(new AssessmentRecord { Id = round, OrganizationId = organization, Level = Level.Star4, CatalogVersionId = "scs-2025-12-draft", State = AssessmentState.Draft, CreatedAt = now, UpdatedAt = now });
            foreach (var (id, value, supplement) in new[] { ("1-1-1-2", "yes", "法令一覧(2025-10更新)"), ("4-2-1-6", "no", (string?)null), ("1-2-1-4", "yes", "情報セキュリティ委員会規程"), ("4-5-2-1", "yes", "旧い要件への回答") })
            {
                db.Answers.Add(new AnswerRecord { AssessmentId = round, CriterionId = id, Value = value, Supplement = supplement, UpdatedAt = now });
            }

            return await db.SaveChangesAsync();
        });

        var overview = WebUtility.HtmlDecode(await browser.GetStringAsync($"/assessments/{round}"));
        Assert.Contains("data-testid=\"newer-catalog\"", overview, StringComparison.Ordinal);
        Assert.Contains("そのまま引き継ぐ: 2 件", overview, StringComparison.Ordinal);
        Assert.Contains("確認を求める: 1 件", overview, StringComparison.Ordinal);
        Assert.Contains("取り置く: 1 件", overview, StringComparison.Ordinal);

        var unconfirmed = await FormPost.SendAsync(browser, $"/assessments/{round}?handler=MoveCatalog", new() { ["version"] = "0" });
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Equal("scs-2025-12-draft", await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round).Select(a => a.CatalogVersionId).SingleAsync()));
        var version = await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round).Select(a => a.Version).SingleAsync());
        var moved = await FormPost.SendAsync(browser, $"/assessments/{round}?handler=MoveCatalog", new() { ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);

        var answers = await _people.WithDbAsync(db => db.Answers.Where(a => a.AssessmentId == round).ToDictionaryAsync(a => a.CriterionId));
        Assert.Equal(["1-1-1-2", "1-2-1-4", "4-2-1-5"], answers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("yes", "法令一覧(2025-10更新)"), (answers["1-1-1-2"].Value, answers["1-1-1-2"].Supplement));
        Assert.Equal("no", answers["4-2-1-5"].Value);
        var after = WebUtility.HtmlDecode(await browser.GetStringAsync($"/assessments/{round}"));
        Assert.DoesNotContain("data-testid=\"newer-catalog\"", after, StringComparison.Ordinal);
        Assert.Contains("1-2-1-4", after, StringComparison.Ordinal);
        Assert.Contains("4-5-2-1: yes — 旧い要件への回答", after, StringComparison.Ordinal);
        Assert.Equal("scs-2026-03", await _people.WithDbAsync(db => db.Assessments.Where(a => a.Id == round).Select(a => a.CatalogVersionId).SingleAsync()));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "assessment.catalog-moved" && a.ObjectId == round.ToString())));

        // The same form again: refused, nothing moves twice.
        var again = await FormPost.SendWithTokenFromAsync(browser, "/organizations/new", $"/assessments/{round}?handler=MoveCatalog", new() { ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }
}

/// <summary>The scheme owner imports a new version and publishes it; the previous one is superseded (an app of its own: the current version changes).</summary>
public sealed class CatalogPublishTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    [Fact]
    public async Task A_new_version_is_imported_as_a_draft_and_published_by_the_scheme_owner_only()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Hoshi.Web.Features.Catalog.ShippedCatalogs.All().Single(c => c.FileName.Contains("scs-2026-03", StringComparison.Ordinal)).Json)!.AsObject();
        json["id"] = "scs-2026-10-test";
        json["version"] = "2026-10 (test)";
        json["status"] = "draft";
        json.Remove("published");
        var bytes = System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());

        async Task<HttpResponseMessage> UploadAsync(HttpClient browser)
        {
            var token = FormPost.TokenOf(await browser.GetStringAsync("/organizations/new"));
            using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(bytes), "file", "scs-2026-10-test.json" } };
            return await browser.PostAsync("/catalog?handler=Import", form);
        }

        var (_, member) = await _people.SignedInMemberAsync(await _people.OrganizationAsync("版を触れない会社", OrganizationRole.Applicant), MembershipRole.OrgAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(member)).StatusCode);

        var owner = await _people.OrganizationAsync("制度運営(版)", OrganizationRole.SchemeOwner);
        var (_, officer) = await _people.SignedInMemberAsync(owner, MembershipRole.OrgAdmin, twoFactor: true);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(officer)).StatusCode);
        Assert.Equal(Domain.Catalog.CatalogStatus.Draft, await StatusAsync("scs-2026-10-test"));
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(officer)).StatusCode);

        var unconfirmed = await FormPost.SendWithTokenFromAsync(officer, "/catalog", "/catalog?handler=Publish&id=scs-2026-10-test", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        var published = await FormPost.SendWithTokenFromAsync(officer, "/catalog", "/catalog?handler=Publish&id=scs-2026-10-test", new() { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal(Domain.Catalog.CatalogStatus.Published, await StatusAsync("scs-2026-10-test"));
        Assert.Equal(Domain.Catalog.CatalogStatus.Superseded, await StatusAsync("scs-2026-03"));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "catalog.published" && a.ObjectId == "scs-2026-10-test")));
        Assert.Equal(HttpStatusCode.Conflict, (await FormPost.SendWithTokenFromAsync(officer, "/catalog", "/catalog?handler=Publish&id=scs-2026-10-test", new() { ["confirm"] = "true" })).StatusCode);

        // The diff page now compares the superseded version with the new one by default.
        var diff = WebUtility.HtmlDecode(await factory.Browser().GetStringAsync("/catalog/diff?from=scs-2026-03&to=scs-2026-10-test"));
        Assert.Contains("data-testid=\"diff-count-Unchanged\">153<", diff, StringComparison.Ordinal);
    }

    private Task<Domain.Catalog.CatalogStatus> StatusAsync(string id) =>
        _people.WithDbAsync(db => db.CatalogVersions.Where(c => c.Id == id).Select(c => c.Status).SingleAsync());
}
