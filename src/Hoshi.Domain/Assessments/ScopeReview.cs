using System.Security.Cryptography;
using System.Text;

namespace Hoshi.Domain.Assessments;

/// <summary>The judge's verdict on the scope itself (not on a criterion).</summary>
public enum ScopeVerdict
{
    /// <summary>The scope is accepted as defined, each exclusion with the reason it was accepted.</summary>
    Accepted,

    /// <summary>The scope goes back to the applicant with a remark (a 再確認 item like a criterion's).</summary>
    Recheck,
}

/// <summary>A part of the organization's IT the scope questionnaire leaves out; each needs the reason it was accepted.</summary>
public enum ScopeExclusion
{
    /// <summary>Question 1 answered no: only named departments, sites or systems are in scope.</summary>
    Parts,

    /// <summary>Question 4 answered no: boundary devices to group companies or partners are out of scope.</summary>
    BoundaryDevices,

    /// <summary>Question 5: cloud services are out of scope.</summary>
    Cloud,

    /// <summary>Question 5: personal devices (BYOD) are out of scope.</summary>
    Byod,

    /// <summary>Question 5: devices used for remote work are out of scope.</summary>
    RemoteWork,
}

/// <summary>Where the scope's review stands for the round, as the judge and the applicant see it.</summary>
public enum ScopeStanding
{
    /// <summary>No verdict on the scope yet.</summary>
    NotJudged,

    /// <summary>Accepted, and the scope is still the one accepted.</summary>
    Accepted,

    /// <summary>Accepted once, but the scope (or an exclusion) changed since: judge it again.</summary>
    ChangedSinceAccepted,

    /// <summary>Sent back with a remark; the applicant has not replied since.</summary>
    Recheck,

    /// <summary>Sent back, and the applicant replied: the judge decides again.</summary>
    RecheckAnswered,
}

/// <summary>A recorded scope verdict: what, with which remark and reasons, on which scope (its fingerprint), and the applicant's reply.</summary>
public sealed record ScopeReviewFacts(
    ScopeVerdict Verdict,
    string? Remark,
    IReadOnlyDictionary<ScopeExclusion, string> Reasons,
    string Fingerprint,
    DateTime JudgedAt,
    string? Reply = null,
    DateTime? RepliedAt = null);

/// <summary>One refused field of a scope verdict (<c>Field</c> is "Verdict", "Remark" or an exclusion's name).</summary>
public sealed record ScopeReviewProblem(string Field, string Code);

/// <summary>
/// The scope verdict of the expert (★3) or the lead assessor (★4): accepted, with the reason each
/// exclusion was accepted (the scheme's checklist records why), or recheck with a remark. A round
/// is finally judged only on an accepted scope, and an acceptance holds for the scope it was given
/// on: a later change of the scope asks for a new verdict.
/// </summary>
public static class ScopeReview
{
    public const int MaxTextLength = 2000;

    /// <summary>What the questionnaire leaves out, in the order of its questions.</summary>
    public static IReadOnlyList<ScopeExclusion> Exclusions(ScopeQuestionnaire scope)
    {
        var exclusions = new List<ScopeExclusion>();
        if (scope.WholeCompany == false)
        {
            exclusions.Add(ScopeExclusion.Parts);
        }

        if (scope.BoundaryDevicesInScope == false)
        {
            exclusions.Add(ScopeExclusion.BoundaryDevices);
        }

        if (scope.CloudInScope == false)
        {
            exclusions.Add(ScopeExclusion.Cloud);
        }

        if (scope.ByodInScope == false)
        {
            exclusions.Add(ScopeExclusion.Byod);
        }

        if (scope.RemoteWorkInScope == false)
        {
            exclusions.Add(ScopeExclusion.RemoteWork);
        }

        return exclusions;
    }

