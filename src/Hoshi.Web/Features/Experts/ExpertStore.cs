using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Experts;
using Hoshi.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Experts;

/// <summary>Settings of the expert register (section <c>Experts</c>).</summary>
public sealed class ExpertSettings
{
    public const string Section = "Experts";

    /// <summary>How many years the scheme's expert training (研修) stays valid.</summary>
    public int TrainingValidityYears { get; set; } = ExpertTraining.DefaultValidityYears;
}

/// <summary>What a person enters to register as an expert.</summary>
public sealed record ExpertInput(string? RegistrationNumber, string? Qualifications, string? Affiliation, DateOnly? TrainingCompletedOn);

/// <summary>Expert profiles: who may review ★3 self-assessments, and whether their training is still valid.</summary>
public sealed class ExpertStore(AppDbContext db, TimeProvider clock, IOptions<ExpertSettings> settings)
{
    public const int MaxQualificationsLength = 1000;
    public const int MaxAffiliationLength = 300;

    public Task<ExpertProfileRecord?> FindAsync(Guid userId, CancellationToken ct = default) =>
        db.ExpertProfiles.AsNoTracking().FirstOrDefaultAsync(e => e.UserId == userId, ct);

    public DateOnly Today => Domain.JapanTime.DateOf(clock.GetUtcNow());

    public TrainingStatus StatusOf(ExpertProfileRecord? profile) =>
        ExpertTraining.StatusOn(profile?.TrainingCompletedOn, Today, settings.Value.TrainingValidityYears);

    /// <summary>Only a registered expert whose training is recorded and still valid can be asked to review.</summary>
    public async Task<bool> MayBeAskedToReviewAsync(Guid userId, CancellationToken ct = default) =>
        await FindAsync(userId, ct) is { } profile && StatusOf(profile).MayBeAskedToReview;

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
