namespace Hoshi.Domain.Tests;

public sealed class JapanTimeTests
{
    [Fact]
    public void A_day_in_Japan_starts_at_15_00_UTC_the_day_before()
    {
        Assert.Equal(new DateOnly(2026, 11, 23), JapanTime.DateOf(new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 22), JapanTime.DateOf(new DateTimeOffset(2026, 11, 22, 14, 59, 59, TimeSpan.Zero)));
    }
}
