using System.Globalization;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Experts;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Shared.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Experts;

/// <summary>Settings of the expert register (section <c>Experts</c>).</summary>
public sealed class ExpertSettings
{
    public const string Section = "Experts";

    /// <summary>How many years the scheme's expert training (研修) stays valid.</summary>
    public int TrainingValidityYears { get; set; } = ExpertTraining.DefaultValidityYears;

    /// <summary>
    /// Qualifications besides the 情報処理安全確保支援士 register that a scheme-owner officer may
    /// verify an expert on (the scheme owner keeps the list; empty means Hoshi's default list).
    /// </summary>
    public List<string> AcceptedQualifications { get; set; } = [];

    public static readonly IReadOnlyList<string> DefaultAcceptedQualifications =
        ["CISSP", "CISA", "CISM", "ISMS審査員(JRCA/CEAR 登録)", "情報セキュリティスペシャリスト試験 合格", "技術士(情報工学部門)"];

    public IReadOnlyList<string> Accepted => AcceptedQualifications is { Count: > 0 } configured ? configured : DefaultAcceptedQualifications;
}

/// <summary>What a person enters to register as an expert.</summary>
public sealed record ExpertInput(string? RegistrationNumber, string? Qualifications, string? Affiliation, DateOnly? TrainingCompletedOn);

/// <summary>Expert profiles: who may review ★3 self-assessments, and whether their training is still valid.</summary>
public sealed class ExpertStore(AppDbContext db, TimeProvider clock, IOptions<ExpertSettings> settings, IStringLocalizer<ExpertsText> text, Shared.PublicUrl publicUrl)
{
    public IReadOnlyList<string> AcceptedQualifications => settings.Value.Accepted;

    public const int PageSize = 50;

    /// <summary>Expert profiles for the scheme owner's officers, in one verification state (pending first by date), a page at a time, with names and addresses.</summary>
    public async Task<(List<(ExpertProfileRecord Profile, string Name, string Email)> Rows, int Total)> ListAsync(VerificationState state, int page, CancellationToken ct = default)
    {
        var query = db.ExpertProfiles.AsNoTracking().Where(e => e.Verification == state);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(e => e.UpdatedAt).Skip(Math.Max(0, page - 1) * PageSize).Take(PageSize)
            .Join(db.Users, e => e.UserId, u => u.Id, (e, u) => new { e, u.DisplayName, u.Email }).ToListAsync(ct);
        return ([.. rows.Select(r => (r.e, r.DisplayName, r.Email ?? ""))], total);
    }

    /// <summary>
    /// A scheme-owner officer verifies, refuses or suspends a profile (with the basis or the
    /// reason). Audited and mailed to the expert in their language. Throws
    /// <see cref="ConcurrencyConflictException"/> when the profile changed since <paramref name="expectedVersion"/>.
    /// </summary>
    public async Task<VerificationProblem> DecideVerificationAsync(Guid userId, VerificationAction action, string? basis, string? reason, int expectedVersion, Guid officer, string? address, CancellationToken ct = default)
    {
        var profile = await db.ExpertProfiles.FirstOrDefaultAsync(e => e.UserId == userId, ct);
        if (profile is null || profile.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException("The expert profile was changed after you opened it.");
        }

        var (next, problem) = ExpertVerification.Apply(profile.Verification, action, reason, basis, profile.RegistrationNumber is not null, AcceptedQualifications);
        if (problem != VerificationProblem.None)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var from = profile.Verification;
        profile.Verification = next;
        profile.VerificationBasis = action == VerificationAction.Verify ? basis : profile.VerificationBasis;
        profile.VerificationReason = action == VerificationAction.Verify ? null : reason!.Trim();
        profile.VerificationChangedBy = officer;
        profile.VerificationChangedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(officer.ToString(), null, "expert.verification-" + action.ToString().ToLowerInvariant(), "ExpertProfile", userId.ToString(),
            JsonSerializer.Serialize(new { from = from.ToString(), to = next.ToString(), basis = profile.VerificationBasis, reason = profile.VerificationReason }), address), now);
        if (await db.Users.AsNoTracking().Where(u => u.Id == userId && u.Email != null).Select(u => new { u.Email, u.DisplayName, u.PreferredLanguage }).FirstOrDefaultAsync(ct) is { } person)
        {
            var pageCulture = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(person.PreferredLanguage);
            try
            {
                MailOutbox.Enqueue(db, person.Email!, text["MailVerification_" + next + "Subject"],
                    text["MailVerification_" + next + "Body", person.DisplayName, profile.VerificationReason ?? "", publicUrl.Link("/account/expert")], null, now);
            }
            finally
            {
                CultureInfo.CurrentUICulture = pageCulture;
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("The expert profile was changed after you opened it.");
        }

        return VerificationProblem.None;
    }

