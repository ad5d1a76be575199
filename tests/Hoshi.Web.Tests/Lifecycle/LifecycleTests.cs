using System.Net;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Lifecycle;
using Hoshi.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Lifecycle;

/// <summary>
/// The scheduler with a moved clock: reminders 90, 30 and 7 days before, once each; a ★3 entry
/// expiring exactly at the end of its last valid day in Japan time; buyers and holders told.
/// </summary>
public sealed class LifecycleTests(ShiftedClockFactory factory) : IClassFixture<ShiftedClockFactory>
{
    private readonly People _people = new(factory, factory.MailFolder);

    private Task<SchedulerPass> RunAtAsync(DateTime japanTime) => factory.RunAtAsync(japanTime);

    private Task<List<(string Key, Guid User)>> NotificationsAsync(Guid entry) =>
        _people.WithDbAsync(async db => (await db.Notifications.Where(n => n.Key.StartsWith("entry:" + entry)).Select(n => new { n.Key, n.UserId }).ToListAsync())
            .Select(n => (n.Key, n.UserId)).OrderBy(n => n.Key, StringComparer.Ordinal).ThenBy(n => n.UserId).ToList());

    [Fact]
    public async Task Reminders_go_out_once_at_90_30_and_7_days_and_the_entry_expires_at_the_end_of_its_last_day_in_japan()
    {
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        var until = today.AddDays(90);
        var listed = await Listings.RegisterAsync(factory.Services, "期限を迎える部品株式会社", Level.Star3, from: until.AddDays(1).AddYears(-1));
        Assert.Equal(until, await _people.WithDbAsync(db => db.RegistryEntries.Where(e => e.Id == listed.EntryId).Select(e => e.ValidUntil).SingleAsync()));
        var holder = await _people.PersonAsync(listed.OrganizationId, MembershipRole.OrgAdmin);
        var buyer = await _people.OrganizationAsync("期限を見守る発注者", OrganizationRole.Buyer);
        var buyerPerson = await _people.PersonAsync(buyer, MembershipRole.Member);
        await _people.WithDbAsync(async db =>
        {
            db.Suppliers.Add(new Data.Suppliers.SupplierRecord { Id = Guid.NewGuid(), BuyerId = buyer, CorporateNumber = listed.CorporateNumber, Name = "期限を迎える部品株式会社", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        var morning = today.ToDateTime(new TimeOnly(9, 0));
        await RunAtAsync(morning);
        Assert.Equal([("entry:" + listed.EntryId + ":before-90", holder.UserId), ("entry:" + listed.EntryId + ":before-90", buyerPerson.UserId)], (await NotificationsAsync(listed.EntryId)).OrderBy(n => n.User == buyerPerson.UserId).ToList());
        var mail = await _people.MailToAsync(holder.Email);
        Assert.Contains("期限を迎える部品株式会社", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("/organizations/" + listed.OrganizationId, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<a href=", mail.HtmlBody, StringComparison.Ordinal);

        // Later the same day and the next days: nothing new, whatever the job's runs.
        await RunAtAsync(morning.AddHours(8));
        await RunAtAsync(morning.AddDays(1));
        Assert.Equal(2, (await NotificationsAsync(listed.EntryId)).Count);

        foreach (var days in new[] { 30, 7 })
        {
            await RunAtAsync(until.AddDays(-days).ToDateTime(new TimeOnly(0, 10)));
            await RunAtAsync(until.AddDays(-days).ToDateTime(new TimeOnly(12, 0)));
        }

        var keys = (await NotificationsAsync(listed.EntryId)).Select(n => n.Key).ToList();
        Assert.Equal(6, keys.Count);
        Assert.Equal(["before-30", "before-7", "before-90"], keys.Select(k => k[(k.LastIndexOf(':') + 1)..]).Distinct().Order(StringComparer.Ordinal));

        // 23:59 on the last valid day in Japan (14:59 UTC): still valid. Midnight: expired, logged, told.
        await RunAtAsync(until.ToDateTime(new TimeOnly(23, 59, 0)));
        Assert.Equal("valid", await _people.WithDbAsync(db => db.RegistryEntries.Where(e => e.Id == listed.EntryId).Select(e => e.Status).SingleAsync()));
        Assert.Contains("\"status\":\"valid\"", await factory.Browser().GetStringAsync($"/api/registry/{listed.CorporateNumber}"), StringComparison.Ordinal);

        // Half a minute after midnight the registry already answers "expired" (status by date); the
        // job records it at its next run, within its five-minute interval, with the log event.
        var pass = await RunAtAsync(until.AddDays(1).ToDateTime(new TimeOnly(0, 0, 30)));
        Assert.DoesNotContain("registry-expiry", pass.Ran);
        Assert.Contains("\"status\":\"expired\"", await factory.Browser().GetStringAsync($"/api/registry/{listed.CorporateNumber}"), StringComparison.Ordinal);
        pass = await RunAtAsync(until.AddDays(1).ToDateTime(new TimeOnly(0, 5, 0)));
        Assert.Contains("registry-expiry", pass.Ran);
        Assert.Equal("expired", await _people.WithDbAsync(db => db.RegistryEntries.Where(e => e.Id == listed.EntryId).Select(e => e.Status).SingleAsync()));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "registry.expired" && a.ObjectId == listed.EntryId.ToString())));
        var expired = (await NotificationsAsync(listed.EntryId)).Where(n => n.Key.EndsWith(":expired", StringComparison.Ordinal)).Select(n => n.User).Order().ToList();
        Assert.Equal(new[] { holder.UserId, buyerPerson.UserId }.Order().ToList(), expired);

        // Run again: nothing expires twice, nobody is told twice.
        await RunAtAsync(until.AddDays(1).ToDateTime(new TimeOnly(8, 0)));
        Assert.Equal(1, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.Action == "registry.expired" && a.ObjectId == listed.EntryId.ToString())));
        Assert.Equal(8, (await NotificationsAsync(listed.EntryId)).Count);

        // The buyer's person sees them under the bell, opens one and lands on the change list.
        var browser = await _people.SignedInAsync(buyerPerson);
        var home = await browser.GetStringAsync("/organizations");
        Assert.Contains("data-testid=\"bell-count\"> (4)", home, StringComparison.Ordinal);
        var list = await browser.GetStringAsync("/notifications");
        Assert.Contains("有効期限が切れました", list, StringComparison.Ordinal);
        var id = await _people.WithDbAsync(db => db.Notifications.Where(n => n.UserId == buyerPerson.UserId && n.Key.EndsWith(":expired")).Select(n => n.Id).SingleAsync());
        var opened = await FormPost.SendWithTokenFromAsync(browser, "/notifications", $"/notifications?handler=Open&notificationId={id}", []);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"/organizations/{buyer}/suppliers/changes", opened.Headers.Location!.OriginalString);
        Assert.Contains("data-testid=\"bell-count\"> (3)", await browser.GetStringAsync("/organizations"), StringComparison.Ordinal);
    }
}

