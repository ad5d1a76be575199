using Hoshi.Domain.Accounts;

namespace Hoshi.Domain.Tests.Accounts;

public sealed class AddressThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(9));
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static ThrottleWindow? FailTimes(int n, DateTimeOffset at)
    {
        ThrottleWindow? current = null;
        for (var i = 0; i < n; i++)
        {
            current = AddressThrottle.Fail(current, at, Window);
        }

        return current;
    }

    [Fact]
    public void An_address_may_try_until_it_reaches_the_limit()
    {
        Assert.Null(AddressThrottle.Blocked(null, Start, Window, 3));
        Assert.Null(AddressThrottle.Blocked(FailTimes(2, Start), Start, Window, 3));
        Assert.Equal(Window, AddressThrottle.Blocked(FailTimes(3, Start), Start, Window, 3));
    }

    [Fact]
    public void The_wait_is_what_is_left_of_the_window_and_ends_with_it()
    {
        var failed = FailTimes(3, Start);
        Assert.Equal(TimeSpan.FromMinutes(5), AddressThrottle.Blocked(failed, Start.AddMinutes(10), Window, 3));
        Assert.Null(AddressThrottle.Blocked(failed, Start.AddMinutes(15), Window, 3));
        Assert.True(AddressThrottle.Expired(failed!, Start.AddMinutes(15), Window));
        Assert.False(AddressThrottle.Expired(failed!, Start.AddMinutes(14), Window));
    }

    [Fact]
    public void A_failure_after_the_window_starts_a_new_count()
    {
        var renewed = AddressThrottle.Fail(FailTimes(3, Start), Start.AddMinutes(16), Window);
        Assert.Equal(new ThrottleWindow(1, Start.AddMinutes(16)), renewed);
        Assert.Null(AddressThrottle.Blocked(renewed, Start.AddMinutes(16), Window, 3));
    }

    [Fact]
    public void Failures_within_the_window_add_up()
    {
        var current = AddressThrottle.Fail(null, Start, Window);
        current = AddressThrottle.Fail(current, Start.AddMinutes(14), Window);
        Assert.Equal(new ThrottleWindow(2, Start), current);
    }

    [Fact]
    public void A_clock_set_back_does_not_block_forever()
    {
        var failed = FailTimes(3, Start);
        Assert.Null(AddressThrottle.Blocked(failed, Start.AddMinutes(-1), Window, 3));
        Assert.Equal(new ThrottleWindow(1, Start.AddMinutes(-1)), AddressThrottle.Fail(failed, Start.AddMinutes(-1), Window));
    }
}
