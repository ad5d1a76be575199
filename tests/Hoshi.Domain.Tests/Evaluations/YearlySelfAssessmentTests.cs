using Hoshi.Domain.Assessments;
using Hoshi.Domain.Evaluations;

namespace Hoshi.Domain.Tests.Evaluations;

public sealed class YearlySelfAssessmentTests
{
    private static readonly DateOnly From = new(2026, 4, 1);
    private static readonly YearlyWindow Window = new();

    [Fact]
    public void A_three_year_entry_has_two_yearly_self_assessments_at_its_anniversaries()
    {
        var until = JapanTime.LastDayOfYears(From, 3);
        Assert.Equal([new DateOnly(2027, 4, 1), new DateOnly(2028, 4, 1)], YearlySelfAssessmentRules.DueDates(From, until));
    }

    [Theory]
    [InlineData("2027-01-30", null, YearlyStatus.NotYetOpen)]
    [InlineData("2027-01-31", null, YearlyStatus.Open)]
    [InlineData("2027-04-01", null, YearlyStatus.Open)]
    [InlineData("2027-05-01", null, YearlyStatus.Open)]
    [InlineData("2027-05-02", null, YearlyStatus.Missed)]
    [InlineData("2027-05-02", YearlyStatus.Submitted, YearlyStatus.Submitted)]
    [InlineData("2027-02-10", YearlyStatus.Acknowledged, YearlyStatus.Acknowledged)]
    [InlineData("2027-06-10", YearlyStatus.ConcernsRaised, YearlyStatus.ConcernsRaised)]
    public void The_window_runs_from_sixty_days_before_to_thirty_days_after(string today, YearlyStatus? recorded, YearlyStatus expected) =>
        Assert.Equal(expected, YearlySelfAssessmentRules.StatusOn(new DateOnly(2027, 4, 1), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), Window, recorded));

    [Fact]
    public void Changes_name_answers_that_went_from_met_to_not_met_and_back()
    {
        var then = new Dictionary<string, string?> { ["a"] = YesNo.Yes, ["b"] = YesNo.No, ["c"] = YesNo.NotApplicable, ["d"] = YesNo.Yes, ["e"] = YesNo.Yes };
        var now = new Dictionary<string, string?> { ["a"] = YesNo.No, ["b"] = YesNo.Yes, ["c"] = YesNo.Yes, ["d"] = YesNo.Yes, ["e"] = null };
        Assert.Equal(
            [new YearlyChange("a", YesNo.Yes, YesNo.No, Worse: true), new YearlyChange("b", YesNo.No, YesNo.Yes, Worse: false), new YearlyChange("e", YesNo.Yes, null, Worse: true)],
            YearlySelfAssessmentRules.Changes(then, now));
    }
}
