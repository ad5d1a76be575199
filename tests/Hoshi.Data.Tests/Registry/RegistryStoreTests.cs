using Hoshi.Bench;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Cli;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Data.Tests.Registry;

/// <summary>
/// The registry on the real database (SQLite and PostgreSQL): concurrent registrations append to
/// the log one after another, and seed-registry's bulk path (binary COPY on PostgreSQL) writes
/// rows that the application reads back and that verify.
/// </summary>
public sealed class RegistryStoreTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        _services = database.NewServices();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    [Fact]
    public async Task Concurrent_registrations_each_get_their_own_leaf_and_the_log_still_verifies()
    {
        await InScopeAsync(async s =>
        {
            await s.GetRequiredService<RegistryBook>().PrepareAsync();
            return 0;
        });
        var body = await InScopeAsync(async s => (await s.GetRequiredService<OrganizationStore>().CreateAsync(new NewOrganization("同時登録の登録機関", null, null, EmployeeBand.From11To50, null, "13"), "test")).Id);
        var before = await InScopeAsync(s => s.GetRequiredService<AppDbContext>().LogLeaves.LongCountAsync());

        var registered = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Listings.RegisterAsync(_services, $"同時登録{i}株式会社", body: body))));

        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var leaves = await db.LogLeaves.Where(l => l.Index >= before).Select(l => new { l.Index, l.CertificateId }).ToListAsync();
            Assert.Equal(8, leaves.Count);
            Assert.Equal(registered.Select(r => r.CertificateId).Order(), leaves.Select(l => l.CertificateId).Order());
            Assert.Equal(Enumerable.Range((int)before, 8).Select(i => (long)i), leaves.Select(l => l.Index).Order());
            var outcome = await LogVerifier.VerifyAsync(db, s.GetRequiredService<RegistryKeys>(), default);
            Assert.Null(outcome.Problem);
            Assert.True(outcome.Heads >= 8);
            return 0;
        });
    }

    [Fact]
    public async Task Seeded_entries_are_read_back_by_the_application_and_verify()
    {
        await InScopeAsync(s => RegistrySeed.RunAsync(s, 250, 3, force: true, TextWriter.Null, default));
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var queries = s.GetRequiredService<RegistryQueries>();
            var sample = await db.Set<RegistryEntrySubjectRecord>().Where(x => x.Name.Contains("有限会社") || x.Name.Contains("株式会社")).OrderBy(x => x.CorporateNumber).Take(5).ToListAsync();
            Assert.Equal(5, sample.Count);
            foreach (var subject in sample)
            {
                var rows = await queries.ByCorporateNumberAsync(subject.CorporateNumber);
                var row = Assert.Single(rows);
                Assert.Equal(subject.Name, row.Name);
                var certificate = await queries.CertificateAsync(row.CertificateId!.Value);
                Assert.NotNull(certificate);
                Assert.Equal(subject.CorporateNumber, certificate.CorporateNumber);
                var verified = await CertificateJws.VerifyAsync(certificate.Jws, await s.GetRequiredService<RegistryKeys>().VerificationKeysAsync(), CertificateJws.CertificateType, null);
                Assert.True(verified.Valid, verified.Problem);
            }

            var search = await queries.SearchAsync(new RegistrySearch(SearchTextOf(sample[0].Name), null, null, null, 1, 100));
            Assert.Contains(search.Items, i => i.CorporateNumber == sample[0].CorporateNumber);
            var bulk = await queries.StatusOfAsync([.. sample.Select(x => x.CorporateNumber)]);
            Assert.All(bulk, b => Assert.NotEqual("none", b.Status));
            Assert.Null((await LogVerifier.VerifyAsync(db, s.GetRequiredService<RegistryKeys>(), default)).Problem);
            return 0;
        });
    }

    /// <summary>A Japanese fragment of the name, in hiragana where it had katakana.</summary>
    private static string SearchTextOf(string name) => Domain.Registry.SearchText.Normalize(name)[..3];
}
