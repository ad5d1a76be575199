namespace Hoshi.Domain.Experts;

/// <summary>Where the scheme owner's check of an expert's qualification stands.</summary>
public enum VerificationState
{
    /// <summary>Registered or changed by the expert; not checked yet. May not be chosen.</summary>
    Pending,

    /// <summary>Checked by a scheme-owner officer: the registration number against IPA's public register, or a qualification on the accepted list.</summary>
    Verified,

    /// <summary>Verified once, suspended by an officer (with a reason). May not be chosen.</summary>
    Suspended,

    /// <summary>The check failed (with a reason). May not be chosen until the expert changes the profile.</summary>
    Refused,
}

/// <summary>What an officer does to an expert profile.</summary>
public enum VerificationAction
{
    Verify,
    Refuse,
    Suspend,
}

/// <summary>Why a verification action is refused (stable codes).</summary>
public enum VerificationProblem
{
    None,

    /// <summary>The action is not possible from the profile's state.</summary>
    NotPossibleNow,

    /// <summary>Refusing and suspending need a reason.</summary>
    ReasonRequired,

    /// <summary>Verifying needs the basis: the register (with a registration number on the profile) or an accepted qualification.</summary>
    BasisRequired,
}

/// <summary>
/// An expert profile is pending until a scheme-owner officer verifies it: Pending → Verified or
/// Refused; Verified → Suspended; Suspended → Verified or Refused. A change of the registration
/// number or the qualifications by the expert makes it pending again.
/// </summary>
public static class ExpertVerification
{
    /// <summary>The basis meaning "the registration number was found in IPA's public register of 情報処理安全確保支援士".</summary>
    public const string RegisterBasis = "riss-register";

    public const int MaxReasonLength = 2000;

    private static readonly Dictionary<(VerificationState, VerificationAction), VerificationState> Transitions = new()
    {
        [(VerificationState.Pending, VerificationAction.Verify)] = VerificationState.Verified,
        [(VerificationState.Pending, VerificationAction.Refuse)] = VerificationState.Refused,
        [(VerificationState.Verified, VerificationAction.Suspend)] = VerificationState.Suspended,
        [(VerificationState.Suspended, VerificationAction.Verify)] = VerificationState.Verified,
        [(VerificationState.Suspended, VerificationAction.Refuse)] = VerificationState.Refused,
    };

    /// <summary>
    /// The state after <paramref name="action"/>, or the problem. <paramref name="basis"/> is
    /// <see cref="RegisterBasis"/> or one of <paramref name="acceptedQualifications"/>.
    /// </summary>
    public static (VerificationState State, VerificationProblem Problem) Apply(
        VerificationState state, VerificationAction action, string? reason, string? basis, bool hasRegistrationNumber, IReadOnlyCollection<string> acceptedQualifications)
    {
        if (!Transitions.TryGetValue((state, action), out var next))
        {
            return (state, VerificationProblem.NotPossibleNow);
        }

        if (action is VerificationAction.Refuse or VerificationAction.Suspend && (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength))
        {
            return (state, VerificationProblem.ReasonRequired);
        }

        if (action == VerificationAction.Verify && !(basis == RegisterBasis ? hasRegistrationNumber : basis is not null && acceptedQualifications.Contains(basis)))
        {
            return (state, VerificationProblem.BasisRequired);
        }

        return (next, VerificationProblem.None);
    }

    /// <summary>The state after the expert saves the profile: a changed number or qualification is checked again.</summary>
    public static VerificationState AfterEdit(VerificationState state, bool qualificationChanged) =>
        qualificationChanged ? VerificationState.Pending : state;

    /// <summary>Only a verified expert with valid training may be chosen to review or be asked again.</summary>
    public static bool MayBeChosen(VerificationState state, TrainingStatus training) =>
        state == VerificationState.Verified && training.MayBeAskedToReview;
}
