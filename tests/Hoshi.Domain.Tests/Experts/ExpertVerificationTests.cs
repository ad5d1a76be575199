using Hoshi.Domain.Experts;

namespace Hoshi.Domain.Tests.Experts;

public sealed class ExpertVerificationTests
{
    private static readonly string[] Accepted = ["CISSP", "ISMS審査員"];

    private static (VerificationState, VerificationProblem) Apply(VerificationState state, VerificationAction action, string? reason = null, string? basis = null, bool number = true) =>
        ExpertVerification.Apply(state, action, reason, basis, number, Accepted);

    [Fact]
    public void A_pending_expert_is_verified_against_the_register_or_an_accepted_qualification()
    {
        Assert.Equal((VerificationState.Verified, VerificationProblem.None), Apply(VerificationState.Pending, VerificationAction.Verify, basis: ExpertVerification.RegisterBasis));
        Assert.Equal((VerificationState.Verified, VerificationProblem.None), Apply(VerificationState.Pending, VerificationAction.Verify, basis: "CISSP", number: false));
    }

    [Fact]
    public void Verifying_needs_a_basis_the_scheme_accepts()
    {
        Assert.Equal((VerificationState.Pending, VerificationProblem.BasisRequired), Apply(VerificationState.Pending, VerificationAction.Verify));
        Assert.Equal((VerificationState.Pending, VerificationProblem.BasisRequired), Apply(VerificationState.Pending, VerificationAction.Verify, basis: "自己申告"));

        // The register can only be the basis when the profile gives a registration number.
        Assert.Equal((VerificationState.Pending, VerificationProblem.BasisRequired), Apply(VerificationState.Pending, VerificationAction.Verify, basis: ExpertVerification.RegisterBasis, number: false));
    }

    [Fact]
    public void Refusing_and_suspending_need_a_reason()
    {
        Assert.Equal((VerificationState.Pending, VerificationProblem.ReasonRequired), Apply(VerificationState.Pending, VerificationAction.Refuse, reason: " "));
        Assert.Equal((VerificationState.Refused, VerificationProblem.None), Apply(VerificationState.Pending, VerificationAction.Refuse, reason: "登録簿に番号なし"));
        Assert.Equal((VerificationState.Verified, VerificationProblem.ReasonRequired), Apply(VerificationState.Verified, VerificationAction.Suspend));
        Assert.Equal((VerificationState.Suspended, VerificationProblem.None), Apply(VerificationState.Verified, VerificationAction.Suspend, reason: "登録の取消"));
        Assert.Equal((VerificationState.Verified, VerificationProblem.ReasonRequired), Apply(VerificationState.Verified, VerificationAction.Suspend, reason: new string('x', ExpertVerification.MaxReasonLength + 1)));
    }

    [Fact]
    public void Only_the_schemes_transitions_exist()
    {
        var allowed = new HashSet<(VerificationState, VerificationAction)>
        {
            (VerificationState.Pending, VerificationAction.Verify), (VerificationState.Pending, VerificationAction.Refuse),
            (VerificationState.Verified, VerificationAction.Suspend), (VerificationState.Suspended, VerificationAction.Verify),
            (VerificationState.Suspended, VerificationAction.Refuse),
        };
        foreach (var state in Enum.GetValues<VerificationState>())
        {
            foreach (var action in Enum.GetValues<VerificationAction>())
            {
                var (next, problem) = Apply(state, action, reason: "理由", basis: "CISSP");
                Assert.Equal(allowed.Contains((state, action)), problem == VerificationProblem.None);
                if (problem != VerificationProblem.None)
                {
                    Assert.Equal((state, VerificationProblem.NotPossibleNow), (next, problem));
                }
            }
        }
    }

    [Fact]
    public void A_changed_qualification_is_checked_again()
    {
        Assert.Equal(VerificationState.Pending, ExpertVerification.AfterEdit(VerificationState.Verified, qualificationChanged: true));
        Assert.Equal(VerificationState.Pending, ExpertVerification.AfterEdit(VerificationState.Refused, qualificationChanged: true));
        Assert.Equal(VerificationState.Verified, ExpertVerification.AfterEdit(VerificationState.Verified, qualificationChanged: false));
        Assert.Equal(VerificationState.Suspended, ExpertVerification.AfterEdit(VerificationState.Suspended, qualificationChanged: false));
    }

    [Fact]
    public void Only_a_verified_expert_with_valid_training_may_be_chosen()
    {
        var valid = new TrainingStatus(TrainingState.Valid, new DateOnly(2027, 1, 1));
        var expired = new TrainingStatus(TrainingState.Expired, new DateOnly(2025, 1, 1));
        Assert.True(ExpertVerification.MayBeChosen(VerificationState.Verified, valid));
        Assert.False(ExpertVerification.MayBeChosen(VerificationState.Verified, expired));
        foreach (var state in new[] { VerificationState.Pending, VerificationState.Suspended, VerificationState.Refused })
        {
            Assert.False(ExpertVerification.MayBeChosen(state, valid), state.ToString());
        }
    }
}
