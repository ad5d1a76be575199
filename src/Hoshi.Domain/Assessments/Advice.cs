namespace Hoshi.Domain.Assessments;

/// <summary>What a note on one criterion of a round is.</summary>
public enum NoteKind
{
    /// <summary>A member did not know the answer ("わからない" in guided mode): a question for the adviser.</summary>
    Question,

    /// <summary>A remark by an adviser or a member.</summary>
    Comment,

    /// <summary>An answer proposed (by an adviser, or from an imported self-check) for a member to accept or decline.</summary>
    Proposal,
}

/// <summary>Where a proposal stands. Questions and comments stay <see cref="Open"/>.</summary>
public enum NoteState
{
    Open,

    /// <summary>A member accepted it: it became the answer.</summary>
    Accepted,

    /// <summary>A member declined it: the answer stayed as it was.</summary>
    Declined,
}

/// <summary>Why an adviser cannot be invited (stable codes, shown as <c>Adviser_{code}</c>).</summary>
public enum AdviserProblem
{
    None,

    /// <summary>No confirmed Hoshi account has this e-mail address: the adviser signs up first.</summary>
    NoAccount,

    /// <summary>A member of the applicant works on the round already; advisers come from outside.</summary>
    MemberOfApplicant,

    /// <summary>The round's expert or assessor: whoever judges never advises the judged.</summary>
    Judge,

    /// <summary>Already an adviser of this round.</summary>
    AlreadyAdviser,

    /// <summary>Advisers are invited to a draft only.</summary>
    NotADraft,
}

/// <summary>
/// An adviser beside the company (issue 25): a consultant, a サイバーセキュリティお助け隊 provider or
/// an IT vendor invited to a draft reads it, comments per criterion and proposes answers that a
/// member accepts. An adviser never submits and can never judge the round (<see cref="Independence"/>:
/// an adviser stays one even after being removed).
/// </summary>
public static class Advice
{
    /// <summary>The longest comment, and the longest proposed supplement, kept.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>Whether the person may be invited as an adviser of a round now.</summary>
    public static AdviserProblem CheckInvitation(AssessmentState state, bool hasAccount, bool memberOfApplicant, bool judgesRound, bool alreadyAdviser)
    {
        if (state != AssessmentState.Draft)
        {
            return AdviserProblem.NotADraft;
        }

        if (!hasAccount)
        {
            return AdviserProblem.NoAccount;
        }

        if (memberOfApplicant)
        {
            return AdviserProblem.MemberOfApplicant;
        }

        if (judgesRound)
        {
            return AdviserProblem.Judge;
        }

        return alreadyAdviser ? AdviserProblem.AlreadyAdviser : AdviserProblem.None;
    }

    /// <summary>Advisers and members write notes and decide proposals while the applicant fills the sheet.</summary>
    public static bool NotesOpen(AssessmentState state) => state == AssessmentState.Draft;

    /// <summary>Why a member may not accept or decline a note now, as a stable code; null when they may.</summary>
    public static string? RefusalToDecide(NoteKind kind, NoteState state, AssessmentState round) =>
        kind != NoteKind.Proposal ? "advice.not-a-proposal"
        : state != NoteState.Open ? "advice.already-decided"
        : !NotesOpen(round) ? "advice.round-locked"
        : null;

    /// <summary>
    /// The questions still open for the adviser: criteria a member did not know, not answered since,
    /// in sheet order (each once).
    /// </summary>
    public static IReadOnlyList<string> OpenQuestions(IEnumerable<string> asked, IReadOnlySet<string> answered, IReadOnlyList<string> sheetOrder)
    {
        var open = asked.Where(c => !answered.Contains(c)).ToHashSet(StringComparer.Ordinal);
        return [.. sheetOrder.Where(open.Contains)];
    }
}
