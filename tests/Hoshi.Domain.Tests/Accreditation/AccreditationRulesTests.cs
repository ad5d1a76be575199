using Hoshi.Domain.Accreditation;

namespace Hoshi.Domain.Tests.Accreditation;

public sealed class AccreditationRulesTests
{
    private static readonly DateOnly From = new(2026, 4, 1);

    private static AccreditationTerms Terms(AccreditationScope scope = AccreditationScope.Evaluation, AccreditationStatus status = AccreditationStatus.Active) =>
        new(scope, From, AccreditationRules.DefaultValidUntil(From), status);

    [Fact]
    public void An_accreditation_is_valid_two_years_by_default_up_to_the_day_before()
    {
        Assert.Equal(new DateOnly(2028, 3, 31), AccreditationRules.DefaultValidUntil(From));
        Assert.Equal(new DateOnly(2030, 2, 28), AccreditationRules.DefaultValidUntil(new DateOnly(2028, 2, 29)));
    }

    [Theory]
    [InlineData("2026-03-31", AccreditationStanding.NotYetValid)]
    [InlineData("2026-04-01", AccreditationStanding.Valid)]
    [InlineData("2028-03-31", AccreditationStanding.Valid)]
    [InlineData("2028-04-01", AccreditationStanding.Expired)]
    public void Standing_follows_the_dates(string day, AccreditationStanding expected) =>
        Assert.Equal(expected, AccreditationRules.StandingOn(Terms(), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Suspension_and_withdrawal_override_the_dates()
    {
        var day = new DateOnly(2027, 1, 1);
        Assert.Equal(AccreditationStanding.Suspended, AccreditationRules.StandingOn(Terms(status: AccreditationStatus.Suspended), day));
        Assert.Equal(AccreditationStanding.Withdrawn, AccreditationRules.StandingOn(Terms(status: AccreditationStatus.Withdrawn), day));
        Assert.False(AccreditationRules.MayAct(Terms(status: AccreditationStatus.Suspended), AccreditationScope.Evaluation, day));
    }

    [Theory]
    [InlineData(AccreditationScope.Evaluation, AccreditationScope.Evaluation, true)]
    [InlineData(AccreditationScope.Evaluation, AccreditationScope.TechnicalVerification, false)]
    [InlineData(AccreditationScope.TechnicalVerification, AccreditationScope.TechnicalVerification, true)]
    [InlineData(AccreditationScope.Both, AccreditationScope.Evaluation, true)]
    [InlineData(AccreditationScope.Both, AccreditationScope.TechnicalVerification, true)]
    [InlineData(AccreditationScope.Evaluation, AccreditationScope.Both, false)]
    public void A_holder_acts_only_within_its_scope(AccreditationScope held, AccreditationScope needed, bool expected) =>
        Assert.Equal(expected, AccreditationRules.MayAct(Terms(held), needed, new DateOnly(2027, 1, 1)));

    [Fact]
    public void Any_valid_accreditation_among_several_suffices()
    {
        var old = new AccreditationTerms(AccreditationScope.Evaluation, new DateOnly(2024, 4, 1), new DateOnly(2026, 3, 31), AccreditationStatus.Active);
        var renewed = Terms();
        Assert.True(AccreditationRules.MayAct([old, renewed], AccreditationScope.Evaluation, new DateOnly(2026, 4, 1)));
        Assert.False(AccreditationRules.MayAct([old], AccreditationScope.Evaluation, new DateOnly(2026, 4, 1)));
        Assert.False(AccreditationRules.MayAct([], AccreditationScope.Evaluation, new DateOnly(2026, 4, 1)));
    }

    [Theory]
    [InlineData("第A-001号", AccreditationScope.Evaluation, 0, 730, AccreditationProblem.None)]
    [InlineData("  ", AccreditationScope.Evaluation, 0, 730, AccreditationProblem.NumberRequired)]
    [InlineData(null, AccreditationScope.Evaluation, 0, 730, AccreditationProblem.NumberRequired)]
    [InlineData("A-1", AccreditationScope.None, 0, 730, AccreditationProblem.ScopeRequired)]
    [InlineData("A-1", (AccreditationScope)4, 0, 730, AccreditationProblem.ScopeRequired)]
    [InlineData("A-1", AccreditationScope.Both, 10, 9, AccreditationProblem.EndBeforeStart)]
    [InlineData("A-1", AccreditationScope.Both, 0, 0, AccreditationProblem.None)]
    [InlineData("A-1", AccreditationScope.Both, 0, 1827, AccreditationProblem.TooLong)]
    public void A_new_accreditation_is_checked(string? number, AccreditationScope scope, int fromDays, int untilDays, AccreditationProblem expected) =>
        Assert.Equal(expected, AccreditationRules.CheckNew(number, scope, From.AddDays(fromDays), From.AddDays(untilDays)));

    [Fact]
    public void A_number_longer_than_fifty_characters_is_refused() =>
        Assert.Equal(AccreditationProblem.NumberTooLong, AccreditationRules.CheckNew(new string('A', 51), AccreditationScope.Evaluation, From, From.AddYears(2)));

    [Theory]
    [InlineData(AccreditationStatus.Active, AccreditationAction.Suspend, "監査で重大な指摘", AccreditationStatus.Suspended, AccreditationProblem.None)]
    [InlineData(AccreditationStatus.Active, AccreditationAction.Suspend, "", AccreditationStatus.Active, AccreditationProblem.ReasonRequired)]
    [InlineData(AccreditationStatus.Suspended, AccreditationAction.Reinstate, null, AccreditationStatus.Active, AccreditationProblem.None)]
    [InlineData(AccreditationStatus.Active, AccreditationAction.Withdraw, "事業の廃止", AccreditationStatus.Withdrawn, AccreditationProblem.None)]
    [InlineData(AccreditationStatus.Suspended, AccreditationAction.Withdraw, "是正されない", AccreditationStatus.Withdrawn, AccreditationProblem.None)]
    [InlineData(AccreditationStatus.Suspended, AccreditationAction.Withdraw, null, AccreditationStatus.Suspended, AccreditationProblem.ReasonRequired)]
    [InlineData(AccreditationStatus.Active, AccreditationAction.Reinstate, null, AccreditationStatus.Active, AccreditationProblem.NotPossibleNow)]
    [InlineData(AccreditationStatus.Suspended, AccreditationAction.Suspend, "x", AccreditationStatus.Suspended, AccreditationProblem.NotPossibleNow)]
    [InlineData(AccreditationStatus.Withdrawn, AccreditationAction.Reinstate, null, AccreditationStatus.Withdrawn, AccreditationProblem.NotPossibleNow)]
    [InlineData(AccreditationStatus.Withdrawn, AccreditationAction.Suspend, "x", AccreditationStatus.Withdrawn, AccreditationProblem.NotPossibleNow)]
    [InlineData(AccreditationStatus.Withdrawn, AccreditationAction.Withdraw, "x", AccreditationStatus.Withdrawn, AccreditationProblem.NotPossibleNow)]
    public void Suspension_reinstatement_and_withdrawal(AccreditationStatus from, AccreditationAction action, string? reason, AccreditationStatus to, AccreditationProblem problem) =>
        Assert.Equal((to, problem), AccreditationRules.Apply(from, action, reason));

    [Fact]
    public void Surveillance_is_due_yearly_within_the_validity()
    {
        Assert.Equal([new DateOnly(2027, 4, 1)], AccreditationRules.SurveillanceDue(From, AccreditationRules.DefaultValidUntil(From)));
        Assert.Equal([new DateOnly(2027, 4, 1), new DateOnly(2028, 4, 1)], AccreditationRules.SurveillanceDue(From, new DateOnly(2029, 3, 31)));
        Assert.Empty(AccreditationRules.SurveillanceDue(From, new DateOnly(2027, 3, 31)));
    }

    [Fact]
    public void The_next_surveillance_is_the_first_not_yet_held()
    {
        var until = new DateOnly(2029, 3, 31);
        Assert.Equal(new DateOnly(2027, 4, 1), AccreditationRules.NextSurveillanceDue(From, until, 0));
        Assert.Equal(new DateOnly(2028, 4, 1), AccreditationRules.NextSurveillanceDue(From, until, 1));
        Assert.Null(AccreditationRules.NextSurveillanceDue(From, until, 2));
        Assert.Null(AccreditationRules.NextSurveillanceDue(From, new DateOnly(2027, 3, 31), 0));
    }
}
