using Hoshi.Domain.Experts;

namespace Hoshi.Domain.Tests.Experts;

public sealed class ExpertTrainingTests
{
    private static readonly DateOnly Completed = new(2024, 4, 1);

    [Fact]
    public void Training_is_valid_for_three_years_by_default()
    {
        var status = ExpertTraining.StatusOn(Completed, new DateOnly(2026, 11, 23));
        Assert.Equal(TrainingState.Valid, status.State);
        Assert.Equal(new DateOnly(2027, 3, 31), status.ValidUntil);
        Assert.True(status.MayBeAskedToReview);
    }

    [Fact]
    public void The_last_valid_day_is_the_day_before_the_anniversary()
    {
        Assert.Equal(TrainingState.Valid, ExpertTraining.StatusOn(Completed, new DateOnly(2027, 3, 31)).State);
        var after = ExpertTraining.StatusOn(Completed, new DateOnly(2027, 4, 1));
        Assert.Equal(TrainingState.Expired, after.State);
        Assert.False(after.MayBeAskedToReview);
    }

    [Fact]
    public void The_validity_is_a_setting()
    {
        Assert.Equal(TrainingState.Expired, ExpertTraining.StatusOn(Completed, new DateOnly(2025, 4, 1), validityYears: 1).State);
        Assert.Equal(TrainingState.Valid, ExpertTraining.StatusOn(Completed, new DateOnly(2028, 4, 1), validityYears: 5).State);
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpertTraining.StatusOn(Completed, Completed, validityYears: 0));
    }

    [Fact]
    public void Missing_or_future_training_cannot_review()
    {
        Assert.Equal(TrainingState.Missing, ExpertTraining.StatusOn(null, Completed).State);
        Assert.False(ExpertTraining.StatusOn(null, Completed).MayBeAskedToReview);
        Assert.Equal(TrainingState.Missing, ExpertTraining.StatusOn(Completed.AddDays(1), Completed).State);
    }

    [Fact]
    public void Training_on_a_leap_day_runs_to_the_end_of_february()
    {
        // Counted as Japan counts periods: no 29 February in 2027, so the last day of February.
        var status = ExpertTraining.StatusOn(new DateOnly(2024, 2, 29), new DateOnly(2027, 2, 28));
        Assert.Equal(new DateOnly(2027, 2, 28), status.ValidUntil);
        Assert.Equal(TrainingState.Valid, status.State);
    }

    [Theory]
    [InlineData("012345", "012345")]
    [InlineData("12345", "012345")]
    [InlineData("第012345号", "012345")]
    [InlineData("０１２３４５", "012345")]
    [InlineData(" 第 1 号 ", "000001")]
    public void Registration_numbers_are_normalized(string input, string expected)
    {
        Assert.True(ExpertTraining.TryNormalizeRegistrationNumber(input, out var number));
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1234567")]
    [InlineData("12a45")]
    [InlineData("000000")]
    [InlineData("第号")]
    public void Malformed_registration_numbers_are_refused(string? input) =>
        Assert.False(ExpertTraining.TryNormalizeRegistrationNumber(input, out _));
}
