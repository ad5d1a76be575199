using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Accreditation;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Evaluations;
using Hoshi.Web.Features.Accreditation;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Evaluations;
using Hoshi.Web.Features.Independence;

namespace Hoshi.Web.Features.Reviews;

/// <summary>
/// What a person may do on a round's review page; <see cref="EvaluationId"/> for ★4.
/// <see cref="MayJudge"/> is the role and the state; the person judges only when also
/// independent (<see cref="Conflict"/>) and declared so for this round (<see cref="Declared"/>).
/// </summary>
public sealed record Reviewer(bool MaySee, bool MayJudge, Guid? EvaluationId, ConflictOfInterest Conflict = ConflictOfInterest.None, bool Declared = false, string Role = "expert")
{
    public bool Judges => MayJudge && Conflict == ConflictOfInterest.None && Declared;
}

/// <summary>
/// Who may see and judge a round on the review page: the chosen expert of a ★3 round; the ★4
/// evaluation's team (and, to see only, the body's managers), while the body may evaluate.
/// </summary>
public sealed class ReviewerAccess(EvaluationStore evaluations, AccreditationStore accreditations, IndependenceStore independence)
{
    // Asked by the review pages' authorization and then by the page itself: once per request and round.
    private readonly Dictionary<(Guid Person, Guid Round), Reviewer> _asked = [];

    /// <summary>
    /// Who may open a round's review page and give verdicts: for ★3 the expert the applicant asked
    /// (while under review); for ★4 the evaluation's team (while the evaluation is in progress) and,
    /// read-only, the people managing the body's evaluations.
    /// </summary>
    public async Task<Reviewer> ReviewerAsync(Actor actor, LoadedAssessment loaded, CancellationToken ct = default)
    {
        if (!_asked.TryGetValue((actor.UserId, loaded.Assessment.Id), out var reviewer))
        {
            reviewer = await AskAsync(actor, loaded, ct);
            _asked[(actor.UserId, loaded.Assessment.Id)] = reviewer;
        }

        return reviewer;
    }

    private async Task<Reviewer> AskAsync(Actor actor, LoadedAssessment loaded, CancellationToken ct)
    {
        var assessment = loaded.Assessment;
        if (assessment.Level != Level.Star4)
        {
            var expert = ReviewAccess.MayReview(actor, assessment.ExpertUserId);
            var reviewer = new Reviewer(expert, expert && AssessmentLifecycle.ExpertMayGiveVerdicts(assessment.State), null);
            return expert ? await WithIndependenceAsync(reviewer, actor.UserId, loaded, ct) : reviewer;
        }

        if (await evaluations.ForAssessmentAsync(assessment.Id, ct) is not { } evaluation || evaluation.State is EvaluationState.Requested or EvaluationState.Declined)
        {
            return new Reviewer(false, false, null);
        }

        var team = EvaluationAccess.MayJudge(actor, evaluation.BodyId, evaluation.LeadAssessorId, await evaluations.AssessorsAsync(evaluation.Id, ct));
        var sees = team || EvaluationAccess.MayManage(actor, evaluation.BodyId);
        var judging = team && EvaluationLifecycle.AssessorsMayJudge(evaluation.State) && await accreditations.MayActAsync(evaluation.BodyId, AccreditationScope.Evaluation, ct);
        var member = new Reviewer(sees, judging, evaluation.Id, Role: actor.UserId == evaluation.LeadAssessorId ? "lead-assessor" : "assessor");
        return team ? await WithIndependenceAsync(member, actor.UserId, loaded, ct) : member;
    }

    /// <summary>The judge's independence of the round, asked now, and whether they declared it for this round.</summary>
    private async Task<Reviewer> WithIndependenceAsync(Reviewer reviewer, Guid person, LoadedAssessment loaded, CancellationToken ct)
    {
        var (conflict, declared) = await independence.CheckAndDeclaredAsync(person, loaded.Assessment, loaded.Scope, ct);
        return reviewer with { Conflict = conflict, Declared = declared };
    }
}