/// <summary>Notification mail follows each person's choices (on or off, language); its own app, so its clock only moves forward.</summary>
public sealed class NotificationChoiceTests(ShiftedClockFactory factory) : IClassFixture<ShiftedClockFactory>
{
    private readonly People _people = new(factory, factory.MailFolder);

    /// <summary>Moves the clock and runs every job now (the tests of this class may run in any order, so the clock may go back).</summary>
    private async Task<SchedulerPass> RunAtAsync(DateTime japanTime)
    {
        factory.Clock.Shift = TimeSpan.Zero;
        factory.Clock.Shift = new DateTimeOffset(japanTime, TimeSpan.FromHours(9)) - factory.Clock.GetUtcNow();
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await _people.WithDbAsync(db => db.ScheduledJobs.ExecuteUpdateAsync(u => u.SetProperty(j => j.NextRunAt, now)));
        return await factory.RunAtAsync(japanTime);
    }

    [Fact]
    public async Task An_overdue_request_is_flagged_once_to_both_sides_and_the_operator_sees_the_jobs()
    {
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        var number = Listings.NewNumber();
        var supplier = await _people.OrganizationAsync("遅れている工房", OrganizationRole.Applicant);
        await _people.WithDbAsync(db => db.Organizations.Where(o => o.Id == supplier).ExecuteUpdateAsync(u => u.SetProperty(o => o.CorporateNumber, number)));
        // Buyers' requests reach the organization verified for the number.
        await Hoshi.Tests.Shared.VerifiedOrganizations.MarkAsync(factory.Services, supplier);
        var supplierAdmin = await _people.PersonAsync(supplier, MembershipRole.OrgAdmin);
        var buyer = await _people.OrganizationAsync("待っている発注者", OrganizationRole.Buyer);
        var (buyerPerson, browser) = await _people.SignedInMemberAsync(buyer, MembershipRole.Member);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, $"/organizations/{buyer}/suppliers?handler=Add", new() { ["Input.CorporateNumber"] = number, ["Input.Name"] = "遅れている工房" })).StatusCode);
        var supplierId = await _people.WithDbAsync(db => db.Suppliers.Where(s => s.BuyerId == buyer).Select(s => s.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(browser, $"/organizations/{buyer}/suppliers/{supplierId}/request", new()
        {
            ["Input.Level"] = "3",
            ["Input.DueOn"] = today.AddDays(3).ToString("yyyy-MM-dd"),
            ["Input.Email"] = "",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/jobs")).StatusCode);

        await RunAtAsync(today.AddDays(3).ToDateTime(new TimeOnly(23, 0)));
        Assert.Equal(0, await _people.WithDbAsync(db => db.Notifications.CountAsync(n => n.Kind == "request-overdue" && (n.UserId == buyerPerson.UserId || n.UserId == supplierAdmin.UserId))));
        await RunAtAsync(today.AddDays(4).ToDateTime(new TimeOnly(9, 0)));
        await RunAtAsync(today.AddDays(5).ToDateTime(new TimeOnly(9, 0)));
        var flagged = await _people.WithDbAsync(db => db.Notifications.Where(n => n.Kind == "request-overdue" && (n.UserId == buyerPerson.UserId || n.UserId == supplierAdmin.UserId)).Select(n => new { n.UserId, n.Link }).ToListAsync());
        Assert.Equal(2, flagged.Count);
        Assert.Equal($"/organizations/{supplier}/requests", flagged.Single(f => f.UserId == supplierAdmin.UserId).Link);

        // The scheme owner's operator view lists every job with its last run.
        var owner = await _people.OrganizationAsync("制度運営(運用)", OrganizationRole.SchemeOwner);
        var (_, officer) = await _people.SignedInMemberAsync(owner, MembershipRole.OrgAdmin, twoFactor: true);
        var jobs = await officer.GetStringAsync("/admin/jobs");
        foreach (var name in new[] { "registry-expiry", "expiry-reminders", "request-overdue", "yearly-self-assessments", "corrective-deadlines", "accreditations", "expert-training", "audit-verify" })
        {
            Assert.Contains($"data-name=\"{name}\"", jobs, StringComparison.Ordinal);
        }

        // Each result reads in the reader's language (a text key and a count), not the job's English.
        // (the last run, on the fifth day, told nobody: both were told on the fourth)
        Assert.Contains("期限を過ぎた依頼について 0 人に知らせました", jobs, StringComparison.Ordinal);
        Assert.DoesNotContain("told of overdue", jobs, StringComparison.Ordinal);
        await officer.GetAsync("/language/en?returnUrl=%2Fadmin%2Fjobs");
        Assert.Contains("People told of overdue requests: 0", await officer.GetStringAsync("/admin/jobs"), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"outbox-waiting\"", jobs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accreditations_ending_surveillance_due_and_expert_training_lapsing_are_told_once()
    {
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        var body = await _people.OrganizationAsync("期限のある評価機関", OrganizationRole.EvaluationBody);
        var bodyAdmin = await _people.PersonAsync(body, MembershipRole.OrgAdmin);
        var accreditor = await _people.OrganizationAsync("認定する機関", OrganizationRole.AccreditationBody);
        var accreditorAdmin = await _people.PersonAsync(accreditor, MembershipRole.OrgAdmin);
        var accreditation = Guid.NewGuid();
        var expertHome = await _people.OrganizationAsync("専門家の所属", OrganizationRole.Applicant);
        var expert = await _people.PersonAsync(expertHome, MembershipRole.Member);
        await _people.WithDbAsync(async db =>
        {
            // Valid until 30 days from now; the surveillance due a year after the start (in 20 days) is not held yet.
            db.Accreditations.Add(new Data.Accreditation.AccreditationRecord
            {
                Id = accreditation,
                OrganizationId = body,
                AccreditedById = accreditor,
                Number = "AB-2024-001",
                Scope = Domain.Accreditation.AccreditationScope.Evaluation,
                ValidFrom = today.AddDays(20).AddYears(-1),
                ValidUntil = today.AddDays(30),
                Status = Domain.Accreditation.AccreditationStatus.Active,
                CreatedAt = DateTime.UtcNow,
            });
            db.ExpertProfiles.Add(new Data.Accounts.ExpertProfileRecord { UserId = expert.UserId, TrainingCompletedOn = today.AddDays(40).AddYears(-3).AddDays(1), UpdatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        await RunAtAsync(today.ToDateTime(new TimeOnly(10, 0)));
        await RunAtAsync(today.ToDateTime(new TimeOnly(15, 0)));
        var told = await _people.WithDbAsync(db => db.Notifications.Where(n => n.UserId == bodyAdmin.UserId || n.UserId == accreditorAdmin.UserId || n.UserId == expert.UserId)
            .Select(n => new { n.UserId, n.Kind, n.Key }).ToListAsync());
        Assert.Contains(told, n => n.UserId == bodyAdmin.UserId && n.Kind == "accreditation-expiring" && n.Key == $"accreditation:{accreditation}:before-30");
        Assert.Single(told, n => n.Kind == "accreditation-expiring");
        Assert.Equal(2, told.Count(n => n.Kind == "surveillance-due"));
        Assert.Contains(told, n => n.UserId == accreditorAdmin.UserId && n.Kind == "surveillance-due");
        Assert.Single(told, n => n.UserId == expert.UserId && n.Kind == "training-expiring");
    }

    [Fact]
    public async Task A_holder_starts_its_renewal_round_only_within_90_days_of_expiry()
    {
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        var fresh = await Listings.RegisterAsync(factory.Services, "更新はまだ先の株式会社", Level.Star3);
        var (_, early) = await _people.SignedInMemberAsync(fresh.OrganizationId, MembershipRole.Member);
        var refused = await FormPost.SendAsync(early, $"/organizations/{fresh.OrganizationId}/assessments?handler=Start", new() { ["level"] = "3" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var opensOn = today.AddYears(1).AddDays(-1).AddDays(-90).ToString("yyyy-MM-dd");
        Assert.Contains(opensOn + " から始められます", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await _people.WithDbAsync(db => db.Assessments.CountAsync(a => a.OrganizationId == fresh.OrganizationId && a.State == Domain.Assessments.AssessmentState.Draft)));

        var due = await Listings.RegisterAsync(factory.Services, "更新の時期の株式会社", Level.Star3, from: today.AddDays(60).AddDays(1).AddYears(-1));
        var (_, inTime) = await _people.SignedInMemberAsync(due.OrganizationId, MembershipRole.Member);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPost.SendAsync(inTime, $"/organizations/{due.OrganizationId}/assessments?handler=Start", new() { ["level"] = "3" })).StatusCode);
    }

    [Fact]
    public async Task Mail_follows_each_persons_choices_and_language()
    {
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        var listed = await Listings.RegisterAsync(factory.Services, "英語で知らせる株式会社", Level.Star3, from: today.AddDays(20).AddYears(-1));
        var english = await _people.PersonAsync(listed.OrganizationId, MembershipRole.OrgAdmin);
        var silent = await _people.PersonAsync(listed.OrganizationId, MembershipRole.OrgAdmin);
        foreach (var (person, language, mail) in new[] { (english, "en", "true"), (silent, "ja", "false") })
        {
            var browser = await _people.SignedInAsync(person);
            var saved = await FormPost.SendAsync(browser, "/notifications?handler=Preferences", new()
            {
                ["Preferences.MailEnabled"] = mail,
                ["Preferences.Language"] = language,
                ["Preferences.MailKinds"] = "expiry-reminder",
            });
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        await RunAtAsync(today.ToDateTime(new TimeOnly(10, 0)));
        var notified = await _people.WithDbAsync(db => db.Notifications.Where(n => n.Key == $"entry:{listed.EntryId}:before-30").ToListAsync());
        Assert.Equal(2, notified.Count);
        Assert.NotNull(notified.Single(n => n.UserId == english.UserId).MailedAt);
        Assert.Null(notified.Single(n => n.UserId == silent.UserId).MailedAt);
        var message = await _people.MailToAsync(english.Email);
        Assert.StartsWith("[Hoshi] ★3 of 英語で知らせる株式会社 expires on", message.Subject, StringComparison.Ordinal);
        Assert.Equal(0, await _people.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == silent.Email)));
    }
}