    public const int MaxQualificationsLength = 1000;
    public const int MaxAffiliationLength = 300;

    public Task<ExpertProfileRecord?> FindAsync(Guid userId, CancellationToken ct = default) =>
        db.ExpertProfiles.AsNoTracking().FirstOrDefaultAsync(e => e.UserId == userId, ct);

    public DateOnly Today => Domain.JapanTime.DateOf(clock.GetUtcNow());

    public TrainingStatus StatusOf(ExpertProfileRecord? profile) =>
        ExpertTraining.StatusOn(profile?.TrainingCompletedOn, Today, settings.Value.TrainingValidityYears);

    /// <summary>Only a registered expert, verified by the scheme owner, whose training is recorded and still valid can be asked to review.</summary>
    public async Task<bool> MayBeAskedToReviewAsync(Guid userId, CancellationToken ct = default) =>
        await FindAsync(userId, ct) is { } profile && ExpertVerification.MayBeChosen(profile.Verification, StatusOf(profile));

    /// <summary>
    /// Registers or updates the profile. <paramref name="expectedVersion"/> is the version the form
    /// was opened with (null for a new profile); a mismatch throws <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    public async Task<ExpertProfileRecord> SaveAsync(Guid userId, int? expectedVersion, ExpertInput input, string? address, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        string? number = null;
        if (!string.IsNullOrWhiteSpace(input.RegistrationNumber))
        {
            if (ExpertTraining.TryNormalizeRegistrationNumber(input.RegistrationNumber, out var normalized))
            {
                number = normalized;
            }
            else
            {
                errors.Add(new("registrationNumber", "registrationNumber", "A registration number has up to six digits (e.g. 012345)."));
            }
        }

        var qualifications = string.IsNullOrWhiteSpace(input.Qualifications) ? null : input.Qualifications.Trim();
        if (qualifications?.Length > MaxQualificationsLength)
        {
            errors.Add(new("qualifications", "tooLong", $"At most {MaxQualificationsLength} characters."));
        }

        if (number is null && qualifications is null && errors.Count == 0)
        {
            errors.Add(new("registrationNumber", "qualificationRequired", "Give a registration number or at least one qualification."));
        }

        var affiliation = string.IsNullOrWhiteSpace(input.Affiliation) ? null : input.Affiliation.Trim();
        if (affiliation?.Length > MaxAffiliationLength)
        {
            errors.Add(new("affiliation", "tooLong", $"At most {MaxAffiliationLength} characters."));
        }

        if (input.TrainingCompletedOn is { } completed && completed > Today)
        {
            errors.Add(new("trainingCompletedOn", "future", "The training date cannot be in the future."));
        }

        if (errors.Count > 0)
        {
            throw new OrganizationInputException(errors);
        }

        var now = clock.GetUtcNow();
        var profile = await db.ExpertProfiles.FirstOrDefaultAsync(e => e.UserId == userId, ct);
        if (profile is null ? expectedVersion is not null : profile.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException("The expert profile was changed elsewhere after you opened it.");
        }

        var created = profile is null;
        if (profile is null)
        {
            profile = new ExpertProfileRecord { UserId = userId };
            db.ExpertProfiles.Add(profile);
        }

        // A new or changed qualification waits for the scheme owner's check again.
        profile.Verification = created ? VerificationState.Pending
            : ExpertVerification.AfterEdit(profile.Verification, profile.RegistrationNumber != number || profile.Qualifications != qualifications);
        profile.RegistrationNumber = number;
        profile.Qualifications = qualifications;
        profile.Affiliation = affiliation;
        profile.TrainingCompletedOn = input.TrainingCompletedOn;
        profile.UpdatedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(userId.ToString(), null, created ? "expert.registered" : "expert.updated", "ExpertProfile", userId.ToString(),
            JsonSerializer.Serialize(new { registrationNumber = number, qualifications, affiliation, trainingCompletedOn = input.TrainingCompletedOn }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (created)
        {
            throw new ConcurrencyConflictException("The expert profile was registered elsewhere at the same time.");
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("The expert profile was changed elsewhere after you opened it.");
        }

        return profile;
    }
}
