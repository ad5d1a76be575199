using Hoshi.Domain.Mail;

namespace Hoshi.Domain.Tests.Mail;

public sealed class MailRetryTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(8, 60)]
    [InlineData(1000, 60)]
    public void DelayAfter_DoublesFromOneMinute_UpToAnHour(int failedAttempts, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), MailRetry.DelayAfter(failedAttempts));

    [Fact]
    public void DelayAfter_RefusesZeroAttempts() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MailRetry.DelayAfter(0));

    [Fact]
    public void NextAttempt_AddsTheDelayToNow()
    {
        var now = new DateTimeOffset(2026, 11, 23, 23, 59, 30, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 1, 30, TimeSpan.Zero), MailRetry.NextAttempt(2, now));
    }
}
