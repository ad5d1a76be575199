using System.Net;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Experts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests.Accounts;

/// <summary>Expert profiles: registration number normalized, training validity shown, and only valid training may review.</summary>
public sealed class ExpertProfileTests(HoshiFactory factory) : IClassFixture<HoshiFactory>
{
    private readonly People _people = new(factory);

    private async Task<bool> MayReviewAsync(Guid userId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExpertStore>().MayBeAskedToReviewAsync(userId);
    }

    [Fact]
    public async Task Training_decides_whether_an_expert_can_be_asked_to_review()
    {
        var organization = await _people.OrganizationAsync("専門家の会社", OrganizationRole.Applicant);
        var (person, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.Member, twoFactor: true);
        Assert.False(await MayReviewAsync(person.UserId));

        var today = Hoshi.Domain.JapanTime.DateOf(DateTimeOffset.UtcNow);
        var missing = await FormPost.SendAsync(browser, "/account/expert", new() { ["RegistrationNumber"] = "０１２３４５", ["Qualifications"] = "CISSP" });
        var html = await missing.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"saved\"", html, StringComparison.Ordinal);
        Assert.Contains("研修の修了日が未登録", html, StringComparison.Ordinal);
        Assert.False(await MayReviewAsync(person.UserId));
        var profile = await _people.WithDbAsync(db => db.ExpertProfiles.AsNoTracking().SingleAsync(e => e.UserId == person.UserId));
        Assert.Equal("012345", profile.RegistrationNumber);

        var valid = await FormPost.SendAsync(browser, "/account/expert", new()
        {
            ["RegistrationNumber"] = "012345",
            ["Qualifications"] = "CISSP",
            ["TrainingCompletedOn"] = today.AddYears(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Version"] = profile.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var validHtml = await valid.Content.ReadAsStringAsync();
        Assert.Contains($"研修は {today.AddYears(2).AddDays(-1):yyyy-MM-dd} まで有効です", validHtml, StringComparison.Ordinal);

        // Valid training is not enough: the scheme owner has not verified the qualification yet.
        Assert.Contains("制度運営事務局による資格の確認を待っています", validHtml, StringComparison.Ordinal);
        Assert.False(await MayReviewAsync(person.UserId));
        profile = await _people.WithDbAsync(db => db.ExpertProfiles.AsNoTracking().SingleAsync(e => e.UserId == person.UserId));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(Hoshi.Domain.Experts.VerificationProblem.None, await scope.ServiceProvider.GetRequiredService<ExpertStore>().DecideVerificationAsync(
                person.UserId, Hoshi.Domain.Experts.VerificationAction.Verify, Hoshi.Domain.Experts.ExpertVerification.RegisterBasis, null, profile.Version, Guid.NewGuid(), null));
        }

        Assert.True(await MayReviewAsync(person.UserId));

        profile = await _people.WithDbAsync(db => db.ExpertProfiles.AsNoTracking().SingleAsync(e => e.UserId == person.UserId));
        var expired = await FormPost.SendAsync(browser, "/account/expert", new()
        {
            ["RegistrationNumber"] = "012345",
            ["Qualifications"] = "CISSP",
            ["TrainingCompletedOn"] = today.AddYears(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Version"] = profile.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Contains("有効期限", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await MayReviewAsync(person.UserId));
        Assert.Equal(Hoshi.Domain.Experts.VerificationState.Verified, await _people.WithDbAsync(db => db.ExpertProfiles.Where(e => e.UserId == person.UserId).Select(e => e.Verification).SingleAsync()));
        Assert.Equal(4, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.ObjectType == "ExpertProfile" && a.ObjectId == person.UserId.ToString())));
    }

    [Fact]
    public async Task A_profile_needs_a_number_or_a_qualification_and_refuses_bad_input()
    {
        var organization = await _people.OrganizationAsync("入力誤りの会社", OrganizationRole.Applicant);
        var (person, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.Member, twoFactor: true);

        var empty = await (await FormPost.SendAsync(browser, "/account/expert", new() { ["TrainingCompletedOn"] = "2026-01-01" })).Content.ReadAsStringAsync();
        Assert.Contains("登録番号か資格のどちらかを入力してください", empty, StringComparison.Ordinal);

        var bad = await (await FormPost.SendAsync(browser, "/account/expert", new() { ["RegistrationNumber"] = "1234567", ["TrainingCompletedOn"] = "2099-01-01" })).Content.ReadAsStringAsync();
        Assert.Contains("登録番号は6桁までの数字です", bad, StringComparison.Ordinal);
        Assert.Contains("未来の日付", bad, StringComparison.Ordinal);
        Assert.False(await _people.WithDbAsync(db => db.ExpertProfiles.AnyAsync(e => e.UserId == person.UserId)));
    }

    [Fact]
    public async Task A_stale_form_does_not_overwrite_a_newer_profile()
    {
        var organization = await _people.OrganizationAsync("二つの画面の会社", OrganizationRole.Applicant);
        var (person, browser) = await _people.SignedInMemberAsync(organization, MembershipRole.Member, twoFactor: true);
        await FormPost.SendAsync(browser, "/account/expert", new() { ["Qualifications"] = "最初の資格" });
        await FormPost.SendAsync(browser, "/account/expert", new() { ["Qualifications"] = "二番目の資格", ["Version"] = "0" });
        var stale = await FormPost.SendAsync(browser, "/account/expert", new() { ["Qualifications"] = "古い画面からの資格", ["Version"] = "0" });
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("ほかの画面でこの登録内容が変更されました", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("二番目の資格", await _people.WithDbAsync(db => db.ExpertProfiles.Where(e => e.UserId == person.UserId).Select(e => e.Qualifications).SingleAsync()));
    }
}
