using Hoshi.Domain.Registry;

namespace Hoshi.Domain.Tests.Registry;

public sealed class RegistryValidityTests
{
    [Theory]
    [InlineData(Level.Star3, "2026-11-23", "2027-11-22")]
    [InlineData(Level.Star4, "2026-11-23", "2029-11-22")]
    [InlineData(Level.Star3, "2028-02-29", "2029-02-28")]
    [InlineData(Level.Star3, "2026-01-01", "2026-12-31")]
    public void An_entry_is_valid_through_the_day_before_its_anniversary(Level level, string from, string until) =>
        Assert.Equal(DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture), RegistryValidity.ValidUntil(level, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Star5_has_no_rule_yet() => Assert.Throws<ArgumentOutOfRangeException>(() => RegistryValidity.Years(Level.Star5));
}
