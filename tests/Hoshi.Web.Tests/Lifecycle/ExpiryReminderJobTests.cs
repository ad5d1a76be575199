using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Lifecycle;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Lifecycle;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Tests.Lifecycle;

/// <summary>
/// The reminder job keeps the stage sent on each entry: it works through more entries than one
/// batch, a run after that reads none, and a person who joins after a stage went out hears of the
/// next stage, not of the one already sent. Its own app: it fills the registry with entries near
/// their end, which the other lifecycle tests should not see expire.
/// </summary>
public sealed class ExpiryReminderJobTests(ShiftedClockFactory factory) : IClassFixture<ShiftedClockFactory>
{
    private readonly People _people = new(factory, factory.MailFolder);

    private Task<SchedulerPass> RunAtAsync(DateTime japanTime) => factory.RunAtAsync(japanTime);

    private Task<List<string>> KeysOfAsync(Guid user) =>
        _people.WithDbAsync(db => db.Notifications.Where(n => n.UserId == user && n.Kind == "expiry-reminder").Select(n => n.Key).ToListAsync());

    [Fact]
    public async Task Each_entry_records_the_stage_sent_so_later_runs_read_only_entries_that_owe_one()
    {
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        var until = today.AddDays(90);
        var listed = await Listings.RegisterAsync(factory.Services, "期限の近い部品株式会社", Level.Star3, from: until.AddDays(1).AddYears(-1));
        var first = await _people.PersonAsync(listed.OrganizationId, MembershipRole.OrgAdmin);

        // More entries than one batch, 61 to 90 days from their end, under an organization nobody administers.
        var other = await Listings.RegisterAsync(factory.Services, "期限の近い多数の登録株式会社", Level.Star3);
        var many = ExpiryReminderJob.BatchSize * 2 + 10;
        await _people.WithDbAsync(async db =>
        {
            var body = await db.RegistryEntries.Where(e => e.Id == other.EntryId).Select(e => e.RegisteredByOrganizationId).SingleAsync();
            for (var i = 0; i < many; i++)
            {
                var entry = new RegistryEntryRecord
                {
                    Id = Guid.NewGuid(),
                    OrganizationId = other.OrganizationId,
                    Level = Level.Star3,
                    Status = "valid",
                    ValidFrom = today.AddYears(-1),
                    ValidUntil = today.AddDays(61 + (i % 30)),
                    ScopeSummary = "全社",
                    RegisteredByOrganizationId = body,
                    RegisteredAt = DateTime.UtcNow,
                };
                entry.Subjects.Add(new RegistryEntrySubjectRecord { CorporateNumber = other.CorporateNumber, Name = "期限の近い多数の登録株式会社" });
                db.RegistryEntries.Add(entry);
            }

            return await db.SaveChangesAsync();
        });

        var morning = today.ToDateTime(new TimeOnly(9, 0));
        Assert.Contains("expiry-reminders", (await RunAtAsync(morning)).Ran);
        Assert.Equal(["entry:" + listed.EntryId + ":before-90"], await KeysOfAsync(first.UserId));
        // Every entry within 90 days of its end has its stage recorded, the batch's overflow too.
        var stages = await _people.WithDbAsync(db => db.RegistryEntries.Where(e => e.OrganizationId == other.OrganizationId || e.OrganizationId == listed.OrganizationId)
            .GroupBy(e => e.ReminderSentDaysBefore).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(many + 1, stages.Where(s => s.Key == 90).Sum(s => s.Count));
        Assert.Equal(1, stages.Where(s => s.Key is null).Sum(s => s.Count)); // `other`'s own entry: a year to go.

        // The next day nothing is owed: the query that finds the due entries finds none.
        var owing = ExpiryReminderJob.Owing(today.AddDays(1), factory.Services.GetRequiredService<IOptions<LifecycleSettings>>().Value);
        Assert.Equal(0, await _people.WithDbAsync(db => db.RegistryEntries.CountAsync(owing)));

        // A second administrator joins after the 90-day reminder: not told of it late, told at 30 days.
        var second = await _people.PersonAsync(listed.OrganizationId, MembershipRole.OrgAdmin);
        await RunAtAsync(morning.AddDays(1));
        Assert.Empty(await KeysOfAsync(second.UserId));
        await RunAtAsync(until.AddDays(-30).ToDateTime(new TimeOnly(9, 0)));
        Assert.Equal(["entry:" + listed.EntryId + ":before-30"], await KeysOfAsync(second.UserId));
        Assert.Equal(2, (await KeysOfAsync(first.UserId)).Count);
        Assert.Equal(30, await _people.WithDbAsync(db => db.RegistryEntries.Where(e => e.Id == listed.EntryId).Select(e => e.ReminderSentDaysBefore).SingleAsync()));
    }
}
