using Hoshi.Bench;
using Hoshi.Data.Registry;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Domain.Registry;
using Hoshi.Web.Cli;
using Hoshi.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Data.Tests.Registry;

/// <summary>
/// The in-memory registry answers exactly what the database answers, and follows changes: at once
/// for a change made through this node, and from the log for a change made by another node.
/// </summary>
public sealed class RegistrySnapshotTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        _services = database.NewServices();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task The_snapshot_answers_as_the_database_and_follows_changes_here_and_from_other_nodes()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            Assert.Equal(0, await RegistrySeed.RunAsync(scope.ServiceProvider, 400, 11, force: true, TextWriter.Null, default));
        }

        var reader = _services.GetRequiredService<RegistryLookupReader>();
        var here = _services.GetRequiredService<RegistrySnapshot>();
        using var elsewhere = new RegistrySnapshot(database.Setting, reader);
        Assert.Null(here.Find("9000000000000"));
        await here.LoadAsync();
        await elsewhere.LoadAsync();
        Assert.Equal(400, here.Count);

        List<string> numbers;
        await using (var scope = _services.CreateAsyncScope())
        {
            numbers = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Hoshi.Data.Assessments.RegistryEntrySubjectRecord>().Select(s => s.CorporateNumber).ToListAsync();
        }

        // Every field the lookup answers, for every number, with the reasons of suspended and revoked entries.
        foreach (var number in numbers)
        {
            var fromDatabase = await reader.ByCorporateNumberAsync(number);
            var fromMemory = here.Find(number);
            Assert.NotNull(fromMemory);
            Assert.Equal(fromDatabase.Select(Comparable), fromMemory.Select(Comparable));
        }

        Assert.Null(here.Find(Listing()));
        Assert.Null(here.Find("not-a-number"));

        // A suspension made through this node shows at once here, and on the other node once it reads the log.
        var valid = numbers.First(n => here.Find(n)![0].Status == "valid" && here.Find(n)![0].ValidUntil >= Domain.JapanTime.DateOf(DateTimeOffset.UtcNow));
        var owner = Guid.NewGuid();
        var actor = new Actor(Guid.NewGuid(), [new MembershipGrant(owner, MembershipRole.OrgAdmin, [OrganizationRole.SchemeOwner])], false, true);
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var entry = await db.Set<Hoshi.Data.Assessments.RegistryEntrySubjectRecord>().Where(s => s.CorporateNumber == valid).Join(db.RegistryEntries, s => s.EntryId, e => e.Id, (s, e) => e).SingleAsync();
            var outcome = await scope.ServiceProvider.GetRequiredService<RegistryBook>().ChangeStatusAsync(entry.Id, RegistryAction.Suspend, "スナップショット試験", null, entry.Version, actor, null);
            Assert.NotNull(outcome);
            Assert.Null(outcome.Refusal);
        }

        Assert.Equal(("suspended", "スナップショット試験"), (here.Find(valid)![0].Status, here.Find(valid)![0].StatusReason));
        Assert.Equal("valid", elsewhere.Find(valid)![0].Status);
        await elsewhere.SyncAsync();
        Assert.Equal(("suspended", "スナップショット試験"), (elsewhere.Find(valid)![0].Status, elsewhere.Find(valid)![0].StatusReason));
        await here.SyncAsync();
        Assert.Equal(here.Cursor, elsewhere.Cursor);
        Assert.Equal("suspended", here.Find(valid)![0].Status);
    }

    private static string Listing() => DemoData.CorporateNumberFor("4" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string Comparable(RegistryLookupRow r) =>
        $"{r.Name}|{r.Level}|{r.Status}|{r.ValidFrom:O}|{r.ValidUntil:O}|{r.Scope}|{r.CertificateId}|{r.RegisteredBy}|{r.PrefectureCode}|{r.StatusReason}|{r.StatusChangedAt:O}";
}
