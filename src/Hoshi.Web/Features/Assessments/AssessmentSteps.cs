using System.Globalization;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Audit;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Shared.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Assessments;

/// <summary>Why an expert cannot be chosen.</summary>
public enum ExpertChoiceProblem
{
    None,

    /// <summary>No Hoshi account with that address has an expert profile.</summary>
    NotAnExpert,

    /// <summary>The expert's training is missing or expired.</summary>
    TrainingNotValid,

    /// <summary>The expert can only be changed while the round is a draft.</summary>
    NotADraft,

    /// <summary>The expert's qualification has not been verified by the scheme owner (pending, suspended or refused).</summary>
    NotVerified,

    /// <summary>The expert is not independent of the round (see <see cref="ConflictOfInterest"/>).</summary>
    Conflict,
}

/// <summary>The outcome of choosing an expert: the problem and, for <see cref="ExpertChoiceProblem.Conflict"/>, why.</summary>
public sealed record ExpertChoice(ExpertChoiceProblem Problem, ConflictOfInterest Conflict = ConflictOfInterest.None);

/// <summary>
/// The steps of a ★3 round (checked by <see cref="AssessmentLifecycle"/>): choosing the expert,
/// the declaration, the effort, and each lifecycle step with the facts it needs. Every change
/// audited; the other party is told by mail. The expert's verdicts are the Reviews feature's.
/// </summary>
public sealed class AssessmentSteps(AppDbContext db, Lifecycle.StepNotices notices, ExpertStore experts, Independence.IndependenceStore independence, Registry.RegistryBook registry, TimeProvider clock, IStringLocalizer<AssessmentsText> text, Shared.PublicUrl publicUrl)
{
    /// <summary>
    /// Chooses the expert by e-mail address: a registered expert, verified by the scheme owner,
    /// with valid training, and independent of the round. A conflict is written to the log.
    /// </summary>
    public async Task<ExpertChoice> ChooseExpertAsync(LoadedAssessment loaded, string email, Guid actor, string? address, CancellationToken ct = default)
    {
        var assessmentId = loaded.Assessment.Id;
        var normalized = email.Trim().ToUpperInvariant();
        var profile = await db.Users.Where(u => u.NormalizedEmail == normalized && u.EmailConfirmed)
            .Join(db.ExpertProfiles, u => u.Id, e => e.UserId, (_, e) => e).AsNoTracking().FirstOrDefaultAsync(ct);
        if (profile is null)
        {
            return new(ExpertChoiceProblem.NotAnExpert);
        }

        var id = profile.UserId;
        if (!experts.StatusOf(profile).MayBeAskedToReview)
        {
            return new(ExpertChoiceProblem.TrainingNotValid);
        }

        if (profile.Verification != Domain.Experts.VerificationState.Verified)
        {
            return new(ExpertChoiceProblem.NotVerified);
        }

        if (await independence.CheckAsync(id, loaded.Assessment, loaded.Scope, ct) is var conflict && conflict != ConflictOfInterest.None)
        {
            independence.LogRefusal(id, assessmentId, "be chosen as the expert", conflict);
            return new(ExpertChoiceProblem.Conflict, conflict);
        }

        var assessment = await db.Assessments.FirstAsync(a => a.Id == assessmentId, ct);
        if (assessment.State != AssessmentState.Draft)
        {
            return new(ExpertChoiceProblem.NotADraft);
        }

        var now = clock.GetUtcNow();
        if (assessment.ExpertUserId != id)
        {
            // Verdicts kept from an earlier round stand only for the expert who gave them (Reopening.Stands).
            db.Verdicts.RemoveRange(await db.Verdicts.Where(v => v.AssessmentId == assessmentId && v.UpdatedBy != id).ToListAsync(ct));
            db.ScopeReviews.RemoveRange(await db.ScopeReviews.Where(r => r.AssessmentId == assessmentId && r.JudgedBy != id).ToListAsync(ct));
        }

        assessment.ExpertUserId = id;
        assessment.UpdatedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(actor.ToString(), assessment.OrganizationId.ToString(), "assessment.expert-chosen", "Assessment", assessmentId.ToString(),
            JsonSerializer.Serialize(new { expert = id }), address), now);
        await db.SaveChangesAsync(ct);
        return new(ExpertChoiceProblem.None);
    }

    public const int MaxExpertInvitationsPerDay = 10;

    /// <summary>
    /// Mails someone who is not yet a registered expert: sign up, register as an expert, then the
    /// applicant can choose them. At most <see cref="MaxExpertInvitationsPerDay"/> a day per round.
    /// </summary>
    public async Task<bool> InviteExpertAsync(Guid assessmentId, string email, string language, Guid actor, string? address, CancellationToken ct = default)
    {
        email = email.Trim();
        var assessment = await db.Assessments.AsNoTracking().FirstAsync(a => a.Id == assessmentId, ct);
        var now = clock.GetUtcNow();
        var since = now.UtcDateTime.AddDays(-1);
        var key = assessmentId.ToString();
        if (await db.AuditRecords.CountAsync(r => r.ObjectId == key && r.Action == "assessment.expert-invited" && r.OccurredAt >= since, ct) >= MaxExpertInvitationsPerDay)
        {
            return false;
        }

        var organization = await db.Organizations.Where(o => o.Id == assessment.OrganizationId).Select(o => o.LegalNameJa).FirstAsync(ct);
        var link = publicUrl.Link($"/account/sign-up?returnUrl={Uri.EscapeDataString("/account/expert")}");
        var pageCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(language);
        try
        {
            MailOutbox.Enqueue(db, email, text["MailExpertInvitedSubject", organization], text["MailExpertInvitedBody", organization, assessment.Level.Number(), link], null, now);
        }
        finally
        {
            CultureInfo.CurrentUICulture = pageCulture;
        }

        db.Audit(new AuditEvent(actor.ToString(), assessment.OrganizationId.ToString(), "assessment.expert-invited", "Assessment", key,
            JsonSerializer.Serialize(new { email }), address), now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The facts the lifecycle needs, read from the database.</summary>
    public async Task<AssessmentLifecycle.Facts> FactsAsync(LoadedAssessment loaded, string? reason = null, CancellationToken ct = default)
    {
        var id = loaded.Assessment.Id;
        var answers = await db.Answers.AsNoTracking().Where(a => a.AssessmentId == id).ToDictionaryAsync(a => a.CriterionId, ct);
        var verdicts = await db.Verdicts.AsNoTracking().Where(v => v.AssessmentId == id).ToListAsync(ct);
        var scopeReview = await db.ScopeReviews.AsNoTracking().FirstOrDefaultAsync(r => r.AssessmentId == id, ct);
        return await FactsAsync(loaded, answers, verdicts, scopeReview, reason, ct);
    }

    /// <summary>The facts the lifecycle needs, from the round's answers, verdicts and scope review a page has read already.</summary>
    public async Task<AssessmentLifecycle.Facts> FactsAsync(LoadedAssessment loaded, IReadOnlyDictionary<string, AnswerRecord> answers, IEnumerable<VerdictRecord> allVerdicts, ScopeReviewRecord? scopeReviewRecord, string? reason = null, CancellationToken ct = default)
    {
        var assessment = loaded.Assessment;
        var sheet = loaded.Catalog.SheetFor(assessment.Level).SelectMany(r => r.Criteria).Select(c => c.Id).ToHashSet();
        var verdicts = allVerdicts.Where(v => sheet.Contains(v.CriterionId)).ToList();
        var progress = SheetProgress.Of(loaded.Catalog, assessment.Level, id => answers.TryGetValue(id, out var a) ? (a.Value, a.Supplement) : null);
        var rechecks = verdicts.Where(v => v.Verdict == Verdict.Recheck).ToList();

        // The scope is judged too: accepted on the scope as it is now, or a 再確認 item like a criterion.
        var scopeReview = ScopeReviewFactsReader.ToFacts(scopeReviewRecord);
        var scopeRecheck = ScopeReview.IsRecheck(scopeReview) ? 1 : 0;
        var scopeUnanswered = ScopeReview.AwaitsReply(scopeReview, loaded.Scope) ? 1 : 0;
        return new AssessmentLifecycle.Facts(
            ScopeComplete: ScopeRules.Check(loaded.Scope).Count == 0,
            SheetComplete: progress.IsComplete,
            ExpertReady: assessment.ExpertUserId is { } expert && (loaded.Expert is { } profile && profile.UserId == expert
                ? Domain.Experts.ExpertVerification.MayBeChosen(profile.Verification, experts.StatusOf(profile))
                : await experts.MayBeAskedToReviewAsync(expert, ct)),
            RecheckVerdicts: rechecks.Count + scopeRecheck,
            UnansweredRechecks: scopeUnanswered + rechecks.Count(v => !answers.TryGetValue(v.CriterionId, out var a) || a.UpdatedAt <= v.UpdatedAt || string.IsNullOrEmpty(a.Reply)
                || AnswerRules.Check(loaded.Catalog.FindCriterion(v.CriterionId)!, a.Value, a.Supplement) != AnswerProblem.None),
            CriteriaWithoutVerdict: sheet.Count - verdicts.Count,
            NonconformantVerdicts: verdicts.Count(v => v.Verdict == Verdict.Nonconformant),
            Declared: assessment.DeclaredOn is not null && assessment.DeclarationText is not null && assessment.RegistrationBodyId is not null,
            ReasonGiven: !string.IsNullOrWhiteSpace(reason),
            EffortGiven: assessment.HoursOnScope is > 0 && assessment.HoursOnSheet is > 0,
            HolderVerified: Domain.Organizations.CorporateIdentity.IsVerified(loaded.Holder.CorporateNumber, loaded.Holder.VerifiedCorporateNumber, loaded.Holder.CorporateNumberVerifiedAt),
            ScopeAccepted: ScopeReview.IsAccepted(scopeReview, loaded.Scope),
            UnconfirmedCarriedOver: answers.Values.Count(a => a.CarriedFrom is not null && sheet.Contains(a.CriterionId)));
    }

    /// <summary>Records the hours spent on scope and sheet (asked when the sheet is sent for review; the scheme owner's analytics use them).</summary>
    public async Task RecordEffortAsync(Guid assessmentId, decimal onScope, decimal onSheet, Guid actor, string? address, CancellationToken ct = default)
    {
        var assessment = await db.Assessments.FirstAsync(a => a.Id == assessmentId, ct);
        if (assessment.State != AssessmentState.Draft || (assessment.HoursOnScope == onScope && assessment.HoursOnSheet == onSheet))
        {
            return;
        }

        var now = clock.GetUtcNow();
        assessment.HoursOnScope = onScope;
        assessment.HoursOnSheet = onSheet;
        assessment.UpdatedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(actor.ToString(), assessment.OrganizationId.ToString(), "assessment.effort-recorded", "Assessment", assessmentId.ToString(),
            JsonSerializer.Serialize(new { onScope, onSheet }), address), now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Takes a lifecycle step if the rules allow it now; the refusal says why not.</summary>
    public async Task<StepOutcome> StepAsync(LoadedAssessment loaded, AssessmentStep step, Guid actor, string? address, string? reason = null, CancellationToken ct = default)
    {
        var facts = await FactsAsync(loaded, reason, ct);
        var outcome = AssessmentLifecycle.Try(loaded.Assessment.State, step, facts);
        if (!outcome.Allowed)
        {
            return outcome;
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var assessment = await db.Assessments.FirstAsync(a => a.Id == loaded.Assessment.Id, ct);
        if (assessment.State != loaded.Assessment.State)
        {
            return StepOutcome.Refused(assessment.State, $"The assessment changed to {assessment.State} meanwhile.", "changed");
        }

        var from = assessment.State;
        assessment.Apply(outcome);
        assessment.UpdatedAt = now.UtcDateTime;
        switch (step)
        {
            case AssessmentStep.Register:
                await registry.RegisterAsync(new Registry.NewRegistration(assessment.Id, assessment.OrganizationId, assessment.Level, loaded.Scope, assessment.RegistrationBodyId!.Value, actor), now, ct);
                break;
            case AssessmentStep.Return:
                assessment.ReturnReason = reason!.Trim();
                break;
            case AssessmentStep.Reopen:
                // A new round and a new declaration. Conformant verdicts and an accepted scope stay
                // (Reopening): the expert re-judges only what was not conformant and what the
                // applicant changes; the rest are judged again. Their history stays.
                assessment.Round++;
                assessment.DeclarantName = assessment.DeclarantTitle = assessment.DeclarationText = null;
                assessment.DeclaredOn = null;
                assessment.DeclaredBy = null;
                assessment.RegistrationBodyId = null;
                await db.Verdicts.Where(v => v.AssessmentId == assessment.Id && v.Verdict != Reopening.KeptVerdict).ExecuteDeleteAsync(ct);
                await db.ScopeReviews.Where(r => r.AssessmentId == assessment.Id && r.Verdict != Reopening.KeptScopeVerdict).ExecuteDeleteAsync(ct);
                break;
        }

        db.Audit(new AuditEvent(actor.ToString(), assessment.OrganizationId.ToString(), "assessment." + step.ToString().ToLowerInvariant(), "Assessment", assessment.Id.ToString(),
            JsonSerializer.Serialize(new { from = from.ToString(), to = outcome.State.ToString(), reason }), address), now);
        await NotifyAsync(assessment, step, ct);
        await notices.RoundAsync(assessment, step, mailed: step is AssessmentStep.SubmitForReview or AssessmentStep.RequestRecheck or AssessmentStep.AnswerRechecks or AssessmentStep.Finalize, now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return StepOutcome.Refused(from, "The assessment was changed by someone else meanwhile.", "changed");
        }

        await transaction.CommitAsync(ct);
        return outcome;
    }

    /// <summary>
    /// Records management's self-declaration of conformity (自己適合宣誓) on an approved result and
    /// the registration body it goes to. Returns the fields refused, empty when recorded.
    /// </summary>
    public async Task<IReadOnlyList<string>> DeclareAsync(Guid assessmentId, string? name, string? title, DateOnly? on, bool confirmed, string declarationText, Guid? registrationBodyId, Guid actor, string? address, CancellationToken ct = default)
    {
        var refused = new List<string>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            refused.Add("DeclarantName");
        }

        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > 200)
        {
            refused.Add("DeclarantTitle");
        }

        var today = Domain.JapanTime.DateOf(clock.GetUtcNow());
        if (on is not { } date || date > today || date < today.AddDays(-30))
        {
            refused.Add("DeclaredOn");
        }

        if (!confirmed)
        {
            refused.Add("Confirmed");
        }

        if (registrationBodyId is not { } body || !await db.Set<Data.Organizations.OrganizationRoleRecord>()
                .AnyAsync(r => r.OrganizationId == body && r.Role == Domain.Organizations.OrganizationRole.RegistrationBody, ct))
        {
            refused.Add("RegistrationBodyId");
        }

        var assessment = await db.Assessments.FirstAsync(a => a.Id == assessmentId, ct);
        if (assessment.State != AssessmentState.Approved)
        {
            refused.Add("State");
        }

        if (refused.Count > 0)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        assessment.DeclarantName = name!.Trim();
        assessment.DeclarantTitle = title!.Trim();
        assessment.DeclaredOn = on;
        assessment.DeclarationText = declarationText;
        assessment.DeclaredBy = actor;
        assessment.RegistrationBodyId = registrationBodyId;
        assessment.UpdatedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(actor.ToString(), assessment.OrganizationId.ToString(), "assessment.declared", "Assessment", assessmentId.ToString(),
            JsonSerializer.Serialize(new { name = assessment.DeclarantName, title = assessment.DeclarantTitle, on, text = declarationText, registrationBody = registrationBodyId }), address), now);
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Mail to the other party, in each person's language, in the same transaction as the step.</summary>
    private async Task NotifyAsync(AssessmentRecord assessment, AssessmentStep step, CancellationToken ct)
    {
        var (recipients, key) = step switch
        {
            AssessmentStep.SubmitForReview => (await PeopleAsync([assessment.ExpertUserId ?? Guid.Empty], ct), "MailReviewRequested"),
            AssessmentStep.RequestRecheck => (await ApplicantPeopleAsync(assessment.OrganizationId, ct), "MailRecheckRequested"),
            AssessmentStep.AnswerRechecks => (await PeopleAsync([assessment.ExpertUserId ?? Guid.Empty], ct), "MailRechecksAnswered"),
            AssessmentStep.Finalize => (await ApplicantPeopleAsync(assessment.OrganizationId, ct), "MailFinalized"),
            _ => ([], ""),
        };
        var organization = await db.Organizations.Where(o => o.Id == assessment.OrganizationId).Select(o => o.LegalNameJa).FirstAsync(ct);
        var pageCulture = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var (email, name, language) in recipients)
            {
                CultureInfo.CurrentUICulture = new CultureInfo(language);
                var state = text["State_" + (step == AssessmentStep.Finalize ? "Final" : assessment.State.ToString())];
                MailOutbox.Enqueue(db, email, text[key + "Subject", organization], text[key + "Body", name, organization, assessment.Level.Number(), assessment.Id, state, publicUrl.Base], null, clock.GetUtcNow());
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = pageCulture;
        }
    }

    private async Task<List<(string Email, string Name, string Language)>> PeopleAsync(Guid[] ids, CancellationToken ct) =>
        (await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Email != null).Select(u => new { u.Email, u.DisplayName, u.PreferredLanguage }).ToListAsync(ct))
            .Select(u => (u.Email!, u.DisplayName, u.PreferredLanguage)).ToList();

    private async Task<List<(string Email, string Name, string Language)>> ApplicantPeopleAsync(Guid organizationId, CancellationToken ct)
    {
        var ids = await db.Memberships.Where(m => m.OrganizationId == organizationId && (m.Role == MembershipRole.OrgAdmin || m.Role == MembershipRole.Member))
            .Select(m => m.UserId).Distinct().ToArrayAsync(ct);
        return await PeopleAsync(ids, ct);
    }
}
