namespace Hoshi.Domain.Tests;

public sealed class JapanTimeTests
{
    [Fact]
    public void A_day_in_Japan_starts_at_15_00_UTC_the_day_before()
    {
        Assert.Equal(new DateOnly(2026, 11, 23), JapanTime.DateOf(new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 22), JapanTime.DateOf(new DateTimeOffset(2026, 11, 22, 14, 59, 59, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("2026-04-01", 1, "2027-03-31")]
    [InlineData("2026-04-01", 3, "2029-03-31")]
    [InlineData("2028-02-29", 1, "2029-02-28")]
    [InlineData("2028-02-29", 4, "2032-02-28")]
    [InlineData("2026-03-01", 2, "2028-02-29")]
    [InlineData("2027-03-01", 1, "2028-02-29")]
    [InlineData("2026-01-01", 1, "2026-12-31")]
    public void A_period_of_years_ends_the_day_before_the_anniversary_or_at_the_end_of_February(string start, int years, string last) =>
        Assert.Equal(DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture),
            JapanTime.LastDayOfYears(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), years));
}
