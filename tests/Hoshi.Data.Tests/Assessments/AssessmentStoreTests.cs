using Hoshi.Data.Accounts;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Tests.Assessments;

/// <summary>★3 rounds on the real database: start, scope, answers with optimistic concurrency and history.</summary>
public sealed class AssessmentStoreTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private async Task<(Guid Organization, Guid User)> ApplicantAsync()
    {
        await using var db = database.NewContext();
        await database.NewCatalogStore(db).ImportShippedAsync("test");
        var organization = await new OrganizationStore(db, database.Clock)
            .CreateAsync(new NewOrganization("自己評価の会社", null, null, EmployeeBand.From11To50, null, null), "test");
        var email = $"a.{Guid.NewGuid():N}@example.jp";
        var user = new HoshiUser { Id = Guid.NewGuid(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), SecurityStamp = "s" };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return (organization.Id, user.Id);
    }

    private AssessmentStore Store(AppDbContext db) => new(db, database.NewCatalogStore(db), database.Clock, Microsoft.Extensions.Options.Options.Create(new Hoshi.Domain.Lifecycle.LifecycleSettings()));

    [Fact]
    public async Task A_round_starts_on_the_published_catalog_once_per_level()
    {
        var (organization, user) = await ApplicantAsync();
        await using var db = database.NewContext();
        var first = await Store(db).StartAsync(organization, Level.Star3, user, null);
        var again = await Store(db).StartAsync(organization, Level.Star3, user, null);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("scs-2026-03", first.CatalogVersionId);
        Assert.Equal(AssessmentState.Draft, first.State);
        Assert.Equal(1, await db.AuditRecords.CountAsync(a => a.Action == "assessment.started" && a.ObjectId == first.Id.ToString()));
    }

    [Fact]
    public async Task Two_people_saving_the_same_answer_the_second_gets_the_current_one_and_nothing_is_overwritten()
    {
        var (organization, user) = await ApplicantAsync();
        Guid id;
        await using (var db = database.NewContext())
        {
            id = (await Store(db).StartAsync(organization, Level.Star3, user, null)).Id;
        }

        async Task<AnswerSaveResult> SaveAsync(string supplement, int expected)
        {
            await using var db = database.NewContext();
            var store = Store(db);
            var loaded = (await store.LoadAsync(id))!;
            return await store.SaveAnswerAsync(loaded, "1-2-1-1", YesNo.Yes, supplement, expected, user, "127.0.0.1");
        }

        var first = await SaveAsync("情報セキュリティ基本方針(2026-04-01)", 0);
        Assert.True(first.Saved);
        Assert.Equal(1, first.Version);

        // Both opened version 1; the first to save wins.
        var results = await Task.WhenAll(SaveAsync("担当者Aの補足", 1), SaveAsync("担当者Bの補足", 1));
        Assert.Single(results, r => r.Saved);
        var loser = Assert.Single(results, r => !r.Saved);
        Assert.True(loser.Conflict);
        Assert.Equal(2, loser.Current!.Version);

        await using var check = database.NewContext();
        var stored = await check.Answers.SingleAsync(a => a.AssessmentId == id && a.CriterionId == "1-2-1-1");
        Assert.Equal(results.Single(r => r.Saved).Version, stored.Version);
        Assert.Equal(loser.Current.Supplement, stored.Supplement);
        Assert.Equal(2, await check.AnswerRevisions.CountAsync(r => r.AssessmentId == id));
    }

    [Fact]
    public async Task Wrong_answers_and_criteria_are_refused_and_not_stored()
    {
        var (organization, user) = await ApplicantAsync();
        await using var db = database.NewContext();
        var store = Store(db);
        var loaded = (await store.LoadAsync((await store.StartAsync(organization, Level.Star3, user, null)).Id))!;

        Assert.Equal(AnswerProblem.NotAChoice, (await store.SaveAnswerAsync(loaded, "1-2-1-1", "maybe", "x", 0, user, null)).Problem);
        Assert.NotNull((await store.SaveAnswerAsync(loaded, "no-such-criterion", YesNo.Yes, "x", 0, user, null)).Refusal);
        var star4Only = loaded.Catalog.AllCriteria.First(c => !c.AppliesTo(Level.Star3));
        Assert.NotNull((await store.SaveAnswerAsync(loaded, star4Only.Id, YesNo.Yes, "x", 0, user, null)).Refusal);
        Assert.False(await db.Answers.AnyAsync(a => a.AssessmentId == loaded.Assessment.Id));
    }

    [Fact]
    public async Task The_scope_is_saved_normalized_and_a_stale_form_is_refused()
    {
        var (organization, user) = await ApplicantAsync();
        await using var db = database.NewContext();
        var store = Store(db);
        var id = (await store.StartAsync(organization, Level.Star3, user, null)).Id;

        var scope = new ScopeQuestionnaire { WholeCompany = true, ScopeDefinition = "使われない回答", Locations = " 本社 ", OtherEntities = [new("株式会社ほしの販売", "5010-4010-67252")] };
        Assert.Empty(await store.SaveScopeAsync(id, 0, scope, user, null));
        await Assert.ThrowsAsync<Hoshi.Web.Features.Organizations.ConcurrencyConflictException>(() => store.SaveScopeAsync(id, 0, scope, user, null));

        await using var check = database.NewContext();
        var saved = AssessmentStore.ReadScope((await check.Assessments.SingleAsync(a => a.Id == id)).ScopeJson);
        Assert.Null(saved.ScopeDefinition);
        Assert.Equal("本社", saved.Locations);
        Assert.Equal("5010401067252", saved.OtherEntities.Single().CorporateNumber);
        Assert.Equal(1, await check.AuditRecords.CountAsync(a => a.Action == "assessment.scope-saved" && a.ObjectId == id.ToString()));
    }

    private static readonly SheetVocabulary Vocabulary = new([new("実施している", YesNo.Yes)], []);

    [Fact]
    public async Task Two_sheet_imports_of_the_same_answer_at_once_write_one_and_never_a_mix()
    {
        var (organization, user) = await ApplicantAsync();
        Guid id;
        await using (var db = database.NewContext())
        {
            id = (await Store(db).StartAsync(organization, Level.Star3, user, null)).Id;
        }

        async Task<SheetImportResult<AnswerChange>> ImportAsync(string supplement)
        {
            await using var db = database.NewContext();
            return await Store(db).ImportAnswersAsync(id,
                [new AnswerRow(2, "1-2-1-1", "0", "実施している", supplement, null), new AnswerRow(3, "1-2-3-1", "0", "実施している", supplement, null)],
                Vocabulary, validRowsOnly: false, "a.xlsx", user, "127.0.0.1");
        }

        var results = await Task.WhenAll(ImportAsync("担当者Aのファイル"), ImportAsync("担当者Bのファイル"));
        var winner = Assert.Single(results, r => r.Imported);
        var loser = Assert.Single(results, r => !r.Imported);

        // The second either collided while writing or saw the first's answers as changed since its download.
        Assert.True(loser.Conflict || loser.Plan.Rows.All(r => r.Problem == ImportProblem.ChangedSinceDownload));
        await using var check = database.NewContext();
        var stored = await check.Answers.Where(a => a.AssessmentId == id).Select(a => a.Supplement).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.Single(stored.Distinct());
        Assert.Equal(2, await check.AnswerRevisions.CountAsync(r => r.AssessmentId == id));
        Assert.Equal(1, await check.AuditRecords.CountAsync(a => a.Action == "assessment.sheet-imported" && a.ObjectId == id.ToString()));
        Assert.Equal(2, winner.Plan.Accepted);
    }
}