    /// <summary>
    /// What identifies the scope as judged: every answer that defines what is in and out (not the
    /// filler's details or the difficulties), canonical, hashed. Equal scopes give equal fingerprints.
    /// </summary>
    public static string Fingerprint(ScopeQuestionnaire scope)
    {
        var normalized = ScopeRules.Normalize(scope);
        var text = new StringBuilder();
        void Add(string name, object? value) => text.Append(name).Append('=').Append(value switch
        {
            null => "",
            bool b => b ? "1" : "0",
            string s => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal),
            _ => value.ToString(),
        }).Append('\n');
        Add(nameof(scope.WholeCompany), normalized.WholeCompany);
        Add(nameof(scope.ScopeDefinition), normalized.ScopeDefinition);
        Add(nameof(scope.ExclusionProtection), normalized.ExclusionProtection);
        Add(nameof(scope.BoundaryDevicesInScope), normalized.BoundaryDevicesInScope);
        Add(nameof(scope.BoundaryProtection), normalized.BoundaryProtection);
        Add(nameof(scope.CloudInScope), normalized.CloudInScope);
        Add(nameof(scope.ByodInScope), normalized.ByodInScope);
        Add(nameof(scope.RemoteWorkInScope), normalized.RemoteWorkInScope);
        Add(nameof(scope.Locations), normalized.Locations);
        foreach (var entity in normalized.OtherEntities.OrderBy(e => e.CorporateNumber, StringComparer.Ordinal))
        {
            Add("Entity", entity.CorporateNumber + " " + entity.Name);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// What refuses a verdict on <paramref name="scope"/>: a verdict is required; a recheck needs a
    /// remark; an acceptance needs a reason for every exclusion; texts are bounded. Empty when it may be recorded.
    /// </summary>
    public static IReadOnlyList<ScopeReviewProblem> Check(ScopeVerdict? verdict, string? remark, IReadOnlyDictionary<ScopeExclusion, string?> reasons, ScopeQuestionnaire scope)
    {
        var problems = new List<ScopeReviewProblem>();
        if (verdict is null)
        {
            problems.Add(new("Verdict", "required"));
        }

        if (verdict == ScopeVerdict.Recheck && string.IsNullOrWhiteSpace(remark))
        {
            problems.Add(new("Remark", "required"));
        }

        if (remark?.Length > MaxTextLength)
        {
            problems.Add(new("Remark", "tooLong"));
        }

        foreach (var exclusion in Exclusions(scope))
        {
            var reason = reasons.GetValueOrDefault(exclusion);
            if (verdict == ScopeVerdict.Accepted && string.IsNullOrWhiteSpace(reason))
            {
                problems.Add(new(exclusion.ToString(), "required"));
            }
            else if (reason?.Length > MaxTextLength)
            {
                problems.Add(new(exclusion.ToString(), "tooLong"));
            }
        }

        return problems;
    }

    /// <summary>The reasons kept with a verdict: trimmed, for the scope's exclusions only.</summary>
    public static IReadOnlyDictionary<ScopeExclusion, string> KeptReasons(IReadOnlyDictionary<ScopeExclusion, string?> reasons, ScopeQuestionnaire scope) =>
        Exclusions(scope).Where(e => !string.IsNullOrWhiteSpace(reasons.GetValueOrDefault(e)))
            .ToDictionary(e => e, e => reasons[e]!.Trim());

    /// <summary>Where the scope's review stands against the scope as it is now.</summary>
    public static ScopeStanding Standing(ScopeReviewFacts? review, ScopeQuestionnaire scope) => review switch
    {
        null => ScopeStanding.NotJudged,
        { Verdict: ScopeVerdict.Recheck } when review.Reply is not null && review.RepliedAt > review.JudgedAt => ScopeStanding.RecheckAnswered,
        { Verdict: ScopeVerdict.Recheck } => ScopeStanding.Recheck,
        _ when review.Fingerprint != Fingerprint(scope) || Exclusions(scope).Any(e => !review.Reasons.ContainsKey(e)) => ScopeStanding.ChangedSinceAccepted,
        _ => ScopeStanding.Accepted,
    };

    /// <summary>The round may be finally judged (★3 Finalize, ★4 Decide) only on an accepted scope.</summary>
    public static bool IsAccepted(ScopeReviewFacts? review, ScopeQuestionnaire scope) => Standing(review, scope) == ScopeStanding.Accepted;

    /// <summary>The scope is a 再確認 item the applicant holds (counted with the criteria sent back).</summary>
    public static bool IsRecheck(ScopeReviewFacts? review) => review?.Verdict == ScopeVerdict.Recheck;

    /// <summary>The scope recheck still waits for the applicant's reply.</summary>
    public static bool AwaitsReply(ScopeReviewFacts? review, ScopeQuestionnaire scope) => Standing(review, scope) == ScopeStanding.Recheck;

    /// <summary>The applicant may change the scope: in a draft, or while the scope itself is sent back for recheck.</summary>
    public static bool ApplicantMayEditScope(AssessmentState state, ScopeReviewFacts? review) =>
        state == AssessmentState.Draft || (state == AssessmentState.RecheckRequested && IsRecheck(review));
}
