namespace Hoshi.Domain.Assessments;

/// <summary>
/// What a ★3 round keeps when it returns to the applicant (not approved, or returned by the
/// registration body) and is reopened (issue 25): the expert re-judges only what needs it.
/// </summary>
/// <remarks>
/// A conformant verdict stays on its criterion while the answer it judged stays as it was and
/// the same expert reviews; a 再確認 or 不適合 verdict is judged again. The accepted scope stays
/// while the scope is unchanged (its fingerprint decides, see <see cref="ScopeReview.IsAccepted"/>).
/// </remarks>
public static class Reopening
{
    /// <summary>The verdict kept when a round is reopened; every other verdict is judged again.</summary>
    public const Verdict KeptVerdict = Verdict.Conformant;

    /// <summary>The scope verdict kept when a round is reopened.</summary>
    public const ScopeVerdict KeptScopeVerdict = ScopeVerdict.Accepted;

    /// <summary>Whether a verdict carried into the reopened round still stands.</summary>
    /// <param name="verdict">The verdict given in an earlier round.</param>
    /// <param name="answerChanged">Whether the applicant changed the answer (value or supplement) since.</param>
    /// <param name="judgedByChosenExpert">Whether the expert who gave it is the round's expert now.</param>
    public static bool Stands(Verdict verdict, bool answerChanged, bool judgedByChosenExpert) =>
        verdict == KeptVerdict && !answerChanged && judgedByChosenExpert;
}
