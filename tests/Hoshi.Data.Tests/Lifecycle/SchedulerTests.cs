using Hoshi.Domain;
using Hoshi.Web.Features.Lifecycle;
using Hoshi.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Data.Tests.Lifecycle;

/// <summary>Two app nodes on one database run their schedulers at the same moment: each due item is handled once.</summary>
public sealed class SchedulerTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Two_nodes_running_at_once_expire_each_entry_once_and_run_each_job_once()
    {
        await using var first = database.NewServices();
        await using var second = database.NewServices();
        await using (var scope = first.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RegistryBook>().PrepareAsync();
        }

        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        var listed = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            listed.Add((await Hoshi.Tests.Shared.Listings.RegisterAsync(first, $"期限切れ{i}株式会社", Level.Star3, from: today.AddYears(-1).AddDays(-i - 1))).EntryId);
        }

        long LogSize(AppDbContext db) => db.LogLeaves.LongCount();
        long before;
        await using (var scope = first.CreateAsyncScope())
        {
            before = LogSize(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        }

        var passes = await Task.WhenAll(
            Task.Run(() => first.GetRequiredService<SchedulerRunner>().RunDueAsync("node-a")),
            Task.Run(() => second.GetRequiredService<SchedulerRunner>().RunDueAsync("node-b")));

        await using (var scope = first.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var errors = string.Join(" / ", await db.ScheduledJobs.Where(j => j.LastError != null).Select(j => j.Name + ": " + j.LastError).ToListAsync());
            Assert.True(errors.Length == 0, errors);
            Assert.Equal(12, await db.RegistryEntries.CountAsync(e => listed.Contains(e.Id) && e.Status == "expired"));
            Assert.Equal(12, await db.AuditRecords.CountAsync(a => a.Action == "registry.expired" && listed.Select(x => x.ToString()).Contains(a.ObjectId)));
            Assert.Equal(before + 12, LogSize(db));
            var job = await db.ScheduledJobs.AsNoTracking().SingleAsync(j => j.Name == "registry-expiry");
            Assert.Equal((1, 0, (string?)null), (job.Runs, job.Failures, job.LeaseOwner));
        }

        // Every job ran exactly once between the two nodes.
        var ran = passes.SelectMany(p => p.Ran).ToList();
        Assert.Equal(ran.Count, ran.Distinct().Count());
        Assert.Equal(first.GetRequiredService<SchedulerRunner>().Jobs.Select(j => j.Name).Order(), ran.Order());
    }
}
